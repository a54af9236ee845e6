"""Every Redis key the service uses, built in one place under one configurable prefix.

The corpus (articles, mentions, statements and their indexes) is written by multi-key scripts, so all
of its keys share the hash tag `{c}` and land in one Redis Cluster slot. Cache and rate-limit keys
are touched one at a time and spread freely.
"""

from __future__ import annotations

import msgspec


class Keys(msgspec.Struct, frozen=True):
    prefix: str = "ct:v1:"

    @property
    def _corpus(self) -> str:
        return f"{self.prefix}{{c}}:"

    def all_pattern(self) -> str:
        """A SCAN pattern matching every key under this prefix."""
        return f"{self.prefix}*"

    def article(self, article_id: str) -> str:
        return f"{self._corpus}article:{article_id}"

    def article_by_url(self) -> str:
        """Hash of `outlet\\nurl` → article id."""
        return f"{self._corpus}article-by-url"

    def articles_by_time(self) -> str:
        return f"{self._corpus}articles-by-time"

    def statement(self, statement_id: str) -> str:
        return f"{self._corpus}statement:{statement_id}"

    def statement_mentions(self, statement_id: str) -> str:
        return f"{self._corpus}statement:{statement_id}:mentions"

    def statements_by_time(self) -> str:
        return f"{self._corpus}statements-by-time"

    def posting(self, index_key: str) -> str:
        """Statements containing one normalised word n-gram."""
        return f"{self._corpus}posting:{index_key}"

    def speaker_statements(self, speaker_slug: str) -> str:
        return f"{self._corpus}speaker:{speaker_slug}"

    def outlet_statements(self, outlet: str) -> str:
        return f"{self._corpus}outlet:{outlet}"

    def outlets(self) -> str:
        return f"{self._corpus}outlets"

    def counter(self) -> str:
        return f"{self._corpus}seq"

    def extract_cache(self, content_hash: str) -> str:
        return f"{self.prefix}cache:extract:{content_hash}"

    def compare_cache(self, statement_id: str) -> str:
        return f"{self.prefix}cache:compare:{statement_id}"

    def rate(self, client: str, window: int) -> str:
        return f"{self.prefix}rate:{client}:{window}"
