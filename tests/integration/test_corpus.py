from __future__ import annotations

import asyncio
import itertools
import random
from collections.abc import Awaitable
from datetime import UTC, datetime, timedelta

import msgspec
import pytest
from redis.asyncio import Redis
from redis.exceptions import ConnectionError

import service.store.buckets as buckets_module
import service.store.corpus as corpus_module
from schemas import StatementMention
from service.api.listing import page, search
from service.extract import extract
from service.ids import article_id
from service.match import normalize
from service.match.clusters import ClusterRecord
from service.match.normalize import informative
from service.store.corpus import ArticleDraft, Corpus, list_member, speaker_entry, speaker_slugs
from service.store.keys import PARTITIONS, Keys, partition_of, posting_field

pytestmark = pytest.mark.anyio

REMARK = "We will not accept any deal that leaves our farmers behind, not now and not ever"
START = datetime(2025, 3, 1, 12, tzinfo=UTC)


def draft(outlet: str, text: str, hours: int = 0) -> ArticleDraft:
    found = extract(text)
    return ArticleDraft(
        id=article_id(outlet, text),
        outlet=outlet,
        text=text,
        quotes=found.quotes,
        claims=found.claims,
        published_at=START + timedelta(hours=hours),
        ingested_at=START + timedelta(hours=hours),
    )


def story(n: int) -> str:
    return f'Report number {n} from the capital. "{REMARK}," the minister told reporters on Tuesday.'


class Crashing(Corpus):
    """A corpus whose connection dies after `steps` successful steps of a write."""

    def __init__(self, redis: Redis, keys: Keys, steps: int) -> None:
        super().__init__(redis, keys)
        self.steps = steps

    async def _run(self, steps):  # type: ignore[no-untyped-def]
        done = await super()._run(steps[: self.steps])
        if len(steps) > self.steps:
            raise ConnectionError("connection lost")
        self.steps -= len(steps)
        return done


class Stalled(Corpus):
    """A corpus whose first intent's record is gone when the step marking it pending runs, as if it had
    expired while Redis stalled."""

    refused: list[str] | None = None
    """The keys whose check failed in that first step."""

    async def _run(self, steps):  # type: ignore[no-untyped-def]
        lost = self.refused is None and steps[0].name.endswith(":intent")
        if lost:
            await self.redis.delete(*(key for key in steps[0].keys if ":intent:" in key))
        done = await super()._run(steps)
        if lost:
            self.refused = [steps[0].keys[k - 1] for k in done[0]]
        return done


async def statement_of(corpus: Corpus, article_id: str) -> str:
    article = await corpus.article(article_id)
    assert article is not None
    [quote] = [q for q in article.quotes if normalize(q.text) == normalize(REMARK)]
    return quote.statement_id


async def test_concurrent_ingests_of_one_remark_share_one_statement_and_count_every_mention(
    redis: Redis, key_prefix: str
) -> None:
    corpus = Corpus(redis, Keys(key_prefix))
    drafts = [draft(f"Outlet {n}", story(n), hours=n) for n in range(12)]
    results = await asyncio.gather(*(corpus.ingest(d) for d in drafts))
    assert all(created for _, created in results)
    statements = {await statement_of(corpus, d.id) for d in drafts}
    assert len(statements) == 1
    [sid] = statements
    record = await corpus.cluster("statement", sid)
    assert record is not None
    mentions = await corpus.mentions("statement", record)
    assert record.mention_count == len(mentions) == 12
    assert sum(record.outlets.values()) == 12
    assert record.first.outlet == "Outlet 0"
    assert len(record.mentions) < len(mentions)  # the rest are kept beside the record, and still read
    assert mentions[: len(record.mentions)] == record.mentions  # the earliest first, by time
    assert {m.outlet for m in mentions} == {d.outlet for d in drafts}
    for start, stop in [(0, 3), (5, 10), (7, 9), (8, 12), (10, 40)]:  # a slice reads only itself
        assert await corpus.mentions("statement", record, start, stop) == mentions[start:stop]


async def test_a_write_cut_off_midway_is_finished_by_repair_exactly_once(
    redis: Redis, key_prefix: str
) -> None:
    keys = Keys(key_prefix)
    await Corpus(redis, keys).ingest(draft("Earlier", story(0)))
    cut = draft("Later", story(1), hours=1)
    with pytest.raises(ConnectionError):
        await Crashing(redis, keys, steps=3).ingest(cut)
    corpus = Corpus(redis, keys)
    assert await corpus.article(cut.id) is None  # the article is the commit marker: not there yet
    assert await corpus.repair(older_than=0) == 1
    assert await corpus.repair(older_than=0) == 0
    stored = await corpus.article(cut.id)
    assert stored is not None
    sid = await statement_of(corpus, cut.id)
    record = await corpus.cluster("statement", sid)
    assert record is not None
    assert record.mention_count == 2
    assert [m.outlet for m in await corpus.mentions("statement", record)] == ["Earlier", "Later"]
    again, created = await corpus.ingest(cut)
    assert (again.id, created) == (cut.id, False)


async def test_the_marks_of_steps_and_unfinished_writes_are_scored_in_whole_seconds(
    redis: Redis, key_prefix: str
) -> None:
    # Redis keeps a whole score of a small sorted set as an integer; a fractional one it parses again at
    # every comparison of every insertion.
    keys = Keys(key_prefix)
    await Corpus(redis, keys).ingest(draft("Earlier", story(0)))
    with pytest.raises(ConnectionError):
        await Crashing(redis, keys, steps=2).ingest(draft("Later", story(1), hours=1))
    marks = [key for p in range(PARTITIONS) for key in (keys.applied(p), keys.pending_by_time(p))]
    scores = [score for key in marks for _, score in await redis.zrange(key, 0, -1, withscores=True)]
    assert len(scores) > PARTITIONS // 4  # steps of both writes, and the unfinished one
    assert all(score == int(score) for score in scores)


async def test_the_lists_of_statements_and_claims_score_first_appearance_in_whole_seconds(
    redis: Redis, key_prefix: str
) -> None:
    keys = Keys(key_prefix)
    corpus = Corpus(redis, keys)
    ingested = draft("Wire", story(3))
    ingested = msgspec.structs.replace(
        ingested, published_at=None, ingested_at=START + timedelta(seconds=7.25)
    )
    stored, _ = await corpus.ingest(ingested)
    [record] = await corpus.clusters("statement", [await statement_of(corpus, stored.id)])
    assert record.first_time == START.timestamp() + 7.25  # the record keeps the exact time
    partition = partition_of(record.id)
    lists = [  # the chunked lists' first chunk (one record)
        Keys.chunk(keys.by_time("statement", partition), 0),
        Keys.chunk(keys.by_outlet("statement", "Wire", partition), 0),
    ]
    scores = [await redis.zscore(key, list_member(record.id)) for key in lists]
    assert scores == [START.timestamp() + 7] * len(lists)
    # The list by speaker holds it under each of its speaker's names, a whole second in each one's range.
    slugs = speaker_slugs(record.speaker)
    assert slugs
    speakers = Keys.chunk(keys.by_speaker("statement", partition), 0)
    held = await redis.zrange(speakers, 0, -1, withscores=True)
    assert sorted(held) == sorted(
        (member.encode(), float(score))
        for member, score in (speaker_entry(slug, START.timestamp() + 7, record.id)[::-1] for slug in slugs)
    )
    assert all(score == int(score) for _, score in held)
    assert speaker_entry(slugs[0], START.timestamp() + 7.25, record.id) == speaker_entry(
        slugs[0], START.timestamp() + 7, record.id
    )


def remark(n: int, speaker: str, when: datetime) -> StatementMention:
    """Remark number `n`, quoted directly on the Wire, of words no other remark shares."""
    return StatementMention(
        article_id=f"ar_{n:020x}",
        outlet="Wire",
        quote_id=f"q{n}",
        text=f"remark number {n}",
        kind="direct",
        speaker=speaker,
        speaker_mention=None,
        cue="said",
        published_at=when,
    )


async def every_page(corpus: Corpus, limit: int, **filters: str) -> list[str]:
    """The statement ids of every page of a listing, `limit` a page, following the cursors."""
    seen: list[str] = []
    cursor = None
    while True:
        found, cursor = await page(corpus, "statement", limit=limit, cursor=cursor, **filters)
        seen += [r.id for r in found]
        if not cursor:
            return seen


async def test_statements_first_seen_in_one_second_list_in_id_order_on_every_page(
    redis: Redis, key_prefix: str
) -> None:
    corpus = Corpus(redis, Keys(key_prefix))
    mentions = [
        remark(n, "Alice Thornbury", START + timedelta(seconds=1 if n < 4 else 0.25 * (n % 4)))
        for n in range(100)
    ]
    ids = await corpus.add_unmatched("statement", mentions)
    newest, rest = sorted(ids[:4]), sorted(ids[4:])
    assert sum(partition_of(i) == partition_of(rest[0]) for i in rest) > 3  # a page leaves out its first ids
    for filters in ({}, {"outlet": "wire"}, {"speaker": "Thornbury"}):
        for limit in (1, 3, 100):
            seen = await every_page(corpus, limit, **filters)
            assert seen == newest + rest, (filters, limit)


@pytest.mark.parametrize(("since", "listed"), [(7.5, True), (8.0, False)])
async def test_since_compares_first_appearances_to_the_second_with_or_without_a_search(
    redis: Redis, key_prefix: str, since: float, listed: bool
) -> None:
    corpus = Corpus(redis, Keys(key_prefix))
    ingested = draft("Wire", story(3))
    ingested = msgspec.structs.replace(
        ingested, published_at=None, ingested_at=START + timedelta(seconds=7.25)
    )
    stored, _ = await corpus.ingest(ingested)
    [record] = await corpus.clusters("statement", [await statement_of(corpus, stored.id)])
    word = informative(record.renderings[0].split())[0]
    after = START + timedelta(seconds=since)
    for q in (None, word):
        found, _ = await page(corpus, "statement", q=q, since=after, limit=50, cursor=None)
        assert (record.id in {r.id for r in found}) is listed, q


async def test_an_ingest_finishes_an_unfinished_write_of_the_same_article_first(
    redis: Redis, key_prefix: str
) -> None:
    keys = Keys(key_prefix)
    cut = draft("Wire", story(2))
    with pytest.raises(ConnectionError):
        await Crashing(redis, keys, steps=2).ingest(cut)
    corpus = Corpus(redis, keys)
    stored, created = await corpus.ingest(cut)
    assert not created
    record = await corpus.cluster("statement", await statement_of(corpus, stored.id))
    assert record is not None
    assert record.mention_count == 1


async def test_an_intent_whose_record_expired_is_not_marked_pending_and_the_ingest_starts_afresh(
    redis: Redis, key_prefix: str
) -> None:
    corpus = Stalled(redis, Keys(key_prefix))
    written = draft("Wire", story(3))
    stored, created = await corpus.ingest(written)
    # The first intent was refused for its record alone; the next one was written and finished.
    assert corpus.refused is not None
    [record] = corpus.refused
    assert record.startswith(corpus.keys.intent(written.id, ""))
    assert created
    assert await corpus.article(written.id) == stored
    left = [
        key async for key in redis.scan_iter(match=f"{key_prefix}*") if b"intent" in key or b"pending" in key
    ]
    assert left == []


@pytest.mark.parametrize("chunk_max", [1, 120])  # with 1, each second of a list is a chunk of its own
async def test_deleting_articles_rederives_and_then_removes_their_statements(
    redis: Redis, key_prefix: str, chunk_max: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(corpus_module, "CHUNK_MAX", chunk_max)
    corpus = Corpus(redis, Keys(key_prefix))
    first, second = draft("Alpha", story(3)), draft("Beta", story(4), hours=2)
    await corpus.ingest(first)
    await corpus.ingest(second)
    sid = await statement_of(corpus, first.id)
    # Another entry in its list an hour after it: with chunks of 1, the record's time and the time it takes
    # when the first article goes are then in different chunks.
    timed = corpus.keys.by_time("statement", partition_of(sid))
    stored = await corpus.cluster("statement", sid)
    assert stored is not None
    filler = list_member("st_" + "0" * 16)
    await list_add(corpus, timed, int(stored.first_time) + 3600, filler)
    assert await corpus.delete_article(first.id)
    assert await corpus.article(first.id) is None
    record = await corpus.cluster("statement", sid)
    assert record is not None
    assert (record.mention_count, list(record.outlets), record.first.outlet) == (1, ["Beta"], "Beta")
    assert [o.name for o in await corpus.outlets()] == ["Beta"]

    async def listed(outlet: str | None) -> list[tuple[float, str]]:
        return await corpus.cluster_ids(
            "statement", speaker=None, outlet=outlet, since=-1e18, until=1e18, after=None, limit=100
        )

    # Listed once, at its new first appearance (Beta's), and no more under Alpha.
    assert [entry for entry in await listed(None) if entry[1] == sid] == [
        (float(int(record.first_time)), sid)
    ]
    assert await listed("Alpha") == []
    assert sid in {cid for _, cid in await listed("Beta")}
    by_speaker = await corpus.cluster_ids(
        "statement", speaker=record.speaker, outlet=None, since=-1e18, until=1e18, after=None, limit=100
    )
    assert [entry for entry in by_speaker if entry[1] == sid] == [(float(int(record.first_time)), sid)]
    for number in range(3):  # the filler goes
        await redis.zrem(Keys.chunk(timed, number), filler)
    assert not await corpus.delete_article(first.id)
    assert await corpus.delete_article(second.id)
    assert await corpus.cluster("statement", sid) is None
    assert await corpus.outlets() == []
    assert (
        await corpus.cluster_ids(
            "statement", speaker=None, outlet=None, since=-1e18, until=1e18, after=None, limit=10
        )
        == []
    )
    again, created = await corpus.ingest(first)
    assert created
    assert await statement_of(corpus, again.id) == sid  # the same words make the same statement again


async def test_an_article_with_a_quote_of_no_statement_is_deleted_whole(
    redis: Redis, key_prefix: str
) -> None:
    corpus = Corpus(redis, Keys(key_prefix))
    article, _ = await corpus.ingest(
        draft("Alpha", "Mayor Ann Cole said the bridge would reopen in May. Her rival backed the idea.")
    )
    assert sorted(q.statement_id is None for q in article.quotes) == [False, True]
    assert await corpus.delete_article(article.id)
    assert await corpus.article(article.id) is None
    assert [
        q.statement_id
        for q in article.quotes
        if q.statement_id and await corpus.cluster("statement", q.statement_id)
    ] == []


async def test_a_record_read_by_one_write_is_not_changed_by_the_next(redis: Redis, key_prefix: str) -> None:
    """Decoded records are kept by stored value and shared: a write folds mentions into a new record."""
    corpus = Corpus(redis, Keys(key_prefix))
    await corpus.ingest(draft("Alpha", story(5)))
    sid = await statement_of(corpus, draft("Alpha", story(5)).id)
    key = Keys(key_prefix).cluster("statement", sid)
    raw = await redis.get(key)
    assert raw is not None
    kept = corpus_module._decode_record(raw)
    as_stored = msgspec.to_builtins(corpus_module.decoder(ClusterRecord)(raw))
    for n, outlet in enumerate(["Beta", "Gamma", "Delta"], start=6):
        await corpus.ingest(draft(outlet, story(n), hours=n))
    assert await redis.get(key) != raw
    assert corpus_module._decode_record(raw) is kept
    assert msgspec.to_builtins(kept) == as_stored
    record = await corpus.cluster("statement", sid)
    assert record is not None
    assert record.mention_count == 4


async def test_candidates_come_from_every_partition(redis: Redis, key_prefix: str) -> None:
    corpus = Corpus(redis, Keys(key_prefix))
    drafts = [draft(f"Outlet {n}", f'"{REMARK} number {n}," she said.') for n in range(4)]
    for d in drafts:
        await corpus.ingest(d)
    [found] = await corpus.candidate_ids("statement", [normalize(REMARK)])
    linked = {await statement_of_any(corpus, d.id) for d in drafts}
    assert linked <= set(found)


async def statement_of_any(corpus: Corpus, article_id: str) -> str:
    article = await corpus.article(article_id)
    assert article is not None
    assert article.quotes
    return article.quotes[0].statement_id


async def list_add(corpus: Corpus, listed: str, score: int, member: str) -> None:
    """Add to a chunked list as a write does: from the directory last read, again when it was stale."""
    for _ in range(corpus_module.MAX_ATTEMPTS):
        step = corpus_module._Step(corpus.keys.applied(0), "")
        step.list_add(listed, corpus._directory(listed), score, member)
        [failed] = await corpus._run([step])
        if not failed:
            return
        await corpus._refresh([step.keys[k - 1] for k in failed])
    raise AssertionError("never added")


@pytest.mark.parametrize("chunk_max", [3, 120])
@pytest.mark.parametrize("one_partition", [False, True])
@pytest.mark.parametrize("limit", [1, 2, 3, 7, 40])
async def test_lists_page_newest_first_with_ties_by_id_none_skipped(
    redis: Redis,
    key_prefix: str,
    limit: int,
    one_partition: bool,
    chunk_max: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Pages follow one another by the last entry's second and id, however many entries share a second
    (a restore may give hundreds one time), however a page cuts them, however unevenly the partitions
    hold them and however many chunks a list is split into (with chunks of 3, each second's entries stay
    in one chunk, which a second of 30 outgrows)."""
    monkeypatch.setattr(corpus_module, "CHUNK_MAX", chunk_max)
    keys = Keys(key_prefix)
    corpus = Corpus(redis, keys)
    seconds = [100] * 30 + [99] * 9 + [98, 97, 97, 50, 10, 10, -5]
    ids = (f"st_{n * 7919 % 100_000:016x}" for n in range(100_000))
    chosen = [cid for cid in ids if not one_partition or partition_of(cid) == 0][: len(seconds)]
    entries = [(float(score), cid) for score, cid in zip(seconds, chosen, strict=True)]
    shuffled = entries[:]
    random.Random(limit).shuffle(shuffled)  # added in any order, as first appearances come
    for score, cid in shuffled:
        await list_add(corpus, keys.by_time("statement", partition_of(cid)), int(score), list_member(cid))
    if chunk_max == 3:  # the lists were split
        directories = [Keys.chunks(keys.by_time("statement", p)) for p in range(PARTITIONS)]
        assert max([await redis.zcard(directory) for directory in directories]) > (3 if one_partition else 1)

    async def pages(since: float, until: float) -> list[tuple[float, str]]:
        seen: list[tuple[float, str]] = []
        after = None
        while True:
            found = await corpus.cluster_ids(
                "statement", speaker=None, outlet=None, since=since, until=until, after=after, limit=limit
            )
            seen += found
            if len(found) < limit:
                return seen
            after = found[-1]

    newest = sorted(entries, key=lambda e: (-e[0], e[1]))
    assert await pages(-1e18, 1e18) == newest
    assert await pages(10, 99) == [e for e in newest if 10 <= e[0] <= 99]


def speakers_sharing_a_range(count: int) -> list[str]:
    """Surnames whose entries take the same range of scores in the lists by speaker (1 in 2^19)."""
    by_range: dict[int, list[str]] = {}
    for n in itertools.count():
        name = f"Speakerson{n}"
        low = speaker_entry(normalize(name), 0, "st_" + "0" * 16)[0]
        by_range.setdefault(low, []).append(name)
        if len(by_range[low]) == count:
            return by_range[low]
    raise AssertionError


@pytest.mark.parametrize("chunk_max", [2, 120])
async def test_speakers_sharing_a_range_of_scores_list_only_their_own_statements(
    redis: Redis, key_prefix: str, chunk_max: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every speaker of a partition is in one list, each a range of its scores; two speakers whose names
    take the same range are told apart by their members' suffix, on every page, however the list is split."""
    monkeypatch.setattr(corpus_module, "CHUNK_MAX", chunk_max)
    corpus = Corpus(redis, Keys(key_prefix))
    names = speakers_sharing_a_range(2)
    assert len({speaker_entry(normalize(n), 0, "st_" + "0" * 16)[1][-4:] for n in names}) == 2
    mentions = [remark(n, names[n % 2], START + timedelta(seconds=n // 3)) for n in range(60)]
    ids = await corpus.add_unmatched("statement", mentions)
    held = [await corpus.cluster("statement", cid) for cid in ids]
    assert {r.speaker for r in held if r} == set(names)
    shared = {partition_of(cid) for cid in ids[::2]} & {partition_of(cid) for cid in ids[1::2]}
    assert shared  # some partitions' lists hold both speakers' entries in one range
    for name in names:
        own = [cid for cid, m in zip(ids, mentions, strict=True) if m.speaker == name]
        expected = sorted(
            ((float(START.timestamp() + int(i) // 3), cid) for i, cid in enumerate(ids) if cid in own),
            key=lambda e: (-e[0], e[1]),
        )
        for limit in (1, 4, 100):
            seen = await every_page(corpus, limit, speaker=name)
            assert seen == [cid for _, cid in expected], (name, limit)
        listed = await corpus.cluster_ids(
            "statement", speaker=name, outlet=None, since=-1e18, until=1e18, after=None, limit=100
        )
        assert listed == expected


async def test_a_name_asked_for_in_lower_case_lists_that_speaker_and_no_other(
    redis: Redis, key_prefix: str
) -> None:
    """`donald j. trump` is read as it is written and as a name (two ranges in every partition's list),
    each statement listed once, in order, on every page; a description stays a description."""
    corpus = Corpus(redis, Keys(key_prefix))
    speakers = ["Rosie O’Donnell"] * 3 + ["Donald J. Trump"] * 4 + ["Democratic lawmakers", "Lawmakers"]
    mentions = [remark(n, name, START + timedelta(seconds=n)) for n, name in enumerate(speakers)]
    ids = await corpus.add_unmatched("statement", mentions)
    for asked, wanted in (
        ("o'donnell", "Rosie O’Donnell"),
        ("donald j. trump", "Donald J. Trump"),
        ("democratic lawmakers", "Democratic lawmakers"),
    ):
        expected = [cid for cid, name in zip(ids, speakers, strict=True) if name == wanted][::-1]
        for limit in (1, 2, 10):
            seen = await every_page(corpus, limit, speaker=asked)
            assert seen == expected, (asked, limit)


async def test_statements_listed_by_speaker_and_outlet_at_once(redis: Redis, key_prefix: str) -> None:
    corpus = Corpus(redis, Keys(key_prefix))
    for n, outlet in enumerate(["Alpha", "Beta"]):
        text = f'"{REMARK}," Jane Doe told reporters. "Our roads number {n} need work," Jane Doe added.'
        await corpus.ingest(draft(outlet, text, hours=n))

    def listed(outlet: str) -> Awaitable[list[tuple[float, str]]]:
        return corpus.cluster_ids(
            "statement", speaker="doe", outlet=outlet, since=-1e18, until=1e18, after=None, limit=10
        )

    alpha, beta, gamma = await listed("alpha"), await listed("BETA"), await listed("Gamma")
    assert len(alpha) == len(beta) == 2
    assert set(alpha) & set(beta)  # the shared remark
    assert gamma == []


CEASEFIRE_REMARKS = [
    "The ceasefire must hold along the northern border",
    "Any ceasefire needs monitors from neutral countries",
    "We signed the ceasefire because families were starving",
    "This ceasefire proves that patient diplomacy works",
]


async def ingest_ceasefire_remarks(corpus: Corpus) -> None:
    for n, remark in enumerate(CEASEFIRE_REMARKS):
        text = f'"{remark}," the envoy number {n} told reporters on Tuesday.'
        await corpus.ingest(draft(f"Outlet {n}", text, hours=n))


async def test_word_entries_wait_in_a_log_until_a_merge_lists_each_record_once(
    redis: Redis, key_prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(corpus_module, "MERGED_PER_CALL", 3)  # fewer than the writes: merged in rounds
    keys = Keys(key_prefix)
    corpus = Corpus(redis, keys)
    await ingest_ceasefire_remarks(corpus)
    writes = len(CEASEFIRE_REMARKS)
    partition, field = posting_field("ceasefire")
    words = keys.words("statement", partition)

    async def listed_now() -> bytes | None:
        [[value]] = await corpus._index_values([(words, [field])])
        return value

    # Nothing merged yet: each write logged one blob in the word's partition.
    assert await listed_now() is None
    assert await redis.llen(keys.words_log("statement", partition)) == writes
    assert await corpus.merge_words() >= writes
    logs = [keys.words_log(kind, p) for kind in ("statement", "claim") for p in range(PARTITIONS)]
    assert [await redis.llen(log) for log in logs] == [0] * len(logs)
    listed = await listed_now()
    assert listed is not None
    ids = [listed[i : i + 8] for i in range(0, len(listed), 8)]
    assert len(ids) == len(set(ids)) == writes
    # A blob logged twice (a write and its replay) lists nothing twice.
    await redis.rpush(keys.words_log("statement", partition), field + ids[0], field + ids[0])
    assert await corpus.merge_words("statement", [partition]) == 2
    assert await corpus.merge_words() == 0
    assert await listed_now() == listed
    found = await corpus.word_ids("statement", ["ceasefire"])
    assert found is not None
    assert len(found) == writes


async def test_merges_running_at_once_list_each_record_once_and_a_list_over_its_cap_becomes_common(
    redis: Redis, key_prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(corpus_module, "MERGED_PER_CALL", 2)
    keys = Keys(key_prefix)
    writers = [Corpus(redis, keys) for _ in range(3)]  # three processes' repair tasks, say
    await ingest_ceasefire_remarks(writers[0])
    writes = len(CEASEFIRE_REMARKS)
    partition, field = posting_field("ceasefire")
    logs = [keys.words_log(kind, p) for kind in ("statement", "claim") for p in range(PARTITIONS)]
    logged = sum([await redis.llen(log) for log in logs])
    merged = await asyncio.gather(*(w.merge_words() for w in writers))
    # Each write's entries were merged by exactly one of them; the others found the version changed.
    assert sum(merged) == logged
    assert [await redis.llen(log) for log in logs] == [0] * len(logs)
    words = keys.words("statement", partition)

    async def listed_now() -> bytes | None:
        [[value]] = await writers[0]._index_values([(words, [field])])
        return value

    listed = await listed_now()
    assert listed is not None
    ids = [listed[i : i + 8] for i in range(0, len(listed), 8)]
    assert len(ids) == len(set(ids)) == writes
    # Past its cap a word is common: it lists nobody, whatever is merged into it later.
    monkeypatch.setattr(corpus_module, "MAX_WORD_IDS", writes)
    await redis.rpush(keys.words_log("statement", partition), field + b"\x01" * 8)
    assert await writers[1].merge_words("statement", [partition]) == 1
    assert await listed_now() == corpus_module.COMMON
    await redis.rpush(keys.words_log("statement", partition), field + b"\x02" * 8)
    assert await writers[2].merge_words("statement", [partition]) == 1
    assert await listed_now() == corpus_module.COMMON


async def test_an_append_lists_each_id_once_and_marks_a_field_over_its_cap_common(
    redis: Redis, key_prefix: str
) -> None:
    keys = Keys(key_prefix)
    corpus = Corpus(redis, keys)
    index = keys.postings("statement", 0)
    a, b, c = (bytes([n]) * 8 for n in (1, 2, 3))
    ids = [bytes([n]) * 8 for n in range(10, 13)]

    async def append(entries: bytes, cap: int = 3) -> None:
        step = corpus_module._Step(keys.applied(0), "")  # unnamed: may run again
        step.append(index, corpus._buckets(index), entries, cap)
        assert await corpus._run([step]) == [[]]

    async def values() -> list[bytes | None]:
        [found] = await corpus._index_values([(index, [a, b, c])])
        return found

    # One step: two fields, one of them with two ids.
    await append(a + ids[0] + b + ids[0] + a + ids[1])
    assert await values() == [ids[0] + ids[1], ids[0], None]
    # Ids already listed are not listed again; new ones are added after them, in order.
    await append(a + ids[1] + a + ids[2] + c + ids[2])
    assert await values() == [ids[0] + ids[1] + ids[2], ids[0], ids[2]]
    # A field that would list more than its cap becomes common, and stays so.
    await append(a + bytes([13]) * 8 + b + ids[1])
    await append(a + ids[0])
    assert await values() == [b"*", ids[0] + ids[1], ids[2]]


async def test_a_bucketed_index_splits_its_buckets_as_it_grows_and_every_writer_and_reader_finds_all(
    redis: Redis, key_prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Buckets stay small enough for Redis to pack (listpack) however many digests the index holds; values
    too long for a bucket live apart; a writer or reader that last saw fewer buckets is refused, learns
    the count and tries again, so nothing is written to or read from the wrong bucket."""
    keys = Keys(key_prefix)
    writers = [Corpus(redis, keys) for _ in range(3)]
    index = keys.postings("claim", 3)
    digests = [n.to_bytes(4, "big") * 2 for n in range(3001)]
    expected: dict[bytes, bytes] = {}

    async def append(writer: Corpus, entries: bytes) -> None:
        # As an intent's step is run: built from what the writer last saw, again when that is stale.
        for _ in range(corpus_module.MAX_ATTEMPTS):
            step = corpus_module._Step(keys.applied(3), "")
            step.append(index, writer._buckets(index), entries, 1000)
            [failed] = await writer._run([step])
            if not failed:
                return
            assert [step.keys[k - 1] for k in failed] == [Keys.buckets_count(index)]
            assert await writer._refresh([step.keys[k - 1] for k in failed]) == []
        raise AssertionError("never applied")

    for at in range(0, len(digests), 40):  # the writers take turns, 40 new digests each
        batch = digests[at : at + 40]
        await asyncio.gather(
            *(append(writers[n], b"".join(d + bytes([n + 1]) * 8 for d in batch[n::3])) for n in range(3))
        )
        for n in range(3):
            for d in batch[n::3]:
                expected[d] = bytes([n + 1]) * 8
    # One digest in many records: a value longer than a bucket packs.
    many = b"".join(digests[0] + bytes([20 + n]) * 8 for n in range(12))
    await append(writers[0], many)
    expected[digests[0]] += b"".join(bytes([20 + n]) * 8 for n in range(12))
    n, fields = map(int, await redis.hmget(Keys.buckets_count(index), "n", "fields"))
    assert fields == len(digests)
    assert n >= fields / buckets_module.LOAD  # every split due was made: the index kept up with its load
    buckets = [Keys.bucket(index, b) for b in range(n)]
    sizes = [await redis.hlen(bucket) for bucket in buckets]
    assert sum(sizes) == len(digests)
    assert max(sizes) <= 128
    assert {await redis.object("encoding", bucket) for bucket in buckets} == {b"listpack"}
    assert await redis.hget(Keys.long_values(index), digests[0]) == expected[digests[0]]
    # A reader that saw the index young finds every value all the same, as do the writers.
    for reader in (Corpus(redis, keys), *writers):
        [found] = await reader._index_values([(index, digests)])
        assert found == [expected[d] for d in digests]
    # Indexes read together answer each for itself: one the reader saw young, one small, one never written.
    small, empty = keys.postings("claim", 4), keys.postings("claim", 5)
    step = corpus_module._Step(keys.applied(4), "")
    step.append(small, writers[0]._buckets(small), digests[7] + b"\x09" * 8, 1000)
    assert await writers[0]._run([step]) == [[]]
    asked = [(index, digests[5:9]), (small, digests[6:9]), (empty, digests[7:8]), (small, [])]
    answer = [[expected[d] for d in digests[5:9]], [None, b"\x09" * 8, None], [None], []]
    assert await Corpus(redis, keys)._index_values(asked) == answer
    monkeypatch.setattr(corpus_module, "LOOKUP_DIGESTS", 4)  # as several calls: 4 digests, then 3 + 1
    assert await Corpus(redis, keys)._index_values(asked) == answer
    # An index behind its load (its fields outgrew its buckets) is read all the same: a lookup is never
    # refused for a split only a writer makes.
    await redis.hset(Keys.buckets_count(index), "fields", 100 * fields)
    [found] = await Corpus(redis, keys)._index_values([(index, digests[:50])])
    assert found == [expected[d] for d in digests[:50]]


async def test_a_step_adds_the_members_of_a_sorted_set_in_one_call_with_their_exact_scores(
    redis: Redis, key_prefix: str
) -> None:
    keys = Keys(key_prefix)
    corpus = Corpus(redis, keys)
    listed, other = keys.by_time("statement", 0), keys.by_time("claim", 0)
    step = corpus_module._Step(keys.applied(0), "")
    # More members than one call of the script unpacks, scores no decimal text holds in 17 digits less.
    scores = {f"st_{n:016x}": n / 3 + 1.45e9 for n in range(1203)}
    for member, score in scores.items():
        step.zadd(listed, score, member)
    step.zadd(other, float("inf"), "cl_0")
    assert [op[0] for op in step.ops] == ["ZADD", "ZADD"]  # one operation a set
    assert await corpus._run([step]) == [[]]
    stored = {member.decode(): score for member, score in await redis.zrange(listed, 0, -1, withscores=True)}
    assert stored == scores
    assert await redis.zscore(other, "cl_0") == float("inf")


async def test_a_search_merges_the_word_entries_written_before_it(redis: Redis, key_prefix: str) -> None:
    corpus = Corpus(redis, Keys(key_prefix))
    await ingest_ceasefire_remarks(corpus)
    found = await search(corpus, "statement", "ceasefire")  # no merge ran: the search merges first
    assert [r.canonical_norm for r in found] == [normalize(r) for r in reversed(CEASEFIRE_REMARKS)]


async def test_a_word_in_too_many_records_is_common_and_still_found(
    redis: Redis, key_prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(corpus_module, "MAX_WORD_IDS", 2)  # a word in more than 2 records is common
    corpus = Corpus(redis, Keys(key_prefix))
    await ingest_ceasefire_remarks(corpus)
    assert await corpus.word_ids("statement", ["ceasefire"]) is None  # listed nowhere: common
    found = await search(corpus, "statement", "ceasefire")
    newest_first = [normalize(r) for r in reversed(CEASEFIRE_REMARKS)]
    assert [r.canonical_norm for r in found] == newest_first
    [monitors] = await search(corpus, "statement", "ceasefire needs monitors")
    assert monitors.canonical_norm == normalize(CEASEFIRE_REMARKS[1])
