"""Sentence segmentation for news prose, in one linear pass and without models.

Newlines always end a sentence: a text is read as its non-blank lines (`paragraphs`). Inside a line a
sentence ends at `.`, `!` or `?` (plus any closing quote marks or brackets) followed by whitespace and
something that can start a sentence, unless the period belongs to a title (`Mr.`), a month (`Sept.`), an
initial (`J.`) or an acronym (`U.S.`) that is not followed by a typical sentence opener. A leading all-caps
dateline (`KYIV, Ukraine (Reuters) -`) is left out of the first sentence's span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Paragraph", "paragraphs", "sentence_spans"]


def _words(blob: str) -> frozenset[str]:
    """A frozenset of the whitespace-separated words in `blob`."""
    return frozenset(blob.split())


_CLOSERS = frozenset("\"'”’»›)]")
_OPENING_MARKS = frozenset("\"'“‘«‹„(")
_TERMINALS = frozenset(".!?")

# Abbreviations that are (almost) never the last word of a sentence.
_NEVER_FINAL = _words(
    """mr mrs ms dr prof sen sens rep reps gov gen col lt sgt capt cmdr adm maj rev hon pres supt
    insp det cpl pvt fr msgr st mt ft jan feb apr aug sept sep oct nov dec no nos vs v e.g i.e
    approx dept est fig gens govs messrs mmes sr.s"""
)
# Abbreviations that may end a sentence: break only before a typical sentence opener.
_MAYBE_FINAL = _words("jr sr inc corp co ltd llc plc bros etc al p.m a.m ph.d u.s u.k u.n")
_OPENER_WORDS = _words(
    """the a an he she it they we i you his her its their our this that these those there but and
    so yet or in on at for by after before when while if as however meanwhile still since although
    though despite what who why how where mr mrs ms dr prof"""
)
# A terminal followed by any further terminals and closing marks, then the whitespace after them
# (group 1); no nested quantifiers.
_TERMINAL_RUN = re.compile("[.!?][.!?\"'”’»›)\\]]*(\\s*)")
_DATELINE = re.compile(
    r"[A-Z][A-Z .'’-]{1,40}(?:,[A-Za-z0-9 .'’]{1,40}){0,2}(?: \([A-Za-z .&]{1,30}\))?\s*[-—–]{1,2}\s+"
)
_RUN_IN_HEAD = re.compile(r"(?:[A-Z][A-Z'’-]* ){1,7}(?=[A-Z][a-z])")
"""A heading run into its paragraph in plain text (`THE BORROWING Back when he wrote …`): capitalised
words before the first sentence's opening word. Its own sentence, so its words join no name."""
_RUN_IN_HEAD_MIN = 6
"""Fewest capital letters of a run-in heading: `FBI Director Comey said` opens with a mere acronym."""


def _word_before(text: str, dot: int, floor: int) -> str:
    """The token (letters and inner dots) ending just before the period at `dot`, lower-cased."""
    i = dot
    while i > floor and (text[i - 1].isalpha() or text[i - 1] == "."):
        i -= 1
    return text[i:dot].lower()


def _next_word(text: str, i: int, end: int) -> str:
    """The alphabetic word starting at or after `i` (skipping opening marks), lower-cased."""
    while i < end and text[i] in _OPENING_MARKS:
        i += 1
    j = i
    while j < end and text[j].isalpha():
        j += 1
    return text[i:j].lower()


def _is_boundary(text: str, dot: int, nxt: int, floor: int, end: int) -> bool:
    """Whether the terminal at `dot` ends a sentence whose successor starts at `nxt`."""
    c = text[nxt]
    starts = c.isupper() or c.isdigit() or c in _OPENING_MARKS
    if not starts:
        return False
    if text[dot] != ".":
        return True
    word = _word_before(text, dot, floor)
    if not word:
        return True
    if word in _NEVER_FINAL:
        return False
    if len(word) == 1 and word.isalpha() and text[dot - 1].isupper():
        return False
    if word in _MAYBE_FINAL or (len(word) <= 6 and "." in word):
        return _next_word(text, nxt, end) in _OPENER_WORDS
    return True


def _line_spans(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    """Append the sentence spans of one line `text[start:end]` (no newlines inside)."""
    m = _DATELINE.match(text, start, end)
    if m and m.end() < end:
        start = m.end()
    head = _RUN_IN_HEAD.match(text, start, end)
    if head and sum(c.isupper() for c in head.group()) >= _RUN_IN_HEAD_MIN and " " in head.group().strip():
        out.append((start, head.end() - 1))
        start = head.end()
    sent = start
    for t in _TERMINAL_RUN.finditer(text, start, end):
        i, j, k = t.start(), t.start(1), t.end()
        if k > j and k < end and _is_boundary(text, i, k, sent, end):
            out.append((sent, j))
            sent = k
    if sent < end:
        out.append((sent, end))


@dataclass(slots=True)
class Paragraph:
    """A non-empty line of the text."""

    start: int
    end: int


def paragraphs(text: str) -> list[Paragraph]:
    """Split `text` into its non-blank lines, stripped of surrounding whitespace."""
    out: list[Paragraph] = []
    pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        s, e = pos, end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append(Paragraph(s, e))
        pos = end + 1
    return out


def sentence_spans(text: str, lines: list[Paragraph] | None = None) -> list[tuple[int, int]]:
    """Return `(start, end)` offsets of the sentences in `text`, stripped of surrounding whitespace.

    `lines` are the text's `paragraphs`, when the caller has them already.
    """
    out: list[tuple[int, int]] = []
    for line in paragraphs(text) if lines is None else lines:
        _line_spans(text, line.start, line.end, out)
    return out
