from __future__ import annotations

import random

import pytest
from redis.asyncio import Redis

from service.match import index_keys, normalize, rank_candidates
from service.match.normalize import MAX_CANDIDATES, MAX_POSTING
from service.store.corpus import Corpus
from service.store.keys import Keys

pytestmark = pytest.mark.anyio


async def test_stock_phrase_postings_are_not_read_when_a_rarer_key_exists(
    redis: Redis, key_prefix: str
) -> None:
    corpus, keys = Corpus(redis, Keys(key_prefix)), Keys(key_prefix)
    common, rare = index_keys(normalize("we are going to win this fight together"))[:2]
    await redis.sadd(keys.posting("statement", common), *(f"st_{i}" for i in range(MAX_POSTING + 1)))
    await redis.sadd(keys.posting("statement", rare), "st_rare")
    [found] = await corpus.candidate_ids("statement", [normalize("we are going to win this fight together")])
    assert found == ["st_rare"]


async def test_a_sample_is_read_when_every_posting_is_large(redis: Redis, key_prefix: str) -> None:
    corpus, keys = Corpus(redis, Keys(key_prefix)), Keys(key_prefix)
    [only] = index_keys(normalize("going to be"))[:1]
    await redis.sadd(keys.posting("statement", only), *(f"st_{i}" for i in range(MAX_POSTING + 5)))
    [found] = await corpus.candidate_ids("statement", ["going to be"])
    assert 0 < len(found) <= 16


async def test_ranking_in_redis_agrees_with_the_in_memory_ranking(redis: Redis, key_prefix: str) -> None:
    rng = random.Random(3)
    corpus, keys = Corpus(redis, Keys(key_prefix)), Keys(key_prefix)
    texts = ["the quick brown fox jumps over the lazy dog today", "a stitch in time saves nine they say"]
    postings: dict[str, set[str]] = {}
    for text in texts:
        for key in index_keys(normalize(text)):
            postings[key] = {f"st_{rng.randrange(40):02d}" for _ in range(rng.randrange(1, 12))}
            await redis.sadd(keys.posting("claim", key), *postings[key])
    ranked = await corpus.candidate_ids("claim", [normalize(t) for t in texts])
    expected = [rank_candidates([postings[k] for k in index_keys(normalize(t))]) for t in texts]
    assert ranked == expected
    assert all(len(r) == MAX_CANDIDATES for r in ranked)
