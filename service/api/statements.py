"""Reading statements: lists and search, one statement with its mentions, and the cross-outlet comparison."""

from __future__ import annotations

import base64
import binascii
import math
from collections import defaultdict
from datetime import datetime
from typing import Annotated

import msgspec
from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, Parameter

from schemas import Comparison, OutletList, Statement, StatementList
from service.api.problems import problem_responses
from service.errors import InvalidInput, NotFound
from service.match import normalize
from service.match.compare import check_verdict, compare_renderings
from service.store.corpus import COMPARE_CACHE_TTL, Corpus
from service.store.records import StatementRecord

_comparison = msgspec.json.Decoder(tuple[int, Comparison]).decode
Limit = Annotated[int, Parameter(ge=1, le=200, description="page size")]


def _offset(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        return int(base64.urlsafe_b64decode(cursor.encode()).decode().removeprefix("o:"))
    except (ValueError, binascii.Error) as exc:
        raise InvalidInput("`cursor` is not one this service returned") from exc


def _cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode()


async def _search(corpus: Corpus, q: str) -> list[StatementRecord]:
    """Statements whose wording matches `q`, best first."""
    ids = (await corpus.candidate_ids([normalize(q)]))[0]
    scored = []
    for record in await corpus.statements(ids):
        found = check_verdict(q, record.canonical, record.renderings)
        if found is not None:
            scored.append((found[0], record))
    return [record for _, record in sorted(scored, key=lambda pair: -pair[0])]


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
        return await _page(corpus, speaker, q, outlet, since, until, limit, cursor)

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
        return await _page(corpus, name, None, None, None, None, limit, cursor)

    @get(
        "/v1/statements/{statement_id:str}",
        summary="A statement with its mentions by outlet",
        responses=problem_responses(404, 429),
    )
    async def statement(self, statement_id: FromPath[str], corpus: NamedDependency[Corpus]) -> Statement:
        record = await _record(corpus, statement_id)
        by_outlet = defaultdict(list)
        for mention in await corpus.mentions(statement_id):
            by_outlet[mention.outlet].append(mention)
        return Statement(**msgspec.structs.asdict(record.summary()), mentions_by_outlet=dict(by_outlet))

    @get(
        "/v1/statements/{statement_id:str}/compare",
        summary="How each outlet rendered the statement: class, word diff, speaker and cue",
        responses=problem_responses(404, 429),
    )
    async def compare(self, statement_id: FromPath[str], corpus: NamedDependency[Corpus]) -> Comparison:
        record = await _record(corpus, statement_id)
        key = corpus.keys.compare_cache(statement_id)
        cached = await corpus.redis.get(key)
        if cached is not None:
            count, comparison = _comparison(cached)
            if count == record.mention_count:  # a stale entry written during an ingest is ignored
                return comparison
        mentions = await corpus.mentions(statement_id)
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


async def _record(corpus: Corpus, statement_id: str) -> StatementRecord:
    record = await corpus.statement(statement_id)
    if record is None:
        raise NotFound(f"no statement {statement_id!r}")
    return record


async def _page(
    corpus: Corpus,
    speaker: str | None,
    q: str | None,
    outlet: str | None,
    since: datetime | None,
    until: datetime | None,
    limit: int,
    cursor: str | None,
) -> StatementList:
    offset = _offset(cursor)
    low = since.timestamp() if since else -math.inf
    high = until.timestamp() if until else math.inf
    if q:
        records = [
            r
            for r in await _search(corpus, q)
            if low <= r.first_time <= high
            and (not outlet or outlet in r.outlets)
            and (not speaker or (r.speaker and normalize(speaker) == normalize(r.speaker)))
        ][offset : offset + limit + 1]
    else:
        ids = await corpus.statement_ids(
            speaker=speaker, outlet=outlet, since=low, until=high, offset=offset, limit=limit + 1
        )
        records = await corpus.statements(ids)
    more = len(records) > limit
    return StatementList(
        items=[r.summary() for r in records[:limit]], next_cursor=_cursor(offset + limit) if more else None
    )
