"""The corpus in Redis: articles, the statements and claims their mentions join, and fact-checks.

Every write (an ingest, a deletion, a batch of fact-checks) is one transaction of the same shape:

1. **Read** what the decision needs: candidate clusters from the postings (one `lookup.lua` call per kind
   and partition, all at once; the postings are bucketed indexes, `service.store.buckets`), then their
   records with the *anchor* record of each mention (the id a new cluster of its words takes) in one `MGET`.
2. **Decide** in memory, with the pure policy of `service.match.clusters`: which cluster each mention
   joins, which clusters are new, which fact-checks apply. Nothing has been written.
3. **Write the intent**: one record in the partition of the article (or batch) id holding every change,
   set to expire, then marked pending and kept by one step, only if the article is neither stored nor
   being written by another request.
4. **Apply** the intent partition by partition (`apply.lua`, one call per partition, concurrently). A step
   checks that the records it rewrites are unchanged since they were read and then writes, all or nothing;
   when a record changed (another writer), it is read again, the same mentions are folded into it and the
   step is retried. A step marks itself done, so running it twice writes once.
5. **Finish**: the article record is written (or, for a deletion, removed) and the intent dropped, in one
   step in the article's partition. The article record is the commit marker: an article is readable
   only once all of it is written.

The word index (for searches) is written apart: a step only logs its entries, and `merge_words` adds them to
the index in bulk, every few seconds and before a search; the worker works each merge out, and one step
writes it unless another merge of the partition came first (the index's version changed).

A writer that stops after step 3 (a crash, a Redis outage, a timeout) leaves its intent behind, and any
process finishes it: `repair` runs at start-up and every few seconds, and a request for the same article
finishes it first. Until then the mentions already applied may show in their statements; the article
itself does not exist. Two writers creating a cluster for the same words at once create the same record
(its id derives from the words), which then holds both mentions.
"""

from __future__ import annotations

import asyncio
import base64
import bisect
import hashlib
import itertools
import math
import os
import random
import re
import string
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any, NamedTuple, TypeVar, cast, get_args

import anyio.to_thread
import msgspec
from redis.asyncio.cluster import RedisCluster
from redis.commands.core import AsyncScript
from redis.exceptions import NoScriptError
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
from service import metrics
from service.errors import TooLarge, Unfinished
from service.match import normalize, rank_candidates
from service.match.clusters import (
    ClusterRecord,
    Linking,
    add_mentions,
    anchor_id,
    link,
    mention_order,
    posted_keys,
    rebuild,
    search_words,
    sought_keys,
    unique_id,
)
from service.match.compare import check_verdict, marked_within, mention_of, nested, own_mentions
from service.match.memory import Statement
from service.match.normalize import MAX_CANDIDATES, MAX_POSTING
from service.match.speakers import compare_speakers, speaker_name_words
from service.store.buckets import LOAD, candidates, level, splits
from service.store.client import RedisClient
from service.store.encoding import ARTICLE_LEVEL, compact, decoder, plain
from service.store.keys import PARTITIONS, Keys, Kind, PostingKind, partition_of, posting_field

KINDS: tuple[Kind, ...] = get_args(Kind)
MAX_MENTIONS = 5_000
"""Quotes and claims one article may bring; beyond that it is refused (413) before anything is written."""
MAX_ATTEMPTS = 32
DONE_TTL = 600
"""Seconds a done step is remembered. A writer works on an intent for at most a third of it (`_carry_out`),
so any other writer of the same intent sends its steps while the first one's marks are still there."""
REPAIR_AFTER = 10.0
"""Seconds an intent may stay unfinished before another process finishes it."""
MAX_WORD_IDS = 4096
"""Records a word lists. A word in more records than that is common: it is marked so (`COMMON`) instead, a
search narrows by its other words and checks this one in their wordings, and no write copies its list."""
MERGED_PER_CALL = 256
"""Writes' word-index entries one merge step takes from a partition's log (`merge_words`): a millisecond or
two of a worker's time, and under a millisecond of Redis's (ingesting the 924 PolNeAR articles with a merge
every 300, 0.13–0.16 ms of Redis CPU per article in all)."""
COMMON = b"*"
"""The value of a posting or word field whose key is in too many records to list (see `apply.lua`)."""
MENTIONS_PER_OUTLET = 10
"""Mentions per outlet in a statement's or claim's answer; the rest are paged by their mentions list."""
_INLINE_WORK = 64
"""Articles with more mentions than this are matched, and writes of more records than this worked out, in a
worker thread, off the event loop (deflating a 1,000-sentence article's records took it 0.6 s)."""
_ID_PREFIX: dict[Kind, str] = {"statement": "st_", "claim": "cl_"}

_pack = msgspec.msgpack.Encoder().encode
_K = TypeVar("_K", bound=str)
Counts = tuple[int, int]
"""A bucketed index's bucket count and number of fields, as a script last reported them."""
Directory = Sequence[tuple[float, int]]
"""A chunked list's directory as last read: (lowest score, chunk number) of each chunk, by score."""
CHUNK_MAX = 120
"""Entries a chunk of a chunked list holds before it is split: Redis packs a sorted set of up to 128."""
DIRECTORY_SLICE = 2
"""Chunks a read of a chunked list takes at a time (a chunk holds 60 to 120 entries)."""
SPLITS_AHEAD = 4
"""Splits a write names beyond those its own digests could make due: other writers' since its counts were
reported. Eight writers ingesting 400 PolNeAR articles at once were refused 365 times with 2 (the counts
read again, the step retried), 136 with 4 and 135 with 8: the rest are the index changing level."""
_decode_mention = msgspec.msgpack.Decoder(StatementMention).decode
_decode_factcheck = msgspec.msgpack.Decoder(FactCheck).decode


LOOKUP_DIGESTS = 512
"""Digests one lookup call reads at most on one server, its indexes joined up to that (an index with more is a
call of its own). A call an index cost a check a command and a reply to parse for each of some 7 partitions;
one call for all held Redis 70 ms at once for a lookup of 3,000 quotes of each kind, where calls of up to 512
digests took 4.2 ms at most, as long as the largest index's own: a check's lookup is one call, a large
article's several short ones."""

RECORDS_KEPT = 16384
"""Decoded records a process keeps, by stored value: a candidate read again unchanged is neither decoded nor
prepared for the matcher again. A changed record is another value, so nothing stale is ever used; callers
treat what they get as read-only (`add_mentions` and `rebuild` return new records). About 2 KB each on
news, both caches together (some 35 MB in all). An ingest reads about 140 records, four in five of them
unchanged since an earlier read; with room for only 4096 most of those had been dropped by then (ingesting
the 924 PolNeAR articles decoded 76 records an article with 4096 kept, 28 with 16384)."""

_decode_record = lru_cache(maxsize=RECORDS_KEPT)(decoder(ClusterRecord))


@lru_cache(maxsize=RECORDS_KEPT)
def _match_view(raw: bytes) -> Statement:
    """The matcher's view of a stored record (`ClusterRecord.to_match`), kept like `_decode_record`."""
    return _decode_record(raw).to_match()


_decode_article = decoder(Article)


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
    def url_field(self) -> str | None:
        return url_field(self.outlet, self.url) if self.url else None

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


def url_field(outlet: str, url: str) -> str:
    return f"{outlet.casefold()}\n{url}"


def speaker_slug(name: str) -> str:
    """The name a speaker is listed and looked up under: a person's given name and surname, without
    titles, initials, middle names or suffixes (`Donald J. Trump`, `President Donald Trump` and `Donald
    Trump` are one list; so are `Hillary Rodham Clinton` and `Hillary Clinton`), a surname alone as a
    surname (`O'Donnell` lists what `Rosie O'Donnell` said), else the name as read."""
    words = speaker_name_words(name)
    return f"{words[0]} {words[-1]}" if len(words) > 1 else words[0] if words else normalize(name)


def speaker_slugs(name: str | None) -> list[str]:
    """The names a cluster is listed under for its speaker: the name (`speaker_slug`) and the surname."""
    if not name:
        return []
    words = speaker_name_words(name)
    return [slug for slug in dict.fromkeys([speaker_slug(name), *words[-1:]]) if slug]


_BASE32HEX = "0123456789ABCDEFGHIJKLMNOPQRSTUV"
_SPEAKER_TIME_BITS = 34
_SPEAKER_EPOCH = 1 << 33
"""A speaker list's time is seconds since 1697 (`_SPEAKER_EPOCH` before 1970), to 2242: 34 bits."""
_SPEAKER_BUCKET_BITS = 53 - _SPEAKER_TIME_BITS
"""Above the time, the speaker's bucket, so that a score stays a whole number a double holds exactly."""


@lru_cache(maxsize=1 << 14)
def _speaker_range(slug: str) -> tuple[int, str]:
    """(the lowest score, the member suffix) of a speaker's entries in the lists by speaker: 19 bits of a
    digest of the name pick its range of scores, 20 more its members' suffix, so that another speaker's
    entries in its range (one in half a million per partition) are told apart without reading records."""
    digest = int.from_bytes(hashlib.blake2b(slug.encode(), digest_size=5).digest(), "big")
    suffix = "".join(_BASE32HEX[(digest >> shift) & 31] for shift in (15, 10, 5, 0))
    return (digest >> (40 - _SPEAKER_BUCKET_BITS)) << _SPEAKER_TIME_BITS, suffix


def _speaker_score(low: int, when: float) -> int:
    return low + math.floor(min(max(when + _SPEAKER_EPOCH, 0), (1 << _SPEAKER_TIME_BITS) - 1))


def speaker_entry(slug: str, when: float, cluster_id: str) -> tuple[int, str]:
    """A cluster's (score, member) in its partition's list by speaker (`Keys.by_speaker`), under one of
    its `speaker_slugs`, first appearing at `when` (its list score). One chunked list a partition holds
    every speaker, each in a range of scores with its own member suffix: a list of its own took a key for
    an entry or two (most speakers are quoted once or twice), 3.2 KB more per PolNeAR article on one
    server, 27 keys, each of which a Redis Cluster charges 16 bytes more."""
    low, suffix = _speaker_range(slug)
    return _speaker_score(low, when), list_member(cluster_id) + suffix


def asked_speaker_slugs(name: str) -> list[str]:
    """The names a speaker filter lists: its `speaker_slug`, and for a filter in lower case whose every word
    (initials aside) is a name word once capitalised, that of the name so written (`donald j. trump` lists
    `Donald J. Trump` too, `o'donnell` `O'Donnell`; `democratic lawmakers` stays a description, as only
    `Lawmakers` would read as a name)."""
    asked = [speaker_slug(name)]
    if name.islower():
        written = string.capwords(name)
        named = speaker_name_words(written)
        words = [w.strip(".,") for w in re.split(r"[\s-]+", name.replace("’", "'"))]
        if named and all(w in named for w in words if len(w) > 1):
            asked.append(speaker_slug(written))
    return list(dict.fromkeys(asked))


class _Range(NamedTuple):
    """Where a listing reads in one chunked list: the whole list (a list by time or outlet), or one
    speaker's range of scores and member suffix in a list by speaker (`speaker_entry`)."""

    key: str
    low: int | None = None
    suffix: str = ""

    def score(self, when: float) -> float:
        """A first appearance as this list scores it."""
        return when if self.low is None else _speaker_score(self.low, when)

    def listed(self, when: float, member: str) -> tuple[float, str]:
        """A listing's (score, member) as this list holds it."""
        return self.score(when), member + self.suffix

    def holds(self, member: str) -> bool:
        """Whether a member read in this range is of it (not another speaker's sharing the range)."""
        return member.endswith(self.suffix)

    def entry(self, score: float, member: str) -> tuple[float, str]:
        """A (score, member) read here as a listing has it: first appearance, member without suffix."""
        when = score if self.low is None else float(score - self.low - _SPEAKER_EPOCH)
        return when, member.removesuffix(self.suffix)


class Change(msgspec.Struct, array_like=True):
    """What one transaction does to one statement or claim."""

    kind: Kind
    cluster_id: str
    added: list[tuple[StatementMention, float]] = msgspec.field(default_factory=list)
    removed_article: str | None = None
    """Remove this article's mentions (a deletion)."""
    refs: list[FactCheckRef] = msgspec.field(default_factory=list)


class FactCheckChange(msgspec.Struct, array_like=True):
    """What one transaction does to one fact-check: create it (unless stored) and link it to clusters."""

    factcheck_id: str
    created: FactCheck | None = None
    statements: list[str] = msgspec.field(default_factory=list)
    claims: list[str] = msgspec.field(default_factory=list)


class Intent(msgspec.Struct, kw_only=True):
    """Everything one transaction writes, decided before anything is written; kept until it is finished."""

    id: str
    """The article id (or batch id) it is stored under."""
    token: str
    article: Article | None = None
    """The article to store last (an ingest)."""
    deleted: Article | None = None
    """The article to remove last (a deletion)."""
    changes: list[Change] = msgspec.field(default_factory=list)
    factchecks: list[FactCheckChange] = msgspec.field(default_factory=list)
    postings: list[tuple[PostingKind, str, list[str]]] = msgspec.field(default_factory=list)
    """(kind, record id, index keys) to add to the postings."""
    words: list[tuple[Kind, str, list[str]]] = msgspec.field(default_factory=list)
    """(kind, record id, words) to add to the word index."""
    created_at: float = 0.0


_decode_intent = decoder(Intent)


Fold = tuple[bytes | None, ClusterRecord | None, ClusterRecord, list[StatementMention]]
"""(The value a record was read as, that record, it with the change's mentions folded in, the mentions it no
longer holds itself): what deciding already worked out, reused while the record is unchanged."""
Folded = dict[str, Fold]
"""Record key → its `Fold`."""


class _Step:
    """The operations of one intent in one partition, each naming its key by position in KEYS; `name`
    identifies the step among those done in the partition (`Keys.applied`)."""

    def __init__(self, done: str, name: str) -> None:
        self.name = name
        self.keys = [done]
        self._position = {done: 1}
        self.ops: list[list[Any]] = []
        self.values: list[bytes] = []
        self._scored: dict[str, list[str]] = {}

    def value(self, raw: bytes) -> int:
        """A binary value, sent as an argument of its own: its position in ARGV names it."""
        self.values.append(raw)
        return len(self.values) + 4

    def _range(self, raws: Iterable[bytes]) -> tuple[int, int]:
        """Values sent as arguments of their own, named by the position of the first and their number."""
        first = len(self.values) + 5
        self.values += raws
        return first, len(self.values) + 5 - first

    def key(self, key: str) -> int:
        position = self._position.get(key)
        if position is None:
            self.keys.append(key)
            position = self._position[key] = len(self.keys)
        return position

    def add(self, name: str, key: str, *args: Any) -> None:
        self.ops.append([name, self.key(key), *args])

    def zadd(self, key: str, score: float, member: str) -> None:
        """Add a member to a sorted set. A step's members of one set go in one `ZADD`, placed where the
        first was added; the score travels as its shortest text, which Redis reads back exactly."""
        scored = self._scored.get(key)
        if scored is None:
            scored = self._scored[key] = []
            self.add("ZADD", key, scored)
        scored += (repr(score), member)

    def append(self, index: str, counts: Counts, entries: bytes | bytearray, cap: int) -> None:
        """Append record ids to digests of a bucketed index last seen with these `counts`: `entries` holds,
        for each, the digest's 8 bytes, then the id's, each pair once (see APPEND in `apply.lua`)."""
        digests = [bytes(entries[at : at + 8]) for at in range(0, len(entries), 16)]
        self._index("APPEND", index, counts, digests, (self.value(bytes(entries)), cap))

    def put(self, index: str, counts: Counts, values: Sequence[bytes]) -> None:
        """Set digests of a bucketed index last seen with these `counts`, `values` each digest then its
        value."""
        if values:
            self._index("PUT", index, counts, values[::2], self._range(values))

    def _index(
        self, name: str, index: str, counts: Counts, digests: Sequence[bytes], operands: tuple[int, int]
    ) -> None:
        """An APPEND or PUT, naming the buckets its digests may be in and those of every split the index
        would need were all of them new (and `SPLITS_AHEAD` more), so that it never falls behind its load."""
        n, fields = counts
        at = level(n)
        numbers = {bucket for digest in digests for bucket in candidates(digest, at)}
        numbers.update(splits(n, max(0, -(-(fields + len(digests)) // LOAD) - n) + SPLITS_AHEAD))
        named = [x for bucket in sorted(numbers) for x in (bucket, self.key(Keys.bucket(index, bucket)))]
        count_key, long_key = Keys.buckets_count(index), self.key(Keys.long_values(index))
        self.add(name, count_key, long_key, *operands, at, len(numbers), *named)

    def list_add(self, listed: str, directory: Directory, score: int, member: str) -> None:
        """Add a member to a chunked list (`Keys.chunks`) whose directory was last seen as `directory`."""
        number, new = _covering(directory, score), len(_chunks_known(directory))
        chunk, grown = self.key(Keys.chunk(listed, number)), self.key(Keys.chunk(listed, new))
        self.add("LADD", Keys.chunks(listed), chunk, number, grown, new, CHUNK_MAX, score, member)

    def list_remove(self, listed: str, directory: Directory, score: int, member: str) -> None:
        """Remove a member, listed at `score`, from a chunked list."""
        number = _covering(directory, score)
        self.add("LREM", Keys.chunks(listed), self.key(Keys.chunk(listed, number)), number, score, member)

    def rpush(self, key: str, raws: Iterable[bytes]) -> None:
        self.add("RPUSH", key, *self._range(raws))

    def log(self, key: str, entries: bytes | bytearray) -> None:
        """Log `append` entries in the list `key`, for a later `Corpus.merge_words`."""
        self.rpush(key, [bytes(entries)])

    def hset(self, key: str, fields: Sequence[str | bytes]) -> None:
        """Set fields of a hash, `fields` a field then its value (they may be binary, and a merge sets
        thousands)."""
        if fields:
            self.add("HSET", key, *self._range(map(_bytes, fields)))

    def args(self) -> list[EncodableT]:
        """ARGV of `apply.lua` for this step."""
        ops: list[Any] = []
        for op in self.ops:
            if op[0] == "ZADD":  # its members where its operands go, after their number
                op = [*op[:2], len(op[2]), *op[2]]
            ops += op  # one after another: a list each would cost the script a table
        return [self.name, _now(), DONE_TTL, _pack(ops), *self.values]


def _script(*names: str) -> str:
    """The source of a script made of these files, one after another."""
    parts = []
    for name in names:
        with open(os.path.join(os.path.dirname(__file__), name), encoding="utf-8") as file:
            parts.append(file.read())
    return "\n".join(parts)


APPLY_SCRIPT = _script("buckets.lua", "apply.lua")
"""The step script: every write of the corpus is calls of it."""
LOOKUP_SCRIPT = _script("buckets.lua", "lookup.lua")
"""The script reading a bucketed index."""


def _now() -> int:
    """The time in whole seconds, as the scores of the small sorted sets of marks (`Keys.applied`,
    `Keys.pending_by_time`) have it: Redis keeps such a score in a small set as an integer, but a fractional
    one as text, parsed again at every comparison of every insertion (6% of its instructions ingesting
    PolNeAR)."""
    return int(time.time())


def _list_score(when: float) -> int:
    """A cluster's score in the lists by time, outlet and speaker: its first appearance in whole seconds.
    Redis keeps a small sorted set's whole scores as integers, but a fractional one as text that it parses
    again at every comparison of every insertion: ingest times have microseconds, and through HTTP the lists'
    `ZADD`s took 0.60 ms of Redis CPU per PolNeAR article against 0.28 with whole seconds, and 1 KB more
    memory. First appearances in the same second list in id order."""
    return math.floor(when)


def _bytes(value: str | bytes) -> bytes:
    return value.encode() if isinstance(value, str) else value


def _sha1(raw: bytes | None) -> str:
    return hashlib.sha1(raw).hexdigest() if raw else ""


def _joined(
    calls: Sequence[tuple[list[str], list[EncodableT]]], sizes: Sequence[int], most: int
) -> list[tuple[list[str], list[EncodableT]]]:
    """Consecutive script calls joined into calls of at most `most` of their sizes (a larger one alone)."""
    out: list[tuple[list[str], list[EncodableT]]] = []
    size = 0
    for (keys, args), n in zip(calls, sizes, strict=True):
        if not out or size + n > most:
            out.append(([], []))
            size = 0
        out[-1][0].extend(keys)
        out[-1][1].extend(args)
        size += n
    return out


def _chunks_known(directory: Directory) -> Directory:
    """A directory as last read, with the chunk 0 a list has from its first entry when none was read."""
    return directory or ((-math.inf, 0),)


def _covering(directory: Directory, score: float) -> int:
    """The number of the chunk whose range holds `score` (the lowest chunk's range starts at -inf)."""
    known = _chunks_known(directory)
    return known[bisect.bisect_right([low for low, _ in known], score) - 1][1]


def _id_bytes(record_id: str) -> bytes:
    return bytes.fromhex(record_id[3:])


def list_member(cluster_id: str) -> str:
    """A cluster's member in the lists by time, outlet and speaker: the 8 bytes of its id in base32hex, 13
    characters that sort as the ids do (RFC 4648); the list's name says the kind. Redis keeps a member of
    up to 14 characters in 16 bytes and the id's 19 in 32: 1.6 KB less per PolNeAR article."""
    return base64.b32hexencode(_id_bytes(cluster_id))[:13].decode()


def _cluster_id(kind: Kind, member: bytes | str) -> str:
    """The id of a `list_member` (or the id itself, as lists written before held them)."""
    text, prefix = _str(member), _ID_PREFIX[kind]
    return text if text.startswith(prefix) else prefix + base64.b32hexdecode(text + "===").hex()


class Corpus:
    """Reads and writes of the stored corpus, over one Redis server or a Redis Cluster."""

    def __init__(self, redis: RedisClient, keys: Keys) -> None:
        self.redis = redis
        self.keys = keys
        self._apply = redis.register_script(APPLY_SCRIPT)
        self._lookup = redis.register_script(LOOKUP_SCRIPT)
        self._bucket_counts: dict[str, Counts] = {}
        """Each bucketed index's counts as last seen: a script refuses stale ones, saying the new ones."""
        self._directories: dict[str, Directory] = {}
        """Each chunked list's directory as last read (by list name): a script refuses a stale one."""
        self._entries_after = redis.register_script(_script("entries_after.lua"))
        self._newest_after = redis.register_script(_script("newest_after.lua"))
        self._factchecks_seen = False
        lists = [keys.factchecks(partition) for partition in range(PARTITIONS)]
        # Whether any fact-check is stored: one EXISTS of every partition's list on a server; a cluster
        # pipeline takes one slot's keys a command, so there one EXISTS a partition.
        self._factcheck_lists = [[key] for key in lists] if isinstance(redis, RedisCluster) else [lists]

    # ---- reads

    async def article(self, article_id: str) -> Article | None:
        raw = await self._get(self.keys.article(article_id))
        return _decode_article(raw) if raw else None

    async def article_by_url(self, outlet: str, url: str) -> Article | None:
        field = url_field(outlet, url)
        known = await self.redis.hget(self.keys.article_by_url(field), field)
        return await self.article(_str(known)) if known else None

    async def cluster(self, kind: Kind, cluster_id: str) -> ClusterRecord | None:
        raw = await self._get(self.keys.cluster(kind, cluster_id))
        return _decode_record(raw) if raw else None

    async def clusters(self, kind: Kind, cluster_ids: Sequence[str]) -> list[ClusterRecord]:
        """The records of these ids that exist, in the same order."""
        raws = await self._get_many([self.keys.cluster(kind, cid) for cid in cluster_ids])
        return [_decode_record(raw) for raw in raws if raw]

    async def clusters_to_match(
        self, kind: Kind, cluster_ids: Sequence[str]
    ) -> list[tuple[ClusterRecord, Statement]]:
        """`clusters`, each with its matcher's view (`ClusterRecord.to_match`): kept by stored value like the
        record, so a candidate read again unchanged has its normalised wordings ready."""
        raws = await self._get_many([self.keys.cluster(kind, cid) for cid in cluster_ids])
        return [(_decode_record(raw), _match_view(raw)) for raw in raws if raw]

    async def mentions(
        self, kind: Kind, record: ClusterRecord, start: int = 0, stop: int | None = None
    ) -> list[StatementMention]:
        """A record's mentions `[start, stop)` in the order it keeps them: its earliest (those it holds
        itself) by time, then the others in the order they were stored. Only that slice is read."""
        inline = record.mentions
        head = inline[start:stop]
        first = max(start - len(inline), 0)
        last = -1 if stop is None else stop - len(inline) - 1
        if stop is not None and last < first:
            return head
        more = cast(
            "list[bytes]", await self.redis.lrange(self.keys.more_mentions(kind, record.id), first, last)
        )
        return [*head, *map(_decode_mention, more)]

    async def _get(self, key: str) -> bytes | None:
        return cast("bytes | None", await self.redis.get(key))

    async def _get_many(self, keys: Sequence[str]) -> list[bytes | None]:
        """The values of these string keys, in order: one MGET, or on a cluster one per slot."""
        if not keys:
            return []
        if isinstance(self.redis, RedisCluster):
            return cast("list[bytes | None]", await self.redis.mget_nonatomic(keys))
        return cast("list[bytes | None]", await self.redis.mget(keys))

    async def candidate_ids(self, kind: PostingKind, norms: Sequence[str]) -> list[list[str]]:
        """For each normalised text, the best-ranked record ids of `kind` posted under its `sought_keys`."""
        return (await self.candidates({kind: norms}))[kind]

    async def candidates(
        self, queries: Mapping[PostingKind, Sequence[str]]
    ) -> dict[PostingKind, list[list[str]]]:
        """`candidate_ids` of several kinds at once: one lookup per kind and partition, all at once."""
        asked = {
            kind: [[posting_field(key) for key in sought_keys(kind, norm)] for norm in norms]
            for kind, norms in queries.items()
        }
        fields: dict[tuple[PostingKind, int], dict[bytes, None]] = defaultdict(dict)
        for kind, per_query in asked.items():
            for found in per_query:
                for partition, field in found:
                    fields[kind, partition][field] = None
        sent = [(kind, partition, list(found)) for (kind, partition), found in fields.items()]
        replies = await self._index_values([(self.keys.postings(kind, p), names) for kind, p, names in sent])
        packed = {  # a common key (a stock phrase) finds nothing
            (kind, name): value
            for (kind, _, names), values in zip(sent, replies, strict=True)
            for name, value in zip(names, values, strict=True)
            if value and value != COMMON
        }
        split: dict[bytes, list[bytes]] = {}  # ids of 8 bytes, split once

        def ids(value: bytes) -> list[bytes]:
            if value not in split:
                split[value] = [value[i : i + 8] for i in range(0, len(value), 8)]
            return split[value]

        out: dict[PostingKind, list[list[str]]] = {}
        for kind, per_query in asked.items():
            prefix = "fc_" if kind == "factcheck" else _ID_PREFIX[kind]
            out[kind] = []
            for query in per_query:
                posted = [ids(v) for v in (packed.get((kind, field)) for _, field in query) if v]
                ranked = rank_candidates(posted, MAX_CANDIDATES)
                out[kind].append([prefix + raw.hex() for raw in ranked])
        return out

    async def _index_values(self, asked: Sequence[tuple[str, Sequence[bytes]]]) -> list[list[bytes | None]]:
        """The value of each digest (None when absent) in bucketed indexes, for (index, digests), all at once:
        on a server the indexes joined into calls of up to `LOOKUP_DIGESTS` digests, on a cluster one call an
        index (its keys share a slot); and again for an index whose buckets were named at a level it left."""
        out: list[list[bytes | None]] = [[] for _ in asked]
        todo = [i for i, (_, digests) in enumerate(asked) if digests]
        for _ in range(MAX_ATTEMPTS):
            if not todo:
                return out
            calls = []
            for i in todo:
                index, digests = asked[i]
                at = level(self._buckets(index)[0])
                numbers = sorted({bucket for digest in digests for bucket in candidates(digest, at)})
                names = [Keys.bucket(index, bucket) for bucket in numbers]
                keys = [Keys.buckets_count(index), Keys.long_values(index), *names]
                args: list[EncodableT] = [at, _pack(numbers), b"".join(digests)]
                calls.append((keys, args))
            if not isinstance(self.redis, RedisCluster):
                calls = _joined(calls, [len(asked[i][1]) for i in todo], LOOKUP_DIGESTS)
            replies = [found for reply in await self._scripts(self._lookup, calls) for found in reply]
            stale = []
            for i, reply in zip(todo, replies, strict=True):
                self._bucket_counts[asked[i][0]] = (int(reply[0]), int(reply[1]))
                if len(reply) == 2:
                    stale.append(i)
                else:
                    out[i] = [value or None for value in reply[2:]]
            todo = stale
        raise Unfinished("the index kept growing under concurrent writes; try again shortly")

    async def _any_factchecks(self, known: bool) -> bool:
        """Whether any fact-check is stored, not asked again once `known`."""
        if known:
            return False
        async with self.redis.pipeline(transaction=False) as pipe:
            for lists in self._factcheck_lists:
                pipe.exists(*lists)
            return any(await pipe.execute())

    def _directory(self, listed: str) -> Directory:
        """A chunked list's directory as last read (none, until a script refuses that)."""
        return self._directories.setdefault(listed, ())

    def _buckets(self, index: str) -> Counts:
        """The counts of a bucketed index as last seen (one bucket, no fields, until a script says)."""
        return self._bucket_counts.setdefault(index, (1, 0))

    async def _read_directories(self, lists: Sequence[str]) -> None:
        """Read these chunked lists' directories."""
        async with self.redis.pipeline(transaction=False) as pipe:
            for listed in lists:
                pipe.zrange(Keys.chunks(listed), 0, -1, withscores=True)
            found = await pipe.execute()
        for listed, chunks in zip(lists, found, strict=True):
            self._directories[listed] = tuple((float(low), int(number)) for number, low in chunks)

    async def _refresh(self, stale: Sequence[str]) -> list[str]:
        """Of keys whose check failed, read again the chunked lists' directories and the bucketed indexes'
        counts among them; returns the others (records, read again by the caller)."""
        lists = [Keys.list_of_chunks(key) for key in stale if Keys.list_of_chunks(key) in self._directories]
        indexes = [
            Keys.index_of_count(key) for key in stale if Keys.index_of_count(key) in self._bucket_counts
        ]
        if lists:
            await self._read_directories(lists)
        if indexes:
            async with self.redis.pipeline(transaction=False) as pipe:
                for index in indexes:
                    pipe.hmget(Keys.buckets_count(index), "n", "fields")
                found = await pipe.execute()
            for index, (n, fields) in zip(indexes, found, strict=True):
                self._bucket_counts[index] = (int(n or 1), int(fields or 0))
        known = {*map(Keys.chunks, lists), *map(Keys.buckets_count, indexes)}
        return [key for key in stale if key not in known]

    async def word_ids(self, kind: Kind, words: Sequence[str]) -> list[str] | None:
        """Ids of the records whose wordings hold every one of these words (and maybe a few that no longer
        do), newest first; None when there are no words or every word is common (`MAX_WORD_IDS`), so the
        index narrows nothing.
        The words' partitions merge what was written to them first, so every stored record is found."""
        fields = [posting_field(w) for w in dict.fromkeys(words)]
        if not fields:
            return None
        await self.merge_words(kind, {partition for partition, _ in fields})
        replies = await self._index_values(
            [(self.keys.words(kind, partition), [field]) for partition, field in fields]
        )
        found = [value for [value] in replies if value]
        if len(found) < len(replies):
            return []
        listed = sorted((value for value in found if value != COMMON), key=len)
        if not listed:
            return None
        rarest, *others = listed
        sets = [{v[i : i + 8] for i in range(0, len(v), 8)} for v in others]
        ids = [rarest[i : i + 8] for i in range(len(rarest) - 8, -1, -8)]
        prefix = _ID_PREFIX[kind]
        return [prefix + raw.hex() for raw in ids if all(raw in ids_of for ids_of in sets)]

    async def merge_words(
        self, kind: Kind | None = None, partitions: Iterable[int] = range(PARTITIONS)
    ) -> int:
        """Merge the word-index entries written since the last merge into the word index (of `kind`, or
        both kinds, in these partitions); returns how many writes' entries were merged.

        A write only logs its entries (one `RPUSH`): extending a word's list in place would copy the whole
        list for every record with the word, a cost that grows with the corpus. A merge extends each list
        once for all the entries waiting. The server merges every few seconds, and a search first.

        The worker works a merge out, not Redis: it reads a partition's waiting entries, the index's version
        and the lists they extend, then one step writes the extended lists and drops those entries from
        the log, unless the version changed meanwhile (another merge came first: it is read again).
        Unpacking the entries in a Lua script took 0.44–0.47 ms of Redis CPU per ingested article; worked
        out here, 0.13–0.16 ms, and 0.45–0.8 ms of the worker's: Redis is the one part every worker shares.
        Partitions are merged one after another, so the event loop is never held for more than one batch
        (3.3 ms at most merging 300 PolNeAR articles; 176 ms when every partition was worked out at once)."""
        merged, todo = 0, [(k, p) for k in ((kind,) if kind else KINDS) for p in partitions]
        conflicts = 0
        while todo and conflicts < MAX_ATTEMPTS:
            batches = await self._logged(todo)
            todo, lost = [], False
            # One partition at a time: a batch is a few milliseconds of the worker's time, and requests go
            # in between.
            for batch in batches:
                if await self._merge(batch):
                    merged += len(batch.blobs)
                    if len(batch.blobs) < MERGED_PER_CALL:
                        continue
                else:  # another merge of the partition came first: read it again
                    lost = True
                todo.append((batch.kind, batch.partition))
            if lost:
                conflicts += 1
                await _backoff(conflicts)
        return merged

    async def _logged(self, todo: Sequence[tuple[Kind, int]]) -> list[_WordBatch]:
        """The word entries waiting in each (kind, partition) log, up to `MERGED_PER_CALL` writes' worth, with
        the index's version (one round trip for all)."""
        keys = self.keys
        async with self.redis.pipeline(transaction=False) as pipe:
            for kind, partition in todo:
                pipe.lrange(keys.words_log(kind, partition), 0, MERGED_PER_CALL - 1)
                pipe.get(keys.words_version(kind, partition))
            read = await pipe.execute()
        return [
            _WordBatch(kind, partition, blobs, version)
            for (kind, partition), blobs, version in zip(todo, read[::2], read[1::2], strict=True)
            if blobs
        ]

    async def _merge(self, batch: _WordBatch) -> bool:
        """Extend the word lists by a batch and drop it from the log, unless another merge came first (the
        index's version changed since the batch was read): False then."""
        keys, kind, partition = self.keys, batch.kind, batch.partition
        logged = _logged_words(batch.blobs)
        index = keys.words(kind, partition)
        [listed] = await self._index_values([(index, list(logged))])
        step = _Step(keys.applied(partition), "")  # the version check makes it once only: no mark
        step.add("CAS", keys.words_version(kind, partition), _sha1(batch.version))
        step.put(index, self._buckets(index), _merged_words(logged, listed, MAX_WORD_IDS))
        step.add("LTRIM", keys.words_log(kind, partition), len(batch.blobs))
        step.add("SET", keys.words_version(kind, partition), step.value(os.urandom(8)))
        [failed] = await self._run([step])
        await self._refresh([step.keys[k - 1] for k in failed])
        return not failed

    async def cluster_ids(
        self,
        kind: Kind,
        *,
        speaker: str | None,
        outlet: str | None,
        since: float,
        until: float,
        after: tuple[float, str] | None,
        limit: int,
    ) -> list[tuple[float, str]]:
        """(list score, id) of up to `limit` clusters newest first: by first appearance in whole seconds,
        those of one second by id; after the score and id `after` (a page's last), filtered by speaker,
        outlet and time. Entries sharing a second page like any others, however many there are."""
        keys = self.keys
        slugs = asked_speaker_slugs(speaker) if speaker else []
        if slugs:  # each a range of scores in every partition's list by speaker
            ranges = [
                _Range(keys.by_speaker(kind, p), *_speaker_range(s)) for p in range(PARTITIONS) for s in slugs
            ]
        else:
            ranges = [
                _Range(keys.by_outlet(kind, outlet, p) if outlet else keys.by_time(kind, p))
                for p in range(PARTITIONS)
            ]
        both = bool(slugs and outlet)
        # With a speaker and an outlet, the speaker's list is read to its end and filtered by the outlet's.
        # Otherwise each partition is asked for a share of the page; one that gave all it was asked for
        # and whose last entry is still within the page is asked for more after it (rarely: ids spread
        # evenly over the partitions).
        ask = _UNBOUNDED if both else min(limit, 2 * -(-limit // PARTITIONS) + 2)
        if after is not None and after[0] <= until:
            todo = {i: r.listed(after[0], list_member(after[1])) for i, r in enumerate(ranges)}
        else:
            todo = {i: r.listed(until, "") for i, r in enumerate(ranges)}
        found: list[list[tuple[float, str]]] = [[] for _ in ranges]
        newest: list[tuple[float, str]] = []
        while todo:
            replies = await self._chunked_entries(
                [(ranges[i].key, cursor) for i, cursor in todo.items()],
                [ranges[i].score(since) for i in todo],
                ask,
            )
            for i, entries in zip(todo, replies, strict=True):
                found[i] += entries  # members, sorted as their ids
            # Another speaker's entries in this one's range (a member without its suffix) are passed over;
            # a record listed under two of the names asked for is listed once.
            mine = {r.entry(*e) for r, held in zip(ranges, found, strict=True) for e in held if r.holds(e[1])}
            newest = sorted(mine, key=newest_first)[:limit]
            edge = newest_first(newest[-1]) if len(newest) == limit else None
            todo = {
                i: found[i][-1]
                for i, entries in zip(todo, replies, strict=True)
                if len(entries) == ask
                and (edge is None or newest_first(ranges[i].entry(*found[i][-1])) < edge)
            }
        listed_ids = [(score, _cluster_id(kind, member)) for score, member in newest]
        if both and listed_ids and outlet:  # kept where the record names the outlet
            records = await self.clusters(kind, [cid for _, cid in listed_ids])
            named = {r.id for r in records if outlet.casefold() in {o.casefold() for o in r.outlets}}
            listed_ids = [e for e in listed_ids if e[1] in named]
        return listed_ids

    async def _directory_slices(
        self, lists: Sequence[str], bounds: Sequence[str]
    ) -> list[list[tuple[bytes, float]]]:
        """Of each chunked list, the first `DIRECTORY_SLICE` chunks (number, lowest score) at or below the
        bound, highest first."""
        async with self.redis.pipeline(transaction=False) as pipe:
            for listed, bound in zip(lists, bounds, strict=True):
                pipe.zrevrangebyscore(Keys.chunks(listed), bound, "-inf", 0, DIRECTORY_SLICE, withscores=True)
            return cast("list[list[tuple[bytes, float]]]", await pipe.execute())

    async def _chunked_entries(
        self, asked: Sequence[tuple[str, tuple[float, str]]], floors: Sequence[float], count: int
    ) -> list[list[tuple[float, str]]]:
        """Of each (chunked list, cursor), up to `count` (score, member) newest first after the cursor, down
        to its score in `floors` (`newest_after.lua`): a slice of each directory below the cursor, then its
        chunks (a score's entries are all in one chunk, and a lower chunk's are all below it), then the
        slice again, read anew if a split came between."""
        out: list[list[tuple[float, str]]] = [[] for _ in asked]
        bound = {i: _bound(score) for i, (_, (score, _)) in enumerate(asked)}
        stale = 0
        while bound:
            todo = list(bound)

            first = await self._directory_slices([asked[i][0] for i in todo], [bound[i] for i in todo])
            calls: list[tuple[list[str], list[EncodableT]]] = []
            for i, chunks in zip(todo, first, strict=True):
                listed, (score, member) = asked[i]
                for number, _ in chunks:
                    left: list[EncodableT] = [_bound(score), member, _bound(floors[i]), count - len(out[i])]
                    calls.append(([Keys.chunk(listed, int(number))], left))
            replies = iter(await self._scripts(self._newest_after, calls))
            again = await self._directory_slices([asked[i][0] for i in todo], [bound[i] for i in todo])
            for i, chunks, now in zip(todo, first, again, strict=True):
                got = [next(replies) for _ in chunks]
                if now != chunks:  # a split came between: read this slice again
                    stale += 1
                    continue
                for reply in got:
                    out[i] += _newest_entries(reply)[: count - len(out[i])]
                del bound[i]
                lowest = chunks[-1][1] if chunks else -math.inf
                if len(out[i]) < count and len(chunks) == DIRECTORY_SLICE and lowest > floors[i]:
                    bound[i] = f"({lowest!r}"  # the chunks below this slice
            if stale > MAX_ATTEMPTS:
                raise Unfinished("the lists kept changing under concurrent writes; try again shortly")
        return out

    async def outlets(self) -> list[Outlet]:
        async with self.redis.pipeline(transaction=False) as pipe:
            for partition in range(PARTITIONS):
                pipe.hgetall(self.keys.outlets(partition))
            found = await pipe.execute()
        counts: dict[str, int] = defaultdict(int)
        for partition_counts in found:
            for name, count in partition_counts.items():
                counts[_str(name)] += int(count)
        names = sorted(counts)
        lists = {
            name: [self.keys.by_outlet("statement", name, p) for p in range(PARTITIONS)] for name in names
        }
        await self._read_directories([listed for per_name in lists.values() for listed in per_name])
        chunks = {
            name: [Keys.chunk(listed, number) for listed in per_name for _, number in self._directory(listed)]
            for name, per_name in lists.items()
        }
        async with self.redis.pipeline(transaction=False) as pipe:
            for per_name in chunks.values():
                for chunk in per_name:
                    pipe.zcard(chunk)
            sizes = iter(await pipe.execute())
        return [
            Outlet(name=name, articles=counts[name], statements=sum(next(sizes) for _ in chunks[name]))
            for name in names
        ]

    async def articles_by_ingest(
        self, after: tuple[float, str] | None, limit: int
    ) -> list[tuple[float, str]]:
        """(ingest time, id) of up to `limit` articles after `after`, by ingest time and then id: articles
        ingested at the same moment (a restore may give many one time) page like any others."""
        start: list[EncodableT] = [repr(after[0]), after[1], limit] if after else ["-inf", "", limit]
        calls = [([self.keys.articles_by_ingest(p)], start) for p in range(PARTITIONS)]
        found = await self._scripts(self._entries_after, calls)
        pairs = (zip(part[::2], part[1::2], strict=True) for part in found)  # member, score, member…
        return sorted((float(score), _str(member)) for pair in pairs for member, score in pair)[:limit]

    async def articles(self, article_ids: Sequence[str]) -> list[Article]:
        """The articles of these ids that exist, in the same order."""
        raws = await self._get_many([self.keys.article(i) for i in article_ids])
        return [_decode_article(raw) for raw in raws if raw]

    async def factcheck_ids(self) -> list[str]:
        """Every fact-check id, sorted."""
        async with self.redis.pipeline(transaction=False) as pipe:
            for partition in range(PARTITIONS):
                pipe.zrange(self.keys.factchecks(partition), 0, -1)
            found = await pipe.execute()
        return sorted(_str(member) for part in found for member in part)

    async def factchecks(self, factcheck_ids: Sequence[str]) -> list[FactCheck]:
        """The fact-checks of these ids that exist, in the same order."""
        raws = await self._get_many([self.keys.factcheck(i) for i in factcheck_ids])
        return [_decode_factcheck(raw) for raw in raws if raw]

    async def factcheck(self, factcheck_id: str) -> FactCheck | None:
        raw = await self._get(self.keys.factcheck(factcheck_id))
        return _decode_factcheck(raw) if raw else None

    # ---- writes

    async def ingest(self, draft: ArticleDraft) -> tuple[Article, bool]:
        """Store the article and link its mentions to statements and claims; `(stored, False)` if known."""
        mentions = draft.mentions()
        count = sum(map(len, mentions.values()))
        if count > MAX_MENTIONS:
            raise TooLarge(f"the article has {count:,} quotes and claims; the limit is {MAX_MENTIONS:,}")
        if draft.url and (stored := await self.article_by_url(draft.outlet, draft.url)):
            return stored, False
        for attempt in range(MAX_ATTEMPTS):
            await _backoff(attempt)
            if attempt:
                metrics.count_store_retry("ingest")
            intent, raws, folded = await self._decide(draft, mentions)
            if await self._write_intent(intent, expect_article=None):
                await self._carry_out(intent, raws, folded)
                assert intent.article is not None
                self._count_dedup(intent, raws)
                return intent.article, True
            # Stored already, or being written by another request: that write is finished first.
            stored = await self.known(draft.id, draft.outlet, draft.url)
            if stored is not None:
                return stored, False
        raise Unfinished("the article is being written by another request; retry shortly")

    def _count_dedup(self, intent: Intent, raws: dict[str, bytes | None]) -> None:
        """Of the stored article's mentions, those that joined a stored cluster or one started before them in
        the article, and those that started one."""
        for kind in KINDS:
            joined = new = 0
            for change in intent.changes:
                if change.kind != kind or not change.added:
                    continue
                existed = raws.get(self.keys.cluster(kind, change.cluster_id)) is not None
                new += not existed
                joined += len(change.added) - (not existed)
            metrics.count_dedup(kind, joined=joined, new=new)

    async def known(self, article_id: str, outlet: str, url: str | None) -> Article | None:
        """The stored article with this id, or this outlet and URL, once an unfinished write of it is done."""
        token, stored = await self._get_many([self.keys.pending(article_id), self.keys.article(article_id)])
        if token:
            await self._finish_pending(article_id, token)
            stored = await self._get(self.keys.article(article_id))
        if stored:
            return _decode_article(stored)
        return await self.article_by_url(outlet, url) if url else None

    async def _finish_pending(self, intent_id: str, token: bytes | None = None) -> None:
        """Finish the intent pending under this id, if any (`token`: its mark, if read already)."""
        token = token or await self._get(self.keys.pending(intent_id))
        raw = await self._get(self.keys.intent(intent_id, _str(token))) if token else None
        if raw:
            await self._carry_out(_decode_intent(raw), {})

    async def _decide(
        self, draft: ArticleDraft, mentions: dict[Kind, list[tuple[str, StatementMention, float]]]
    ) -> tuple[Intent, dict[str, bytes | None], Folded]:
        """Read the candidates and decide every mention: the intent, the records it was decided on, and those
        records with the mentions folded in.

        Besides the ranked candidates, each mention's anchor record (the id a new cluster of its words
        would take) is read: it is offered to the matcher when it exists, and known to be absent when
        not. Once any fact-check is stored, fact-checks are looked up for every mention at the same time."""
        norms = {kind: [normalize(m.text) for _, m, _ in mentions[kind]] for kind in KINDS}
        every_norm = [norm for kind in KINDS for norm in norms[kind]]
        queries: dict[PostingKind, Sequence[str]] = {"statement": norms["statement"], "claim": norms["claim"]}
        seen = self._factchecks_seen  # once any fact-check is stored, this process stops asking
        if seen:
            queries["factcheck"] = every_norm
        found, any_stored = await asyncio.gather(self.candidates(queries), self._any_factchecks(seen))
        if any_stored:
            self._factchecks_seen = True
            found.update(await self.candidates({"factcheck": every_norm}))
        ranked = {kind: found[kind] for kind in KINDS}
        anchors = {
            kind: [anchor_id(_ID_PREFIX[kind], kind, norm) if norm else "" for norm in norms[kind]]
            for kind in KINDS
        }
        keys = {
            self.keys.cluster(kind, cid): (kind, cid)
            for kind in KINDS
            for cid in itertools.chain(*ranked[kind], anchors[kind])
            if cid
        }
        raws = dict(zip(keys, await self._get_many(list(keys)), strict=True))
        stored: dict[Kind, dict[str, ClusterRecord]] = {kind: {} for kind in KINDS}
        views: dict[Kind, dict[str, Statement]] = {kind: {} for kind in KINDS}
        for key, raw in raws.items():
            if raw:
                kind, cid = keys[key]
                stored[kind][cid], views[kind][cid] = _decode_record(raw), _match_view(raw)
        for kind in KINDS:
            for top, anchor in zip(ranked[kind], anchors[kind], strict=True):
                if anchor in stored[kind] and anchor not in top:
                    top.append(anchor)

        apart = {"statement": nested(draft.quotes), "claim": {}}

        def decide() -> dict[Kind, Linking]:
            return {
                kind: link(
                    kind,
                    _ID_PREFIX[kind],
                    draft.id,
                    mentions[kind],
                    ranked[kind],
                    stored[kind],
                    apart[kind],
                    views=views[kind],
                )
                for kind in KINDS
            }

        size = sum(map(len, mentions.values()))
        linkings = decide() if size <= _INLINE_WORK else await anyio.to_thread.run_sync(decide)
        changes = [
            Change(kind, cid, added=found) for kind in KINDS for cid, found in linkings[kind].added.items()
        ]
        new = [c for c in changes if c.cluster_id not in stored[c.kind]]
        folded: Folded = {}
        for kind in KINDS:
            for cid, (after, spilled) in linkings[kind].records.items():
                key = self.keys.cluster(kind, cid)
                folded[key] = (raws.get(key), stored[kind].get(cid), after, spilled)
        reviews_of = dict(zip(every_norm, found["factcheck"], strict=True)) if "factcheck" in found else {}
        factchecks = await self._reviews_of_new(new, reviews_of)
        return (
            Intent(
                id=draft.id,
                token=os.urandom(8).hex(),
                article=_article(draft, {kind: linkings[kind].links for kind in KINDS}),
                changes=changes,
                factchecks=factchecks,
                postings=[
                    (kind, cid, index)
                    for kind in KINDS
                    for cid, index in linkings[kind].postings.items()
                    if index
                ],
                words=[
                    (kind, cid, found)
                    for kind in KINDS
                    for cid, found in linkings[kind].words.items()
                    if found
                ],
                created_at=time.time(),
            ),
            raws,
            folded,
        )

    async def _reviews_of_new(
        self, new: Sequence[Change], reviews_of: Mapping[str, Sequence[str]]
    ) -> list[FactCheckChange]:
        """Link the clusters an ingest creates to fact-checks stored before them (clusters that existed then
        were linked when the fact-check was stored); their refs go into `new`. `reviews_of` maps each
        normalised mention to the fact-checks its words find."""
        if not reviews_of:
            return []
        found = [
            sorted({fid for mention, _ in c.added for fid in reviews_of.get(normalize(mention.text), ())})
            for c in new
        ]
        ids = sorted({fid for top in found for fid in top})
        if not ids:
            return []
        reviews = {
            fid: _decode_factcheck(raw)
            for fid, raw in zip(ids, await self._get_many([self.keys.factcheck(i) for i in ids]), strict=True)
            if raw
        }
        linked: dict[str, FactCheckChange] = {}
        for change, top in zip(new, found, strict=True):
            record = add_mentions(None, change.cluster_id, change.added)[0]
            for fid in top:
                review = reviews.get(fid)
                if review is None:
                    continue
                for _, score in reviewed_by(review, [record]):
                    change.refs.append(review_ref(review, score))
                    entry = linked.setdefault(fid, FactCheckChange(fid))
                    (entry.statements if change.kind == "statement" else entry.claims).append(
                        change.cluster_id
                    )
        return list(linked.values())

    async def _write_intent(self, intent: Intent, *, expect_article: bytes | None) -> bool:
        """Store the intent unless another is pending for the same id, or the article is not as expected
        (absent for an ingest, as read for a deletion). False when it was not written.

        The intent's record is set first, to expire unless the step marking it pending keeps it; it is not
        passed to the script, whose Lua would hash every byte of it (some 55 KB for a news article: 5% of
        Redis's work in the step script)."""
        record = self.keys.intent(intent.id, intent.token)
        await self.redis.set(record, plain(intent), ex=DONE_TTL)
        step = _Step(self.keys.applied(partition_of(intent.id)), intent.token + ":intent")
        step.add("CAS", self.keys.pending(intent.id), "")
        step.add("CAS", self.keys.article(intent.id), _sha1(expect_article))
        step.add("KEEP", record)
        step.add("SET", self.keys.pending(intent.id), step.value(intent.token.encode()))
        step.zadd(self.keys.pending_by_time(partition_of(intent.id)), int(intent.created_at), intent.id)
        [failed] = await self._run([step])
        if failed:
            await self.redis.delete(record)  # else it expires
        return not failed

    async def _run(self, steps: Sequence[_Step]) -> list[list[int]]:
        """Run steps (each in its own partition) at once; of each, the positions of the keys whose check
        failed (empty when done)."""
        replies = await self._scripts(self._apply, [(step.keys, step.args()) for step in steps])
        stale = [
            listed
            for step, reply in zip(steps, replies, strict=True)
            if reply[0] == 1 and len(reply) > 1
            for listed in self._learn(step.keys, *reply[1:])
        ]
        if stale:
            await self._read_directories(stale)
        return [[] if reply[0] == 1 else [int(k) for k in reply[1]] for reply in replies]

    def _learn(self, keys: Sequence[str], counts: list[Any], split: list[Any], sizes: list[Any]) -> list[str]:
        """Take in what a done step reported (see `apply.lua`): the counts of the indexes it wrote and the
        chunks it split; returns the lists another writer split since their directory was read."""
        for at in range(0, len(counts), 3):
            index = Keys.index_of_count(keys[int(counts[at]) - 1])
            self._bucket_counts[index] = (int(counts[at + 1]), int(counts[at + 2]))
        for at in range(0, len(split), 3):
            listed = Keys.list_of_chunks(keys[int(split[at]) - 1])
            chunks = {number: low for low, number in _chunks_known(self._directory(listed))}
            chunks[int(split[at + 1])] = float(split[at + 2])
            self._directories[listed] = tuple(sorted((low, number) for number, low in chunks.items()))
        lists = (Keys.list_of_chunks(keys[int(sizes[at]) - 1]) for at in range(0, len(sizes), 2))
        return [
            listed
            for listed, size in zip(lists, sizes[1::2], strict=True)
            if int(size) != len(_chunks_known(self._directory(listed)))
        ]

    async def _scripts(
        self, script: AsyncScript, calls: Sequence[tuple[list[str], list[EncodableT]]]
    ) -> list[Any]:
        """Run a script once per (keys, args), all at once: a cluster as concurrent calls (its pipelines
        take no scripts), a single server in one pipelined round trip."""
        if isinstance(self.redis, RedisCluster):
            return list(await asyncio.gather(*(script(keys=keys, args=args) for keys, args in calls)))
        for _ in range(2):
            async with self.redis.pipeline(transaction=False) as pipe:
                for keys, args in calls:
                    pipe.evalsha(script.sha, len(keys), *keys, *args)
                replies = await pipe.execute(raise_on_error=False)
            errors = [r for r in replies if isinstance(r, Exception)]
            if not any(isinstance(e, NoScriptError) for e in errors):
                break
            await self.redis.script_load(script.script)  # a restarted server; every call is safe to rerun
        if errors:
            raise errors[0]
        return list(replies)

    async def _carry_out(
        self, intent: Intent, raws: dict[str, bytes | None], folded: Folded | None = None
    ) -> None:
        """Apply an intent in every partition it touches, then finish it; safe to run more than once."""
        raws = dict(raws)
        todo = set(range(PARTITIONS))
        deadline = time.monotonic() + DONE_TTL / 3
        for attempt in range(MAX_ATTEMPTS):
            await _backoff(attempt)
            if time.monotonic() > deadline:  # left to the repair task or a later request, which start afresh
                raise Unfinished("the write is taking long; it will be finished shortly")
            steps = await self._steps(intent, raws, folded or {})
            todo &= set(steps)
            partitions = sorted(todo)
            failed = await self._run([steps[p] for p in partitions])
            stale = [steps[p].keys[k - 1] for p, ks in zip(partitions, failed, strict=True) for k in ks]
            todo = {p for p, ks in zip(partitions, failed, strict=True) if ks}
            if not todo:
                break
            metrics.count_store_retry("conflict")
            stale = await self._refresh(stale)
            raws.update(zip(stale, await self._get_many(stale), strict=True))
        else:  # the intent stays, and the repair task finishes it
            raise Unfinished(
                "the records of this write kept changing under concurrent writes; it will be finished shortly"
            )
        await self._run([self._finish(intent)])

    async def _steps(self, intent: Intent, raws: dict[str, bytes | None], folded: Folded) -> dict[int, _Step]:
        """The step of each partition, from the records as last read (those not read yet are read now)."""
        keys = self.keys
        record_keys = [keys.cluster(c.kind, c.cluster_id) for c in intent.changes]
        record_keys += [keys.factcheck(f.factcheck_id) for f in intent.factchecks]
        unread = [k for k in record_keys if k not in raws]
        raws.update(zip(unread, await self._get_many(unread), strict=True))
        more_keys = [
            keys.more_mentions(c.kind, c.cluster_id) for c in intent.changes if c.removed_article is not None
        ]
        more: dict[str, list[StatementMention]] = {}
        if more_keys:  # a deletion re-derives records from all their mentions
            async with self.redis.pipeline(transaction=False) as pipe:
                for key in more_keys:
                    pipe.lrange(key, 0, -1)
                found = await pipe.execute()
            for key, listed in zip(more_keys, found, strict=True):
                more[key] = [_decode_mention(raw) for raw in listed]
        if len(intent.changes) <= _INLINE_WORK:
            return self._work_out(intent, raws, folded, more)
        return await anyio.to_thread.run_sync(self._work_out, intent, raws, folded, more)

    def _work_out(
        self,
        intent: Intent,
        raws: dict[str, bytes | None],
        folded: Folded,
        more: dict[str, list[StatementMention]],
    ) -> dict[int, _Step]:
        """The steps of `_steps`, from records and overflow mentions read: pure but for the cached counts
        and directories it names buckets and chunks by."""
        keys = self.keys
        steps: dict[int, _Step] = {}

        def step(partition: int) -> _Step:
            if partition not in steps:
                steps[partition] = _Step(keys.applied(partition), intent.token)
            return steps[partition]

        for change in intent.changes:
            key = keys.cluster(change.kind, change.cluster_id)
            _change_ops(
                step(partition_of(change.cluster_id)),
                keys,
                change,
                raws[key],
                more,
                folded.get(key),
                self._directory,
            )
        for fc in intent.factchecks:
            key = keys.factcheck(fc.factcheck_id)
            _factcheck_ops(step(partition_of(fc.factcheck_id)), keys, fc, raws[key])
        for (kind, partition), entries in _entries(intent.postings).items():
            index = keys.postings(kind, partition)
            step(partition).append(index, self._buckets(index), entries, MAX_POSTING)
        for (kind, partition), entries in _entries(intent.words).items():
            # Only logged: `merge_words` extends each word's list once for many writes, not once per record.
            step(partition).log(keys.words_log(kind, partition), entries)
        if intent.deleted is not None and intent.deleted.url:
            by_url = url_field(intent.deleted.outlet, intent.deleted.url)
            step(partition_of(by_url)).add("HDELIF", keys.article_by_url(by_url), by_url, intent.deleted.id)
        if intent.article is not None and intent.article.url:
            by_url = url_field(intent.article.outlet, intent.article.url)
            step(partition_of(by_url)).hset(keys.article_by_url(by_url), [by_url, intent.article.id])
        return steps

    def _finish(self, intent: Intent) -> _Step:
        """The last step, in the article's partition: the article stored (or removed), the intent dropped."""
        keys, partition = self.keys, partition_of(intent.id)
        step = _Step(keys.applied(partition), intent.token + ":finish")
        article = intent.article or intent.deleted
        if article is not None:
            when = (article.published_at or article.ingested_at).timestamp()
            if intent.article is not None:
                step.add("SET", keys.article(article.id), step.value(compact(article, ARTICLE_LEVEL)))
                step.zadd(keys.articles_by_time(partition), when, article.id)
                step.zadd(keys.articles_by_ingest(partition), article.ingested_at.timestamp(), article.id)
                step.add("HINCRBY", keys.outlets(partition), article.outlet, 1)
            else:
                step.add("DEL", keys.article(article.id))
                step.add("ZREM", keys.articles_by_time(partition), article.id)
                step.add("ZREM", keys.articles_by_ingest(partition), article.id)
                step.add("HINCRBY", keys.outlets(partition), article.outlet, -1)
        step.add("DEL", keys.pending(intent.id))
        step.add("DEL", keys.intent(intent.id, intent.token))
        step.add("ZREM", keys.pending_by_time(partition), intent.id)
        return step

    async def delete_article(self, article_id: str) -> bool:
        """Remove an article and its mentions; clusters left without mentions go too. False if unknown."""
        for attempt in range(MAX_ATTEMPTS):
            await _backoff(attempt)
            await self._finish_pending(article_id)
            raw = await self._get(self.keys.article(article_id))
            if raw is None:
                return False
            article = _decode_article(raw)
            touched = {("statement", q.statement_id) for q in article.quotes if q.statement_id}
            touched |= {("claim", c.tracked_claim_id) for c in article.claims}
            intent = Intent(
                id=article_id,
                token=os.urandom(8).hex(),
                deleted=article,
                changes=[Change(kind, cid, removed_article=article_id) for kind, cid in sorted(touched)],  # type: ignore[arg-type]
                created_at=time.time(),
            )
            if await self._write_intent(intent, expect_article=raw):
                await self._carry_out(intent, {})
                return True
        raise Unfinished("the article is being written by another request; retry shortly")

    async def add_factchecks(self, reviews: Sequence[FactCheck]) -> list[tuple[FactCheck, bool]]:
        """Store fact-checks, each linked to the statements and claims it matches, all or none;
        `(stored, False)` for those already stored."""
        batch_id = (
            "fb_"
            + hashlib.blake2b("\n".join(sorted(r.id for r in reviews)).encode(), digest_size=8).hexdigest()
        )
        for attempt in range(MAX_ATTEMPTS):
            await _backoff(attempt)
            await self._finish_pending(batch_id)
            raws = await self._get_many([self.keys.factcheck(r.id) for r in reviews])
            known = {r.id: _decode_factcheck(raw) for r, raw in zip(reviews, raws, strict=True) if raw}
            new = [r for r in reviews if r.id not in known]
            intent = Intent(id=batch_id, token=os.urandom(8).hex(), created_at=time.time())
            linked: dict[str, FactCheck] = {}
            for review in new:
                norm = normalize(review.claim_reviewed)
                matched: dict[Kind, list[str]] = {}
                for kind in KINDS:
                    [ids] = await self.candidate_ids(kind, [norm])
                    found = reviewed_by(review, await self.clusters(kind, ids))
                    matched[kind] = [r.id for r, _ in found]
                    for record, score in found:
                        intent.changes.append(Change(kind, record.id, refs=[review_ref(review, score)]))
                linked[review.id] = msgspec.structs.replace(
                    review, statements=matched["statement"], claims=matched["claim"]
                )
                intent.factchecks.append(FactCheckChange(review.id, created=linked[review.id]))
                posted = posted_keys("factcheck", norm)
                intent.postings.append(("factcheck", review.id, list(posted)))
            if not new:
                break
            if await self._write_intent(intent, expect_article=None):
                await self._carry_out(intent, {})
                break
        else:
            raise Unfinished("the fact-checks are being written by another request; retry shortly")
        return [(known[r.id], False) if r.id in known else (linked[r.id], True) for r in reviews]

    async def add_unmatched(self, kind: Kind, mentions: Sequence[StatementMention]) -> list[str]:
        """Store each mention as a cluster of its own, without matching or an article: for filling a corpus
        to measure how the service grows with it. Returns the cluster ids."""
        intent = Intent(id="bulk", token=os.urandom(8).hex())
        for mention in mentions:
            cid = unique_id(_ID_PREFIX[kind], mention.article_id, mention.quote_id or "")
            norm = normalize(mention.text)
            intent.changes.append(Change(kind, cid, added=[(mention, 0.0)]))
            intent.postings.append((kind, cid, list(posted_keys(kind, norm))))
            intent.words.append((kind, cid, search_words(norm)))
        keys = [self.keys.cluster(c.kind, c.cluster_id) for c in intent.changes]
        await self._carry_out(intent, dict.fromkeys(keys))
        return [c.cluster_id for c in intent.changes]

    async def repair(self, older_than: float = REPAIR_AFTER) -> int:
        """Finish the intents left unfinished for `older_than` seconds; returns how many."""
        async with self.redis.pipeline(transaction=False) as pipe:
            for partition in range(PARTITIONS):
                pipe.zrange(
                    self.keys.pending_by_time(partition), time.time() - older_than, 0, byscore=True, desc=True
                )
            found = await pipe.execute()
        ids = [_str(i) for ids in found for i in ids]
        for intent_id in ids:
            await self._finish_pending(intent_id)
        return len(ids)


def _change_ops(
    step: _Step,
    keys: Keys,
    change: Change,
    raw: bytes | None,
    more: dict[str, list[StatementMention]],
    decided: Fold | None,
    directory: Callable[[str], Directory],
) -> None:
    """One cluster's writes: its record (checked unchanged since `raw` was read), overflow and lists;
    `decided` is the fold worked out when deciding, used if made from this `raw`; `directory` gives a
    chunked list's directory as last seen."""
    kind, cid = change.kind, change.cluster_id
    key, more_key = keys.cluster(kind, cid), keys.more_mentions(kind, cid)
    step.add("CAS", key, _sha1(raw))
    after: ClusterRecord | None
    if change.removed_article is not None:
        before = _decode_record(raw) if raw else None
        if before is None:
            return
        remaining = [
            m for m in _in_order(before.mentions, more[more_key]) if m.article_id != change.removed_article
        ]
        after, spilled = rebuild(before, remaining)
        step.add("DEL", more_key)
    elif decided is not None and decided[0] is raw:
        _, before, after, spilled = decided
    else:
        before = _decode_record(raw) if raw else None
        after, spilled = add_mentions(before, cid, change.added)
    if after is not None:
        known = {ref.id for ref in after.factchecks}
        after.factchecks = [*after.factchecks, *(ref for ref in change.refs if ref.id not in known)]
    if spilled:
        step.rpush(more_key, [_pack(m) for m in spilled])
    partition, member = partition_of(cid), list_member(cid)
    old_slugs = speaker_slugs(before.speaker) if before else []
    new_slugs = speaker_slugs(after.speaker) if after else []
    timed, speakers = keys.by_time(kind, partition), keys.by_speaker(kind, partition)
    # An outlet list is that of a name in any case: it keeps the record while an outlet of that name does.
    old_outlets = {outlet.casefold() for outlet in before.outlets} if before else set()
    was = _list_score(before.first_time) if before else None

    def remove(listed: str) -> None:  # from a chunked list, where the record was listed
        if was is not None:
            step.list_remove(listed, directory(listed), was, member)

    first = _list_score(after.first_time) if after else None
    moved = was != first
    if was is not None:
        for slug in old_slugs:
            if moved or slug not in new_slugs:
                step.list_remove(speakers, directory(speakers), *speaker_entry(slug, was, cid))
    if after is None or first is None:
        step.add("DEL", key)
        for listed in (timed, *(keys.by_outlet(kind, outlet, partition) for outlet in sorted(old_outlets))):
            remove(listed)
        return
    step.add("SET", key, step.value(compact(after)))
    # The lists change only where the record's first time, speaker or outlets did.
    if moved:
        remove(timed)
        step.list_add(timed, directory(timed), first, member)
    for slug in new_slugs:
        if moved or slug not in old_slugs:
            step.list_add(speakers, directory(speakers), *speaker_entry(slug, first, cid))
    new_outlets = {outlet.casefold() for outlet in after.outlets}
    for outlet in sorted(old_outlets - new_outlets):
        remove(keys.by_outlet(kind, outlet, partition))
    for outlet in sorted(new_outlets):
        if moved or outlet not in old_outlets:
            listed = keys.by_outlet(kind, outlet, partition)
            if outlet in old_outlets:
                remove(listed)
            step.list_add(listed, directory(listed), first, member)


def _factcheck_ops(step: _Step, keys: Keys, change: FactCheckChange, raw: bytes | None) -> None:
    """A fact-check created unless stored, then linked to more clusters (checked unchanged since read)."""
    key = keys.factcheck(change.factcheck_id)
    current = _decode_factcheck(raw) if raw else change.created
    if current is None:
        return  # linked to a new cluster but deleted since: nothing to link
    step.add("CAS", key, _sha1(raw))
    updated = msgspec.structs.replace(
        current,
        statements=list(dict.fromkeys([*current.statements, *change.statements])),
        claims=list(dict.fromkeys([*current.claims, *change.claims])),
    )
    step.add("SET", key, step.value(_pack(updated)))
    if raw is None:
        step.zadd(keys.factchecks(partition_of(change.factcheck_id)), time.time(), change.factcheck_id)


def _entries(
    indexed: Iterable[tuple[_K, str, list[str]]],
) -> dict[tuple[_K, int], bytearray]:
    """The appends of (kind, record id, index keys) grouped by kind and partition: for each key its field's
    8 bytes, then the record id's (see APPEND in `apply.lua`). One pass, no per-key calls into the steps:
    an article brings several hundred keys."""
    grouped: dict[tuple[_K, int], bytearray] = {}
    for kind, record_id, index in indexed:
        entry_id = _id_bytes(record_id)
        for index_key in index:
            partition, field = posting_field(index_key)
            entries = grouped.get((kind, partition))
            if entries is None:
                entries = grouped[kind, partition] = bytearray()
            entries += field
            entries += entry_id
    return grouped


class _WordBatch(msgspec.Struct, frozen=True):
    """Word-index entries waiting in one log, as read for a merge."""

    kind: Kind
    partition: int
    blobs: list[bytes]
    """The writes' blobs, oldest first."""
    version: bytes | None
    """The index's version when read (`Keys.words_version`)."""


def _logged_words(blobs: Iterable[bytes]) -> dict[bytes, dict[bytes, None]]:
    """The ids logged for each word field, in the order logged, each once (a blob logged twice lists
    nothing twice): blobs of `_entries`, 8 bytes of field then 8 of id."""
    logged: dict[bytes, dict[bytes, None]] = {}
    for blob in blobs:
        for at in range(0, len(blob), 16):
            logged.setdefault(blob[at : at + 8], {})[blob[at + 8 : at + 16]] = None
    return logged


def _merged_words(
    logged: Mapping[bytes, Iterable[bytes]], listed: Sequence[bytes | None], cap: int
) -> list[bytes]:
    """Each word field whose list the logged ids extend, then its new value (`listed`: the current lists, in
    the order of `logged`): the ids it does not hold yet appended, or `COMMON` once it would list more than
    `cap` records. A common field stays common; lists only ever grow."""
    changed: list[bytes] = []
    for (field, ids), had in zip(logged.items(), listed, strict=True):
        if had == COMMON:
            continue
        new = [i for i in ids if not had or i not in had or not _holds(had, i)]  # `in`: a hit is rare
        if new:
            value = (had or b"") + b"".join(new)
            changed += (field, COMMON if len(value) > 8 * cap else value)
    return changed


def _holds(ids: bytes, one: bytes) -> bool:
    """Whether the packed 8-byte `ids` hold `one`: a search in C, then a check that the hit starts an id."""
    at = ids.find(one)
    while at >= 0:
        if at % 8 == 0:
            return True
        at = ids.find(one, at + 1)
    return False


def _in_order(inline: Iterable[StatementMention], more: Iterable[StatementMention]) -> list[StatementMention]:
    return sorted([*inline, *more], key=mention_order)


async def _backoff(attempt: int) -> None:
    """Jittered, growing pause before a retried transaction, so competing writers stop colliding."""
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


def _article(draft: ArticleDraft, links: dict[Kind, dict[str, str]]) -> Article:
    carried = marked_within(draft.quotes)
    statements, claims = links["statement"], links["claim"]
    return Article(
        id=draft.id,
        outlet=draft.outlet,
        text=draft.text,
        quotes=[
            IngestedQuote(**msgspec.structs.asdict(q), statement_id=statements.get(carried.get(q.id, q.id)))
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


_UNBOUNDED = 2**31
"""A count of list entries no partition holds: read them all."""


def _newest_entries(reply: Sequence[bytes]) -> list[tuple[float, str]]:
    """(score, member) of a reply of `newest_after.lua` (member, score, member, …)."""
    return [(float(score), _str(member)) for member, score in zip(reply[::2], reply[1::2], strict=True)]


def _bound(score: float) -> str:
    """A score as Redis reads a range's bound."""
    return "+inf" if score == math.inf else "-inf" if score == -math.inf else repr(score)


def newest_first(entry: tuple[float, str]) -> tuple[float, str]:
    """The lists' order, newest first: by score from high to low, one score's ids from first to last."""
    return -entry[0], entry[1]


def _str(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
