"""Reading statements: lists and search, one statement with its mentions, and the cross-outlet comparison."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Annotated

import msgspec
from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, Parameter

from schemas import Comparison, OutletList, Statement, StatementList, StatementMention
from service.api.listing import page
from service.api.problems import problem_responses
from service.errors import NotFound
from service.match.compare import compare_renderings
from service.store.corpus import COMPARE_CACHE_TTL, Corpus
from service.store.keys import Kind
from service.store.records import ClusterRecord

Limit = Annotated[int, Parameter(ge=1, le=200, description="page size")]
_comparison = msgspec.json.Decoder(tuple[int, Comparison]).decode


async def record_of(corpus: Corpus, kind: Kind, cluster_id: str) -> ClusterRecord:
    record = await corpus.cluster(kind, cluster_id)
    if record is None:
        raise NotFound(f"no {kind} {cluster_id!r}")
    return record


async def mentions_by_outlet(
    corpus: Corpus, kind: Kind, cluster_id: str
) -> dict[str, list[StatementMention]]:
    grouped: defaultdict[str, list[StatementMention]] = defaultdict(list)
    for mention in await corpus.mentions(kind, cluster_id):
        grouped[mention.outlet].append(mention)
    return dict(grouped)


class StatementController(Controller):
    tags = ["statements"]  # noqa: RUF012 - litestar reads it as a class attribute

    @get(
        "/v1/statements",
        summary="Statements, newest first appearance first; `q` searches their wording",
        responses=problem_responses(400, 429),
    )
    async def list_statements(
        self,
        corpus: NamedDependency[Corpus],
        speaker: FromQuery[str | None] = None,
        q: FromQuery[str | None] = None,
        outlet: FromQuery[str | None] = None,
        since: FromQuery[datetime | None] = None,
        until: FromQuery[datetime | None] = None,
        limit: FromQuery[Limit] = 50,
        cursor: FromQuery[str | None] = None,
    ) -> StatementList:
        records, after = await page(
            corpus,
            "statement",
            speaker=speaker,
            q=q,
            outlet=outlet,
            since=since,
            until=until,
            limit=limit,
            cursor=cursor,
        )
        return StatementList(items=[r.statement() for r in records], next_cursor=after)

    @get(
        "/v1/speakers/{name:str}/statements",
        summary="Statements attributed to one speaker (by resolved name)",
        responses=problem_responses(400, 429),
    )
    async def speaker_statements(
        self,
        name: FromPath[str],
        corpus: NamedDependency[Corpus],
        limit: FromQuery[Limit] = 50,
        cursor: FromQuery[str | None] = None,
    ) -> StatementList:
        records, after = await page(corpus, "statement", speaker=name, limit=limit, cursor=cursor)
        return StatementList(items=[r.statement() for r in records], next_cursor=after)

    @get(
        "/v1/statements/{statement_id:str}",
        summary="A statement with its mentions by outlet",
        responses=problem_responses(404, 429),
    )
    async def statement(self, statement_id: FromPath[str], corpus: NamedDependency[Corpus]) -> Statement:
        record = await record_of(corpus, "statement", statement_id)
        return Statement(
            **msgspec.structs.asdict(record.statement()),
            mentions_by_outlet=await mentions_by_outlet(corpus, "statement", statement_id),
        )

    @get(
        "/v1/statements/{statement_id:str}/compare",
        summary="How each outlet rendered the statement: class, word diff, speaker and cue",
        responses=problem_responses(404, 429),
    )
    async def compare(self, statement_id: FromPath[str], corpus: NamedDependency[Corpus]) -> Comparison:
        record = await record_of(corpus, "statement", statement_id)
        key = corpus.keys.compare_cache(statement_id)
        cached = await corpus.redis.get(key)
        try:
            count, comparison = _comparison(cached) if cached is not None else (-1, None)
        except msgspec.ValidationError:  # written by an older version of the comparison
            count, comparison = -1, None
        if comparison is not None and count == record.mention_count:  # else stale (a concurrent ingest)
            return comparison
        mentions = await corpus.mentions("statement", statement_id)
        comparison = compare_renderings(statement_id, record.canonical, record.speaker, mentions)
        await corpus.redis.set(key, msgspec.json.encode((len(mentions), comparison)), ex=COMPARE_CACHE_TTL)
        return comparison

    @get(
        "/v1/outlets",
        summary="Outlets with their article and statement counts",
        responses=problem_responses(429),
    )
    async def outlets(self, corpus: NamedDependency[Corpus]) -> OutletList:
        return OutletList(items=await corpus.outlets())
