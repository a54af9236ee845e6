"""How one rendering of a statement differs from another: word diffs, a coarse class, the canonical text."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from difflib import SequenceMatcher
from typing import Literal

import msgspec
from rapidfuzz.distance import LCSseq

from service.match.normalize import normalize, surface_words

__all__ = [
    "DiffKind",
    "DiffOp",
    "RenderingClass",
    "canonical_text",
    "classify",
    "classify_norms",
    "word_diff",
]

DiffKind = Literal["equal", "insert", "delete", "replace"]
RenderingClass = Literal["verbatim", "punctuation", "truncated", "extended", "altered"]

_QUOTE_EDGES = " \t\n\"'“”‘’«»„"
_NEAR_EQUAL = 0.9
_MAX_RENDERINGS = 64


class DiffOp(msgspec.Struct, frozen=True):
    """One step from the canonical words to the rendering's words, each as written."""

    op: DiffKind
    canonical: list[str]
    rendering: list[str]


def word_diff(canonical: str, rendering: str) -> list[DiffOp]:
    """Word-level diff, compared on normalised words and reported as written: equal / insert / delete /
    replace runs. Editorial insertions ("[the president]") show, equal only to the same insertion."""
    a, b = surface_words(canonical, editorial_too=True), surface_words(rendering, editorial_too=True)
    matcher = SequenceMatcher(None, [k for _, k in a], [k for _, k in b], autojunk=False)
    return [
        DiffOp(tag, [w for w, _ in a[i1:i2]], [w for w, _ in b[j1:j2]])
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
    ]


def classify(canonical: str, rendering: str) -> RenderingClass:
    """`verbatim` (same characters), `punctuation` (same words), `truncated` (a subsequence of the
    canonical words), `extended` (a supersequence of them) or `altered`."""
    if canonical.strip(_QUOTE_EDGES) == rendering.strip(_QUOTE_EDGES):
        return "verbatim"
    return classify_norms(normalize(canonical), normalize(rendering))


def classify_norms(canonical_norm: str, rendering_norm: str) -> RenderingClass:
    """`classify` for texts already normalised, where characters are no longer known: never `verbatim`."""
    a, b = canonical_norm.split(), rendering_norm.split()
    if a == b:
        return "punctuation"
    lcs = LCSseq.similarity(a, b)
    if lcs == len(b):
        return "truncated"
    if lcs == len(a):
        return "extended"
    return "altered"


def _consistent(part: list[str], whole: list[str]) -> bool:
    """Whether `part` is (nearly) contained in `whole` in order."""
    return bool(part) and LCSseq.similarity(part, whole) >= _NEAR_EQUAL * len(part)


def canonical_text(renderings: Sequence[str]) -> str:
    """The fullest well-attested rendering: most renderings consistent with it, then most repeated,
    then most words, then the earliest."""
    if len(renderings) <= 1:
        return renderings[0] if renderings else ""
    recent = list(renderings[-_MAX_RENDERINGS:])
    norms = [normalize(r) for r in recent]
    counts = Counter(norms)
    if len(counts) == 1:  # one wording (the common case): nothing to weigh
        return recent[0]
    distinct = list(dict.fromkeys(norms))
    words = {n: n.split() for n in distinct}

    def key(n: str) -> tuple[int, int, int]:
        attested = sum(c for m, c in counts.items() if _consistent(words[m], words[n]))
        return attested, counts[n], len(words[n])

    best = max(distinct, key=key)
    return recent[norms.index(best)]
