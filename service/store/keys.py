"""Every Redis key the service uses, built in one place under one configurable prefix.

The corpus is split into `PARTITIONS` partitions, each a Redis Cluster hash tag, so that on a cluster every
master holds a share of it. A record lives in the partition of its id (`partition_of`): an article with its
commit intent, a statement or claim with its overflow mentions and its list entries (time, outlet,
speaker; chunked lists, see `Keys.chunks`), a fact-check. Word-n-gram postings
and the word index live in the partition of their n-gram or word, one bucketed index per partition and
kind (small hashes split as they grow: `service.store.buckets`; the word index with a list of entries
waiting to be merged into it). A script only ever touches the keys of one partition. Cache and
rate-limit keys are touched one at a time and spread freely.

The tags are chosen so that partition `i` hashes into the `i`-th equal share of the 16,384 cluster slots:
a cluster whose masters own contiguous, even slot ranges (what `redis-cli --cluster create` makes) holds
an even share of the partitions on each master.
"""

from __future__ import annotations

import hashlib
import itertools
from functools import lru_cache
from typing import Literal

import msgspec
from redis.crc import REDIS_CLUSTER_HASH_SLOTS, key_slot

Kind = Literal["statement", "claim"]
"""The two kinds of cross-outlet clusters: quoted statements and check-worthy claims."""
PostingKind = Literal["statement", "claim", "factcheck"]

PARTITIONS = 16


def _tags(count: int) -> tuple[str, ...]:
    share = REDIS_CLUSTER_HASH_SLOTS // count
    tags = []
    for i in range(count):
        tag = next(f"{i}.{n}" for n in itertools.count() if key_slot(f"{{{i}.{n}}}".encode()) // share == i)
        tags.append(tag)
    return tuple(tags)


TAGS = _tags(PARTITIONS)


@lru_cache(maxsize=1 << 16)
def partition_of(name: str) -> int:
    """The partition of a record id or an index key: stable across processes and versions."""
    return hashlib.blake2b(name.encode(), digest_size=2).digest()[0] % PARTITIONS


@lru_cache(maxsize=1 << 18)
def posting_field(index_key: str) -> tuple[int, bytes]:
    """(partition, digest) of an index key in the postings: a 64-bit digest stands for the n-gram."""
    digest = hashlib.blake2b(index_key.encode(), digest_size=9).digest()
    return digest[0] % PARTITIONS, digest[1:]


@lru_cache(maxsize=64)
def _partition_prefixes(prefix: str) -> tuple[str, ...]:
    """Each partition's key prefix under `prefix`, built once: an ingest names several hundred keys."""
    return tuple(f"{prefix}{{{tag}}}:" for tag in TAGS)


class Keys(msgspec.Struct, frozen=True):
    prefix: str = "ct:v2:"

    def _in(self, partition: int) -> str:
        return _partition_prefixes(self.prefix)[partition]

    def _of(self, record_id: str) -> str:
        return _partition_prefixes(self.prefix)[partition_of(record_id)]

    # Articles, in the partition of their id.
    def article(self, article_id: str) -> str:
        return f"{self._of(article_id)}article:{article_id}"

    def pending(self, article_id: str) -> str:
        """An ingest's or deletion's unfinished intent: the token of its record (`intent`), kept until its
        last step is done."""
        return f"{self._of(article_id)}pending:{article_id}"

    def intent(self, article_id: str, token: str) -> str:
        """Everything one intent writes (`Intent`); dropped with its `pending` mark."""
        return f"{self._of(article_id)}intent:{article_id}:{token}"

    def pending_by_time(self, partition: int) -> str:
        """Sorted set of the partition's unfinished intents (article id) by when they were written."""
        return f"{self._in(partition)}pending-by-time"

    def articles_by_time(self, partition: int) -> str:
        """Sorted set of article ids by publication (else ingest) time."""
        return f"{self._in(partition)}articles-by-time"

    def articles_by_ingest(self, partition: int) -> str:
        """Sorted set of article ids by ingest time: the order to replay a corpus in."""
        return f"{self._in(partition)}articles-by-ingest"

    def article_by_url(self, field: str) -> str:
        """Hash of `outlet\\nurl` → article id, in the partition of the field."""
        return f"{self._of(field)}article-by-url"

    def outlets(self, partition: int) -> str:
        """Hash of outlet → number of the partition's articles."""
        return f"{self._in(partition)}outlets"

    def applied(self, partition: int) -> str:
        """Sorted set of the intent steps done in this partition (step name → when), remembered for a
        while so that a step run again by a slower writer or a repair writes nothing."""
        return f"{self._in(partition)}applied"

    # Statements, claims and fact-checks, in the partition of their id.
    def cluster(self, kind: Kind, cluster_id: str) -> str:
        return f"{self._of(cluster_id)}{kind}:{cluster_id}"

    def more_mentions(self, kind: Kind, cluster_id: str) -> str:
        """List of the mentions a cluster record does not hold itself (beyond its earliest few)."""
        return f"{self._of(cluster_id)}{kind}:{cluster_id}:more"

    def by_time(self, kind: Kind, partition: int) -> str:
        """The partition's clusters by first appearance: a chunked list (see `chunks`)."""
        return f"{self._in(partition)}{kind}-by-time"

    def by_speaker(self, kind: Kind, partition: int) -> str:
        """The partition's clusters by speaker, then first appearance: one chunked list (see `chunks`) for
        every speaker, each a range of its scores (`service.store.corpus.speaker_entry`)."""
        return f"{self._in(partition)}{kind}-by-speaker"

    def by_outlet(self, kind: Kind, outlet: str, partition: int) -> str:
        """The partition's clusters an outlet carried, by first appearance: a chunked list (see `chunks`)."""
        return f"{self._in(partition)}{kind}-by-outlet:{outlet.casefold()}"

    @staticmethod
    def chunks(listed: str) -> str:
        """The directory of a chunked list: a sorted set of its chunks' numbers by the lowest score each
        holds (chunk 0 from -inf). Each chunk (`chunk`) is a sorted set small enough for Redis to pack
        (a listpack), split as it grows (`apply.lua`); a score's entries are always in one chunk."""
        return f"{listed}:chunks"

    @staticmethod
    def list_of_chunks(directory: str) -> str:
        """The chunked list whose directory (`chunks`) this is."""
        return directory.removesuffix(":chunks")

    @staticmethod
    def chunk(listed: str, number: int) -> str:
        return f"{listed}:{number}"

    def factcheck(self, factcheck_id: str) -> str:
        return f"{self._of(factcheck_id)}factcheck:{factcheck_id}"

    def factchecks(self, partition: int) -> str:
        """Sorted set of the partition's fact-check ids by when they were stored."""
        return f"{self._in(partition)}factchecks"

    def postings(self, kind: PostingKind, partition: int) -> str:
        """The word-n-gram postings of one kind in one partition: a bucketed index (`service.store.buckets`)
        of index-key digest → the ids (8 bytes each) of the records with it, or `*` if too many. The name of
        the index: its keys are this name followed by `Keys.bucket` or `Keys.buckets_count`."""
        return f"{self._in(partition)}posting:{kind}"

    def words(self, kind: Kind, partition: int) -> str:
        """The word index of one kind in one partition, a bucketed index like `postings`: word digest → the
        ids (8 bytes each) of the records with that word, or `*` if too many."""
        return f"{self._in(partition)}words:{kind}"

    @staticmethod
    def bucket(index: str, bucket: int) -> str:
        """One bucket of a bucketed index: a small hash, which Redis keeps as a listpack."""
        return f"{index}:{bucket}"

    @staticmethod
    def long_values(index: str) -> str:
        """The hash of a bucketed index's values too long for a bucket."""
        return f"{index}:long"

    @staticmethod
    def buckets_count(index: str) -> str:
        """Hash of a bucketed index's bucket count (`n`) and number of fields (`fields`)."""
        return f"{index}:n"

    @staticmethod
    def index_of_count(count_key: str) -> str:
        """The bucketed index whose `buckets_count` this is."""
        return count_key.removesuffix(":n")

    def words_log(self, kind: Kind, partition: int) -> str:
        """List of the word-index entries written but not yet merged into `words`, a blob per write."""
        return f"{self._in(partition)}words-log:{kind}"

    def words_version(self, kind: Kind, partition: int) -> str:
        """A token every merge into `words` changes: a merge computed from an older one is refused."""
        return f"{self._in(partition)}words-version:{kind}"

    def extract_cache(self, content_hash: str) -> str:
        return f"{self.prefix}cache:extract:{content_hash}"

    def rate(self, client: str) -> str:
        """The client's rate-limit state (one key, so the limit works on Redis Cluster)."""
        return f"{self.prefix}rate:{client}"
