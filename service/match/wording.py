"""A statement's wordings: the distinct ways outlets wrote it, and which one is the reference (pure).

Two texts are the same *wording* when they are equal once case, quote marks, dash and ellipsis style,
whitespace and terminal punctuation are set aside (`wording_key`); inner punctuation and every word count.
A statement keeps one `Wording` per key, folded in mention by mention (`fold_wording`) and bounded to the
`MAX_WORDINGS` most carried. Its *reference wording* is the most carried one, ties going to the earliest
appearance (`reference_wording`): what most outlets printed, not the longest or the latest rendering.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import msgspec

from service.match.normalize import INVISIBLE, normalize, replace_chars, short_text_cache

__all__ = [
    "MAX_WORDINGS",
    "MAX_WORDING_OUTLETS",
    "Wording",
    "fold_wording",
    "fullest",
    "reference_wording",
    "wording_key",
]

MAX_WORDINGS = 16
MAX_WORDING_OUTLETS = 32

# Double quote marks only mark what an outlet quotes, so they go; single ones may be apostrophes, so they
# take one style and go only at either end.
_STYLE = {'"“”«»„‟″': " ", "‘’‚‛ʼ′`´": "'", "‐‑": "-", INVISIBLE: ""}
_DASH = re.compile(r"\s*(?:[‒–—―]|--+)\s*|\s+-\s+")
_DASHES = "‒–—―-"
"""A character every `_DASH` match holds."""
_ELLIPSIS = re.compile(r"\s*(?:…|\.\s?\.\s?\.)\s*")
_LEADING = " \"'."
_TERMINAL = " \"'.,;:!?"


@short_text_cache(maxsize=1 << 16)  # a statement's wordings are compared with every new mention of it
def wording_key(text: str) -> str:
    """The text with its style set aside: lower case, no double quote marks, straight single ones, one dash
    and one ellipsis style, single spaces, no quote marks, ellipsis or terminal punctuation at either end.
    Equal keys are the same wording."""
    # Each step is skipped where it cannot change the text: most quotes are ASCII (which NFKC leaves as it
    # is, and where the only style marks are `"` and the backtick), without dashes or ellipses.
    if text.isascii():
        text = text.replace('"', " ").replace("`", "'")
    else:
        text = replace_chars(unicodedata.normalize("NFKC", text), _STYLE)
    if any(dash in text for dash in _DASHES):
        text = _DASH.sub(" - ", text)
    if "…" in text or text.count(".") >= 3:
        text = _ELLIPSIS.sub(" ... ", text)
    # Whitespace runs as single spaces; one at either end is stripped below anyway.
    return " ".join(text.split()).casefold().lstrip(_LEADING).rstrip(_TERMINAL)


class Wording(msgspec.Struct, frozen=True, kw_only=True):
    """One wording of a statement: `text` as first written, how many mentions carry it (`count`), when it
    first appeared (`first_time`, seconds since the epoch, None when unknown) and the distinct outlets
    carrying it (at most `MAX_WORDING_OUTLETS`, in order of appearance)."""

    text: str
    count: int = 1
    first_time: float | None = None
    outlets: list[str] = msgspec.field(default_factory=list)

    @property
    def key(self) -> str:
        return wording_key(self.text)


def _earlier(a: float | None, b: float | None) -> bool:
    """Whether time `a` comes before `b`: a known time before an unknown one, and of two unknown ones the one
    seen first (so `b`, the wording's own)."""
    return a is not None and (b is None or a < b)


def fold_wording(
    wordings: Sequence[Wording], text: str, outlet: str | None = None, time: float | None = None
) -> list[Wording]:
    """The wordings with one more mention of `text` counted; a new list, the given one is unchanged.

    A known wording gains a count, the outlet and possibly an earlier time (and then that appearance's
    text). A new one is added; past `MAX_WORDINGS` the least carried is dropped, the latest of those on a
    tie, so the bound keeps the most carried wordings.
    """
    key = wording_key(text)
    out = list(wordings)
    for i, w in enumerate(out):
        if w.key == key:
            outlets = w.outlets
            if outlet and outlet not in outlets and len(outlets) < MAX_WORDING_OUTLETS:
                outlets = [*outlets, outlet]
            earlier = _earlier(time, w.first_time)
            out[i] = Wording(
                text=text if earlier else w.text,
                count=w.count + 1,
                first_time=time if earlier else w.first_time,
                outlets=outlets,
            )
            return out
    out.append(Wording(text=text, first_time=time, outlets=[outlet] if outlet else []))
    if len(out) > MAX_WORDINGS:
        order = sorted(range(len(out)), key=lambda i: _rank(out, i))
        del out[order[-1]]
    return out


def _rank(wordings: Sequence[Wording], i: int) -> tuple[int, bool, float, int, int]:
    """Sort key: most carried first, then the earliest appearance (unknown times last), then, at one known
    time, the most words (two parts of a remark one article printed apart appear at once: the fuller
    leads), then list order (without times, the order given)."""
    w = wordings[i]
    dated = w.first_time is not None
    return -w.count, not dated, w.first_time or 0.0, -len(w.text.split()) if dated else 0, i


def reference_wording(wordings: Sequence[Wording]) -> str:
    """The text of the most carried wording; ties go to the earliest appearance, then to the longer
    wording. "" when there is none."""
    if not wordings:
        return ""
    return wordings[min(range(len(wordings)), key=lambda i: _rank(wordings, i))].text


def fullest(reference: str, texts: Sequence[str]) -> str:
    """The longest of `texts` (in words) that contains the reference's words in a row; the reference
    itself when none is longer. Where the reference is what outlets agree on, this is the most of the
    remark any outlet printed."""
    ref = f" {normalize(reference)} "
    best, best_len = reference, len(ref.split())
    for text in texts:
        norm = normalize(text)
        n = len(norm.split())
        if n > best_len and ref in f" {norm} ":
            best, best_len = text, n
    return best
