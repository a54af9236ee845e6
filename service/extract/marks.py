"""Quote-mark pairing: find the top-level quoted spans of a text in one linear pass.

Double-family marks (“ ” „ « » " and the typewriter pair '') and single-family marks (‘ ’ ‹ › ') are
paired per paragraph with a small stack. Apostrophes (it’s, Russia’s, ’90s, voters’) are told apart from
single marks by their neighbours and by whether a single quote is open. A quote still open at the end of
its paragraph continues only when the next paragraph reopens it (a single quote only with a single mark);
otherwise it is dropped, so a stray mark never swallows the rest of the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.extract.sentences import Paragraph

__all__ = ["Marked", "find_marked"]

# One character class, which the regex engine scans for quickly; `''` (two straight single quotes
# standing for a double one) is recognised by `find_marked`.
_MARK = re.compile("[“”„«»‹›\"‘’']")
_MAX_DEPTH = 4
_OPEN_BEFORE = frozenset(" \t\u00a0([{—–-/:;,“‘\"'„«‹")


@dataclass(slots=True)
class Marked:
    """A top-level quoted span; `start:end` is the content without the marks."""

    open_at: int
    close_at: int
    start: int
    end: int
    para: int
    closed: bool
    continues: bool = False


@dataclass(slots=True)
class _Open:
    family: str
    char: str
    pos: int
    width: int


def _closing_context(text: str, i: int, width: int, lo: int, hi: int) -> bool:
    """A mark at `i` looks like a closer: glued to the word before it, not to the word after."""
    before = text[i - 1] if i > lo else " "
    after = text[i + width] if i + width < hi else " "
    return not before.isspace() and not after.isalnum()


def _opening_context(text: str, i: int, width: int, lo: int, hi: int) -> bool:
    """A mark at `i` looks like an opener: after a space or opener, before a non-space."""
    before = text[i - 1] if i > lo else " "
    after = text[i + width] if i + width < hi else " "
    return before in _OPEN_BEFORE and not after.isspace()


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    """Shrink `s:e` past surrounding whitespace."""
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


class _Pairer:
    """Per-paragraph stack machine; `spans` collects top-level quotes."""

    def __init__(self, text: str, para: int, lo: int, hi: int) -> None:
        self.text = text
        self.para = para
        self.lo = lo
        self.hi = hi
        self.stack: list[_Open] = []
        self.spans: list[Marked] = []

    def _open(self, family: str, char: str, pos: int, width: int) -> None:
        """Push an opener; nesting deeper than a few levels is treated as stray marks."""
        if len(self.stack) >= _MAX_DEPTH:
            return
        self.stack.append(_Open(family, char, pos, width))

    def _close(self, family: str, pos: int, width: int) -> bool:
        """Close the innermost open quote of `family` (dropping strays above it)."""
        for k in range(len(self.stack) - 1, -1, -1):
            if self.stack[k].family == family:
                op = self.stack[k]
                del self.stack[k:]
                if not self.stack:
                    s, e = _strip(self.text, op.pos + op.width, pos)
                    if s < e:
                        self.spans.append(Marked(op.pos, pos + width, s, e, self.para, True))
                return True
        return False

    def _has(self, family: str) -> bool:
        """Whether a quote of `family` is open."""
        return any(o.family == family for o in self.stack)

    def feed(self, c: str, i: int) -> None:
        """Handle the mark `c` at `i`.

        Openers push, closers pop to the innermost quote of their family. Curly `“` closes when glued to
        the word before it (or after `„`), straight `"` and `''` close any open double quote unless
        they clearly open a new one after a stray curly opener.
        """
        text, lo, hi = self.text, self.lo, self.hi
        w = len(c)
        if c in "„«":
            self._open("D", c, i, w)
        elif c in "»”":
            self._close("D", i, w)
        elif c == "“":
            closing = _closing_context(text, i, w, lo, hi)
            top = self.stack[-1] if self.stack else None
            if self._has("D") and (closing or (top is not None and top.char == "„")):
                self._close("D", i, w)
            elif not closing:
                self._restart_double(c, i, w)
        elif c in ('"', "''"):
            opening = _opening_context(text, i, w, lo, hi) and not _closing_context(text, i, w, lo, hi)
            if self._has("D"):
                if opening and self.stack[0].char != c:
                    self._restart_double(c, i, w)
                else:
                    self._close("D", i, w)
            elif opening:
                self._open("D", c, i, w)
        elif c in "‹‘":
            if _opening_context(text, i, w, lo, hi):
                self._open("S", c, i, w)
        elif c == "›":
            self._close("S", i, w)
        else:
            self._single(c, i)

    def _restart_double(self, c: str, i: int, w: int) -> None:
        """Open a double quote; an unclosed top-level double before it was a stray mark."""
        if self.stack and self.stack[0].family == "D":
            self.stack.clear()
        self._open("D", c, i, w)

    def _single(self, c: str, i: int) -> None:
        """Handle ’ or ': apostrophe, closer of an open single quote, or (for ') an opener."""
        text, lo, hi = self.text, self.lo, self.hi
        before = text[i - 1] if i > lo else " "
        after = text[i + 1] if i + 1 < hi else " "
        if before.isalnum() and after.isalnum():
            return
        if _closing_context(text, i, 1, lo, hi):
            top = self.stack[-1] if self.stack else None
            if top is not None and top.family == "S":
                self._close("S", i, 1)
            return
        if c == "'" and _opening_context(text, i, 1, lo, hi) and after.isalpha():
            self._open("S", c, i, 1)

    def finish(self) -> None:
        """Record a quote left open at paragraph end (a candidate multi-paragraph quote): the outermost
        open double quote, else the outermost single one (British style opens each paragraph of a long
        quote with `‘`)."""
        ops = [op for op in self.stack if op.family == "D"] or self.stack
        if ops:
            op = ops[0]
            s, e = _strip(self.text, op.pos + op.width, self.hi)
            if s < e:
                self.spans.append(Marked(op.pos, self.hi, s, e, self.para, False))


def find_marked(text: str, paras: list[Paragraph]) -> list[Marked]:
    """Return top-level quoted spans in text order.

    An unclosed quote is kept only when the next paragraph opens with a quote mark (then it is marked
    `continues`), or when it opens its own paragraph and is the paragraph's last quote.
    """
    out: list[Marked] = []
    # One scan of the whole text: every mark lies inside a paragraph (marks are not whitespace, and
    # `''` cannot straddle a paragraph end), and a paragraph without marks yields nothing.
    pairer: _Pairer | None = None
    p_idx = -1
    found = _MARK.finditer(text)
    for m in found:
        i = m.start()
        c = m.group()
        if c == "'" and text.startswith("'", i + 1):
            c = "''"
            next(found)  # the second quote belongs to this mark
        if pairer is None or i >= pairer.hi:
            if pairer is not None:
                pairer.finish()
                out.extend(pairer.spans)
            p_idx += 1
            while paras[p_idx].end <= i:
                p_idx += 1
            pairer = _Pairer(text, p_idx, paras[p_idx].start, paras[p_idx].end)
        pairer.feed(c, i)
    if pairer is not None:
        pairer.finish()
        out.extend(pairer.spans)
    kept: list[Marked] = []
    for k, span in enumerate(out):
        if not span.closed:
            nxt_start = paras[span.para + 1].start if span.para + 1 < len(paras) else -1
            reopened = k + 1 < len(out) and out[k + 1].open_at == nxt_start
            if text[span.open_at] in "‘'" and not text.startswith("''", span.open_at):
                # a single quote goes on only into a paragraph a single mark reopens, and only from a
                # capitalised opening: a lone `'` before a lower-case word is an elision (`rock 'n roll`)
                reopened = reopened and text[nxt_start] in "‘'" and text[span.start].isupper()
            if reopened and text[nxt_start] in "“„«\"'‘":
                span.continues = True
            elif span.open_at != paras[span.para].start:
                continue
        kept.append(span)
    return kept
