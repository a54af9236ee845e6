"""Scoring a normalised mention against candidate statements and picking the best one."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Literal

import msgspec
from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from service.match.normalize import PHRASE_MAX_WORDS, informative
from service.match.speakers import SpeakerRelation, compare_speakers

__all__ = ["Candidate", "Match", "PairScore", "Relation", "choose_statement", "score_pair"]

Relation = Literal["similar", "within", "contains", "overlaps"]

WHOLE_MIN = 0.8
COVER_MIN = 0.85
LONG_SHARED = 5
OVERLAP_MIN = 10
PASSAGE_MIN_WORDS = 10
PASSAGE_RATIO = 0.95
FRAGMENT_WORDS = 2
"""A mention this short is a fragment: found inside a reported-speech statement, it is only the writer's
paraphrase sharing a word or two, not the same remark, so it joins such a statement only as a whole."""
LONE_WORDS = 1
"""A mention this short is a word, not a remark: found inside a statement longer than a phrase
(`PHRASE_MAX_WORDS`) it is one of many words the speaker used, and two words quoted from one sentence
("reckless", "shameful") are not the same quote, so it joins such a statement only as a whole. A word of
a phrase stands for it ("productive" of "very good and productive")."""


class Candidate(msgspec.Struct, frozen=True):
    """A stored statement as the matcher sees it: normalised canonical text and renderings."""

    statement_id: str
    text: str
    speaker: str | None = None
    renderings: tuple[str, ...] = ()
    reported: bool = False
    """Only reported speech so far: a fragment joins it only by matching it whole."""
    reference: str = ""
    """The normalised reference wording (what most mentions carry), when `text` is a fuller wording
    holding it: a mention quoting more around the reference joins the statement, as one quoting more of
    `text` does."""


class Match(msgspec.Struct, frozen=True):
    """The statement a mention joins: `relation` is how the mention relates to the matched text (`within`:
    a truncation of it, `contains`: quotes more of it, `overlaps`: a different stretch of the same remark),
    `speaker` how the mention's speaker relates to the statement's."""

    statement_id: str
    score: float
    relation: Relation
    speaker: SpeakerRelation

    @property
    def speaker_agreed(self) -> bool:
        """Whether both name the same person in the same words; otherwise the difference is reported."""
        return self.speaker == "same"


class PairScore(msgspec.Struct, frozen=True):
    """How well two normalised texts match, in [0, 1], and how they relate."""

    score: float
    relation: Relation


def _runs(short: list[str], long: list[str]) -> tuple[int, int, int]:
    """(words of `short` found in `long` in runs of two or more words, and how many words of `short` and
    of `long` those runs span); lone matching words are usually coincidence."""
    blocks = LCSseq.editops(short, long).as_matching_blocks()
    runs = [b for b in blocks if b.size >= (2 if len(short) >= 3 else 1)]
    if not runs:
        return 0, 0, 0
    span_short = runs[-1].a + runs[-1].size - runs[0].a
    span_long = runs[-1].b + runs[-1].size - runs[0].b
    return sum(b.size for b in runs), span_short, span_long


def _reordered(short: list[str], long: list[str]) -> int:
    """Shared words regardless of order (less one), for quotes whose clauses an outlet rearranged."""
    if len(short) < 6 or len(short) < 0.8 * len(long):
        return 0
    return sum((Counter(short) & Counter(long)).values()) - 1


def _whole(a: str, b: str, short: list[str], long: list[str], in_order: int, paraphrases: bool) -> float:
    """Similarity of the whole texts: word-level, or character-level for spelling variants of longer
    quotes; a short text may differ by at most one word in three ("absolute epidemic/necessity"). Two
    `paraphrases` are compared word for word only: a writer's words are no one's spelling of a quote."""
    n = len(short) + len(long)
    if len(long) < 10 and n - 2 * in_order > max(1, len(long) // 3):
        return 0.0
    whole = 2 * in_order / n
    if whole < 0.5 or whole >= WHOLE_MIN or paraphrases:
        return whole
    whole = max(whole, 2 * _reordered(short, long) / n)
    if whole < WHOLE_MIN and len(short) >= 6 and len(short) >= 0.6 * len(long):
        whole = max(whole, fuzz.ratio(a, b) / 100)
    return whole


def score_pair(a: str, b: str, speakers: SpeakerRelation = "unknown") -> PairScore | None:
    """Whether normalised texts `a` (the mention) and `b` are the same remark, and how.

    Either they are near-equal overall, or the shorter is (almost) contained in a compact stretch of the
    longer and shares enough content words that a generic fragment cannot attach to an unrelated quote.
    """
    return _score_words(a, a.split(), b, speakers)


def _held(short: list[str], long: list[str]) -> bool:
    """Whether `short` is found word for word in `long`."""
    return f" {' '.join(short)} " in f" {' '.join(long)} "


def _phrase_of(short: list[str], long: list[str]) -> bool:
    """Whether `short` is a phrase of at most `PHRASE_MAX_WORDS` words found word for word in `long`: an
    outlet quoting a few words of a remark ("extremely careless") that another quotes at length. Checked
    as a substring, since an alignment may pair a repeated word ("abolish — essentially abolish the")
    with its other occurrence."""
    return len(short) <= PHRASE_MAX_WORDS and _held(short, long)


def _score_words(
    a: str, wa: list[str], b: str, speakers: SpeakerRelation, *, paraphrases: bool = False
) -> PairScore | None:
    """`score_pair` with the mention's words split once by the caller. Two `paraphrases` (reported speech,
    each a writer's own words) are the same remark only when nearly the same words in order or one holds
    the other word for word: two writers paraphrasing different remarks share stock phrases and whole
    frames (`they want the next president to …`), and a word changed inside a paraphrase (`a positive
    view of him`, `a negative view`) is another finding, not an outlet's slip."""
    wb = b.split()
    if not wa or not wb:
        return None
    if a == b:
        return PairScore(1.0, "similar")
    short, long = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    in_order = int(LCSseq.similarity(short, long))
    whole = _whole(a, b, short, long, in_order, paraphrases)
    if whole >= WHOLE_MIN:
        return PairScore(whole, "similar")
    if in_order < COVER_MIN * len(short) and in_order < max(OVERLAP_MIN, 0.4 * len(short)):
        return None
    in_runs, span_short, span_long = _runs(short, long)
    cover = in_runs / len(short)
    content = len(set(informative(short)) & set(long))
    if cover < COVER_MIN or span_long > 2 * len(short) + 8:
        # Outlets that each quote a different stretch of one remark share a long compact run.
        compact = max(span_short, span_long) <= in_runs + 6
        if in_runs >= OVERLAP_MIN and cover >= 0.4 and content >= 3 and compact and not paraphrases:
            return PairScore(0.5 * cover, "overlaps")
        return None
    if paraphrases and not _held(short, long):
        return None
    known = speakers in ("same", "related")
    if not (
        in_runs >= 7
        or (in_runs >= 4 and content >= 3)
        or (in_runs >= LONG_SHARED and content >= 2)
        or (known and in_runs >= LONG_SHARED and content >= 1)
        or (in_runs >= 3 and content >= 1 and in_runs >= 0.5 * len(long))
        or (known and content >= 1 and len(long) <= 8)
        or (known and content >= 2 and _phrase_of(short, long))
    ):
        return None
    relation: Relation = "within" if short is wa else "contains"
    return PairScore(cover * (0.6 + 0.4 * in_runs / len(long)), relation)


def _same_passage(mention: str, n_words: int, text: str) -> bool:
    """Whether two normalised texts are one long passage, word for word (one inside the other) or all but a
    few characters: two people do not independently say ten identical words, an outlet misattributes."""
    if n_words < PASSAGE_MIN_WORDS or text.count(" ") + 1 < PASSAGE_MIN_WORDS:
        return False
    short, long = sorted((mention, text), key=len)
    cutoff = 100 * PASSAGE_RATIO
    return f" {short} " in f" {long} " or fuzz.ratio(mention, text, score_cutoff=cutoff) >= cutoff


def choose_statement(
    mention_norm: str, speaker: str | None, candidates: Sequence[Candidate], *, reported: bool = False
) -> Match | None:
    """The best statement for a normalised mention, or None to start a new statement.

    A candidate whose speaker is a different named person is joined only when the mention repeats one of
    its long passages (a misattribution, reported as such), never for shorter or looser matches: the same
    few words from two people are two statements. A `reported` mention (reported speech) joins a statement
    of reported speech only by holding it or being held by it, never by a stretch they share: two writers'
    paraphrases share stock phrases (`his call for a temporary ban on Muslims entering the United States`),
    not a remark. Among the rest the highest score wins, with a small preference for candidates whose
    speaker agrees.
    """
    best: Match | None = None
    best_key = -1.0
    words = mention_norm.split()
    for cand in candidates:
        relation = compare_speakers(speaker, cand.speaker)
        if relation == "different" and not any(
            _same_passage(mention_norm, len(words), text) for text in (cand.text, *cand.renderings)
        ):
            continue
        pairs: list[PairScore] = []
        for k, text in enumerate(
            dict.fromkeys(t for t in (cand.text, cand.reference, *cand.renderings) if t)
        ):
            p = _score_words(mention_norm, words, text, relation, paraphrases=reported and cand.reported)
            if p is None:
                continue
            # A mention extending a partial rendering diverges from the statement; allowing it would let
            # short renderings pull unrelated quotes together. The reference wording is no such rendering
            # but the remark itself (a phrase most outlets quote), unless it is a lone word.
            if k and p.relation not in ("similar", "within") and (text != cand.reference or " " not in text):
                continue
            if p.relation != "similar" and (
                (cand.reported and len(words) <= FRAGMENT_WORDS)
                or (len(words) <= LONE_WORDS and text.count(" ") >= PHRASE_MAX_WORDS)
            ):
                continue
            pairs.append(p)
        if not pairs:
            continue
        top = max(pairs, key=lambda p: p.score)
        key = top.score + {"same": 0.05, "related": 0.05, "unknown": 0.0, "different": -0.1}[relation]
        if key > best_key:
            best_key = key
            best = Match(cand.statement_id, round(top.score, 4), top.relation, relation)
    return best
