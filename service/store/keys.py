"""Every Redis key the service uses, built in one place under one configurable prefix.

The corpus (articles, statements, claims, fact-checks and their indexes) is written by multi-key
transactions, so all of its keys share the hash tag `{c}` and land in one Redis Cluster slot. Cache and
rate-limit keys are touched one at a time and spread freely.
"""

from __future__ import annotations

from typing import Literal

import msgspec

Kind = Literal["statement", "claim"]
"""The two kinds of cross-outlet clusters: quoted statements and check-worthy claims."""


class Keys(msgspec.Struct, frozen=True):
    prefix: str = "ct:v1:"

    @property
    def _corpus(self) -> str:
        return f"{self.prefix}{{c}}:"

    def commits(self) -> str:
        """Counter every corpus write bumps: while it is unchanged, nothing an ingest read has changed."""
        return f"{self._corpus}commits"

    def article(self, article_id: str) -> str:
        return f"{self._corpus}article:{article_id}"

    def article_by_url(self) -> str:
        """Hash of `outlet\\nurl` → article id."""
        return f"{self._corpus}article-by-url"

    def articles_by_time(self) -> str:
        return f"{self._corpus}articles-by-time"

    def outlets(self) -> str:
        """Hash of outlet → number of articles."""
        return f"{self._corpus}outlets"

    def cluster(self, kind: Kind, cluster_id: str) -> str:
        return f"{self._corpus}{kind}:{cluster_id}"

    def mentions(self, kind: Kind, cluster_id: str) -> str:
        return f"{self._corpus}{kind}:{cluster_id}:mentions"

    def by_time(self, kind: Kind) -> str:
        """Sorted set of cluster ids by first appearance."""
        return f"{self._corpus}{kind}-by-time"

    def posting(self, kind: Kind, index_key: str) -> str:
        """Clusters with a rendering that has this index key (a normalised word n-gram)."""
        return self.postings(kind) + index_key

    def postings(self, kind: Kind) -> str:
        """What every posting key of `kind` starts with, for building hundreds of them at once."""
        return f"{self._corpus}posting:{kind}:"

    def by_speaker(self, kind: Kind, speaker_slug: str) -> str:
        return f"{self._corpus}{kind}-by-speaker:{speaker_slug}"

    def by_outlet(self, kind: Kind, outlet: str) -> str:
        return f"{self._corpus}{kind}-by-outlet:{outlet}"

    def factcheck(self, factcheck_id: str) -> str:
        return f"{self._corpus}factcheck:{factcheck_id}"

    def factchecks(self) -> str:
        """Set of every fact-check id."""
        return f"{self._corpus}factchecks"

    def factcheck_posting(self, index_key: str) -> str:
        """Fact-checks whose reviewed claim has this index key, for linking clusters created later."""
        return f"{self._corpus}posting:factcheck:{index_key}"

    def compare_cache(self, statement_id: str) -> str:
        return f"{self._corpus}cache:compare:{statement_id}"

    def extract_cache(self, content_hash: str) -> str:
        return f"{self.prefix}cache:extract:{content_hash}"

    def rate(self, client: str) -> str:
        """The client's rate-limit state (one key, so the limit works on Redis Cluster)."""
        return f"{self.prefix}rate:{client}"
