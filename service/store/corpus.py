"""The corpus in Redis: articles, their mentions, and the statements the mentions are deduplicated into.

An ingest is one optimistic transaction: it WATCHes the article's keys, the posting sets of its quotes'
index keys and the candidate statements it reads, decides every mention with the in-memory matcher, and
writes everything in one MULTI/EXEC. A concurrent ingest that touches the same keys makes it start over,
so a statement is never created twice for one remark, an article never twice, and a failure before EXEC
leaves nothing behind.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import datetime

import msgspec
from redis.asyncio import Redis
from redis.asyncio.client import Pipeline
from redis.exceptions import WatchError

from schemas import Article, Claim, IngestedQuote, Outlet, Quote, StatementMention
from service.errors import Conflict
from service.match import MemoryIndex, index_keys, normalize, rank_candidates
from service.match.compare import marked_within, mention_of
from service.store.keys import Keys
from service.store.records import (
    MAX_RECENT_TEXTS,
    StatementRecord,
    decode_mention,
    decode_statement,
    encode,
)

MAX_ATTEMPTS = 8
COMPARE_CACHE_TTL = 3600
_decode_article = msgspec.json.Decoder(Article).decode


class ArticleDraft(msgspec.Struct, frozen=True, kw_only=True):
    """An extracted article not yet stored; `id` is derived from its outlet and text."""

    id: str
    outlet: str
    text: str
    quotes: list[Quote]
    claims: list[Claim]
    url: str | None = None
    title: str | None = None
    published_at: datetime | None = None
    ingested_at: datetime

    @property
    def when(self) -> datetime:
        """When the article appeared: its publication time, else when it was ingested."""
        return self.published_at or self.ingested_at

    @property
    def time(self) -> float:
        return self.when.timestamp()


def speaker_slug(name: str) -> str:
    return " ".join(normalize(name).split())


class Corpus:
    """Reads and writes of the stored corpus; one per request, sharing the process's client."""

    def __init__(self, redis: Redis, keys: Keys) -> None:
        self.redis = redis
        self.keys = keys

    async def article(self, article_id: str) -> Article | None:
        raw = await self.redis.get(self.keys.article(article_id))
        return _decode_article(raw) if raw else None

    async def article_by_url(self, outlet: str, url: str) -> Article | None:
        known = await self.redis.hget(self.keys.article_by_url(), f"{outlet}\n{url}")
        return await self.article(_str(known)) if known else None

    async def statement(self, statement_id: str) -> StatementRecord | None:
        raw = await self.redis.get(self.keys.statement(statement_id))
        return decode_statement(raw) if raw else None

    async def statements(self, statement_ids: Sequence[str]) -> list[StatementRecord]:
        """The records of these ids that exist, in the same order."""
        if not statement_ids:
            return []
        raws = await self.redis.mget([self.keys.statement(sid) for sid in statement_ids])
        return [decode_statement(raw) for raw in raws if raw]

    async def mentions(self, statement_id: str) -> list[StatementMention]:
        raws = await self.redis.lrange(self.keys.statement_mentions(statement_id), 0, -1)
        return [decode_mention(raw) for raw in raws]

    async def candidate_ids(self, norms: Iterable[str]) -> list[list[str]]:
        """For each normalised text, the best-ranked statement ids sharing its index keys."""
        per_text = [index_keys(norm) for norm in norms]
        wanted = sorted({key for keys in per_text for key in keys})
        if not wanted:
            return [[] for _ in per_text]
        async with self.redis.pipeline(transaction=False) as pipe:
            for key in wanted:
                pipe.smembers(self.keys.posting(key))
            found = dict(zip(wanted, await pipe.execute(), strict=True))
        return [rank_candidates([_strs(found[key]) for key in keys]) for keys in per_text]

    async def statement_ids(
        self, *, speaker: str | None, outlet: str | None, since: float, until: float, offset: int, limit: int
    ) -> list[str]:
        """Statement ids, newest first appearance first, filtered by speaker and outlet and time."""
        keys = self.keys
        base = keys.speaker_statements(speaker_slug(speaker)) if speaker else None
        base = base or (keys.outlet_statements(outlet) if outlet else keys.statements_by_time())
        if not (speaker and outlet):
            found = await self.redis.zrange(
                base, until, since, byscore=True, desc=True, offset=offset, num=limit
            )
            return [_str(sid) for sid in found]
        members = [_str(sid) for sid in await self.redis.zrange(base, until, since, byscore=True, desc=True)]
        scores = await self.redis.zmscore(keys.outlet_statements(outlet), members) if members else []
        kept = [sid for sid, score in zip(members, scores, strict=True) if score is not None]
        return kept[offset : offset + limit]

    async def outlets(self) -> list[Outlet]:
        counts = await self.redis.hgetall(self.keys.outlets())
        names = sorted(_str(name) for name in counts)
        async with self.redis.pipeline(transaction=False) as pipe:
            for name in names:
                pipe.zcard(self.keys.outlet_statements(name))
            sizes = await pipe.execute()
        return [
            Outlet(name=name, articles=int(counts[name.encode()]), statements=int(size))
            for name, size in zip(names, sizes, strict=True)
        ]

    async def ingest(self, draft: ArticleDraft) -> tuple[Article, bool]:
        """Store the article and link each quote to a statement; `(article, False)` if it was stored."""
        keys = self.keys
        url_field = f"{draft.outlet}\n{draft.url}" if draft.url else None
        norms = [normalize(quote.text) for quote in draft.quotes]
        postings = sorted({keys.posting(key) for norm in norms for key in index_keys(norm)})
        for _ in range(MAX_ATTEMPTS):
            async with self.redis.pipeline(transaction=True) as pipe:
                try:
                    await pipe.watch(keys.article(draft.id), keys.article_by_url(), *postings)
                    existing = await pipe.get(keys.article(draft.id))
                    if existing is None and url_field:
                        known_id = await pipe.hget(keys.article_by_url(), url_field)
                        existing = await pipe.get(keys.article(_str(known_id))) if known_id else None
                    if existing is not None:
                        return _decode_article(existing), False
                    ids = sorted({sid for found in await self.candidate_ids(norms) for sid in found})
                    if ids:
                        await pipe.watch(*(keys.statement(sid) for sid in ids))
                    records = {r.id: r for r in await self.statements(ids)}
                    article, writes = _link(draft, records)
                    pipe.multi()
                    writes.apply(pipe, keys, draft, article, url_field)
                    await pipe.execute()
                    return article, True
                except WatchError:
                    continue
        raise Conflict("the article's statements kept changing under concurrent writes; retry")


class _Writes(msgspec.Struct):
    """What one ingest changes, decided before the transaction starts."""

    statements: dict[str, StatementRecord]
    old_speakers: dict[str, str | None]
    mentions: dict[str, list[StatementMention]]
    postings: dict[str, list[str]]

    def apply(
        self, pipe: Pipeline, keys: Keys, draft: ArticleDraft, article: Article, url_field: str | None
    ) -> None:
        pipe.set(keys.article(draft.id), encode(article))
        pipe.zadd(keys.articles_by_time(), {draft.id: draft.time})
        pipe.hincrby(keys.outlets(), draft.outlet, 1)
        if url_field:
            pipe.hset(keys.article_by_url(), url_field, draft.id)
        for sid, record in self.statements.items():
            pipe.set(keys.statement(sid), encode(record))
            pipe.rpush(keys.statement_mentions(sid), *(encode(m) for m in self.mentions[sid]))
            pipe.zadd(keys.statements_by_time(), {sid: record.first_time}, nx=True)
            pipe.zadd(keys.outlet_statements(draft.outlet), {sid: record.first_time}, nx=True)
            pipe.delete(keys.compare_cache(sid))
            old = self.old_speakers.get(sid)
            if old and old != record.speaker:
                pipe.zrem(keys.speaker_statements(speaker_slug(old)), sid)
            if record.speaker:
                pipe.zadd(keys.speaker_statements(speaker_slug(record.speaker)), {sid: record.first_time})
        for key, sids in self.postings.items():
            pipe.sadd(keys.posting(key), *sids)


def _link(draft: ArticleDraft, records: dict[str, StatementRecord]) -> tuple[Article, _Writes]:
    """Decide each quote's statement with the matcher, over the loaded candidates and this article's own."""
    fresh = iter(range(len(draft.quotes)))

    def new_id() -> str:
        quote = draft.quotes[next(fresh)]
        return "st_" + hashlib.blake2b(f"{draft.id}:{quote.id}".encode(), digest_size=8).hexdigest()

    index = MemoryIndex(new_id=new_id)
    for record in records.values():
        index.load(record.to_match())
    before = {sid: set(r.renderings) for sid, r in records.items()}
    writes = _Writes({}, {sid: r.speaker for sid, r in records.items()}, {}, {})
    carried = marked_within(draft.quotes)
    linked: dict[str, str] = {}
    for quote in draft.quotes:
        if quote.id in carried:
            continue
        mention = mention_of(quote, article_id=draft.id, outlet=draft.outlet, url=draft.url, time=draft.when)
        sid, _ = index.add(quote.text, mention.speaker)
        linked[quote.id] = sid
        stmt = index.statements[sid]
        record = writes.statements.get(sid) or records.get(sid)
        if record is None:
            record = StatementRecord(
                id=sid,
                canonical=stmt.canonical,
                speaker=stmt.speaker,
                renderings=[],
                recent_texts=[],
                first=mention,
                first_time=draft.time,
            )
        record.canonical, record.speaker = stmt.canonical, stmt.speaker
        record.renderings = list(stmt.renderings)
        record.recent_texts = stmt.mentions[-MAX_RECENT_TEXTS:]
        record.mention_count += 1
        if draft.outlet not in record.outlets:
            record.outlets.append(draft.outlet)
        if draft.time < record.first_time:
            record.first, record.first_time = mention, draft.time
        writes.statements[sid] = record
        writes.mentions.setdefault(sid, []).append(mention)
        for rendering in set(stmt.renderings) - before.setdefault(sid, set()):
            before[sid].add(rendering)
            for key in index_keys(rendering):
                writes.postings.setdefault(key, []).append(sid)
    quotes = [
        IngestedQuote(**msgspec.structs.asdict(q), statement_id=linked[carried.get(q.id, q.id)])
        for q in draft.quotes
    ]
    article = Article(
        id=draft.id,
        outlet=draft.outlet,
        text=draft.text,
        quotes=quotes,
        claims=draft.claims,
        url=draft.url,
        title=draft.title,
        published_at=draft.published_at,
        ingested_at=draft.ingested_at,
    )
    return article, writes


def _str(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def _strs(values: Iterable[bytes | str]) -> set[str]:
    return {_str(v) for v in values}
