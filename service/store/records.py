"""What the corpus keeps in Redis besides the wire structs: the record of a statement or claim.

Stored structs evolve only by adding fields with defaults.
"""

from __future__ import annotations

import msgspec

from schemas import ClaimSummary, FactCheckRef, StatementMention, StatementSummary
from service.match import Statement, Wording, normalize


class ClusterRecord(msgspec.Struct, kw_only=True):
    """A statement or claim as stored: what the matcher needs, the first appearance, counts, fact-checks."""

    id: str
    canonical: str
    speaker: str | None
    renderings: list[str]
    """Distinct normalised renderings matched against (bounded)."""
    recent_texts: list[str]
    """No longer written: `wordings` replaced it."""
    first: StatementMention
    first_time: float
    mention_count: int = 0
    outlets: list[str] = msgspec.field(default_factory=list)
    score: float = 0.0
    """For claims: the highest check-worthiness any mention had."""
    factchecks: list[FactCheckRef] = msgspec.field(default_factory=list)
    canonical_norm: str = ""
    """`canonical` normalised once, when it is chosen."""
    wordings: list[Wording] = msgspec.field(default_factory=list)
    """The distinct wordings of its mentions, from which the reference wording (`canonical`) is chosen."""

    def to_match(self) -> Statement:
        return Statement(
            self.id,
            self.canonical,
            self.speaker,
            list(self.renderings),
            # A record written before wordings were kept: its canonical text stands for all its mentions.
            list(self.wordings)
            or [Wording(text=self.canonical, count=max(self.mention_count, 1), first_time=self.first_time)],
            canonical_norm=self.canonical_norm or normalize(self.canonical),
        )

    def statement(self) -> StatementSummary:
        return StatementSummary(
            id=self.id,
            text=self.canonical,
            speaker=self.speaker,
            first_appearance=self.first,
            mention_count=self.mention_count,
            outlets=self.outlets,
            factchecks=self.factchecks,
        )

    def claim(self) -> ClaimSummary:
        return ClaimSummary(
            id=self.id,
            text=self.canonical,
            score=self.score,
            speaker=self.speaker,
            first_appearance=self.first,
            mention_count=self.mention_count,
            outlets=self.outlets,
            factchecks=self.factchecks,
        )


encode = msgspec.json.Encoder().encode
decode_cluster = msgspec.json.Decoder(ClusterRecord).decode
decode_mention = msgspec.json.Decoder(StatementMention).decode
