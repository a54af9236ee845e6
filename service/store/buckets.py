"""Bucketed indexes: a map of 8-byte digests to short values, spread over small hashes by linear hashing.

The postings and the word index map hundreds of thousands of digests to a few record ids each. In one
Redis hash an entry costs about 66 bytes (a table entry, two allocations, a slot); in a hash of at most
128 short fields Redis packs the fields one after another in a listpack, about 20 bytes each. A bucketed
index is therefore many small hashes, its *buckets*, and grows by splitting one bucket at a time (linear
hashing), so that every bucket stays small however large the corpus becomes:

- With `n` buckets, `level = floor(log2 n)` and `split = n - 2 ** level`, a digest `h` (its first four
  bytes, big-endian) is in bucket `h % 2 ** level`, or in `h % 2 ** (level + 1)` when that is under
  `split` (already split). So for any `n` of one level a digest is in one of two buckets (`candidates`).
- When the index holds more than `LOAD` fields a bucket, bucket `split` is split: the fields of it
  whose bucket is now `split + 2 ** level` move there, and `n` grows by one. A bucket not yet split holds
  about twice as many as one split, under `2 * LOAD` on average, within listpack's 128.
- A value longer than a bucket packs (64 bytes: eight ids) lives in the index's hash of long values, and
  its bucket holds `LONG` in its place.

Scripts name every key they touch: a writer or reader names, for each digest, both buckets it may be in
at the level it last saw, and a writer the buckets of every split its digests could make due were they all
new (`splits`), and two more. The script reads `n` and refuses when the index is at another level, or when
a writer's new fields may make a split due whose buckets it did not name (it saw fewer buckets than there
are); the caller reads the counts again and retries. A lookup is never refused for a split: only writers
make them. Every script answers with the counts (`n`, fields) it saw or left, so a caller rarely works
from stale ones. They are kept in one small hash (`Keys.buckets_count`).
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["LOAD", "LONG", "candidates", "level", "splits"]

LOAD = 48
"""Fields a bucket holds on average before one is split: a bucket not yet split in a level holds up to
twice that, and Redis keeps a hash as a listpack up to 128 fields."""
LONG = b">"
"""A bucket's value for a field whose value is in the index's hash of long values."""


def level(n: int) -> int:
    """The level of an index of `n` buckets: the largest `l` with `2 ** l <= n`."""
    return n.bit_length() - 1


def candidates(digest: bytes, at_level: int) -> tuple[int, int]:
    """The two buckets a digest may be in while the index is at this level."""
    h = int.from_bytes(digest[:4], "big")
    return h % (1 << at_level), h % (2 << at_level)


def splits(n: int, count: int) -> Iterable[int]:
    """The buckets the next `count` splits of an index of `n` buckets read and write, in pairs."""
    for m in range(n, n + count):
        at = level(m)
        yield m - (1 << at)
        yield m
