"""Reported (indirect) speech: the content span governed by each attributed cue of a sentence."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from service.extract.attribution import CueHit
from service.extract.attribution import at_clause_end as _at_clause_end
from service.extract.doc import Doc, possessive
from service.extract.lexicon import (
    ANON_MIN,
    AUX_SKIP,
    AUXILIARIES,
    BE_FORMS,
    CLAUSE_CUES,
    DETERMINERS,
    GROUP_NOUNS,
    LABEL_MAX,
    OBJECT_TAKING,
    PREPOSITIONS,
    PRONOUNS,
    RAISED_PRECISION,
    RAISING_ADVERBS,
    RAISING_PASSIVE,
    RAISING_WORDS,
    REPORT_MIN,
    SPEAKER_NOUNS,
    STRONG_CUE,
    SUBJECT_PRONOUNS,
    cue_precision,
    words,
)
from service.extract.speakers import Span, SpeakerFinder

__all__ = ["Reported", "labelled_paragraphs", "raised_in_sentence", "reported_in_sentence"]

_TRAIL = frozenset(" \t\n\u00a0.,;:!?”\"’'»)")
_TAIL_MAX = 4
_ROLE_MAX = 8
"""The most words of a role set off by commas before a named speaker (`her personal lawyer`)."""
_APPOSITION_CUE_MIN = 0.8
"""A cue this sure to report speech may have its inverted speaker described at length after it."""
_CARRIED_CUE_MIN = 0.75
"""A participle after a reporting verb (`…, adding that …`) reports speech of its own from this precision."""
_CLAUSE_BREAK = words(
    "which who whom whose where when as despite even after before because according since unless until so"
)
_AFTER_COMMA = _CLAUSE_BREAK | {"and", "but", "though", "although", "whereas", "while"}
# Hard breaks: a dash, parenthesis, bracket or semicolon, or a spaced hyphen. Two patterns with a
# literal or class prefix each are searched far faster than one alternation of both.
_HARD_BREAKS = (re.compile(r"[―—–(;\[]"), re.compile(r" --? "))
# Marks that open an aside, and the mark that closes it.
_ASIDE_CLOSERS = {"—": "—", "–": "–", "―": "―", "(": ")", "[": "]", " - ": " - ", " -- ": " -- "}
_ASIDE_CHARS = 120
_MAX_CONTENT = 80
_ASIDE_OPENERS = words("which who")
_ASIDE_MAX = 12
_ADDRESSEE_MAX = 12
_AUX = frozenset(
    ["has", "have", "had", "is", "was", "were", "are", "will", "would", "has", "also", "then", "later"]
)
_WEEKDAYS = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "yesterday",
        "today",
        "tonight",
    ]
)
_TIME_LEAD = frozenset(["on", "last", "this", "earlier", "late", "early", "next"])
_TIME_HEAD = frozenset(
    ["week", "month", "year", "morning", "afternoon", "evening", "night", "statement", "interview", "weekend"]
)
_PREP_SKIP = frozenset(["for", "about", "against", "on", "of", "at", "with", "over"])
_ATTRIBUTION_REACH = 4
_ADJUNCT_PREPS = frozenset(["in", "on", "at", "during", "after", "before", "via", "through"])
_ADJUNCT_MAX = 12
_ADJUNCT_SHORT = 6
"""Words of an adjunct before `that` read without a look at what follows it (`wrote in a court filing that`);
a longer one (`said in a filing with the Securities and Exchange Commission that`) must not hold an
infinitive's `to`, and its `that` must open no relative clause."""
_LABEL_CHARS = 64
_LABEL_OPENERS = "“\"‘'«„"
_VENUE_WORDS = 3
_OPENING_WORDS = words(
    "after before despite following amid since when while although though because if once unless until"
)
_OPENING_MAX = 40
# Past participles opening a sentence's participle clause (`Asked about …,`, `Having said that …,`).
_OPENING_PARTICIPLES = words("asked having")
# `-ing` words this short (`thing`, `being`) open no participle clause.
_ING_MIN = 5
_VENUES = words(
    "media twitter facebook instagram tiktok youtube television tv radio air camera stage podium floor "
    "record platform platforms website blog telephone phone video"
)
# Words that open the object of a reporting verb (what a participial adjective is never followed by).
_OBJECT_OPENERS = DETERMINERS | PRONOUNS | PREPOSITIONS | words("that what whether how why who if no not all")
_PARTICLES = frozenset(["out", "up", "off", "down", "away", "back"])
# Words of a speaker's description before its head (`the prime minister’s spokesman`).
_SPEAKER_DESCRIPTION_MAX = 6
# Characters of content a comma-set-off attribution needs before it.
_BEFORE_MIN = 12
# Prepositions opening circumstances after a cue (`said during his speech`), not its content.
_TAIL_PREPS = _ADJUNCT_PREPS | words("from")
# Words a speaker opening a new attribution after `and`/`but` may span (`and a former defense official
# said`), and words that open a complement instead (`and that officials said …`).
_NEW_SPEAKER_REACH = 6
_COMPLEMENT_OPENERS = words("that which who to if whether")
_PREPOSED_RELATIVES = words("which whom")
_BEFORE_BREAK = re.compile("[,―—–;]| --? ")
# Verbs of speaking that report what was said only as a topic (`spoke about the plan`, `spoke instead of
# reform`)
_TOPIC_ONLY = words("speak speaks spoke speaking")
_TOPIC_PREPS = words("about of")
# After `and`/`but`, an auxiliary continues the reported clause (`the panel has the email and will
# publish it`); a past-tense verb more often resumes the reporting one (`said … and left`).
_SHARED_AUX = words("will would has have had is was were are")
# `and that`/`but that` opens a second complement of the same cue, not a new clause.
_COORD_COMPLEMENT = words("and but")
# `-ing` words that open no participle clause after a comma (`…, including new roofs`).
_NOT_PARTICIPLES = words("including")
_SUBORDINATE = words("after before when while because since until unless whereas")
# Longest raised subject, and what ends one (`but he seemed …`, `that Clinton appeared …`).
_SUBJECT_MAX = 8
_SUBJECT_STOPS = _CLAUSE_BREAK | _AFTER_COMMA | words("that if whether and or but to also now then")
_EXPLETIVES = words("it there this that what")
_RAISED_RELATIVES = words("who which that what")
_NOT_COMPLEMENTS = words("as like")
# Words that open a clausal complement: the content is then a clause, not a noun phrase.
_COMPLEMENTIZERS = words("that whether if to how why what who when where")
# Subordinators that, after a noun-phrase object, open a clause modifying the reporting verb; `despite`
# too, but not `since` (`backed the plan since its start` is about the plan).
_MATRIX_SUBORDINATORS = (_SUBORDINATE - words("since")) | words("despite")
# `in order to`, `in hopes of`, `in an effort to`: purpose phrases that modify the reporting verb.
_PURPOSE_HEADS = words("order hopes")
_PURPOSE_NOUNS = words("effort attempt bid")
# Fewest words an object cut before an adverbial keeps.
_OBJECT_MIN_WORDS = 4
_MODALS = words("can could may might must shall should will would")
# Words that open a circumstance, a coordinated phrase or a predicate, not what was said: after a cue with
# no speaker (`fear and panic`, `endorsed in New Hampshire by …`, `the final statement had been
# difficult`: the cue word is then a noun and the subject of the verb) such a span reports nothing.
_UNNAMED_NON_CONTENT = _TAIL_PREPS | BE_FORMS | AUXILIARIES | words("and or but nor within with when while")
# Most words of a source named after `according to` that no speaker pattern reads.
_SOURCE_MAX = 16
# Prepositions after a cue that name a passive's agent, a source or a place (`praise from conservatives`),
# never what was said.
_SOURCE_PREPS = words("by from")
# Relative pronouns that stand for reported content (`the plan, which he said would fail`).
_RELATIVES = words("which whom what")
# Words opening circumstances, not content, after a cue whose object a relative pronoun is.
_GAP_FOLLOWERS = _TAIL_PREPS | _SUBORDINATE | words("as when")


# Not frozen, like `CueHit`: built for every reported-speech span, never hashed or changed.
@dataclass(slots=True)
class Reported:
    """Reported-speech content `[start, end)` attributed by `hit` through the named `rule`; `rest`
    continues it after the cue."""

    start: int
    end: int
    hit: CueHit
    rule: str
    rest: tuple[int, int] | None = None


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """Drop leading spaces/commas and trailing punctuation and spaces."""
    while s < e and text[s] in " ,\u00a0":
        s += 1
    while e > s and text[e - 1] in _TRAIL:
        e -= 1
    return s, e


def _skip_object(doc: Doc, finder: SpeakerFinder, j: int, hi: int) -> int:
    """After `told`/`asked`: skip the addressee (`reporters`, `him`, `the Associated Press`)."""
    n = len(doc.words)
    if j >= n or doc.starts[j] >= hi:
        return j
    for k in range(j + 1, min(j + _ADDRESSEE_MAX, n)):
        if doc.starts[k] >= hi or doc.gap(k - 1, k).strip():
            break
        if doc.lower[k] == "that":
            return k  # `told a crowded hall in Baltimore that …`: the addressee runs up to `that`
    if doc.lower[j] in PRONOUNS or doc.lower[j] in ("reporters", "journalists", "lawmakers", "supporters"):
        return j + 1
    sp = finder.after(j, hi, named_role=True)
    if sp is not None:
        return sp.j
    if doc.lower[j] in DETERMINERS:
        return min(j + 2, n)
    return j


def _skip_time(doc: Doc, j: int, hi: int) -> int:
    """Skip a time or venue adverbial right after the cue (`on Thursday`, `in a statement`, `Friday`)."""
    n = len(doc.words)
    k = j
    while k < n and doc.starts[k] < hi and k - j < 6:
        w = doc.lower[k]
        if w in _WEEKDAYS or (w in _TIME_HEAD and (k > j or (k > 0 and doc.lower[k - 1] in _WEEKDAYS))):
            k += 1
            j = k
        elif (
            w in _TIME_LEAD
            and k + 1 < n
            and (doc.lower[k + 1] in _WEEKDAYS or doc.lower[k + 1] in _TIME_HEAD)
        ) or (
            w in ("in", "an", "a") and k + 1 < n and doc.lower[k + 1] in ("a", "an", "statement", "interview")
        ):
            k += 1
        else:
            break
    return j


def _skip_adjunct(doc: Doc, j: int, hi: int) -> int:
    """Skip a short prepositional phrase or an adverb between the cue and `that` (`wrote in a court filing
    that …`, `said flatly that …`)."""
    n = len(doc.words)
    adverb = j + 1 < n and doc.lower[j].endswith("ly") and not doc.gap(j, j + 1).strip()
    if adverb and doc.lower[j + 1] == "that":
        return j + 1
    if j >= n or doc.lower[j] not in _ADJUNCT_PREPS:
        return j
    for k in range(j + 1, min(j + _ADJUNCT_MAX, n)):
        if doc.starts[k] >= hi or doc.gap(k - 1, k).strip():
            return j
        if k - j >= _ADJUNCT_SHORT and doc.lower[k] == "to":
            return j  # `called on the United States to attack the oil that funds …`: no adjunct
        if doc.lower[k] == "that":
            return j if k - j >= _ADJUNCT_SHORT and _relative_that(doc, k) else k
    return j


def _relative_that(doc: Doc, k: int) -> bool:
    """Whether the `that` at token `k` opens a relative clause, its verb right after it (`a nonprofit center
    that works with …`, `party rules that could reduce …`), not what was said (`that superdelegates would
    play …`, `that he thinks …`)."""
    n = len(doc.words)
    if k + 1 >= n:
        return True
    w = doc.lower[k + 1]
    if _clause_verb(doc, k + 1) and w not in SUBJECT_PRONOUNS:
        return True
    plural_or_verb = not doc.cap[k + 1] and w.endswith("s") and not w.endswith("ss")
    return plural_or_verb and not (k + 2 < n and _clause_verb(doc, k + 2))


def _content_end(doc: Doc, j: int, hi: int) -> int:
    """End of the reported content: the sentence end, or where a new clause, aside or cue begins.

    Breaks: a dash, parenthesis or semicolon; a comma followed by a relative or subordinating word,
    `and`/`but`, a participle, or a speaker and cue of their own (`…, at least 200 said …`); `and`/`but`
    followed by a new verb (not an auxiliary: `… and will publish it` goes on with the content's
    subject), a cue, or a new speaker and its cue (`… and a former official said …`), from the content's
    second word on (`called him divisive and accused him …`). `and that`/`but that` opens a second
    complement of the same cue and `including` a list inside the content: neither breaks.
    """
    n = len(doc.words)
    hi = _hard_break(doc.text, doc.ends[j], hi)
    stop = min(n, j + _MAX_CONTENT)
    marks = doc.clause_marks
    c = bisect.bisect_right(marks, j)
    while c < len(marks) and marks[c] < stop and doc.starts[marks[c]] < hi:
        k = marks[c]
        c += 1
        w = doc.lower[k]
        comma = "," in doc.gap(k - 1, k)
        participle = w.endswith("ing") and not doc.cap[k] and w not in _NOT_PARTICIPLES
        if k <= j + 2:
            # the content's first words: after a comma only a strong cue ends them (`learning in schools,
            # said Wilcox`: the words after belong to another)
            if comma and cue_precision(w) >= STRONG_CUE:
                return doc.ends[k - 1]
        elif w in _COORD_COMPLEMENT and k + 1 < n and doc.lower[k + 1] == "that":
            continue  # `said A, and that B`: a second complement of the same cue
        # `…, at least 200 said …`: a comma before a speaker and cue of their own ends the content too
        elif comma and (
            w in _AFTER_COMMA or participle or _attribution_at(doc, k) or _new_attribution(doc, k, hi)
        ):
            resume = _aside_end(doc, k, hi) if w in _ASIDE_OPENERS or participle else None
            if resume is None:
                return doc.ends[k - 1]
            c = bisect.bisect_left(marks, resume)
        if w in ("and", "but") and k + 1 < n and _second_predicate(doc, k + 1, hi):
            return doc.ends[k - 1]  # `called him divisive and accused him of …`: the speaker's next act
    return hi


def _second_predicate(doc: Doc, k: int, hi: int) -> bool:
    """Whether what follows `and`/`but` at token `k` is a predicate or attribution of its own: a new verb (not
    an auxiliary the content's subject shares: `… and will publish it`), a cue, or a new speaker and cue."""
    return (
        (_verb_like(doc, k) and doc.lower[k] not in _SHARED_AUX)
        or cue_precision(doc.lower[k]) >= 0.35
        or _new_attribution(doc, k, hi)
    )


def _hard_break(text: str, pos: int, hi: int) -> int:
    """Where a hard break (see `_HARD_BREAKS`) after `pos` ends reported content, or `hi`. A pair of dashes
    or brackets around a short aside that the clause goes on after is no break (`Trump’s visit to Des
    Moines — Iowa’s biggest media market — last Friday would …`)."""
    while True:
        cut, mark = hi, ""
        for pattern in _HARD_BREAKS:
            hard = pattern.search(text, pos, cut)
            if hard is not None:
                cut, mark = hard.start(), hard.group()
        closer = _ASIDE_CLOSERS.get(mark, "")
        if not closer:
            return cut
        close = text.find(closer, cut + len(mark), min(hi, cut + _ASIDE_CHARS))
        if close < 0:
            return cut
        pos = close + len(closer)
        if not text[pos:hi].strip(" ,.;:!?\"”’'"):
            return cut  # the aside closes the sentence: the content ends before it


def _aside_end(doc: Doc, k: int, hi: int) -> int | None:
    """`the talks, which started in 2009, would continue`: the token after the comma closing an aside
    opened at `k` when the interrupted clause resumes there with a verb, else None."""
    for x in range(k + 1, min(k + _ASIDE_MAX, len(doc.words))):
        if doc.starts[x] >= hi:
            return None
        if "," in doc.gap(x - 1, x):
            return x if _verb_like(doc, x) else None
    return None


def _attribution_at(doc: Doc, k: int) -> bool:
    """Whether a new attribution opens at token `k` (`…, Tanden wrote that …`): a name and a strong cue."""
    if not doc.cap[k]:
        return False
    for x in range(k + 1, min(k + _ATTRIBUTION_REACH, len(doc.words))):
        if doc.gap(x - 1, x).strip():
            return False
        if cue_precision(doc.lower[x]) >= STRONG_CUE:
            return True
    return False


def _new_attribution(doc: Doc, k: int, hi: int) -> bool:
    """Whether a clause of its own opens at token `k` with a speaker and a strong cue (`… and a former
    official said …`, `…, at least 200 said …`, `…, in which he said …`): a few plain words, then the cue,
    before any word that would open a complement. The gap before `k` (a comma, say) is not looked at."""
    n = len(doc.words)
    if k + 1 < n and doc.lower[k] in PREPOSITIONS and doc.lower[k + 1] in _PREPOSED_RELATIVES:
        k += 2  # `in which`, `during which`: the relative clause's own subject and cue follow
    for x in range(k, min(k + _NEW_SPEAKER_REACH, n)):
        if doc.starts[x] >= hi or (x > k and doc.gap(x - 1, x).strip()):
            return False
        w = doc.lower[x]
        if cue_precision(w) >= STRONG_CUE:
            return True
        if w == "who" and x + 1 < n and cue_precision(doc.lower[x + 1]) >= STRONG_CUE:
            return True  # `…, compared with four in 10 who said …`: a speaker and cue of their own
        if w in _COMPLEMENT_OPENERS:
            return False
    return False


def _verb_like(doc: Doc, k: int) -> bool:
    """Whether token `k` looks like a finite verb opening a new coordinated predicate."""
    w = doc.lower[k]
    return not doc.is_cap(k) and (w in _AUX or (w.endswith("ed") and len(w) > 4))


def _after_cue(doc: Doc, finder: SpeakerFinder, h: CueHit, hi: int) -> tuple[int, int] | None:
    """Content following the cue (past its addressee and any time adverbial), or None if there is none."""
    n = len(doc.words)
    j = h.j
    inverted = finder.after(j, hi)
    # `Trump told CNN, his policy …`: after a speaker, a name following `told` is the addressee; after a
    # strong cue, the object (`Rubio praised former Gov. Jeb Bush.`), not a second, inverted speaker
    addressee = (
        h.speaker is not None
        and not h.inverted
        and (doc.lower[h.i] in OBJECT_TAKING or h.precision >= STRONG_CUE)
    )
    # `Sanders accused Clinton of taking …`: after a speaker, a name followed by `of` is the cue's object
    accused = h.speaker is not None and not h.inverted and _followed_by(doc, inverted, "of")
    # `Walker said people misunderstand Trump.`: after the speaker right before the cue, a group noun
    # opening the words before a name is the subject of what was said, not a second, inverted speaker's title
    described = (
        inverted is not None
        and doc.lower[inverted.i] in GROUP_NOUNS
        and h.speaker is not None
        and not h.inverted
        and h.speaker.j == h.i
    )
    if (
        inverted is not None
        and inverted.kind == "name"
        and _at_clause_end(doc, inverted, hi)
        and not addressee
        and not accused
        and not described
    ):
        return None
    if doc.lower[h.i] in OBJECT_TAKING and h.j == h.i + 1:
        j = _skip_object(doc, finder, j, hi)
    j = _skip_adjunct(doc, _skip_time(doc, j, hi), hi)
    if j >= n or doc.starts[j] >= hi:
        return None
    if doc.lower[h.i] in _TOPIC_ONLY and doc.lower[j] not in _TOPIC_PREPS:
        if j + 1 >= n or doc.lower[j + 1] not in _TOPIC_PREPS or doc.gap(j, j + 1).strip():
            return None  # `spoke to reporters`, `spoke on the condition of anonymity`: who heard it, or how
        j += 1  # `spoke instead about`
    if j == h.j and doc.lower[j] in _PARTICLES and not doc.gap(j - 1, j).strip():
        # `ruled out the idea`, `talked up his plans`: the particle is part of the verb, not content
        if _stranded(doc, j, hi) or j + 1 >= n or doc.lower[j + 1] in PREPOSITIONS:
            return None
        j += 1
    if _stranded(doc, j, hi):
        return None  # `which Kyiv has agreed to, via Witkoff,`: a preposition with no object
    if doc.lower[j] in _SOURCE_PREPS:
        # `endorsed by dozens of papers`, `criticism from Democrats`, `reported from Los Angeles`: who
        # spoke, or where from, is no content
        return None
    if "," in doc.gap(j - 1, j) and _goes_on(doc, j) and _postposed(doc, h):
        return None  # `C, Lewandowski added, saying it …`: C is what he added; the participle reports on
    end = _object_end_adverbial(doc, h.i, j, _content_end(doc, j, hi))
    if j + 1 < n and doc.lower[j] in _PREP_SKIP and doc.starts[j + 1] < hi:
        j += 1
        end = _object_end(doc, j, end)
        last = doc.tok_from(end) - 1
        if last - j < _VENUE_WORDS and doc.lower[last] in _VENUES:
            return None  # `posted on social media after …`: a medium or venue is no content
    s, e = _trim(doc.text, doc.starts[j], end)
    return (s, e) if e - s >= 8 else None


def _relative_clause_end(doc: Doc, sp: Span, j: int, hi: int) -> int:
    """Where the content of a cue in a relative clause set off by commas ends: at the clause's closing comma
    (`Cruz, who has said the deal is a disaster, refused to comment`: the main clause goes on after it).
    `hi` for any other speaker, or when no comma follows."""
    if sp.kind != "relative" or sp.i == 0 or "," not in doc.gap(sp.i - 1, sp.i):
        return hi
    for k in range(j + 1, len(doc.words)):
        if doc.starts[k] >= hi:
            break
        if "," in doc.gap(k - 1, k) and not doc.in_quote(doc.starts[k]):
            return doc.ends[k - 1]
    return hi


def _followed_by(doc: Doc, sp: Span | None, word: str) -> bool:
    """Whether the token right after a mention is `word`, with only a space between them."""
    return (
        sp is not None
        and sp.j < len(doc.words)
        and doc.lower[sp.j] == word
        and doc.gap(sp.j - 1, sp.j) == " "
    )


def _object_end_adverbial(doc: Doc, cue: int, j: int, end: int) -> int:
    """`dismissed the charges by pointing out …`, `endorsed gay marriage after his son came out`: when the
    content is a noun phrase (no complementizer, no verb), an adverbial clause or means phrase after it
    modifies the reporting verb, and the content ends before it."""
    n = len(doc.words)
    if doc.lower[j] in _COMPLEMENTIZERS or doc.lower[cue] in CLAUSE_CUES:
        return end
    k = j
    while k < n and doc.starts[k] < end:
        w = doc.lower[k]
        if _clause_verb(doc, k):
            return end
        if not doc.cap[k] and k + 1 < n and doc.starts[k + 1] < end:
            nxt = doc.lower[k + 1]
            if (
                w in _MATRIX_SUBORDINATORS
                or (w == "by" and nxt.endswith("ing") and len(nxt) > _ING_MIN)
                or (w == "as" and nxt in SUBJECT_PRONOUNS)
                or (w == "in" and _purpose(doc, k + 1, end))
            ):
                cut = doc.ends[k - 1]
                # a short phrase or bare name alone would be a statement matching unrelated ones
                return cut if k - j >= _OBJECT_MIN_WORDS else end
        k += 1
    return end


def _clause_verb(doc: Doc, k: int) -> bool:
    """Whether token `k` shows the content is a clause of its own (a finite verb or a subject pronoun)."""
    w = doc.lower[k]
    if doc.cap[k]:
        return False
    return (
        w in _AUX
        or w in BE_FORMS
        or w in _MODALS
        or w in SUBJECT_PRONOUNS
        or w.endswith(("n't", "n’t"))
        or (w.endswith("ed") and len(w) > 4)
    )


def _purpose(doc: Doc, k: int, end: int) -> bool:
    """`in order to`, `in hopes of`, `in an effort to`: a purpose phrase opening at token `k`."""
    if doc.lower[k] in _PURPOSE_HEADS:
        return True
    return k + 1 < len(doc.words) and doc.starts[k + 1] < end and doc.lower[k + 1] in _PURPOSE_NOUNS


def _stranded(doc: Doc, j: int, hi: int) -> bool:
    """Whether token `j` is a preposition or particle closing its clause (`agreed to, via …`)."""
    if doc.lower[j] not in PREPOSITIONS and doc.lower[j] not in _PARTICLES:
        return False
    if j + 1 >= len(doc.words) or doc.starts[j + 1] >= hi:
        return True
    return doc.gap(j, j + 1).strip()[:1] in (",", ";", ":", ".")


def _object_end(doc: Doc, j: int, end: int) -> int:
    """End of a prepositional object (`posted on social media after …`): a subordinate clause ends it."""
    k = j + 1
    n = len(doc.words)
    while k < n and doc.starts[k] < end:
        if doc.lower[k] in _SUBORDINATE and not doc.cap[k]:
            return doc.ends[k - 1]
        k += 1
    return end


def _postposed(doc: Doc, h: CueHit) -> bool:
    """Whether cue `h` and its speaker follow a comma, attributing what came before them (`…, X said`)."""
    first = h.i if h.speaker is None else min(h.i, h.speaker.i)
    return first > 0 and "," in doc.gap(first - 1, first)


def _goes_on(doc: Doc, k: int) -> bool:
    """Whether token `k` is a strong participle cue carrying the attribution on (`adding`, `saying`)."""
    return doc.lower[k].endswith("ing") and cue_precision(doc.lower[k]) >= STRONG_CUE


def _parenthetical(doc: Doc, h: CueHit, sp: Span, lo: int, hi: int) -> bool:
    """`The goal, he said, is …`: an attribution set off by commas inside its content."""
    first, last = min(sp.i, h.i), max(sp.j, h.j)
    if first == 0 or last >= len(doc.words) or doc.starts[last] >= hi or doc.starts[first] - lo < 3:
        return False
    if _goes_on(doc, last):
        return False  # `…, the minister said, adding that …`: a cue of its own goes on, not the content
    return "," in doc.gap(first - 1, first) and "," in doc.gap(last - 1, last)


def reported_in_sentence(
    doc: Doc, finder: SpeakerFinder, lo: int, hi: int, hits: list[CueHit], force: frozenset[int] = frozenset()
) -> list[Reported]:
    """Content spans of reported speech in sentence `text[lo:hi]` for its attributed cue hits.

    Shapes handled, each a named rule: `according-to` (`according to X, C` / `C, according to X`);
    `according-to-parenthetical` (`C1, according to X, C2`, two fragments); `parenthetical` (`C1, X said,
    C2`, two fragments); `content-before-cue` (`C, X said.`, `C, said X.`); `content-before-described-cue`
    (`C, the prime minister’s spokesman said.`: a comma before the speaker's description) and
    `content-before-cue-adjunct` (`C, Wilkin said during his speech.`: only circumstances after the cue),
    both for strong cues after content that is no opening adverbial;
    `colon-lead-in` (`X said:` closing its paragraph, the next paragraph); `content-after-cue`
    (`X said (that) C`: after the cue, its addressee and any time adverbial, up to the sentence end or a
    new clause; a noun-phrase object ends before an adverbial clause or means phrase that modifies the
    cue, `endorsed the plan for the valley after …`); `unnamed-source` (the same after a cue with no
    speaker, not after `of`: `months of doubt`, nor when a preposition, conjunction or auxiliary opens
    it: `fear and panic`, `the statement had been difficult`); `relative-pronoun` (`the levy, which X
    argued would pass`: the pronoun, then the content after the cue; nothing when only a circumstance
    follows, as a pronoun alone says nothing). A raising
    verb with a subject of its own (`the senator seemed tired`, `X is expected to concede`) is left to
    `raised_in_sentence`: its subject is no speaker. `according to` names its source even where no speaker
    pattern reads it (`according to the most recent data available from the FBI`). Cues below
    `REPORT_MIN` count only when their token is in `force` (they introduce a partial quote); cues without
    a speaker report content only from `ANON_MIN` up.
    """
    text = doc.text
    out: list[Reported] = []
    n = len(doc.words)
    opener = _opening_clause_end(doc, lo, hi)
    for h in hits:
        if doc.starts[h.i] < opener < hi:
            # `After months of rhetoric from Trump questioning Canada’s role, this trip …`: the content
            # of a cue inside an opening adverbial clause ends with that clause
            out.extend(reported_in_sentence(doc, finder, lo, opener, [h], force))
            continue
        sp = h.speaker
        if sp is None and doc.lower[h.i] == "according":
            # `according to the most recent data available from the FBI`: whatever the phrase, it names
            # the source, up to the end of its clause
            sp = _source_phrase(doc, h.j, hi)
            if sp is not None:
                h = CueHit(h.i, h.j, sp, True, h.precision)
        if h.i > 0 and doc.starts[h.i - 1] >= lo and doc.lower[h.i - 1] == "without":
            continue  # `without detailing what …`: nothing was said
        if _raised_subject(doc, h.i, lo) is not None:
            continue  # `the plan seemed to fail`: its subject is no speaker (`raised_in_sentence`)
        if sp is None:
            if finder.describes_setting(h.i, lo):
                continue  # `In a video posted to Telegram, Zelenskyy said …`: where, not what, was said
            if h.precision >= ANON_MIN and not _after_of(doc, h.i, lo) and not _imperative(doc, h.i, lo):
                span = _after_cue(doc, finder, h, hi)
                if span is not None and doc.lower[doc.tok_from(span[0])] not in _UNNAMED_NON_CONTENT:
                    out.append(Reported(span[0], span[1], h, "unnamed-source"))
            continue
        if h.precision < REPORT_MIN and h.i not in force:
            continue
        if h.precision < STRONG_CUE and _modifier(doc, h, hi):
            continue  # `Their talks reflect renewed momentum`: a participle modifying a noun reports nothing
        cue_s, _cue_e = doc.starts[h.i], doc.ends[h.j - 1]
        start = _content_before_start(doc, hits, min(h.i, sp.i), lo)
        tail_tokens = doc.tok_from(hi) - max(h.j, sp.j)
        # What comes before the speaker is never what a relative clause says (`…, who has denied the
        # allegations`), nor a role apposed to the speaker (`Clinton’s campaign manager, Robby Mook, said`).
        described_speaker = sp.kind == "relative" or _apposed_role(doc, sp, lo)
        opened = _opening_adverbial(doc, lo)
        # `…, the president said on Monday, adding that …`: a participle's speaker is carried on from the
        # reporting verb before it, and what precedes that speaker is the verb's, not the participle's
        # (not `Trump said, repeating a common line`: what he did while speaking, not what he said)
        carried = (
            sp.j < h.i
            and doc.lower[h.i].endswith("ing")
            and "," in doc.gap(h.i - 1, h.i)
            and h.precision >= _CARRIED_CUE_MIN
        )
        # A comma before the speaker closes what was said, unless it closes an opening adverbial and the cue
        # has words of its own after it (`In Texas, half of GOP voters said they were angry.`).
        comma_before = (
            not carried
            and "," in text[max(lo, doc.starts[sp.i] - 3) : doc.starts[sp.i]]
            and not (opened and not _circumstantial_tail(doc, max(h.j, sp.j), hi))
        )
        if tail_tokens <= _TAIL_MAX and text[lo:hi].rstrip().endswith(":"):
            span = _next_paragraph(doc, hi)
            if span is not None:
                out.append(Reported(span[0], span[1], h, "colon-lead-in"))
            continue
        if doc.lower[h.i] == "according":
            rule = "according-to"
            if cue_s - lo < 3:
                k = sp.j
                while k < n and doc.starts[k] < hi and "," not in doc.gap(k - 1, k):
                    k += 1
                s, e = (doc.starts[k], hi) if k < n else (hi, hi)
            elif _parenthetical(doc, h, sp, lo, hi):
                # `His criticism, according to an interview, was …`: the content on both sides
                s, e = _trim(text, lo, cue_s)
                s2, e2 = _trim(text, doc.starts[sp.j], _content_end(doc, sp.j, hi))
                if e - s >= 3 and e2 - s2 >= 8:
                    out.append(Reported(s, e, h, "according-to-parenthetical", (s2, e2)))
                continue
            else:
                s, e = start, cue_s
        elif _parenthetical(doc, h, sp, lo, hi) and not _apposition_after(doc, h, sp):
            s, e = _trim(text, start, min(doc.starts[sp.i], cue_s))
            k = max(h.j, sp.j)
            s2, e2 = _trim(text, doc.starts[k], _content_end(doc, k, hi))
            if e - s >= 3 and e2 - s2 >= 8:
                out.append(Reported(s, e, h, "parenthetical", (s2, e2)))
            continue
        elif (
            tail_tokens <= _TAIL_MAX
            and h.precision >= STRONG_CUE
            and (as_at := _as_after_comma(doc, sp, lo)) is not None
        ):
            # `The plan will cost $2 billion, as the governor acknowledged in March.` (not `…, as the crowd
            # booed`: `as` for `while`, which a weak cue reads as)
            s, e = start, doc.starts[as_at]
            rule = "content-before-as"
        elif (
            (tail_tokens <= _TAIL_MAX or _apposition_after(doc, h, sp))
            and not described_speaker
            and (h.inverted or comma_before)
        ):
            s, e = start, min(doc.starts[_role_before(doc, sp, lo)], cue_s)
            rule = "content-before-cue"
        elif (
            not h.inverted
            and not carried
            and h.precision >= STRONG_CUE
            and not opened
            and not described_speaker
            and (described := _comma_description(doc, sp, lo)) is not None
            and (tail_tokens <= _TAIL_MAX or _circumstantial_tail(doc, max(h.j, sp.j), hi))
        ):
            s, e = start, doc.starts[described]
            rule = "content-before-described-cue" if described < sp.i else "content-before-cue-adjunct"
        elif h.inverted:
            continue
        elif (rel := _relative_before(doc, sp, lo)) is not None:
            # `the plan, which he argued would fail,`: the pronoun stands for what was said
            span = _after_cue(doc, finder, h, hi)
            if span is None or doc.lower[doc.tok_from(span[0])] in _GAP_FOLLOWERS:
                # `which Clinton conceded when polls closed`: the pronoun is the object, and a pronoun
                # alone carries nothing a reader could check or match across outlets
                continue
            out.append(Reported(doc.starts[rel], doc.ends[rel], h, "relative-pronoun", span))
            continue
        else:
            span = _after_cue(doc, finder, h, _relative_clause_end(doc, sp, h.j, hi))
            if span is None:
                continue
            s, e = span
            rule = "content-after-cue"
        s, e = _trim(text, s, e)
        if e - s < 8 or (doc.starts[sp.i] >= s and doc.ends[sp.j - 1] <= e):
            continue
        out.append(Reported(s, e, h, rule))
    return out


def _content_before_start(doc: Doc, hits: list[CueHit], first: int, lo: int) -> int:
    """Where content before token `first` (a speaker or cue) starts: the sentence start `lo`; past the last
    colon before it (`The message was clear: we will win, he said.`); or past the first comma or dash after
    the last other strong cue with a speaker before it (`Christie said that was natural — no different, he
    said, from …`: `no different` is all the second cue reports)."""
    start = lo
    colon = doc.text.rfind(":", lo, doc.starts[first])
    while colon >= 0:
        k = doc.tok_from(colon)
        between = k < first and doc.gap(k - 1, k).strip() == ":"
        if between and not doc.words[k][0].isdigit() and not doc.in_quote(doc.starts[k]):
            start = doc.starts[k]  # not `9:30`, `18:21`, nor a colon inside a quotation
            break
        colon = doc.text.rfind(":", lo, colon)
    earlier = [h.j for h in hits if h.speaker is not None and h.precision >= STRONG_CUE and h.j < first]
    if not earlier:
        return start
    k = max(earlier)
    while k < first and not _BEFORE_BREAK.search(doc.gap(k - 1, k)):
        k += 1
    return max(start, doc.starts[k]) if k < first else start


def _role_before(doc: Doc, sp: Span, lo: int) -> int:
    """The first token of a role set off by commas right before a named speaker (`…, her personal lawyer,
    David E. Kendall, wrote`: the role is who spoke, not what was said), else the speaker's first token."""
    if sp.kind != "name" or sp.i == 0 or "," not in doc.gap(sp.i - 1, sp.i):
        return sp.i
    for m in range(sp.i - 1, max(doc.tok_from(lo), sp.i - _ROLE_MAX) - 1, -1):
        if doc.lower[m] in _COMPLEMENT_OPENERS or cue_precision(doc.lower[m]) >= STRONG_CUE:
            return sp.i
        if m > 0 and "," in doc.gap(m - 1, m):
            return m if doc.lower[m] in DETERMINERS and m < sp.i - 1 else sp.i
    return sp.i


def _apposition_after(doc: Doc, h: CueHit, sp: Span) -> bool:
    """`…, said Matt Latimer, another veteran speechwriter who …`: an inverted speaker followed by a
    comma and a description of them, which no longer tail after the cue makes content of its own."""
    if not h.inverted or h.precision < _APPOSITION_CUE_MIN:
        return False  # `now called Trump National Doral, the …`: a name, not a speaker
    if sp.j >= len(doc.words) or "," not in doc.gap(sp.j - 1, sp.j):
        return False
    w = doc.lower[sp.j]
    return w in DETERMINERS or possessive(doc.words[sp.j])


def _as_after_comma(doc: Doc, sp: Span, lo: int) -> int | None:
    """The token of `as` when it stands right before the speaker after a comma (`…, as police have said`):
    the clause before the comma is then what the speaker said."""
    a = sp.i - 1
    if a <= 0 or doc.starts[a - 1] < lo or doc.lower[a] != "as" or doc.gap(a, sp.i).strip():
        return None
    return a if doc.gap(a - 1, a).strip() == "," and not doc.in_quote(doc.starts[a]) else None


def _source_phrase(doc: Doc, j: int, hi: int) -> Span | None:
    """The words after `according to` at token `j` up to a comma, a hard break or the sentence end."""
    n = len(doc.words)
    k = j
    while k < n and doc.starts[k] < hi and k - j < _SOURCE_MAX:
        if k > j and doc.gap(k - 1, k).strip(" .'’\"“”"):
            break
        k += 1
    if k == j or k - j >= _SOURCE_MAX:
        return None
    return Span(j, k, "np")


def raised_in_sentence(
    doc: Doc, finder: SpeakerFinder, lo: int, hi: int, reported: list[Reported]
) -> list[Reported]:
    """The `raised-subject` attributions of sentence `text[lo:hi]`: a raising verb's subject and what the
    verb says of it, two fragments with no speaker (`The birth is expected | to coincide with the
    convention`, `delegates who | are expected | to support him`). They are the writer's impressions, not
    anybody's words, so they are reported whatever the verb scores as a cue, and become no statement
    (`compare.states_something`); none inside the content of the sentence's `reported` speech (`his team
    said the committee appears to skirt the limits`: part of what was said)."""
    out: list[Reported] = []
    spans = [(r.start, r.rest[1] if r.rest else r.end) for r in reported]
    tokens = doc.raising_tokens
    for k in tokens[
        bisect.bisect_left(tokens, doc.tok_from(lo)) : bisect.bisect_left(tokens, doc.tok_from(hi))
    ]:
        w = doc.lower[k]
        if doc.in_quote(doc.starts[k]) or any(s <= doc.starts[k] < e for s, e in spans):
            continue
        raised = _raised_subject(doc, k, lo)
        if raised is None:
            continue
        hit = CueHit(k, k + 1, None, False, RAISED_PRECISION)
        rest = _after_cue(doc, finder, hit, hi)
        adverb = w in RAISING_ADVERBS
        if rest is None or doc.tok_from(rest[0]) != k + 1 or not (adverb or _raised_complement(doc, k + 1)):
            continue
        # an adverb's subject keeps the auxiliaries before it (`the FBI is | reportedly | making …`)
        end = doc.ends[k - 1] if adverb else doc.ends[raised[1] - 1]
        out.append(Reported(doc.starts[raised[0]], end, hit, "raised-subject", rest))
    return out


def _raised_complement(doc: Doc, t: int) -> bool:
    """Whether token `t` opens what a raising verb says of its subject (`to fail`, `uneasy`), not a place
    (`appeared in a clip`), a noun phrase (`seemed a distant memory`) or another cue whose speaker the
    subject is (`appeared to suggest that …`)."""
    w = doc.lower[t]
    if w == "to":
        return t + 1 < len(doc.words) and cue_precision(doc.lower[t + 1]) < REPORT_MIN
    return w not in PREPOSITIONS and w not in DETERMINERS and w not in _NOT_COMPLEMENTS


def _raised_subject(doc: Doc, k: int, lo: int) -> tuple[int, int] | None:
    """Tokens `[a, b)` of the subject of a raising cue `k` (`Mr. Trump seemed to …`, `the senator is
    expected to …`): the plain words of its clause before the cue and its auxiliaries, if short, or the
    relative pronoun right before them (`voters who seem …`); none for an expletive (`it seems`)."""
    if doc.lower[k] not in RAISING_WORDS:
        return None
    b = k
    while b > 0 and doc.starts[b - 1] >= lo and not doc.gap(b - 1, b).strip() and _auxiliary(doc, b - 1):
        b -= 1
    if doc.lower[k] in RAISING_PASSIVE and (b == k or doc.lower[b] not in BE_FORMS):
        return None  # `the expected outcome`, `as expected`: no raised subject
    a = b
    while a > 0 and b - a < _SUBJECT_MAX and doc.starts[a - 1] >= lo and not doc.gap(a - 1, a).strip(" .’'"):
        w = doc.lower[a - 1]
        if w in _SUBJECT_STOPS or cue_precision(w) >= REPORT_MIN or doc.in_quote(doc.starts[a - 1]):
            break
        a -= 1
    if b > doc.tok_from(lo) and doc.lower[b - 1] in _RAISED_RELATIVES:
        return b - 1, b  # `delegates who are expected to …`: the pronoun stands for the subject
    if a == b or b - a >= _SUBJECT_MAX or doc.lower[a] in _EXPLETIVES or doc.lower[b - 1] in _EXPLETIVES:
        return None
    return a, b


def _auxiliary(doc: Doc, t: int) -> bool:
    """Whether token `t` is an auxiliary or adverb between a subject and its verb (`has also`)."""
    w = doc.lower[t]
    return w in AUX_SKIP or w in BE_FORMS or (w.endswith("ly") and not doc.cap[t])


def _relative_before(doc: Doc, sp: Span, lo: int) -> int | None:
    """The relative pronoun right before a speaker (`…, which he argued`, `what they described as`), if
    any: the token index of `which`, `whom` or `what` outside quotes in the same sentence."""
    r = sp.i - 1
    if r < 0 or doc.starts[r] < lo or doc.lower[r] not in _RELATIVES or doc.gap(r, sp.i).strip():
        return None
    return None if doc.in_quote(doc.starts[r]) else r


def _imperative(doc: Doc, k: int, lo: int) -> bool:
    """Whether cue `k` opens its sentence in its plain form (`Read the rest of the story here.`, `Watch the
    video above.`): an instruction to the reader, which reports nothing; not a participle (`Asked about …`)
    nor an inflected verb of a headline (`Says …`)."""
    return doc.starts[k] == lo and not doc.lower[k].endswith(("ed", "ing", "s"))


def _after_of(doc: Doc, k: int, lo: int) -> bool:
    """Whether cue `k` is a noun after `of` (`months of doubt`): no one speaks there."""
    return k > 0 and doc.starts[k - 1] >= lo and doc.lower[k - 1] == "of" and not doc.gap(k - 1, k).strip()


def _comma_description(doc: Doc, sp: Span, lo: int) -> int | None:
    """First token of the speaker's description when a comma sets it off from what comes before
    (`…, the prime minister’s spokesman said`, `…, current and former officials said`), else None."""
    k = sp.i
    while k > 0 and sp.i - k < _SPEAKER_DESCRIPTION_MAX and doc.starts[k - 1] >= lo:
        gap = doc.gap(k - 1, k)
        if gap.strip():
            break
        w = doc.lower[k - 1]
        if w in _CLAUSE_BREAK or w == "that" or cue_precision(w) >= REPORT_MIN:
            return None  # `…, which critics said`: the mention opens a clause of its own
        k -= 1
    if k == 0 or doc.starts[k - 1] < lo or doc.starts[k] - lo < _BEFORE_MIN:
        return None
    gap = doc.gap(k - 1, k).strip()
    return k if gap in (",", ".,") and not doc.in_quote(doc.ends[k - 1]) else None


def _apposed_role(doc: Doc, sp: Span, lo: int) -> bool:
    """Whether all that comes before a named speaker set off by commas is a short role it is apposed to
    (`Clinton’s campaign manager, Robby Mook, disagreed`, `Trump’s running mate, Indiana Gov. Mike Pence,
    said`): a description of the speaker, not what the speaker said."""
    first, last = doc.tok_from(lo), sp.i - 1
    if (
        sp.kind != "name"
        or not 0 <= last - first < _SPEAKER_DESCRIPTION_MAX
        or doc.gap(last, sp.i).strip() != ","
    ):
        return False
    if doc.lower[last] in SPEAKER_NOUNS:
        return True
    # an owner's role of other words is one only when the name is set off on both sides
    owned = doc.lower[first] in DETERMINERS or possessive(doc.words[first])
    closed = sp.j < len(doc.words) and doc.gap(sp.j - 1, sp.j).strip() == ","
    plain = all(doc.joinable_gap(t, t + 1) for t in range(first, last))
    return owned and closed and plain and not any(_verb_like(doc, t) for t in range(first, last + 1))


def _opening_adverbial(doc: Doc, lo: int) -> bool:
    """Whether the sentence at `lo` opens with an adverbial (`In a scathing opinion piece, The Wall Street
    Journal called …`, `Speaking in Ohio, Clinton said …`): what precedes the subject's comma is then no
    content it said."""
    w = doc.lower[doc.tok_from(lo)]
    return w in _OPENING_WORDS or w in PREPOSITIONS or w == "as" or _opening_participle(w)


def _circumstantial_tail(doc: Doc, j: int, hi: int) -> bool:
    """Whether only circumstances follow a cue and its speaker (`said on Saturday, and …`, `said during
    his campaign speech.`): no content of its own, so what was said came before."""
    j = _skip_time(doc, j, hi)
    if j >= len(doc.words) or doc.starts[j] >= hi or "," in doc.gap(j - 1, j):
        return True
    return doc.lower[j] in _TAIL_PREPS and _skip_adjunct(doc, j, hi) == j


def _modifier(doc: Doc, h: CueHit, hi: int) -> bool:
    """Whether a past-participle cue stands right before a bare noun (`renewed momentum`, `mixed
    feelings`): an adjective, not a reporting verb, whose object would open with a determiner, pronoun,
    preposition, name or `that`."""
    j = h.j
    if not doc.lower[h.j - 1].endswith("ed") or j >= len(doc.words) or doc.starts[j] >= hi:
        return False
    w = doc.lower[j]
    if doc.cap[j] or doc.gap(j - 1, j).strip() or w in _OBJECT_OPENERS or cue_precision(w) > 0:
        return False
    return w.isalpha() and not w.endswith(("ly", "ing"))


def _next_paragraph(doc: Doc, hi: int) -> tuple[int, int] | None:
    """`In a speech, he said:` closing its paragraph: what was said is the next paragraph, unless that
    opens with a quote mark (a marked quote) or the colon is not at its paragraph's end."""
    p = doc.para_of(hi)
    if doc.text[hi : doc.paras[p].end].strip() or p + 1 >= len(doc.paras):
        return None
    nxt = doc.paras[p + 1]
    s, e = _trim(doc.text, nxt.start, nxt.end)
    return (s, e) if e - s >= 8 and doc.text[s] not in _LABEL_OPENERS else None


def _opening_participle(w: str) -> bool:
    """Whether a sentence's first word `w` opens a participle clause (`Noting that …,`, `Asked about …,`);
    `according` opens an attribution (`According to X, C`) whose content follows the comma."""
    return w in _OPENING_PARTICIPLES or (w.endswith("ing") and len(w) > _ING_MIN and w != "according")


def _opening_clause_end(doc: Doc, lo: int, hi: int) -> int:
    """The comma closing an opening adverbial or participle clause (`After …,`, `Noting that …,`), or -1
    if none."""
    t = doc.tok_from(lo)
    if t >= len(doc.words) or doc.starts[t] >= hi:
        return -1
    w = doc.lower[t]
    if w not in _OPENING_WORDS and not _opening_participle(w):
        return -1
    for k in range(t + 1, min(t + _OPENING_MAX, len(doc.words))):
        if doc.starts[k] >= hi:
            return -1
        g = doc.gap(k - 1, k)
        if "," in g and not doc.in_quote(doc.ends[k - 1] + g.index(",")):
            return doc.ends[k - 1] + g.index(",")
    return -1


def labelled_paragraphs(doc: Doc, finder: SpeakerFinder) -> list[tuple[Span, int, int]]:
    """`Poll: Trump leads in Ohio.`, `TAPPER: Do you …`: a paragraph opened by a short label and a colon
    says what the label reports (headlines, interview transcripts). Returns (label, start, end).

    The label must name a source: a name the article uses inside sentences, an all-caps transcript
    name, or a speaker noun (`Poll`, `Clinton camp`); `Editor’s note:` or `Breaking:` are no sources.
    """
    out: list[tuple[Span, int, int]] = []
    n = len(doc.words)
    text = doc.text
    for para in doc.paras:
        if not text[para.start].isupper() or text.find(": ", para.start, para.start + _LABEL_CHARS) < 0:
            continue
        t = doc.tok_from(para.start)
        if t >= n or doc.starts[t] != para.start or not doc.cap[t]:
            continue
        j = t + 1
        while j < n and j - t < LABEL_MAX and doc.starts[j] < para.end and doc.joinable_gap(j - 1, j):
            j += 1
        if j >= n or doc.starts[j] >= para.end or doc.gap(j - 1, j) != ": ":
            continue
        if doc.text[doc.starts[j] - 1] in _LABEL_OPENERS:
            continue  # `Cruz: “…”`: a quoted turn is a marked quote
        s, e = _trim(doc.text, doc.starts[j], para.end)
        if e - s >= 8 and _source_label(doc, finder, t, j):
            kind = "name" if all(doc.cap[k] for k in range(t, j)) else "np"
            out.append((Span(t, j, kind), s, e))
    return out


def _source_label(doc: Doc, finder: SpeakerFinder, t: int, j: int) -> bool:
    """Whether tokens `[t, j)` can name who reports (see `labelled_paragraphs`)."""
    last = j - 1
    if doc.lower[last] in SPEAKER_NOUNS:
        return True
    if doc.lower[t] in DETERMINERS:
        return False  # `The Latest: …`: a described label names a source only by a speaker noun
    if all(doc.words[k].isupper() and len(doc.words[k]) > 1 for k in range(t, j)):
        return j - t <= 2
    return all(doc.cap[k] for k in range(t, j)) and finder.is_proper(last)
