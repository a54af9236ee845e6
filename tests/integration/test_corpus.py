from __future__ import annotations

import pytest
from redis.asyncio import Redis

from service.match import index_keys, normalize
from service.match.normalize import MAX_POSTING
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
