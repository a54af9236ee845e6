"""Claims tracked across outlets, their schema.org export, and fact-checks linked to them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import msgspec
from litestar import Controller, Response, get, post
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, FromQuery, JSONBody, Parameter

from schemas import ClaimDetail, ClaimList, FactCheck, FactCheckList, FactCheckPage, MentionList
from service.api.listing import after_cursor, page, parse_after
from service.api.problems import problem_responses
from service.api.statements import Limit, mention_page, mentions_by_outlet, record_of
from service.errors import NotFound
from service.schemaorg import claim_to_schema_org, parse_claim_reviews
from service.store.corpus import Corpus

Score = Annotated[float, Parameter(ge=0.0, le=1.0, description="lowest check-worthiness score, in [0, 1]")]


class ClaimController(Controller):
    tags = ["claims"]  # noqa: RUF012 - litestar reads it as a class attribute

    @get(
        "/v1/claims",
        summary="Check-worthy claims, newest first; `q` searches their wording, `min_score` filters",
        responses=problem_responses(400, 429),
    )
    async def list_claims(
        self,
        corpus: NamedDependency[Corpus],
        q: FromQuery[str | None] = None,
        min_score: FromQuery[Score] = 0.0,
        speaker: FromQuery[str | None] = None,
        outlet: FromQuery[str | None] = None,
        since: FromQuery[datetime | None] = None,
        until: FromQuery[datetime | None] = None,
        limit: FromQuery[Limit] = 50,
        cursor: FromQuery[str | None] = None,
    ) -> ClaimList:
        records, after = await page(
            corpus,
            "claim",
            speaker=speaker,
            q=q,
            outlet=outlet,
            since=since,
            until=until,
            min_score=min_score,
            limit=limit,
            cursor=cursor,
        )
        return ClaimList(items=[r.claim() for r in records], next_cursor=after)

    @get(
        "/v1/claims/{claim_id:str}",
        summary="A claim with its mentions by outlet and its fact-checks",
        responses=problem_responses(404, 429),
    )
    async def claim(self, claim_id: FromPath[str], corpus: NamedDependency[Corpus]) -> ClaimDetail:
        record = await record_of(corpus, "claim", claim_id)
        return ClaimDetail(
            **msgspec.structs.asdict(record.claim()),
            mentions_by_outlet=await mentions_by_outlet(corpus, "claim", record),
        )

    @get(
        "/v1/claims/{claim_id:str}/mentions",
        summary="Every mention of a claim, a page at a time: its earliest 8 by time, then the others in "
        "the order they were stored",
        responses=problem_responses(400, 404, 429),
    )
    async def mentions(
        self,
        claim_id: FromPath[str],
        corpus: NamedDependency[Corpus],
        limit: FromQuery[Limit] = 50,
        cursor: FromQuery[str | None] = None,
    ) -> MentionList:
        return await mention_page(corpus, "claim", claim_id, limit, cursor)

    @get(
        "/v1/claims/{claim_id:str}/schema.org",
        summary="The claim as schema.org `Claim` JSON-LD (appearance, firstAppearance, author)",
        media_type="application/ld+json",
        responses=problem_responses(404, 429),
    )
    async def claim_schema_org(
        self, claim_id: FromPath[str], corpus: NamedDependency[Corpus]
    ) -> dict[str, Any]:
        record = await record_of(corpus, "claim", claim_id)
        shown = await mentions_by_outlet(corpus, "claim", record)
        return claim_to_schema_org(record.claim(), [m for found in shown.values() for m in found])

    @post(
        "/v1/factchecks",
        summary="Add schema.org ClaimReviews (an object, a list or an @graph); each is linked to the "
        "statements and claims it matches",
        responses={
            200: ResponseSpec(FactCheckList, description="All already stored: the stored fact-checks"),
            **problem_responses(400, 401, 413, 429),
        },
    )
    async def add_factcheck(
        self, data: JSONBody[dict[str, Any] | list[Any]], corpus: NamedDependency[Corpus]
    ) -> Response[FactCheckList]:
        stored = await corpus.add_factchecks(parse_claim_reviews(data))
        created = any(new for _, new in stored)
        return Response(FactCheckList(items=[f for f, _ in stored]), status_code=201 if created else 200)

    @get(
        "/v1/factchecks",
        summary="Stored fact-checks and what they were linked to, by id",
        responses=problem_responses(400, 429),
    )
    async def list_factchecks(
        self,
        corpus: NamedDependency[Corpus],
        limit: FromQuery[Limit] = 50,
        cursor: FromQuery[str | None] = None,
    ) -> FactCheckPage:
        # Listed by id alone: the cursor's score is always 0.
        after = parse_after(cursor)
        ids = [i for i in await corpus.factcheck_ids() if after is None or i > after[1]][: limit + 1]
        return FactCheckPage(
            items=await corpus.factchecks(ids[:limit]),
            next_cursor=after_cursor(0.0, ids[limit - 1]) if len(ids) > limit else None,
        )

    @get(
        "/v1/factchecks/{factcheck_id:str}",
        summary="A stored fact-check and what it was linked to",
        responses=problem_responses(404, 429),
    )
    async def factcheck(self, factcheck_id: FromPath[str], corpus: NamedDependency[Corpus]) -> FactCheck:
        found = await corpus.factcheck(factcheck_id)
        if found is None:
            raise NotFound(f"no fact-check {factcheck_id!r}")
        return found
