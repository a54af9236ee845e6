"""The corpus in Redis: articles, and the statements and claims their mentions are deduplicated into.

An ingest is optimistic: one script call checks the article is new and ranks its mentions' candidates,
the candidate records are read (those the process does not already hold current), the matcher decides
every mention in memory, and one more script call commits, atomically, only if nothing it read has
changed since (else the ingest starts over). Every commit bumps a counter, so the commit script checks
the reads one by one only when another writer committed in between. So a statement is never created
twice for one remark, an article never twice, and a failure before the commit leaves nothing behind.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import itertools
import random
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, cast, get_args

import msgspec
from redis.asyncio import Redis
from redis.commands.core import AsyncScript
from redis.exceptions import NoScriptError, WatchError
from redis.typing import EncodableT

from schemas import (
    Article,
    Claim,
    FactCheck,
    FactCheckRef,
    IngestedClaim,
    IngestedQuote,
    Outlet,
    Quote,
    StatementMention,
)
from service.errors import Conflict
from service.match import MemoryIndex, Statement, index_keys, normalize
from service.match.compare import check_verdict, marked_within, mention_of, nested, own_mentions
from service.match.normalize import MAX_CANDIDATES, MAX_POSTING
from service.match.speakers import compare_speakers
from service.store.client import Channel
from service.store.keys import Keys, Kind
from service.store.records import ClusterRecord, decode_cluster, decode_mention, encode

MAX_ATTEMPTS = 16
MAX_KNOWN_RECORDS = 20_000
"""Cluster records a process keeps to spare re-reading them (about a kilobyte each)."""
COMPARE_CACHE_TTL = 3600
KINDS: tuple[Kind, ...] = get_args(Kind)
_ID_PREFIX = {"statement": "st_", "claim": "cl_"}


def _script(name: str, *, ranks: bool = False) -> str:
    text = (Path(__file__).parent / name).read_text(encoding="utf-8")
    return (Path(__file__).parent / "rank.lua").read_text(encoding="utf-8") + text if ranks else text


_CANDIDATES_SCRIPT = _script("candidates.lua", ranks=True)
_PREPARE_SCRIPT = _script("prepare.lua", ranks=True)
_APPLY_SCRIPT = _script("apply.lua")
_decode_article = msgspec.json.Decoder(Article).decode
_decode_factcheck = msgspec.json.Decoder(FactCheck).decode


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

    def mentions(self) -> dict[Kind, list[tuple[str, StatementMention, float]]]:
        """(local id, mention, score) of each kind; reported speech carried by marked words is left out."""
        statements = [
            (q.id, mention_of(q, article_id=self.id, outlet=self.outlet, url=self.url, time=self.when), 0.0)
            for q in own_mentions(self.quotes)
        ]
        kinds = {q.id: q.kind for q in self.quotes}
        claims = [
            (
                c.id,
                StatementMention(
                    article_id=self.id,
                    outlet=self.outlet,
                    quote_id=c.quote_id,
                    text=c.text,
                    kind=kinds.get(c.quote_id or ""),
                    speaker=c.speaker,
                    speaker_mention=None,
                    cue=None,
                    published_at=self.when,
                    url=self.url,
                    claim_id=c.id,
                ),
                c.score,
            )
            for c in self.claims
        ]
        return {"statement": statements, "claim": claims}


def speaker_slug(name: str) -> str:
    return normalize(name)


class Corpus:
    """Reads and writes of the stored corpus; one per request, sharing the process's client and lock.

    Writers in one process take `write_lock` around each transaction: their reads and commits would only
    interleave into conflicts and retries, while the work under the lock is a few milliseconds. An ingest
    sends its reads and its commit on the lock's channel and hands the lock on once the commit is sent, not
    answered: the next writer's reads follow it on that connection, so Redis runs them after it. Writers
    in other processes are kept consistent by the commit checks (WATCH, for fact-checks).
    """

    def __init__(self, redis: Redis, keys: Keys, write_lock: WriteLock | None = None) -> None:
        self.redis = redis
        self.keys = keys
        self.write_lock = write_lock or WriteLock()
        self._rank = redis.register_script(_CANDIDATES_SCRIPT)
        self._prepare = redis.register_script(_PREPARE_SCRIPT)
        self._apply = redis.register_script(_APPLY_SCRIPT)

    async def article(self, article_id: str) -> Article | None:
        raw = await self.redis.get(self.keys.article(article_id))
        return _decode_article(raw) if raw else None

    async def article_by_url(self, outlet: str, url: str) -> Article | None:
        known = await self.redis.hget(self.keys.article_by_url(), f"{outlet}\n{url}")
        return await self.article(_str(known)) if known else None

    async def cluster(self, kind: Kind, cluster_id: str) -> ClusterRecord | None:
        raw = await self.redis.get(self.keys.cluster(kind, cluster_id))
        return decode_cluster(raw) if raw else None

    async def clusters(self, kind: Kind, cluster_ids: Sequence[str]) -> list[ClusterRecord]:
        """The records of these ids that exist, in the same order."""
        if not cluster_ids:
            return []
        raws = await self.redis.mget([self.keys.cluster(kind, cid) for cid in cluster_ids])
        return [decode_cluster(raw) for raw in raws if raw]

    async def mentions(self, kind: Kind, cluster_id: str) -> list[StatementMention]:
        raws = await self.redis.lrange(self.keys.mentions(kind, cluster_id), 0, -1)
        return [decode_mention(raw) for raw in raws]

    async def candidate_ids(self, kind: Kind, norms: Iterable[str]) -> list[list[str]]:
        """For each normalised text, the best-ranked cluster ids of `kind` sharing its index keys."""
        return await self._top_ids(functools.partial(self.keys.posting, kind), norms)

    async def _top_ids(self, posting: Callable[[str], str], norms: Iterable[str]) -> list[list[str]]:
        """For each normalised text, the best-ranked ids of the posting sets (`posting(index key)`) of its
        index keys, ranked in Redis in one call."""
        per_query = [index_keys(norm) for norm in norms]
        if not any(per_query):
            return [[] for _ in per_query]
        ranked = await self._rank(
            keys=[posting(key) for keys in per_query for key in keys],
            args=[MAX_POSTING, MAX_CANDIDATES, *(len(keys) for keys in per_query)],
        )
        return [[_str(cid) for cid in ids] for ids in ranked]

    async def cluster_ids(
        self,
        kind: Kind,
        *,
        speaker: str | None,
        outlet: str | None,
        since: float,
        until: float,
        offset: int,
        limit: int,
    ) -> list[str]:
        """Cluster ids, newest first appearance first, filtered by speaker, outlet and time."""
        keys = self.keys
        if speaker:
            base = keys.by_speaker(kind, speaker_slug(speaker))
        else:
            base = keys.by_outlet(kind, outlet) if outlet else keys.by_time(kind)
        if not (speaker and outlet):
            found = await self.redis.zrange(
                base, until, since, byscore=True, desc=True, offset=offset, num=limit
            )
            return _strs(found)
        members = _strs(await self.redis.zrange(base, until, since, byscore=True, desc=True))
        scores = await self.redis.zmscore(keys.by_outlet(kind, outlet), members) if members else []
        kept = [cid for cid, score in zip(members, scores, strict=True) if score is not None]
        return kept[offset : offset + limit]

    async def outlets(self) -> list[Outlet]:
        counts = await self.redis.hgetall(self.keys.outlets())
        names = sorted(_str(name) for name in counts)
        async with self.redis.pipeline(transaction=False) as pipe:
            for name in names:
                pipe.zcard(self.keys.by_outlet("statement", name))
            sizes = await pipe.execute()
        return [
            Outlet(name=name, articles=int(counts[name.encode()]), statements=int(size))
            for name, size in zip(names, sizes, strict=True)
        ]

    async def ingest(self, draft: ArticleDraft) -> tuple[Article, bool]:
        """Store the article and link its mentions to statements and claims; `(stored, False)` if known."""
        plan = _Plan.of(draft, self.keys)
        lock = self.write_lock
        for attempt in range(MAX_ATTEMPTS):
            await _backoff(attempt)
            try:
                async with lock:
                    step = await self._attempt(plan, lock.channel(self.redis))
                # The lock is free while the commit is on its way: the next writer's reads are sent after it
                # on the same connection, so Redis runs them after it.
                outcome = await self._outcome(step) if isinstance(step, _Commit) else step
            except NoScriptError:
                await self._load_scripts()  # the server lost its script cache; nothing was written
                continue
            if outcome is not None:
                return outcome
        raise Conflict("the article's statements kept changing under concurrent writes; retry")

    async def _outcome(self, commit: _Commit) -> tuple[Article, bool] | None:
        """The stored article once the commit is answered, or None when what it read had changed."""
        done = await commit.sent
        if done == -1:  # another process committed since the reads: commit again, checking them
            async with self.write_lock:
                channel = self.write_lock.channel(self.redis)
                batch = commit.batch
                sent = await _send_script(
                    channel, self._apply, batch.keys, commit.seen, commit.checks(), *batch.encoded()
                )
                done = await sent
        return (commit.article, True) if done == 1 else None

    async def _load_scripts(self) -> None:
        for script in (self._prepare, self._apply):
            await self.redis.script_load(script.script)

    async def _attempt(self, plan: _Plan, channel: Channel) -> tuple[Article, bool] | _Commit | None:
        """One optimistic ingest, up to sending its commit: the outcome when no commit is needed (the article
        is known, or its reads changed), else the commit on its way."""
        keys, draft, queries = self.keys, plan.draft, plan.queries
        reads = [
            keys.commits(),
            keys.article(draft.id),
            keys.article_by_url(),
            keys.factchecks(),
            *plan.postings,
        ]
        counts = map(len, plan.per_query)
        sent = await _send_script(
            channel, self._prepare, reads, plan.url_field or "", MAX_POSTING, MAX_CANDIDATES, *counts
        )
        reply = await sent
        if reply[0] == 1:
            return _decode_article(reply[1]), False
        if reply[0] == 2:
            stored = await self.article(_str(reply[1]))
            return (stored, False) if stored is not None else None
        # The client does not decode replies: ids and values are bytes.
        _, found, sizes, seen, factcheck_count = reply
        ranked: dict[Kind, list[list[str]]] = {kind: [] for kind in KINDS}
        wanted: dict[str, tuple[Kind, str]] = {}  # each ranked cluster by key, however many queries rank it
        cluster_prefix = {kind: keys.cluster(kind, "") for kind in KINDS}
        for (kind, _), ids in zip(queries, found, strict=True):
            top = [cid.decode() for cid in ids]
            ranked[kind].append(top)
            prefix = cluster_prefix[kind]
            for cid in top:
                wanted[prefix + cid] = (kind, cid)
        lock = self.write_lock
        known = lock.records_at(seen)
        held: dict[str, Held] = {key: known[key] for key in wanted if key in known}
        missing = [key for key in wanted if key not in held]
        if missing:
            values = cast("list[bytes | None]", await (await channel.send("MGET", *missing)))
            held.update((key, _held(raw) if raw else None) for key, raw in zip(missing, values, strict=True))
        records: dict[Kind, dict[str, tuple[ClusterRecord, Statement]]] = {kind: {} for kind in KINDS}
        for key, entry in held.items():
            if entry:
                kind, cid = wanted[key]
                records[kind][cid] = entry[1:]
        writes = _Writes()
        links = {
            kind: writes.link(kind, draft, plan.mentions[kind], ranked[kind], records[kind]) for kind in KINDS
        }
        reviews = await self._review_new(writes, factcheck_count)
        article = _article(draft, links)
        batch = writes.batch(keys, draft, article, plan.url_field)
        for fid, (_, review) in reviews.items():
            batch.add("SET", keys.factcheck(fid), batch.value(encode(review)))

        def checks() -> bytes:
            """What the commit needs unchanged: the article still new, the posting sets and records read."""
            batch.check("NEW", keys.article(draft.id))
            if plan.url_field:
                batch.check("HNEW", keys.article_by_url(), plan.url_field)
            for posting, size in dict(zip(plan.postings, sizes, strict=True)).items():
                batch.check("SIZE", posting, size)
            for key, entry in held.items():
                batch.check("SHA", key, _sha1(entry[0] if entry else None))
            batch.check("SIZE", keys.factchecks(), factcheck_count)
            for fid, (raw, _) in reviews.items():
                batch.check("SHA", keys.factcheck(fid), _sha1(raw))
            return batch.checks()

        def remember(done: Any) -> None:
            """Called as the reply arrives, before the next writer's reads are answered."""
            if done == 1:  # nothing else was committed from the reads to this commit: all it read is current
                lock.remember(_next_count(seen), held.items(), batch.records.items())

        # Checks are sent only when another process committed since the reads (this one holds the lock).
        sent = await _send_script(
            channel, self._apply, batch.keys, seen, "", *batch.encoded(), on_reply=remember
        )
        return _Commit(article, sent, batch, seen, checks)

    async def _review_new(self, writes: _Writes, factcheck_count: int) -> dict[str, tuple[bytes, FactCheck]]:
        """Give the clusters this ingest creates the verdicts of fact-checks posted before them (clusters
        that existed then were linked when the fact-check was posted); returns the fact-checks that gain
        links, as read and as updated."""
        new = [(kind, r) for (kind, cid), r in writes.records.items() if (kind, cid) not in writes.stored]
        if not factcheck_count or not new:
            return {}
        found = await self._top_ids(self.keys.factcheck_posting, [record.canonical_norm for _, record in new])
        ids = sorted({fid for top in found for fid in top})
        raws = (
            cast("list[bytes | None]", await self.redis.mget([self.keys.factcheck(i) for i in ids]))
            if ids
            else []
        )
        read = {fid: (raw, _decode_factcheck(raw)) for fid, raw in zip(ids, raws, strict=True) if raw}
        updated: dict[str, tuple[bytes, FactCheck]] = {}
        for (kind, record), top in zip(new, found, strict=True):
            for fid in top:
                if fid not in read:
                    continue
                raw, review = updated.get(fid) or read[fid]
                for _, score in reviewed_by(review, [record]):
                    record.factchecks.append(review_ref(review, score))
                    if kind == "statement":
                        review = msgspec.structs.replace(review, statements=[*review.statements, record.id])
                    else:
                        review = msgspec.structs.replace(review, claims=[*review.claims, record.id])
                    updated[fid] = (raw, review)
        return updated

    async def factcheck(self, factcheck_id: str) -> FactCheck | None:
        raw = await self.redis.get(self.keys.factcheck(factcheck_id))
        return _decode_factcheck(raw) if raw else None

    async def add_factcheck(self, review: FactCheck) -> tuple[FactCheck, bool]:
        """Store a fact-check, linked to the statements and claims it matches; `(stored, False)` if known."""
        keys, norm = self.keys, normalize(review.claim_reviewed)
        for attempt in range(MAX_ATTEMPTS):
            await _backoff(attempt)
            async with self.write_lock, self.redis.pipeline(transaction=True) as pipe:
                try:
                    # Any commit in between may have created a cluster this review should be linked to.
                    await pipe.watch(keys.factcheck(review.id), keys.commits())
                    existing = await pipe.get(keys.factcheck(review.id))
                    if existing is not None:
                        return _decode_factcheck(existing), False
                    matched: dict[Kind, list[tuple[ClusterRecord, float]]] = {}
                    for kind in KINDS:
                        ids = (await self.candidate_ids(kind, [norm]))[0]
                        if ids:
                            await pipe.watch(*(keys.cluster(kind, cid) for cid in ids))
                        matched[kind] = reviewed_by(review, await self.clusters(kind, ids))
                    factcheck = msgspec.structs.replace(
                        review,
                        statements=[r.id for r, _ in matched["statement"]],
                        claims=[r.id for r, _ in matched["claim"]],
                    )
                    pipe.multi()  # type: ignore[no-untyped-call]
                    pipe.set(keys.factcheck(review.id), encode(factcheck))
                    pipe.sadd(keys.factchecks(), review.id)
                    for key in index_keys(norm):
                        pipe.sadd(keys.factcheck_posting(key), review.id)
                    pipe.incr(keys.commits())
                    for kind, found in matched.items():
                        for record, score in found:
                            record.factchecks.append(review_ref(review, score))
                            pipe.set(keys.cluster(kind, record.id), encode(record))
                            if kind == "statement":
                                pipe.delete(keys.compare_cache(record.id))
                    await pipe.execute()
                    return factcheck, True
                except WatchError:
                    continue
        raise Conflict("the matched statements kept changing under concurrent writes; retry")


async def _send_script(
    channel: Channel,
    script: AsyncScript,
    keys: Sequence[str],
    *args: EncodableT,
    on_reply: Callable[[Any], None] | None = None,
) -> asyncio.Future[Any]:
    """Run a loaded script by its SHA-1 on the channel; its reply comes in the returned future."""
    return await channel.send("EVALSHA", script.sha, len(keys), *keys, *args, on_reply=on_reply)


async def _backoff(attempt: int) -> None:
    """Jittered, growing pause before a retried transaction, so competing workers stop colliding."""
    if attempt:
        await asyncio.sleep(random.uniform(0, 0.002 * 2 ** min(attempt, 8)))


def reviewed_by(review: FactCheck, records: Sequence[ClusterRecord]) -> list[tuple[ClusterRecord, float]]:
    """The records a fact-check's claim matches in wording, unless their speaker is another named person."""
    found, norm = [], normalize(review.claim_reviewed)
    for record in records:
        verdict = check_verdict(norm, record.canonical_norm, record.renderings)
        if verdict is not None and compare_speakers(review.claimant, record.speaker) != "different":
            found.append((record, verdict[0]))
    return found


def review_ref(review: FactCheck, score: float) -> FactCheckRef:
    return FactCheckRef(
        id=review.id,
        rating=review.rating,
        url=review.url,
        author=review.author,
        claim_reviewed=review.claim_reviewed,
        score=round(score, 4),
    )


class _Plan(msgspec.Struct, frozen=True):
    """What an ingest reads, worked out once for all its attempts."""

    draft: ArticleDraft
    url_field: str | None
    mentions: dict[Kind, list[tuple[str, StatementMention, float]]]
    queries: list[tuple[Kind, str]]
    per_query: list[tuple[str, ...]]
    postings: list[str]

    @classmethod
    def of(cls, draft: ArticleDraft, keys: Keys) -> _Plan:
        mentions = draft.mentions()
        queries = [(kind, normalize(m.text)) for kind in KINDS for _, m, _ in mentions[kind]]
        per_query = [index_keys(norm) for _, norm in queries]
        posting = {kind: keys.postings(kind) for kind in KINDS}
        return cls(
            draft=draft,
            url_field=f"{draft.outlet}\n{draft.url}" if draft.url else None,
            mentions=mentions,
            queries=queries,
            per_query=per_query,
            postings=[
                posting[kind] + key for (kind, _), ks in zip(queries, per_query, strict=True) for key in ks
            ],
        )


class _Commit(msgspec.Struct, frozen=True):
    """An ingest's commit, sent and not yet answered, with what it takes to retry it with checks."""

    article: Article
    sent: asyncio.Future[Any]
    batch: _Batch
    seen: bytes
    checks: Callable[[], bytes]


Held = tuple[bytes, ClusterRecord, Statement] | None
"""A cluster record as stored, decoded, and as the matcher sees it (never changed in place: ingests
change copies), or None."""


def _held(raw: bytes) -> tuple[bytes, ClusterRecord, Statement]:
    record = decode_cluster(raw)
    return raw, record, record.to_match()


class WriteLock(asyncio.Lock):
    """The lock a process's corpus writers share, their channel to Redis, and the cluster records its
    ingests last read or wrote.

    Those records are current while the corpus commit count is the one this process's own last commit
    left (no other writer has committed since), so an ingest then reads from Redis only the others.
    """

    def __init__(self, max_records: int = MAX_KNOWN_RECORDS) -> None:
        super().__init__()
        self.max_records = max_records
        self._count: bytes | None = None
        self._records: OrderedDict[str, Held] = OrderedDict()
        self._channel: Channel | None = None

    def channel(self, redis: Redis) -> Channel:
        """The connection the writers send their reads and commits on, in lock order."""
        if self._channel is None:
            self._channel = Channel(redis)
        return self._channel

    async def aclose(self) -> None:
        if self._channel is not None:
            await self._channel.aclose()

    def records_at(self, count: bytes) -> OrderedDict[str, Held]:
        """The records known to be current at commit count `count` (none if others have committed)."""
        if count != self._count:
            self.forget()
        return self._records

    def remember(self, count: bytes, *records: Iterable[tuple[str, Held]]) -> None:
        """These records (None: absent) are current at commit count `count`, with those known before."""
        self._count = count
        known = self._records
        for key, raw in itertools.chain(*records):
            known[key] = raw
            known.move_to_end(key)
        while len(known) > self.max_records:
            known.popitem(last=False)

    def forget(self) -> None:
        self._count = None
        self._records.clear()


def _next_count(count: bytes) -> bytes:
    return str(int(count) + 1).encode()


class _Writes(msgspec.Struct):
    """What one ingest changes, decided before the transaction commits."""

    records: dict[tuple[Kind, str], ClusterRecord] = msgspec.field(default_factory=dict)
    stored: dict[tuple[Kind, str], tuple[str | None, float, bool]] = msgspec.field(default_factory=dict)
    """Of each stored record it changes: speaker and first time before, and whether it had this outlet."""
    mentions: dict[tuple[Kind, str], list[StatementMention]] = msgspec.field(default_factory=dict)
    postings: dict[tuple[Kind, str], list[str]] = msgspec.field(default_factory=dict)

    def link(
        self,
        kind: Kind,
        draft: ArticleDraft,
        mentions: Sequence[tuple[str, StatementMention, float]],
        candidates: Sequence[Sequence[str]],
        held: dict[str, tuple[ClusterRecord, Statement]],
    ) -> dict[str, str]:
        """Decide each mention's cluster with the matcher, over its stored candidates and the clusters this
        article already touched; returns local id → cluster id."""
        index = MemoryIndex()
        stored = {cid: statement for cid, (_, statement) in held.items()}
        records = {cid: record for cid, (record, _) in held.items()}
        # Of each cluster the article touched, the renderings whose index keys are stored or written.
        indexed: dict[str, set[str]] = {}
        linked: dict[str, str] = {}
        apart = nested(draft.quotes) if kind == "statement" else {}
        for (local_id, mention, score), ranked in zip(mentions, candidates, strict=True):
            new_id = (
                _ID_PREFIX[kind]
                + hashlib.blake2b(f"{draft.id}:{local_id}".encode(), digest_size=8).hexdigest()
            )
            outside = [stored[cid] for cid in ranked if cid in stored]
            cid, _ = index.add(
                mention.text,
                mention.speaker,
                new_id,
                outside,
                outlet=draft.outlet,
                time=draft.time,
                apart={linked[q] for q in apart.get(local_id, ()) if q in linked},
            )
            linked[local_id] = cid
            found = index.statements[cid]
            record = self.records.get((kind, cid))
            if record is None and cid in records:  # a copy: the stored one may be held for later ingests
                record = msgspec.structs.replace(records[cid], outlets=list(records[cid].outlets))
                self.stored[(kind, cid)] = (record.speaker, record.first_time, draft.outlet in record.outlets)
            if record is None:
                record = ClusterRecord(
                    id=cid,
                    canonical=found.canonical,
                    speaker=found.speaker,
                    renderings=[],
                    recent_texts=[],
                    first=mention,
                    first_time=draft.time,
                )
            if record.canonical != found.canonical or not record.canonical_norm:
                record.canonical, record.canonical_norm = found.canonical, normalize(found.canonical)
            record.speaker = found.speaker
            record.renderings = list(found.renderings)
            record.wordings = found.wordings
            record.mention_count += 1
            record.score = max(record.score, score)
            if draft.outlet not in record.outlets:
                record.outlets.append(draft.outlet)
            if draft.time < record.first_time:
                record.first, record.first_time = mention, draft.time
            self.records[(kind, cid)] = record
            self.mentions.setdefault((kind, cid), []).append(mention)
            done = indexed.get(cid)
            if done is None:
                done = indexed[cid] = set(records[cid].renderings) if cid in records else set()
            for rendering in found.renderings:
                if rendering in done:
                    continue
                done.add(rendering)
                for key in index_keys(rendering):
                    self.postings.setdefault((kind, key), []).append(cid)
        return linked

    def batch(self, keys: Keys, draft: ArticleDraft, article: Article, url_field: str | None) -> _Batch:
        """Every write of the ingest, to be committed in one script call."""
        batch = _Batch(keys.commits())
        batch.add("SET", keys.article(draft.id), batch.value(encode(article)))
        batch.add("ZADD", keys.articles_by_time(), draft.time, draft.id)
        batch.add("HINCRBY", keys.outlets(), draft.outlet, 1)
        if url_field:
            batch.add("HSET", keys.article_by_url(), url_field, draft.id)
        for (kind, cid), record in self.records.items():
            raw = encode(record)
            batch.records[keys.cluster(kind, cid)] = (raw, record, record.to_match())
            batch.add("SET", keys.cluster(kind, cid), batch.value(raw))
            batch.add(
                "RPUSH",
                keys.mentions(kind, cid),
                *(batch.value(encode(m)) for m in self.mentions[(kind, cid)]),
            )
            # Index entries are written only where they change. A cached comparison needs no deleting: it
            # is stale once the mention count moves on, which its reader checks.
            old, old_time, had_outlet = self.stored.get((kind, cid), (None, None, False))
            if old_time is None:
                batch.add("ZADD", keys.by_time(kind), "NX", record.first_time, cid)
            if not had_outlet:
                batch.add("ZADD", keys.by_outlet(kind, draft.outlet), "NX", record.first_time, cid)
            if old and old != record.speaker:
                batch.add("ZREM", keys.by_speaker(kind, speaker_slug(old)), cid)
            if record.speaker and (
                old_time is None or old != record.speaker or old_time != record.first_time
            ):
                batch.add("ZADD", keys.by_speaker(kind, speaker_slug(record.speaker)), record.first_time, cid)
        posting = {kind: keys.postings(kind) for kind in KINDS}
        batch.add_each(
            "SADD", [posting[kind] + key for kind, key in self.postings], list(self.postings.values())
        )
        return batch


class _Batch:
    """Checks and writes for `apply.lua`: each names its key by position, so every key is in KEYS, and
    refers to large values by their position in ARGV, so they travel as they are, unescaped."""

    def __init__(self, commits: str) -> None:
        self.keys: list[str] = [commits]
        self._positions: dict[str, int] = {commits: 1}
        self._checks: list[list[object]] = []
        self._ops: list[list[object]] = []
        self._values: list[bytes] = []
        self.records: dict[str, Held] = {}
        """The cluster records written, by key."""

    def _position(self, key: str) -> int:
        position = self._positions.get(key)
        if position is None:
            self.keys.append(key)
            position = self._positions[key] = len(self.keys)
        return position

    def value(self, raw: bytes) -> list[int]:
        """A reference to `raw`, sent after the check and write lists (ARGV[4] onwards)."""
        self._values.append(raw)
        return [len(self._values) + 3]

    def check(self, op: str, key: str, *args: object) -> None:
        self._checks.append([op, self._position(key), *args])

    def add(self, command: str, key: str, *args: object) -> None:
        self._ops.append([command, self._position(key), *args])

    def add_each(self, command: str, keys: Sequence[str], args: Sequence[Sequence[object]]) -> None:
        """`command` on each key with its arguments, as one compact write; the keys are written by no
        other write of the batch, so they take consecutive positions without being looked up."""
        if keys:
            self._ops.append(["EACH", command, len(self.keys) + 1, args])
            self.keys.extend(keys)

    def checks(self) -> bytes:
        return encode(self._checks)

    def encoded(self) -> list[bytes]:
        """The writes, then the values they refer to."""
        return [encode(self._ops), *self._values]


def _article(draft: ArticleDraft, links: dict[Kind, dict[str, str]]) -> Article:
    carried = marked_within(draft.quotes)
    statements, claims = links["statement"], links["claim"]
    return Article(
        id=draft.id,
        outlet=draft.outlet,
        text=draft.text,
        quotes=[
            IngestedQuote(**msgspec.structs.asdict(q), statement_id=statements[carried.get(q.id, q.id)])
            for q in draft.quotes
        ],
        claims=[
            IngestedClaim(**msgspec.structs.asdict(c), tracked_claim_id=claims[c.id]) for c in draft.claims
        ],
        url=draft.url,
        title=draft.title,
        published_at=draft.published_at,
        ingested_at=draft.ingested_at,
    )


def _sha1(value: bytes | str | None) -> str:
    """What `apply.lua` compares a stored string with: its SHA-1, or "" when there is none."""
    if not value:
        return ""
    return hashlib.sha1(value if isinstance(value, bytes) else value.encode()).hexdigest()


def _str(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def _strs(values: Iterable[Any]) -> list[str]:
    return [_str(v) for v in values]
