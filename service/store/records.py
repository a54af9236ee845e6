"""What the corpus keeps in Redis besides the wire structs: the statement record.

Stored structs evolve only by adding fields with defaults.
"""

from __future__ import annotations

import msgspec

from schemas import StatementMention, StatementSummary
from service.match import Statement

MAX_RECENT_TEXTS = 64


class StatementRecord(msgspec.Struct, kw_only=True):
    """A statement as stored: what the matcher needs plus the first appearance and counts."""

    id: str
    canonical: str
    speaker: str | None
    renderings: list[str]
    """Distinct normalised renderings matched against (bounded)."""
    recent_texts: list[str]
    """Recent mention texts, from which the canonical text is chosen (bounded)."""
    first: StatementMention
    first_time: float
    mention_count: int = 0
    outlets: list[str] = msgspec.field(default_factory=list)

    def to_match(self) -> Statement:
        return Statement(
            self.id, self.canonical, self.speaker, list(self.renderings), list(self.recent_texts)
        )

    def summary(self) -> StatementSummary:
        return StatementSummary(
            id=self.id,
            text=self.canonical,
            speaker=self.speaker,
            first_appearance=self.first,
            mention_count=self.mention_count,
            outlets=self.outlets,
        )


encode = msgspec.json.Encoder().encode
decode_statement = msgspec.json.Decoder(StatementRecord).decode
decode_mention = msgspec.json.Decoder(StatementMention).decode
