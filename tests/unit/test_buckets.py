"""Linear hashing of a bucketed index: where a digest is, and which buckets a split reads and writes."""

from __future__ import annotations

import random

import service.store.corpus as corpus_module
from service.store.buckets import LOAD, LONG, candidates, level, splits


def bucket_of(digest: bytes, n: int) -> int:
    """Where `buckets.lua` puts a digest with `n` buckets."""
    h, low = int.from_bytes(digest[:4], "big"), 1 << level(n)
    bucket = h % low
    return h % (2 * low) if bucket < n - low else bucket


def test_a_digest_is_in_one_of_its_two_candidates_at_every_count_of_its_level() -> None:
    rng = random.Random(7)
    digests = [rng.randbytes(8) for _ in range(500)]
    for n in range(1, 300):
        for at in {level(n), max(level(n) - 1, 0)}:  # a caller that saw any count of the level, or n its top
            if 1 << at <= n <= 2 << at:
                assert all(bucket_of(d, n) in candidates(d, at) for d in digests)


def test_a_split_moves_digests_only_from_the_bucket_it_reads_to_the_bucket_it_writes() -> None:
    rng = random.Random(8)
    digests = [rng.randbytes(8) for _ in range(2000)]
    for n in range(1, 200):
        read, written = list(splits(n, 1))
        moved = {
            (bucket_of(d, n), bucket_of(d, n + 1)) for d in digests if bucket_of(d, n) != bucket_of(d, n + 1)
        }
        assert moved <= {(read, written)}
        assert written == n  # a split adds the next bucket
    assert list(splits(3, 3)) == [1, 3, 0, 4, 1, 5]  # across a level: 3 splits bucket 1, 4 bucket 0


def test_the_scripts_and_the_python_side_agree_on_the_load_and_the_mark_of_a_long_value() -> None:
    assert f"local LOAD, LONG, PACKED = {LOAD}, '{LONG.decode()}', 64" in corpus_module.LOOKUP_SCRIPT


def test_lookup_calls_are_joined_in_order_up_to_a_size_and_a_larger_one_stands_alone() -> None:
    calls = [([f"k{n}"], [n]) for n in range(5)]
    joined = corpus_module._joined(calls, [3, 600, 200, 300, 10], 512)
    assert joined == [(["k0"], [0]), (["k1"], [1]), (["k2", "k3", "k4"], [2, 3, 4])]
    assert corpus_module._joined(calls, [1] * 5, 2) == [
        (["k0", "k1"], [0, 1]),
        (["k2", "k3"], [2, 3]),
        (["k4"], [4]),
    ]
    assert corpus_module._joined([], [], 512) == []
