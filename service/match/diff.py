"""How one rendering of a statement differs from the reference wording: a word diff and a class (pure)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Literal

import msgspec
from rapidfuzz.fuzz import ratio

from service.match.normalize import surface_words
from service.match.wording import wording_key

__all__ = [
    "DiffKind",
    "DiffOp",
    "RenderingClass",
    "classify",
    "word_diff",
]

DiffKind = Literal["equal", "insert", "delete", "replace"]
RenderingClass = Literal["verbatim", "punctuation", "truncated", "extended", "altered"]

_ELLIPSIS = re.compile(r"\[?\s*(?:…|\.\s?\.\s?\.)\s*\]?")


class DiffOp(msgspec.Struct, frozen=True):
    """One step from the reference's words to the rendering's words, each as written."""

    op: DiffKind
    canonical: list[str]
    rendering: list[str]


def word_diff(canonical: str, rendering: str) -> list[DiffOp]:
    """Word-level diff, compared on normalised words and reported as written: equal / insert / delete /
    replace runs. Editorial insertions ("[the president]") show, equal only to the same insertion."""
    (written_a, a), (written_b, b) = _surface(canonical), _surface(rendering)
    if a == b:  # the same words (an exact check): one run, as the matcher would find it
        return [DiffOp("equal", _shown(written_a), _shown(written_b))] if a else []
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    steps: list[_Step] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        steps.extend(_paired(a, b, i1, i2, j1, j2) if tag == "replace" else [(tag, i1, i2, j1, j2)])
    return [DiffOp(t, _shown(written_a[x1:x2]), _shown(written_b[y1:y2])) for t, x1, x2, y1, y2 in steps]


SIMILAR_WORD = 75.0
"""Character similarity (0-100) at which two words of three letters or more are one word changed (`roads` and
`road`, `rating` and `ratings`), not one put in the other's place (`_paired`)."""
_Step = tuple[DiffKind, int, int, int, int]


def _paired(a: Sequence[str], b: Sequence[str], i1: int, i2: int, j1: int, j2: int) -> list[_Step]:
    """A replaced run of unequal lengths as the words changed and the words left out or put in around them,
    when the shorter side's words are like a run of the longer side's (`roads. Our towns deserve better.`
    printed as `road.`: `roads` changed, the next sentence left out, not five words turned into one);
    otherwise the run as it is."""
    n, m = i2 - i1, j2 - j1
    if n == m:
        return [("replace", i1, i2, j1, j2)]
    short, long_ = (a[i1:i2], b[j1:j2]) if n < m else (b[j1:j2], a[i1:i2])
    k = len(short)
    at = next((s for s in range(len(long_) - k + 1) if _alike(short, long_[s : s + k])), None)
    if at is None:
        return [("replace", i1, i2, j1, j2)]
    spans: list[_Step]
    if n < m:  # the rendering has more: words put in before and after the changed ones
        spans = [("insert", i1, i1, j1, j1 + at), ("replace", i1, i2, j1 + at, j1 + at + k)]
        spans.append(("insert", i2, i2, j1 + at + k, j2))
    else:
        spans = [("delete", i1, i1 + at, j1, j1), ("replace", i1 + at, i1 + at + k, j1, j2)]
        spans.append(("delete", i1 + at + k, i2, j2, j2))
    return [span for span in spans if span[2] > span[1] or span[4] > span[3]]


def _alike(xs: Sequence[str], ys: Sequence[str]) -> bool:
    """Whether each word is the other's changed (`SIMILAR_WORD`): short words look alike by chance."""
    return all(min(len(x), len(y)) >= 3 and ratio(x, y) >= SIMILAR_WORD for x, y in zip(xs, ys, strict=True))


_GLUED = "\0"
"""Marks a written piece that continues the one before it in one written word (`control` of `gun-control`)."""


def _shown(written: Sequence[str]) -> list[str]:
    """Words as written for a diff op: one written inside another (`percent` in `2.4%`) shows there, and the
    pieces of one written word (`gun-` and `control`, compared as two words) show as that word when the op
    holds them both."""
    shown: list[str] = []
    for w in written:
        if w.startswith(_GLUED) and shown:
            shown[-1] += w[1:]
        elif w := w.removeprefix(_GLUED):
            shown.append(w)
    return shown


def classify(reference: str, rendering: str) -> RenderingClass:
    """How a rendering departs from the reference wording, in words as written:

    - `verbatim`: the same wording (`wording_key`): case, quote-mark, dash and ellipsis style, whitespace
      and terminal punctuation never count;
    - `punctuation`: the same words, only inner punctuation differs;
    - `truncated`: a contiguous part of the reference, or parts of it in order joined by an ellipsis;
    - `extended`: the whole reference with words before or after it;
    - `altered`: anything else, i.e. a word inserted, removed (without an ellipsis) or changed inside.

    Words are compared as `word_diff` compares them (an editorial "[the president]" is a word of its own),
    so the diff agrees: no change ops for the first two, only deletions for `truncated` (where the
    ellipsis stands or at the ends), only insertions at the ends for `extended`.
    """
    if wording_key(reference) == wording_key(rendering):
        return "verbatim"
    ref, words = _words(reference), _words(rendering)
    if words == ref:
        return "punctuation"
    parts = _ellipsis_parts(rendering)
    if parts and _in_order(parts, ref):
        return "truncated"
    if ref and _in_order([ref], words):
        return "extended"
    return "altered"


# Cached: a checked quote is classed against each wording of every statement it matches and then diffed, and
# a statement's wordings against every quote checked against it. A few thousand texts hold every request in
# flight; the bound also caps what long quotes sent by clients can make the cache hold.
@lru_cache(maxsize=1 << 12)
def _surface(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The text's words as written and as `word_diff` compares them: one per normalised word, editorial
    insertions kept as themselves (`surface_words`), so that `troops—and` and `troops — and`, `2.4%` and
    `2.4 percent`, `well-known` and `well known` are the same words; a currency sign or a number's sign
    stays with its number, so that `$2,000` and `£2,000`, `+2` and `-2` are not."""
    words = surface_words(text, editorial_too=True)
    if _NUMBER.search(text) or any(" " in key for _, key in words):  # most quotes have neither: taken as is
        split = [_split(w, k) if " " in k or _NUMBER.search(w) else [(w, k)] for w, k in words]
        words = [pair for pairs in split for pair in pairs]
    return tuple(w for w, _ in words), tuple(k for _, k in words)


_NUMBER = re.compile(r"\d")
_RUN = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+")
"""A run of a written word that normalises to one word (as `normalize` reads numbers and letters)."""
_SIGNED = re.compile(r"^[^\w$£€¥₹+\-−]*([+\-−]?)([$£€¥₹]*)(?=[+\-−]?\d)")
"""The sign and currency a word as written puts before its number (`-$5`, `+2°C`, `£2,000`)."""


def _split(written: str, key: str) -> list[tuple[str, str]]:
    """One (as written, normalised) pair per normalised word of a word as written: its runs, each with the
    punctuation after it, when they match the words one to one (`troops—` and `and,`), else the whole word
    on the first and nothing written on the others (`2.4%`: `2.4` and `percent`; `don't`: `do` and `not`)."""
    keys = [key] if key.startswith("[") else key.split()
    if (signed := _SIGNED.match(written)) and (mark := signed.group(1).replace("−", "-") + signed.group(2)):
        at = next((i for i, k in enumerate(keys) if k[:1].isdigit()), None)
        if at is not None:
            keys[at] = mark + keys[at]
    if len(keys) == 1:
        return [(written, keys[0])]
    runs = [m.start() for m in _RUN.finditer(written)]
    if len(runs) != len(keys) or "'" in written or "’" in written:
        return [(written, keys[0]), *(("", k) for k in keys[1:])]
    cuts = [0, *runs[1:], len(written)]
    return [
        (("" if a == 0 else _GLUED) + written[a:b], k) for a, b, k in zip(cuts, cuts[1:], keys, strict=False)
    ]


def _words(text: str) -> tuple[str, ...]:
    """The words `word_diff` compares."""
    return _surface(text)[1]


@lru_cache(maxsize=1 << 12)
def _ellipsis_parts(text: str) -> tuple[tuple[str, ...], ...]:
    """The words of each part of the text between ellipses, empty parts left out."""
    return tuple(p for p in map(_words, _ELLIPSIS.split(text)) if p)


def _in_order(parts: Sequence[tuple[str, ...]], words: tuple[str, ...]) -> bool:
    """Whether each part occurs in `words` as a contiguous run, each after the one before."""
    at = 0
    for part in parts:
        n = len(part)
        at = next((i for i in range(at, len(words) - n + 1) if words[i : i + n] == part), -1)
        if at < 0:
            return False
        at += n
    return True
