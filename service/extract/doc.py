"""A tokenised view of one article: words, sentences, paragraphs and quoted spans, with fast lookups."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence

from service.extract.lexicon import CUE_OPENERS, RAISING_WORDS
from service.extract.marks import Marked, find_marked
from service.extract.sentences import Paragraph, paragraphs, sentence_spans

__all__ = ["Doc", "is_number", "possessive", "title_case"]

# Splitting on a capturing word pattern yields gap, word, gap, …, gap: offsets follow from the lengths
# alone, without a match object per word. Possessive quantifiers match the same words (nothing follows
# them to backtrack for) and spare the engine the backtracking bookkeeping.
_WORD_SPLIT = re.compile(r"(\w++(?:(?:[’'\-&]|(?<=\d),(?=\d{3}(?!\d)))\w++)*+)")
"""Words, and numbers with thousands separators (`2,400`) as one word."""
_CLAUSE_END_CONJUNCTIONS = frozenset(["and", "but"])
_MAX_SENT = 3000
_COMMA = re.compile(",")
_ABBREV = frozenset(
    [
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Sen",
        "Rep",
        "Gov",
        "Gen",
        "Col",
        "Lt",
        "Sgt",
        "Capt",
        "Prof",
        "Rev",
        "St",
        "Jr",
        "Sr",
        "Sens",
        "Reps",
    ]
)


def _bounded(text: str, sents: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Cut run-on sentences into pieces of at most `_MAX_SENT` characters, bounding per-sentence work."""
    out: list[tuple[int, int]] = []
    for s, e in sents:
        while e - s > _MAX_SENT:
            cut = text.rfind(" ", s + _MAX_SENT // 2, s + _MAX_SENT)
            cut = cut if cut > s else s + _MAX_SENT
            out.append((s, cut))
            s = cut + 1 if text[cut : cut + 1] == " " else cut
        if s < e:
            out.append((s, e))
    return out


def is_number(word: str) -> bool:
    """Whether a word is a whole number, with or without thousands separators (`2016`, `2,400`)."""
    return word.replace(",", "").isdigit()


def possessive(word: str) -> bool:
    """Whether a token ends in an owner's `’s` (`Trump’s`, `the campaign's`)."""
    return word.endswith(("’s", "'s"))


def title_case(capitalised: Sequence[bool]) -> bool:
    """Whether words with these capitalisations read as title case: at least three, six in ten capitalised."""
    return len(capitalised) >= 3 and sum(capitalised) * 10 >= len(capitalised) * 6


class Doc:
    """Tokens (`starts`, `ends`, `words`, `lower`), sentences and quoted spans of `text`.

    Words are runs of word characters with inner apostrophes and hyphens (`Russia’s`, `Kerry-Obama`);
    punctuation lives in the gaps between tokens, read with `gap`. `cue_tokens` lists the tokens whose
    form can open a reporting cue (`CUE_OPENERS`), `raising_tokens` those of a raising word (`RAISING_WORDS`:
    `seemed`, `expected`, `reportedly`). `sentences` are the sentence spans of
    `sentence_spans`; `sents` the same with run-on sentences cut, bounding per-sentence rules.
    """

    def __init__(self, text: str) -> None:
        """Tokenise once; every later lookup is a list index or a binary search."""
        self.text = text
        parts = _WORD_SPLIT.split(text)
        bounds = list(itertools.accumulate(map(len, parts)))
        self.words: list[str] = parts[1::2]
        self.starts: list[int] = bounds[0:-1:2]
        self.ends: list[int] = bounds[1::2]
        n = len(self.words)
        self.lower = list(map(str.lower, self.words))
        self.cap = [
            w[0].isupper() or (w[0].isdigit() and not w.islower() and not is_number(w)) for w in self.words
        ]
        self.cue_tokens = list(itertools.compress(range(n), map(CUE_OPENERS.__contains__, self.lower)))
        self.raising_tokens = list(itertools.compress(range(n), map(RAISING_WORDS.__contains__, self.lower)))
        # Tokens where a reported clause may end: after a comma (not one inside a word, `2,400`), or a
        # coordinating `and`/`but`.
        after_comma = set()
        for comma in _COMMA.finditer(text):
            k = bisect.bisect_left(self.starts, comma.end())
            if k == 0 or self.ends[k - 1] <= comma.start():
                after_comma.add(k)
        coord = itertools.compress(range(n), map(_CLAUSE_END_CONJUNCTIONS.__contains__, self.lower))
        self.clause_marks = sorted(after_comma.union(coord) - {0, n})
        self.paras: list[Paragraph] = paragraphs(text)
        self.para_starts = [p.start for p in self.paras]
        self.sentences = sentence_spans(text, self.paras)
        self.sents = _bounded(text, self.sentences)
        self.sent_starts = [s for s, _ in self.sents]
        for s, e in self.sents:
            if text[e - 1] not in ".!?”\"'’" and " " in text[s:e] and text[s:e].isupper():
                # a heading (`THE BORROWING`): capitals for emphasis, not names
                for k in range(bisect.bisect_left(self.starts, s), bisect.bisect_left(self.starts, e)):
                    self.cap[k] = False
        self.marked: list[Marked] = find_marked(text, self.paras)
        self._q_starts = [m.start for m in self.marked]
        self.open_starts = [m.open_at for m in self.marked]
        self._q_ends = [m.end for m in self.marked]

    def tok_from(self, pos: int) -> int:
        """Index of the first token starting at or after `pos`."""
        return bisect.bisect_left(self.starts, pos)

    def sent_of(self, pos: int) -> tuple[int, int]:
        """The sentence span containing `pos` (or the nearest one before it)."""
        k = bisect.bisect_right(self.sent_starts, pos) - 1
        if k < 0:
            return (0, self.sents[0][1] if self.sents else len(self.text))
        return self.sents[k]

    def para_of(self, pos: int) -> int:
        """Index of the paragraph containing `pos`."""
        return max(0, bisect.bisect_right(self.para_starts, pos) - 1)

    def in_quote(self, pos: int) -> bool:
        """Whether `pos` lies inside quoted content."""
        k = bisect.bisect_right(self._q_starts, pos) - 1
        return k >= 0 and pos < self._q_ends[k]

    def gap(self, a: int, b: int) -> str:
        """The text between token `a` and token `b` (a < b)."""
        return self.text[self.ends[a] : self.starts[b]]

    def is_cap(self, i: int) -> bool:
        """Whether token `i` is capitalised (or an alphanumeric code such as G7)."""
        return self.cap[i]

    def joinable_gap(self, a: int, b: int) -> bool:
        """Whether tokens `a` and `b` can sit in one name: a space, or an abbreviation's period."""
        g = self.text[self.ends[a] : self.starts[b]]  # `gap`, inlined: this runs for every name token
        if g in (" ", "\u00a0"):
            return True
        if g in (". ", "."):
            w = self.words[a]
            return len(w) == 1 or w in _ABBREV or (len(w) <= 4 and w.isupper())
        return False
