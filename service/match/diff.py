"""How one rendering of a statement differs from the reference wording: a word diff and a class (pure)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher
from typing import Literal

import msgspec

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
    a, b = surface_words(canonical, editorial_too=True), surface_words(rendering, editorial_too=True)
    matcher = SequenceMatcher(None, [k for _, k in a], [k for _, k in b], autojunk=False)
    return [
        DiffOp(tag, [w for w, _ in a[i1:i2]], [w for w, _ in b[j1:j2]])
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
    ]


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
    parts = [p for p in (_words(part) for part in _ELLIPSIS.split(rendering)) if p]
    if parts and _in_order(parts, ref):
        return "truncated"
    if ref and _in_order([ref], words):
        return "extended"
    return "altered"


def _words(text: str) -> list[str]:
    """The words `word_diff` compares: normalised, editorial insertions kept as themselves."""
    return [key for _, key in surface_words(text, editorial_too=True)]


def _in_order(parts: Sequence[list[str]], words: list[str]) -> bool:
    """Whether each part occurs in `words` as a contiguous run, each after the one before."""
    at = 0
    for part in parts:
        n = len(part)
        at = next((i for i in range(at, len(words) - n + 1) if words[i : i + n] == part), -1)
        if at < 0:
            return False
        at += n
    return True
