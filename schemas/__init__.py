"""Wire format of the claimtrack API: msgspec Structs shared by the service and the Python client.

JSON is snake_case. Offsets are Python string indices into the text the response refers to.
"""

from __future__ import annotations

from typing import Literal

import msgspec

__all__ = [
    "Claim",
    "Cue",
    "ExtractRequest",
    "Extraction",
    "Fragment",
    "Mention",
    "Quote",
    "QuoteKind",
    "Speaker",
]

QuoteKind = Literal["direct", "partial", "indirect"]


class Fragment(msgspec.Struct, frozen=True):
    """One contiguous piece of a quote, quote marks excluded."""

    start: int
    end: int


class Mention(msgspec.Struct, frozen=True):
    """A surface mention in the text: a name, a pronoun or a description."""

    text: str
    start: int
    end: int


class Speaker(msgspec.Struct, frozen=True):
    """Who said it: the fullest name in the document, an optional title, and where it was mentioned."""

    name: str
    mention: Mention
    title: str | None = None


class Cue(msgspec.Struct, frozen=True):
    """The reporting verb or phrase (`said`, `told reporters`, `according to`)."""

    text: str
    start: int
    end: int


class Quote(msgspec.Struct, frozen=True, kw_only=True):
    """An attributed quotation; `text` is its fragments joined by a space."""

    id: str
    text: str
    kind: QuoteKind
    fragments: list[Fragment]
    speaker: Speaker | None
    cue: Cue | None
    confidence: float


class Claim(msgspec.Struct, frozen=True, kw_only=True):
    """A check-worthy sentence or reported-speech content with its score in [0, 1]."""

    id: str
    text: str
    start: int
    end: int
    score: float
    speaker: str | None = None
    quote_id: str | None = None


class ExtractRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    text: str


class Extraction(msgspec.Struct, frozen=True):
    quotes: list[Quote]
    claims: list[Claim]
