"""Reading statements: lists and search, one statement with its mentions, and the cross-outlet comparison."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Annotated

import msgspec
from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, Parameter

from schemas import (
    Comparison,
    MentionList,
    OutletList,
    Statement,
    StatementList,
    StatementMention,
    StatementSummary,
)
from service.api.listing import offset_cursor, page, parse_cursor
from service.api.problems import problem_responses
from service.errors import InvalidInput, NotFound
from service.match import normalize
from service.match.clusters import ClusterRecord, mention_order
from service.match.compare import compare_renderings, credited_elsewhere
from service.store.corpus import MENTIONS_PER_OUTLET, Corpus
from service.store.keys import Kind

Limit = Annotated[int, Parameter(ge=1, le=200, description="page size")]


async def record_of(corpus: Corpus, kind: Kind, cluster_id: str) -> ClusterRecord:
    record = await corpus.cluster(kind, cluster_id)
    if record is None:
        raise NotFound(f"no {kind} {cluster_id!r}")
    return record


MENTIONS_SCANNED = 2_000
"""Mentions a statement's or claim's answer looks through for each outlet's first ones: the answer of a
remark repeated thousands of times costs no more than that."""
_CHUNK = 500


async def mentions_by_outlet(
    corpus: Corpus, kind: Kind, record: ClusterRecord
) -> dict[str, list[StatementMention]]:
    """The earliest `MENTIONS_PER_OUTLET` mentions of each outlet by time (`mention_order`), among the first
    `MENTIONS_SCANNED` the record keeps; `/mentions` pages them all. Only the record's own (its earliest 8)
    are in time order: the rest are kept as they were stored, and an article stored late can be an outlet's
    first, so every mention looked through counts, not the first found."""
    grouped: defaultdict[str, list[StatementMention]] = defaultdict(list)
    start = 0
    while start < MENTIONS_SCANNED:
        chunk = await corpus.mentions(kind, record, start, start + _CHUNK)
        for mention in chunk:
            grouped[mention.outlet].append(mention)
        if len(chunk) < _CHUNK:
            break
        start += _CHUNK
    return {
        outlet: sorted(grouped[outlet], key=mention_order)[:MENTIONS_PER_OUTLET]
        for outlet in record.outlets
        if grouped[outlet]
    }


async def attributed_elsewhere(corpus: Corpus, record: ClusterRecord) -> list[StatementSummary]:
    """Stored statements of the record's words credited to another named person (`credited_elsewhere`),
    among its candidates."""
    norm = normalize(record.canonical)
    ids = (await corpus.candidate_ids("statement", [norm]))[0]
    return [
        other.statement()
        for other, view in await corpus.clusters_to_match("statement", ids)
        if other.id != record.id
        and credited_elsewhere(norm, record.speaker, view.canonical_norm, other.speaker)
    ]


async def mention_page(
    corpus: Corpus, kind: Kind, cluster_id: str, limit: int, cursor: str | None
) -> MentionList:
    record = await record_of(corpus, kind, cluster_id)
    offset = parse_cursor(cursor)
    mentions = await corpus.mentions(kind, record, offset, offset + limit + 1)
    return MentionList(
        items=mentions[:limit], next_cursor=offset_cursor(offset + limit) if len(mentions) > limit else None
    )


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
        if not normalize(name):
            raise InvalidInput("the speaker's name has no words to look for")
        records, after = await page(corpus, "statement", speaker=name, limit=limit, cursor=cursor)
        return StatementList(items=[r.statement() for r in records], next_cursor=after)

    @get(
        "/v1/statements/{statement_id:str}",
        summary="A statement with the first mentions of each outlet (all of them: `/mentions`)",
        responses=problem_responses(404, 429),
    )
    async def statement(self, statement_id: FromPath[str], corpus: NamedDependency[Corpus]) -> Statement:
        record = await record_of(corpus, "statement", statement_id)
        return Statement(
            **msgspec.structs.asdict(record.statement()),
            mentions_by_outlet=await mentions_by_outlet(corpus, "statement", record),
        )

    @get(
        "/v1/statements/{statement_id:str}/mentions",
        summary="Every mention of a statement, a page at a time: its earliest 8 by time, then the others "
        "in the order they were stored",
        responses=problem_responses(400, 404, 429),
    )
    async def mentions(
        self,
        statement_id: FromPath[str],
        corpus: NamedDependency[Corpus],
        limit: FromQuery[Limit] = 50,
        cursor: FromQuery[str | None] = None,
    ) -> MentionList:
        return await mention_page(corpus, "statement", statement_id, limit, cursor)

    @get(
        "/v1/statements/{statement_id:str}/compare",
        summary="How each outlet rendered the statement (its earliest renderings per outlet): class, word "
        "diff, speaker and cue",
        responses=problem_responses(404, 429),
    )
    async def compare(self, statement_id: FromPath[str], corpus: NamedDependency[Corpus]) -> Comparison:
        record = await record_of(corpus, "statement", statement_id)
        shown = await mentions_by_outlet(corpus, "statement", record)
        mentions = [m for found in shown.values() for m in found]
        elsewhere = await attributed_elsewhere(corpus, record)
        return compare_renderings(statement_id, record.canonical, record.speaker, mentions, elsewhere)

    @get(
        "/v1/outlets",
        summary="Outlets with their article and statement counts",
        responses=problem_responses(429),
    )
    async def outlets(self, corpus: NamedDependency[Corpus]) -> OutletList:
        return OutletList(items=await corpus.outlets())
