"""Speaker mentions around a cue, and their resolution to the fullest name in the document.

A mention is a pronoun, a capitalised name run (with its title words), or a short noun phrase headed
by a speaker noun (`the communique`, `G7 members`). Names are resolved against every person-like name
run in the article; pronouns to the most salient compatible antecedent before them.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from service.extract.doc import Doc, is_number, possessive, title_case
from service.extract.lexicon import (
    AUX_SKIP,
    AUXILIARIES,
    BE_FORMS,
    CAP_STOP,
    CLAUSE_PUNCT,
    CONNECTORS,
    CUE_MIN,
    CUES,
    DETERMINERS,
    FEMININE,
    GROUP_NOUNS,
    MASCULINE,
    NP_STOP,
    OBJECT_ONLY_PRONOUNS,
    OCCUPATIONS,
    ORG_WORDS,
    PLACE_FIRST,
    PLACE_LAST,
    PLACES,
    PREPOSITIONS,
    PRONOMINAL,
    PRONOUNS,
    RAISING,
    SPEAKER_NOUNS,
    SUBJECT_PRONOUNS,
    TITLE_WORDS,
    words,
)

__all__ = ["Resolved", "Span", "SpeakerFinder", "owner"]

_CALENDAR = words(
    """monday tuesday wednesday thursday friday saturday sunday january february march april june july
    august september october november december year"""
)
"""Words that end no person's name (`Since June`, `Last Tuesday`, `New Year`); `Day` may (`Kristen Day`)."""
_NOT_SPEAKERS = _CALENDAR | words(
    "past week month day time weekend morning night somewhere here there today yesterday tonight"
)
_ADVERBIAL_PREPS = words("in for at over since")
_NAME_CLOSERS = words("on in at after during before via last this earlier later yesterday today tonight")
"""Words opening a time, place or means after an inverted speaker (`said … Tom Smith in a note`)."""
_OBJECT_PREPS = PREPOSITIONS - {"with", "of"}
"""Prepositions whose object, right before a participle cue, is no speaker (`in a statement explaining`)."""
_PLACE_PREPS = words("in at from near outside across throughout into to of with")
"""Prepositions a place follows (`in Columbus, Ohio,`), not those a person or body does (`a spokeswoman for
Clinton, Jennifer Palmieri,`)."""
_SOURCE_ADJECTIVES = words("familiar close briefed knowledgeable privy")
_SOURCE_PREPS = words("with to on about of")
_HOLDER_PREPS = words("of for to at with")
_ROLE_NOUNS = words(
    """spokesman spokeswoman spokesperson spokesmen spokeswomen official officials aide aides adviser advisers
    advisor advisors lawyer lawyers attorney attorneys director governor senator president minister leader
    leaders chairman chairwoman chief manager members member secretary representative head strategist
    strategists analyst analysts economist economists professor researcher researchers expert experts"""
)
"""Heads of a description that a preposition completes (`a spokesman for …`, `members of …`)."""
_DAYS = words("monday tuesday wednesday thursday friday saturday sunday")
_DEICTIC_DAYS = words("today yesterday tonight")
_DAY_LEADS = words("on late early earlier later")
_DAY_PARTS = words("morning afternoon evening night")
_PERIODS = words("week month year weekend")
_THIS_LAST = words("this last")
_CHANNELS = [
    *((w,) for w in words("x twitter facebook instagram telegram tiktok youtube bluesky threads")),
    ("truth", "social"),
    ("social", "media"),
]
"""Where a post is written (`Musk on X wrote`, `Trump on Truth Social said`)."""
_CHANNEL_ENDS = frozenset(channel[-1] for channel in _CHANNELS)
_SETTING_PREPS = words("in on via through")
"""Prepositions of the setting a past participle describes (`in a video posted to Telegram`)."""
_BODY_LINKS = words("for to and of")
"""Lower-case words inside a body's name (`Department for Work and Pensions`, `Committee to Protect
Journalists`); `and` and `of` only after a `for` or `to` that a body's word opens."""
_IRREGULAR_PARTICIPLES = words("written shown drawn given taken made sent put out")
_PARTICLES = CONNECTORS - {"of"}
"""Lower-case particles that may open a surname (`von der Leyen`, `de Blasio`, `da Silva`)."""
_ROLE_LINKS = words("of for and")
"""Words inside a role before its holder's name (`the secretary of state for health and social care, …`)."""
_MODALS = words("will may can might must shall should would could do does did")
_NOT_FIRST_NAMES = (
    (NP_STOP - _MODALS)
    | DETERMINERS
    | PRONOMINAL
    | PREPOSITIONS
    | words(
        """rival top plus maybe because presumptive other even several many more some most much two three four
    five six seven eight nine ten dozens hundreds thousands millions despite beneath outside inside among amid
    besides beyond toward towards across around behind below above throughout since until though although
    unless once"""
    )
)
"""Words that, capitalised as a sentence's first, are not the first name of the name after them (`Rival
Hillary Clinton’s campaign`, `Several Cruz associates`); `Will`, `May` and the other modals may be."""
_NAME_FORMS = words("mohammed muhammed mohamed")
_TO_VERBS = words("on continued continues began begins went tried wanted sought") | RAISING
_GO_FORMS = words("went goes go going")
_LY_NOUNS = words("family rally supply assembly ally anomaly monopoly butterfly")
_OPENING_MARKS = '“"'
"""Marks opening a quotation after a heading; a heading sets titles in single marks (`‘WONDER WOMAN’`)."""
_CLOSING_MARKS = "”\"’' \n"
"""What may follow a sentence's own final mark (`… win?”`)."""
_DASHES = "—–-"
_MIN_LY = 5
"""Letters an `-ly` adverb has beyond (`Hastily`, not `Ely` or `Lily`)."""
_NOT_VERBS = words("need speed seed feed bed red hundred indeed")
_SINGULAR = {"he": MASCULINE, "him": MASCULINE, "she": FEMININE, "her": FEMININE}
"""Singular pronouns, each with the words (titles, given names) of those it may stand for."""
_PLURAL = frozenset({"they", "them"})
_MAX_NP = 8
_DESCRIBED = re.compile(
    r"-(?:area|based|born|bred|raised|backed|led|owned|run|style|leaning|winning|winner)$"
)
"""A hyphened word that describes the person before the name, as a title does (`Los Angeles-area Sanders`)."""
_MAX_TITLES = 4
"""Title words read before a name for what they tell of the person (`Former Secretary of State Mrs.`)."""
_MAX_NAME_WORDS = 5
"""Words of a person's name besides connectors (`Juan Carlos de la Cruz Ortega`)."""
_MAX_RUN = 12
_GROUP_WINDOW = 150
_BACK_SENTS = 6
_MAX_PAREN = 5
_TITLE_HOPS = 2
_ING_TITLES = words(
    "acting outgoing incoming ranking leading founding managing presiding reigning sitting ruling"
)
_MAX_MODIFIERS = 4
_PROPER_SCANS = 4
# A capitalised word after a lowercase word or comma and one space: inside a sentence, so a name.
_MID_CAP = re.compile(r"[a-z0-9,] ([A-Z]\w*(?:[’'\-&]\w+)*)")


_MID_BEFORE = frozenset("abcdefghijklmnopqrstuvwxyz0123456789,")
_WORD_JOINERS = "_’'-&"
_DOTTED_SUFFIXES = frozenset(["Jr", "Sr"])
"""Generational suffixes, written with a period the tokens leave out (`Joseph R. Biden Jr.`)."""
_DOTTED_ENDS = _DOTTED_SUFFIXES | frozenset(["Inc", "Corp", "Co", "Cos", "Ltd", "Bros"])
"""Suffixes closing a person's or a company's name with a period (`Jr.`, `Acme Corp.`, `Beta Ltd.`)."""
_NAME_SUFFIX = re.compile(rf"(?:{'|'.join(sorted(_DOTTED_SUFFIXES))})\.?|[IVX]{{2,5}}")
"""A generational suffix or regnal number closing a name (`Jr.`, `III`, `XIV`): not the surname."""


def _plural(word: str) -> bool:
    """Whether a lower-case noun reads as a plural (`men`, `players`), which `both` may open."""
    return word in ("men", "women", "people") or (word.endswith("s") and not word.endswith("ss"))


def _surname(toks: tuple[str, ...] | list[str]) -> str:
    """The word a name is known by on its own: its last, or the one before a closing `Jr.` or `XIV`
    (`Pope Leo` is the `Leo XIV` named earlier)."""
    if len(toks) > 1 and _NAME_SUFFIX.fullmatch(toks[-1]):
        return toks[-2]
    return toks[-1]


def _place_before_surname(words: Sequence[str]) -> bool:
    """Whether three name words are a two-word place and a surname (`New Hampshire Sanders`, of `a New
    Hampshire Sanders rally`): the place describes the person."""
    return len(words) == 3 and " ".join(words[:2]) in PLACES


def _within(word: str, name: tuple[str, ...]) -> bool:
    """Whether `word` is a word of `name`, a particle in either case (`De Blasio` in `Bill de Blasio`)."""
    return word in name or (word.lower() in _PARTICLES and word.lower() in map(str.lower, name))


def _body_word(word: str) -> bool:
    """Whether a capitalised word names a kind of body (`Department`, `Institute`, `Centers`)."""
    return word in ORG_WORDS or (word.endswith("s") and word[:-1] in ORG_WORDS)


def owner(doc: Doc, sp: Span) -> bool:
    """Whether a mention names an owner (`the campaign’s`, `Trump's`, `the newspaper’s editorial`)."""
    return any(possessive(doc.words[x]) for x in range(sp.i, sp.j))


def _bare(word: str) -> str:
    """The word without a trailing possessive or contracted `’s` (`Trump’s` → `Trump`, `he’s` → `he`)."""
    return word[:-2] if len(word) > 2 and possessive(word) else word


def _mid_sentence(text: str, word: str) -> bool:
    """Whether `word` occurs as a whole token right after a lowercase letter, digit or comma and one
    space (`_MID_CAP` for one word). A plain substring search: compiling a pattern per word costs
    far more than the scan."""
    needle = " " + word
    end = len(text)
    i = text.find(needle, 1)
    while i >= 0:
        after = i + len(needle)
        if text[i - 1] in _MID_BEFORE and (
            after == end or not (text[after].isalnum() or text[after] in _WORD_JOINERS)
        ):
            return True
        i = text.find(needle, i + 1)
    return False


@dataclass(frozen=True, slots=True)
class Span:
    """A mention by token range `[i, j)`; `kind` is pronoun, name or np."""

    i: int
    j: int
    kind: str


@dataclass(frozen=True, slots=True)
class Resolved:
    """A speaker mention with its resolved name and optional title."""

    mention: Span
    name: str
    title: str | None


def adverb(doc: Doc, k: int) -> bool:
    """Whether token `k` is a lowercase `-ly` adverb (`Trump jokingly said`)."""
    w = doc.lower[k]
    return len(w) > 5 and w.endswith("ly") and not doc.cap[k] and w not in _LY_NOUNS


def _at_end(doc: Doc, k: int, ceiling: int) -> bool:
    """Whether token `k` starts past a clause end (the text end, `ceiling`, or punctuation before it)."""
    return k >= len(doc.words) or doc.starts[k] >= ceiling or doc.gap(k - 1, k).strip()[:1] in CLAUSE_PUNCT


class SpeakerFinder:
    """Finds and resolves speaker mentions in one document."""

    def __init__(self, doc: Doc) -> None:
        """Index the document's person names once; resolutions are memoised per mention."""
        self.doc = doc
        self._persons: list[tuple[int, int, int]] = []  # (token i, token j, name-start token)
        self._fullest: dict[str, tuple[str, ...]] = {}
        self._by_sex: dict[tuple[str, frozenset[str]], tuple[str, ...]] = {}
        self._written: dict[tuple[str, ...], str] = {}
        self._given: dict[str, tuple[str, ...]] = {}
        self._resolved: dict[Span, Resolved] = {}
        self._sentence_starts = frozenset(doc.sent_starts)
        self._groups: list[int] | None = None
        self._proper: frozenset[str] | None = None
        self._proper_memo: dict[str, bool] = {}
        self._name_words_seen: frozenset[str] | None = None
        self._index_names()

    # ----- name runs -------------------------------------------------------------------------------

    def _run_end(self, i: int, limit: int) -> int:
        """End (exclusive) of the capitalised name run starting at token `i`."""
        d = self.doc
        j = i + 1
        limit = min(limit, i + _MAX_RUN)
        while j < limit:
            # the token test comes first: it is cheaper than the gap and fails far more often
            if d.cap[j]:
                step = 1
            elif d.lower[j] in CONNECTORS:
                # one or two particles between names (`Lula da Silva`, `Ursula von der Leyen`)
                m = j + 1
                if m < limit and d.lower[m] in CONNECTORS and d.lower[j] != "of" and d.joinable_gap(j, m):
                    m += 1
                if m >= limit or not d.cap[m] or not d.joinable_gap(m - 1, m):
                    break
                step = m - j + 1
            else:
                break
            if not d.joinable_gap(j - 1, j):
                break
            j += step
        return j

    def _split_title(self, i: int, j: int) -> int:
        """First token of the personal name inside run `[i, j)` (tokens before it are the title)."""
        d = self.doc
        last_title = -1
        for k in range(i, j):
            described = _DESCRIBED.search(d.words[k]) is not None  # `Texas-based`, `Korean-born`
            # what the person does, before a name (`Comedian Sarah Silverman`, not `Peter Singer`)
            described = described or (k == i < j - 1 and d.lower[k] in OCCUPATIONS)
            if d.words[k] in TITLE_WORDS or described or (d.lower[k] == "of" and last_title == k - 1):
                last_title = k
        if last_title < 0:
            return i
        rest = d.words[last_title + 1 : j]
        if rest and all(_NAME_SUFFIX.fullmatch(w) for w in rest):
            return i  # `Martin Luther King Jr.`: a name that a title word ends, not a title
        return last_title + 1

    def _is_person(self, i: int, j: int, name_i: int) -> bool:
        """Whether run `[i, j)` with name part `[name_i, j)` looks like a person."""
        d = self.doc
        if not ORG_WORDS.isdisjoint(map(_bare, d.words[name_i:j])):
            return False  # `New York State Republican Party’s annual gala`
        if d.lower[j - 1] in _CALENDAR:
            return False
        n = j - name_i
        if n >= 2:
            words = [d.words[k] for k in range(name_i, j) if d.lower[k] not in CONNECTORS]
            # `U.S.`, `D.C.`: initials alone (tokenised apart) name a place or body; a long run, or one
            # ending in a function word, is a title-case line (`… Between Marco Rubio And Rand Paul At The`)
            if all(len(w) == 1 for w in words) or len(words) > _MAX_NAME_WORDS or words[-1] in CAP_STOP:
                return False
            # a headline reads as names around its verb (`Chris Christie Calls Hillary Clinton`)
            if any(w.endswith("s") and CUES.get(w.lower(), 0.0) >= CUE_MIN for w in words[1:]):
                return False
            # a heading in capitals (`FULL TEXT`) names nobody; a transcript's label (`JAKE TAPPER:`) does
            labelled = d.text[d.ends[j - 1] : d.ends[j - 1] + 1] == ":"
            if all(w.isupper() and len(w) > 1 for w in words) and not labelled:
                return False
            if possessive(d.words[j - 2]):
                return False  # one word after an owner is a thing of theirs (`Cruz’s Iowa`, `CIA’s Benghazi`)
            # a place ending the name is the name (`Tuesday’s New Hampshire`), unless placed (`… of New York`)
            placed = next((k for k in range(name_i, j) if d.lower[k] == "of"), j)
            if " ".join(d.words[max(name_i, placed - 2) : placed]) in PLACES:
                return False
            if d.words[name_i] in PLACE_FIRST or d.words[placed - 1] in PLACE_LAST:
                return False
            return all(d.words[k][0].isupper() or d.lower[k] in CONNECTORS for k in range(name_i, j))
        return n == 1 and name_i > i

    def _index_names(self) -> None:
        """Collect person-like name runs and the fullest form for every surname.

        Headline paragraphs are skipped (their title case makes every word look like a name). A second
        pass adds single-token mentions of a known surname, so `Easton` counts as a person mention for
        later pronouns.
        """
        d = self.doc
        n = len(d.words)
        cap_tokens = list(itertools.compress(range(n), d.cap))
        para_starts = set(d.para_starts)  # only a paragraph's first token can open a headline
        outside = {d.words[k] for k in cap_tokens if not d.in_quote(d.starts[k])}
        forms: dict[tuple[str, ...], float] = {}  # each name's words → where first written, not as an owner
        titled: set[tuple[str, ...]] = set()  # names written after a title (`Chinese President Xi Jinping`)
        i = 0
        for k in cap_tokens:
            if k < i or d.words[k] in CAP_STOP:
                continue
            i = k
            if d.starts[i] in para_starts and self._headline(i):
                i = d.tok_from(d.paras[d.para_of(d.starts[i])].end)
                continue
            j = self._run_end(i, n)
            if j - i == 1:
                i = j
                continue  # one word is a title or a lone name, never a person here (see `_is_person`)
            name_i = self._split_title(i, j)
            if name_i < j and self._is_person(i, j, name_i):
                self._persons.append((i, j, name_i))
                end = self._name_end(name_i, j, name_i > i)
                opens = name_i == i and d.starts[i] in self._sentence_starts
                toks = self._name_words(name_i, end, opens, outside)
                owned = toks[-1] != d.words[end - 1]
                forms[toks] = min(forms.get(toks, math.inf), math.inf if owned else i)
                if toks not in self._written:  # as first written (an owner's `’s` left out)
                    self._written[toks] = self._as_written(end - len(toks), end, toks[-1])
                if name_i > i and len(toks) > 1:
                    titled.add(toks)
            i = j
        # A surname's fullest form, the first of those as full, a form written as an owner (`Donald Trump’s
        # campaign`) counting after every other: of a family, the one named first as an owner is rarely the
        # one the surname alone stands for (`Bill Clinton's policies … Hillary Clinton is … Clinton`).
        # A place before a surname describes (`a New Hampshire Sanders rally`): that form never wins over
        # another of the surname.
        placed = {toks for toks in forms if _place_before_surname(toks)}
        for toks in sorted(forms, key=lambda form: (form in placed, forms[form])):
            if len(toks) > len(self._fullest.get(_surname(toks), ())) and not (
                toks in placed and _surname(toks) in self._fullest
            ):
                self._fullest[_surname(toks)] = toks
            # and the fullest form that a title (`Mrs. Clinton`) may stand for, where a family has both
            for sex in (FEMININE, MASCULINE):
                key = (_surname(toks), sex)
                if self._may_be_named(toks[0], sex) and len(toks) > len(self._by_sex.get(key, ())):
                    self._by_sex[key] = toks
        # A word before the surname of a name written after a title names that person on its own when it is
        # one person's and no surname (`Xi` of `Chinese President Xi Jinping`, `Lula` of `President Luiz
        # Inácio Lula da Silva`); `Donald` of both `President Donald Trump` and `Donald Trump Jr.` is not.
        given: dict[str, set[tuple[str, ...]]] = {}
        for toks in titled & set(self._fullest.values()):
            for w in toks[:-1]:
                if len(w) > 1 and w[0].isupper() and w not in TITLE_WORDS and not _NAME_SUFFIX.fullmatch(w):
                    given.setdefault(w, set()).add(toks)
        self._given = {
            w: next(iter(fs)) for w, fs in given.items() if len(fs) == 1 and w not in self._fullest
        }
        extra = [
            (k, k + 1, k) for k in cap_tokens if d.words[k] in self._fullest and not d.in_quote(d.starts[k])
        ]
        known = {p[0] for p in self._persons}
        self._persons.extend(p for p in extra if p[0] not in known)
        self._persons.sort()
        self._person_starts = [p[0] for p in self._persons]

    def _name_end(self, name_i: int, j: int, titled: bool) -> int:
        """Where the personal name of run `[name_i, j)` ends: at an `of` that places the person (`Senator
        Bernie Sanders of Vermont`, `Mr. Nevins of Showtime`), else `j`. The words before it must be a name
        with a title before it, or two or more ending in a surname the text writes again, and no body's
        (`the Department of Homeland Security`, `the Communications Workers of America`)."""
        d = self.doc
        for p in range(name_i + 1, j - 1):
            if d.lower[p] in CONNECTORS:
                placed = d.lower[p] == "of" and (titled or (p - name_i > 1 and self._written_again(p - 1)))
                named = all(d.cap[k] for k in range(name_i, p))
                return p if placed and named and ORG_WORDS.isdisjoint(map(_bare, d.words[name_i:p])) else j
        return j

    def _written_again(self, k: int) -> bool:
        """Whether the word at token `k` is capitalised somewhere else in the text too."""
        d = self.doc
        word = d.words[k]
        return any(d.words[m] == word for m in itertools.compress(range(len(d.words)), d.cap) if m != k)

    def _name_words(self, i: int, j: int, opens: bool, outside: set[str]) -> tuple[str, ...]:
        """The words of the person's name in run `[i, j)` for the fullest-name index, without a possessive's
        `’s`. A run in quotation marks keeps only what the text also capitalises outside them (`“Defeat
        Crooked Hillary PAC”`, `“The Inside Story of the Real Donald Trump”`: a nickname or a title, not how
        the text names the person); a run opening a sentence drops a first word that is no first name, only
        capitalised there (`Understated Perez raises…`, `Rival Hillary Clinton’s campaign`)."""
        d = self.doc
        if d.in_quote(d.starts[i]):
            while i < j - 1 and d.words[i] not in outside:
                i += 1
        elif opens and i < j - 1 and self._no_first_name(i):
            i += 1
        i = self._after_owner(i, j)
        return (*d.words[i : j - 1], _bare(d.words[j - 1]))  # `Donald Trump’s campaign`: `Trump` is known

    def _as_written(self, i: int, j: int, last: str) -> str:
        """Name words `[i, j)` as the text writes them, with the periods of initials (`Donald J. Trump`,
        `George H. W. Bush`) and without an owner's `’s`."""
        d = self.doc
        written = d.text[d.starts[i] : self.end_of(Span(i, j, "name"))]
        if d.words[j - 1] != last:
            written = written[: d.ends[j - 1] - d.starts[i] - (len(d.words[j - 1]) - len(last))]
        return " ".join(written.split())

    def _after_owner(self, i: int, j: int) -> int:
        """First token of a name in run `[i, j)` after an owner's `’s` (`Fox’s Chris Wallace`, `the Washington
        Post’s Ishaan Tharoor`: the person, not their employer), else `i`. Only a full name follows an owner:
        a lower-case word is what the owner has (`Sanders’s campaign`), and one capitalised word a place or
        thing of theirs (`Cruz’s Iowa`, `Trump’s AIPAC`)."""
        d = self.doc
        owner = max((k for k in range(i, j - 2) if possessive(d.words[k])), default=-1)
        return owner + 1 if owner >= 0 and all(d.cap[owner + 1 : j]) else i

    def _no_first_name(self, i: int) -> bool:
        """Whether token `i`, capitalised as its sentence's first word, is no first name of the name after it
        (`Understated Perez raises…`, `Rival Hillary Clinton’s campaign`, `Will Sanders win?`)."""
        w = self.doc.lower[i]
        verb_form = len(w) >= 6 and w.endswith(("ing", "ed")) and w not in _NAME_FORMS
        return w in _NOT_FIRST_NAMES or verb_form or (w in _MODALS and self._asks(i))

    def _asks(self, i: int) -> bool:
        """Whether the sentence of token `i` is a question (`Will Sanders win?`: no `Will Sanders`)."""
        d = self.doc
        start, end = d.sent_of(d.starts[i])
        return d.text[start:end].rstrip(_CLOSING_MARKS).endswith("?")

    def in_headline(self, i: int) -> bool:
        """Whether token `i` lies in a title-case paragraph without a final period (a headline)."""
        d = self.doc
        para = d.paras[d.para_of(d.starts[i])]
        return self._headline(d.tok_from(para.start))

    def _headline(self, i: int) -> bool:
        """Whether token `i` opens a title-case paragraph without a final period (a headline)."""
        d = self.doc
        para = d.paras[d.para_of(d.starts[i])]
        if d.starts[i] != para.start or d.text[para.end - 1] in '.!?”"':
            return False
        return title_case(d.cap[i : min(d.tok_from(para.end), i + 30)])

    # ----- mentions around a cue --------------------------------------------------------------------

    def before(self, cue_i: int, floor: int) -> Span | None:
        """The speaker mention ending right before cue token `cue_i`, not reaching before char `floor`."""
        d = self.doc
        k = cue_i - 1
        timed = False
        while k >= 0 and d.starts[k] >= floor and not d.gap(k, k + 1).strip():
            w = d.lower[k]
            if w in BE_FORMS and (d.lower[cue_i].endswith("ed") or d.lower[cue_i] == "told"):
                return None
            if w == "to" and k > 0 and d.lower[k - 1] in _TO_VERBS and not d.gap(k - 1, k).strip():
                k -= 1  # `he went on to say`, `Clinton continued to argue`
                went = k > 0 and d.lower[k - 1] in _GO_FORMS and not d.gap(k - 1, k).strip()
                if d.lower[k] == "on" and went:
                    k -= 1
            elif w == "far" and k > 0 and d.lower[k - 1] in ("so", "thus") and not d.gap(k - 1, k).strip():
                k -= 1  # `has so far not ruled out`
            elif (aux := self._aux_adverbial(k)) > 0:
                k = aux  # `who has in the past described`: on to the auxiliary
            elif not d.lower[cue_i].endswith("ing") and (when := self._time_before_cue(k, floor)) > 0:
                k = when  # `Macron on Friday called`, `Trump last week said`, `Musk on X wrote`
                timed = True
            elif w not in AUX_SKIP and w not in BE_FORMS and not adverb(d, k):
                break
            k -= 1
        if k < 0 or d.starts[k] < floor:
            return None
        g = d.gap(k, k + 1)
        if g.strip().rstrip(",") in (")", ".)"):
            k = self._before_parenthetical(k, floor)
            if k < 0:
                return None
            g = d.gap(k, k + 1).replace("(", "")
        tag = self._party_tag(k) if g.strip() in (",", ".,") else -1
        if tag > 0 and d.starts[tag - 1] >= floor:
            name = self._np_ending_at(tag - 1, floor)  # `Sen. Ron Johnson, R-Wis., said`
            return name if name is not None and name.kind == "name" else None
        if g.strip() in (",", ".,"):
            return self._before_apposition(k, floor)  # `.,` closes an abbreviation (`Mass.,`, `Jr.,`)
        # a period may close an initialism (`the U.N. said`) or a suffix (`Joseph R. Biden Jr. warned`,
        # `Acme Corp. announced`)
        dotted = g.strip() == "." and (d.words[k] in _DOTTED_ENDS or self._the_initialism(k))
        if g.strip() and not dotted:
            return None
        sp = self._np_ending_at(k, floor)
        if sp is None:
            return None
        if timed and sp.i > 0 and d.lower[sp.i - 1] in PREPOSITIONS:
            # `an ad in Indiana on Saturday titled`: a preposition's object is no subject, but it may end
            # one (`the analysis released by the VA last month reveals`)
            return self._made_by(sp, floor) or self._holder_of(sp, floor)
        if sp.kind == "pronoun" and d.lower[k] in OBJECT_ONLY_PRONOUNS:
            return None  # `many of them known as`: an object pronoun is no subject
        if (source := self._anonymous_source(sp, floor)) is not None:
            return source  # `people familiar with the matter said`: not `the matter`
        if (holder := self._holder_of(sp, floor)) is not None:
            return holder  # `a spokesman for the campaign said`: not `the campaign`
        if (record := self._made_by(sp, floor)) is not None:
            return record  # `a report released by the ministry said`: not `the ministry`
        if sp.kind == "np" and self._object_of_verb(sp):
            return None  # `she revised her statement explaining`: the phrase is the object of `revised`
        if sp.i > 0 and d.lower[cue_i].endswith("ing") and d.lower[sp.i - 1] in _OBJECT_PREPS:
            # a participle's object, unless a source owned by someone (`after the newspaper’s editorial
            # telling him`)
            owned_source = d.lower[sp.j - 1] in SPEAKER_NOUNS and owner(d, sp)
            return sp if owned_source else None
        if sp.kind == "np" and d.lower[cue_i].endswith("ed") and self._opens_setting(sp.i - 1):
            return None  # `In a video posted to Telegram, …`: a participle describing where it was said
        return sp

    def describes_setting(self, cue_i: int, floor: int) -> bool:
        """Whether cue token `cue_i` is a past participle describing the setting that opens its sentence or
        phrase (`In a video posted to Telegram, …`, `in a statement issued Friday, …`): it reports nothing."""
        d = self.doc
        k = cue_i - 1
        if k < 0 or not d.lower[cue_i].endswith("ed") or d.starts[k] < floor or d.gap(k, cue_i) != " ":
            return False
        sp = self._np_ending_at(k, floor)
        return sp is not None and sp.kind == "np" and self._opens_setting(sp.i - 1)

    def _opens_setting(self, p: int) -> bool:
        """Whether token `p` is a preposition of setting opening its sentence or a phrase set off by a comma
        (`In a video posted …`, `, in a statement issued …`); after `and` a verb may follow (`and in a
        statement credited him`)."""
        d = self.doc
        if p < 0 or d.lower[p] not in _SETTING_PREPS:
            return False
        if p == 0 or d.starts[p] in (d.sent_of(d.starts[p])[0], d.paras[d.para_of(d.starts[p])].start):
            return True
        return "," in d.gap(p - 1, p)

    def _time_before_cue(self, k: int, floor: int) -> int:
        """The first token of a time or channel adverbial ending at token `k` between a subject and its cue
        (`on Friday`, `late Sunday`, `on Tuesday night`, `last week`, `earlier this month`, `today`, `on X`,
        `on social media`), or 0 when there is none. A bare weekday is left alone (`on Super Tuesday`)."""
        d = self.doc
        w = d.lower[k]
        m = k
        if w in _DAY_PARTS and k > 0 and (d.lower[k - 1] in _DAYS or d.lower[k - 1] in _THIS_LAST):
            m = k - 1  # `Tuesday night`, `last night`, `this morning`
        elif w in _PERIODS and k > 0 and d.lower[k - 1] in _THIS_LAST:
            m = k - 1  # `last week`, `this month`
        elif w in _DAYS and d.cap[k]:
            m = k
        elif w in _DEICTIC_DAYS and not d.cap[k]:
            m = k  # `Acme today announced`
        elif w in _CHANNEL_ENDS:
            for channel in _CHANNELS:
                m = k - len(channel)
                if m > 0 and d.lower[m] == "on" and tuple(d.lower[m + 1 : k + 1]) == channel:
                    ok = d.starts[m] >= floor and all(d.joinable_gap(x, x + 1) for x in range(m, k))
                    return m if ok else 0  # `on X`, `on Truth Social`, `on social media`
            return 0
        else:
            return 0
        if m > 0 and d.lower[m] == "this" and d.lower[m - 1] == "earlier" and d.joinable_gap(m - 1, m):
            m -= 1  # `earlier this week`
        elif m > 0 and d.lower[m] in _DAYS and d.lower[m - 1] in _DAY_LEADS and d.joinable_gap(m - 1, m):
            m -= 1  # `on Friday`, `late Sunday`
        elif d.lower[m] in _DAYS:
            return 0
        if m < 1 or d.starts[m] < floor or not all(d.joinable_gap(x, x + 1) for x in range(m, k)):
            return 0
        return m if self._subject_before(m) else 0

    def _subject_before(self, m: int) -> bool:
        """Whether the word before an adverbial at token `m` can end the subject of the cue after it: one
        space apart, and no participle or `out` that the adverbial belongs to (`a poll released last week
        showed`)."""
        d = self.doc
        w = d.lower[m - 1]
        participle = not d.cap[m - 1] and (w.endswith("ed") or w in ("out", "published", "written", "shown"))
        gap = d.gap(m - 1, m)
        dotted = gap == ". " and d.words[m - 1] in _DOTTED_ENDS  # `Acme Corp. on Monday said`
        # `Warren (D-Mass.) on Friday said`, `Acme Corp. (NASDAQ: ACME) today announced`
        return (gap in (" ", ") ", ".) ") or dotted) and not participle

    def _anonymous_source(self, sp: Span, floor: int) -> Span | None:
        """The whole description when mention `sp` closes one of an unnamed source (`people familiar with the
        matter`, `a person close to the campaign`, `officials briefed on the talks`), else None."""
        d = self.doc
        prep, adjective = sp.i - 1, sp.i - 2
        if adjective < 1 or d.starts[adjective] < floor or d.lower[prep] not in _SOURCE_PREPS:
            return None
        if d.lower[adjective] not in _SOURCE_ADJECTIVES or not d.joinable_gap(adjective, prep):
            return None
        head = self._np_ending_at(adjective - 1, floor) if d.joinable_gap(adjective - 1, adjective) else None
        if head is None or head.kind == "pronoun" or d.lower[head.j - 1] not in SPEAKER_NOUNS:
            return None
        return Span(head.i, sp.j, "np")

    def _holder_of(self, sp: Span, floor: int) -> Span | None:
        """The person or role that mention `sp` only places, when a preposition ties them: the name
        (`Jane Doe of the Heritage Foundation`) or the whole description (`a spokesman for Hillary Clinton`,
        `the governor of Ohio`, `a senior adviser to the campaign`), else None."""
        d = self.doc
        prep = sp.i - 1
        if prep < 1 or d.starts[prep - 1] < floor or d.lower[prep] not in _HOLDER_PREPS or d.cap[prep]:
            return None
        if not (d.joinable_gap(prep - 1, prep) and d.joinable_gap(prep, sp.i)):
            return None
        head = self._np_ending_at(prep - 1, floor)
        if head is None or head.kind not in ("np", "name"):
            return None
        if head.kind == "name":
            return head if self.is_person(head) else None
        return Span(head.i, sp.j, "np") if d.lower[head.j - 1] in _ROLE_NOUNS else None

    def _made_by(self, sp: Span, floor: int) -> Span | None:
        """The whole description when mention `sp` is the agent of a participle describing what speaks (`a
        report released by the ministry`, `a letter signed by 30 senators`), else None."""
        d = self.doc
        by, part = sp.i - 1, sp.i - 2
        if part < 1 or d.starts[part - 1] < floor or d.lower[by] != "by" or d.cap[part]:
            return None
        w = d.lower[part]
        if not (w.endswith("ed") or w in _IRREGULAR_PARTICIPLES) or w in _NOT_VERBS:
            return None
        if not (d.joinable_gap(part - 1, part) and d.joinable_gap(part, by) and d.joinable_gap(by, sp.i)):
            return None
        head = self._np_ending_at(part - 1, floor)
        if head is None or head.kind not in ("np", "name") or d.lower[head.j - 1] not in SPEAKER_NOUNS:
            return None
        return Span(head.i, sp.j, "np")

    def _aux_adverbial(self, k: int) -> int:
        """The auxiliary before a short prepositional phrase ending at token `k` (`has in the past`,
        `had for years`), or 0 when there is none."""
        d = self.doc
        for p in range(k - 1, max(k - 4, 0), -1):
            if d.cap[p + 1] or d.cap[p] or not d.joinable_gap(p, p + 1):
                return 0
            if d.lower[p] in _ADVERBIAL_PREPS:
                aux = p - 1
                ok = aux >= 0 and d.lower[aux] in AUXILIARIES and d.joinable_gap(aux, p)
                return aux if ok else 0
        return 0

    def _party_tag(self, k: int) -> int:
        """The first token of a party-and-state tag ending at token `k` and set off by a comma (`, R-Wis.,`,
        `, D-Calif.,`, `, R-N.J.,`: `R-N` and `J`), or -1."""
        d = self.doc
        t = k - 1 if k > 1 and len(d.words[k]) <= 2 and d.words[k].isupper() and d.gap(k - 1, k) == "." else k
        w = d.words[t]
        party = len(w) > 2 and w[0] in "RDI" and w[1] == "-" and w[2].isupper()
        return t if t > 0 and party and d.gap(t - 1, t) == ", " else -1

    def _object_of_verb(self, sp: Span) -> bool:
        """Whether a described mention directly follows a past-tense verb (`posted a message`)."""
        d = self.doc
        k = sp.i - 1
        if k < 0 or d.gap(k, sp.i).strip() or d.cap[k]:
            return False
        w = d.lower[k]
        return len(w) > 3 and w.endswith("ed") and w not in _NOT_VERBS

    def _before_parenthetical(self, k: int, floor: int) -> int:
        """The token before a short parenthetical ending at token `k` (`Warren (D-Mass.) said`), or -1."""
        d = self.doc
        for m in range(k, max(k - _MAX_PAREN, 0), -1):
            if d.starts[m - 1] < floor:
                return -1
            g = d.gap(m - 1, m)
            if "(" in g:
                dotted = g.replace(" ", "") == ".(" and d.words[m - 1] in _DOTTED_ENDS  # `Acme Corp. (ACME)`
                return m - 1 if g.strip() == "(" or dotted else -1
            if any(c not in " .-–:" for c in g):
                return -1  # `:` of a ticker (`Acme (NASDAQ: ACME) said`)
        return -1

    def _before_apposition(self, k: int, floor: int) -> Span | None:
        """`NAME, a former adviser to X, said` / `the spokesman, NAME, said` / `NAME, 58, said`."""
        d = self.doc
        lo = max(0, k - 30)
        for m in range(k, lo, -1):
            g = d.gap(m - 1, m)
            if d.starts[m - 1] < floor:
                return None
            if "," in g:
                if g.strip() in ("),", ".),") and (d.cap[m] or d.lower[m] in DETERMINERS):
                    # `Sen. Ted Cruz (R-Tex.), a Republican candidate …, tweeted`
                    b = self._before_parenthetical(m - 1, floor)
                    name = self._np_ending_at(b, floor) if b >= 0 else None
                    return name if name is not None and name.kind == "name" else None
                if g.strip() != ",":
                    return None
                seg = d.text[d.starts[m] : d.ends[k]]
                if self._place_before(m - 1):
                    # `in Columbus, Ohio, said`: a place; the apposition may open before it
                    # (`Mr. Daniloff, now retired in Cambridge, Mass., said`)
                    continue
                if all(d.is_cap(x) or d.lower[x] in CONNECTORS for x in range(m, k + 1)) and "," not in seg:
                    name = self._np_ending_at(k, d.starts[m])
                    if name is not None and name.kind == "name":
                        return name
                w = d.lower[m]
                if w in PRONOUNS and w not in OBJECT_ONLY_PRONOUNS and w not in DETERMINERS:
                    return None  # `…, it is highly unusual …, said`: a clause of its own, not an apposition
                if is_number(w) or w in DETERMINERS or (not d.cap[m] and w not in AUXILIARIES):
                    return self._np_ending_at(m - 1, floor)
                return None
            if g.strip() and g.strip() not in (".", "-", "’s", "'s", "(", ")"):
                return None
        return None

    def _place_before(self, k: int) -> bool:
        """Whether the capitalised run ending at token `k` follows a preposition (`in Ponte Vedra Beach`)
        and names no person (`after Mr. Trump`)."""
        d = self.doc
        if not d.cap[k] or d.words[k] in self._fullest:
            return False
        i = k
        while i > 0 and k - i < _MAX_PAREN and d.cap[i] and d.joinable_gap(i - 1, i):
            if d.words[i] in TITLE_WORDS:
                return False
            i -= 1
        placed_person = d.lower[i] == "of" and i > 0 and d.words[i - 1] in self._fullest  # `Cruz of Texas`
        return not d.cap[i] and d.lower[i] in _PLACE_PREPS and d.joinable_gap(i, i + 1) and not placed_person

    def ending_at(self, k: int, floor: int) -> Span | None:
        """The mention whose last token is `k` (public entry for callers that found `k` themselves)."""
        return self._np_ending_at(k, floor)

    def _np_ending_at(self, k: int, floor: int) -> Span | None:
        """The mention whose last token is `k`.

        A pronoun stands alone; `who`/`which` become a relative mention when an antecedent precedes
        them. Otherwise up to `_MAX_NP` tokens are read backwards: capitalised words, connectors inside
        names, and (for a lowercase head) modifiers up to a determiner. A capitalised head yields the
        trailing name run with any `the`; a lowercase head needs a speaker noun, a possessive name or a
        determiner (`the communique`, `Trump’s campaign manager`, `G7 members`).
        """
        d = self.doc
        w = d.lower[k]
        if w in PRONOUNS:
            return Span(k, k + 1, "pronoun")
        if w in ("who", "which") and k > 0 and d.starts[k - 1] >= floor:
            return Span(k, k + 1, "relative") if self._antecedent(k) is not None else None
        if w in PRONOMINAL and (k == 0 or d.lower[k - 1] not in DETERMINERS):
            i = k - 1 if k > 0 and d.lower[k - 1] == "yet" and d.joinable_gap(k - 1, k) else k
            return Span(i, k + 1, "np")  # `another said`, `others say`, `both wrote`
        if w in NP_STOP or w in DETERMINERS or is_number(w) or w in _NOT_SPEAKERS:
            return None
        if w in PREPOSITIONS and not d.cap[k]:
            return None  # `took the unusual step of criticizing`: a gerund's object, no mention ends there
        i = k
        owned = w in SPEAKER_NOUNS  # `the mayor’s office`, not `the campaign’s initial (statement)`
        while i > 0 and k - i < _MAX_NP and d.starts[i - 1] >= floor:
            g = d.gap(i - 1, i)
            prev = d.lower[i - 1]
            if not (d.joinable_gap(i - 1, i) or g == "’s "):
                break
            if prev in DETERMINERS or (prev == "both" and _plural(w)):
                i -= 1
                break
            if d.is_cap(i - 1):
                if d.words[i - 1] in CAP_STOP and d.words[i - 1] not in ("The",):
                    break
                i -= 1
            elif (
                prev in CONNECTORS
                and i >= 2
                and (d.is_cap(i) or d.lower[i] in _PARTICLES)
                and self._particles_after_name(i - 1)
            ) or (
                prev not in NP_STOP
                and (prev.replace("-", "").isalpha() or (owned and possessive(prev)))
                and not d.is_cap(k)
                and prev not in PRONOUNS
            ):
                i -= 1
            else:
                break
        if d.is_cap(k):
            if i == k and self.opening_adverb(k):
                return None  # `Hastily blaming …`: an adverb opening the sentence, not a name
            s = k
            while s > i and (d.is_cap(s - 1) or d.lower[s - 1] in CONNECTORS) and d.joinable_gap(s - 1, s):
                s -= 1
            while s < k and (
                (d.lower[s] in CONNECTORS and not d.cap[s])
                or (d.words[s] in CAP_STOP and d.words[s] != "The")
            ):
                s += 1
            s = self._leading_particles(s, floor)
            s = self._body_start(s, floor)
            if s > 0 and d.lower[s - 1] == "the" and d.joinable_gap(s - 1, s) and d.starts[s - 1] >= floor:
                s -= 1
            return Span(s, k + 1, "name")
        head = d.lower[k]
        owned_name = i < k and d.is_cap(i) and possessive(d.words[i])
        described = i < k and (d.lower[i] in DETERMINERS or d.lower[i] == "both")  # `Both men said`
        if head in SPEAKER_NOUNS or owned_name or described:
            if i == k and d.lower[i] in DETERMINERS:
                return None
            return Span(i, k + 1, "np")
        return None

    def _body_start(self, s: int, floor: int) -> int:
        """The first token of a body's name that a capitalised run starting at token `s` ends, across `for`,
        `to` and the `and` or `of` after them (`Department for Work and Pensions`, `Centers for Disease
        Control and Prevention`, `Committee to Protect Journalists`): `s` unless a body's word stands right
        before the first `for` or `to`."""
        d = self.doc
        best = s
        p = s
        while p > 1 and s - p < _MAX_NP and d.starts[p - 2] >= floor and d.joinable_gap(p - 1, p):
            link = d.lower[p - 1]
            if link not in _BODY_LINKS or d.cap[p - 1] or not d.joinable_gap(p - 2, p - 1):
                break
            q = p - 1
            while q > 0 and d.cap[q - 1] and d.words[q - 1] not in CAP_STOP and d.joinable_gap(q - 1, q):
                q -= 1
            if q == p - 1:
                break  # no capitalised word before the link
            if link in ("for", "to") and _body_word(d.words[p - 2]):
                best = q
            p = q
        return best

    def _body_end(self, start: int, j: int, ceiling: int) -> int:
        """`_body_start` read forwards: where the name of a body ends that the capitalised run `[start, j)`
        opens with a body's word before `for` or `to` (`said the Institute for Fiscal Studies`), else `j`."""
        d = self.doc
        n = len(d.words)
        if j + 1 >= n or d.lower[j] not in ("for", "to") or not _body_word(d.words[j - 1]):
            return j
        end = j
        while end + 1 < n and d.lower[end] in _BODY_LINKS and d.cap[end + 1] and d.joinable_gap(end - 1, end):
            if not d.joinable_gap(end, end + 1) or d.words[end + 1] in CAP_STOP:
                break
            nxt = self._run_end(end + 1, n)
            if d.ends[nxt - 1] > ceiling:
                break
            end = nxt
        return end

    def _particles_after_name(self, k: int) -> bool:
        """Whether token `k` is a particle of a name following a capitalised word, alone or after another
        particle (`da` in `Lula da Silva`, `der` in `Ursula von der Leyen`)."""
        d = self.doc
        if d.is_cap(k - 1):
            return True
        two = k >= 2 and d.lower[k - 1] in _PARTICLES and d.lower[k] in _PARTICLES and d.is_cap(k - 2)
        return two and d.joinable_gap(k - 1, k)

    def _leading_particles(self, s: int, floor: int) -> int:
        """The first token of a name that opens with lower-case particles (`von der Leyen`, `de Blasio`)
        ending before token `s`, or `s`. A determiner before them makes them no name's (`a van`)."""
        d = self.doc
        p = s
        while (
            p > 0
            and s - p < 2
            and d.lower[p - 1] in _PARTICLES
            and not d.cap[p - 1]
            and d.starts[p - 1] >= floor
            and d.joinable_gap(p - 1, p)
        ):
            p -= 1
        return s if p < s and p > 0 and d.lower[p - 1] in DETERMINERS else p

    def antecedent(self, span: Span) -> Span | None:
        """The noun phrase a relative mention stands for (`Beck` for `who` in `Beck, who said`)."""
        return self._antecedent(span.i) if span.kind == "relative" else None

    def _antecedent(self, k: int) -> Span | None:
        """The noun phrase a relative pronoun at `k` refers to (`Beck, who said`)."""
        d = self.doc
        if d.gap(k - 1, k).strip() not in ("", ","):
            return None
        return self._np_ending_at(k - 1, d.starts[max(0, k - _MAX_NP)])

    def after(self, cue_j: int, ceiling: int, *, named_role: bool = False) -> Span | None:
        """The speaker mention starting at token `cue_j` (inverted order: `said Roland Paris`).

        Accepts a subject pronoun, a name run possibly after a few lowercase modifiers
        (`said retired Army Lt. Gen. Mick Bednarek`), or a short determiner phrase (`said the draft`).
        After `according to` a bare lowercase phrase also counts (`according to early returns`). With
        `named_role`, where the mention can only be who speaks, a role set off by a comma is the name after
        it (`said the Home Secretary, Yvette Cooper.`); an object is described so too (`accused the
        North’s leader, Kim Jong Un, of`), so callers reading objects leave it out.
        """
        d = self.doc
        n = len(d.words)
        if cue_j >= n or d.ends[cue_j] > ceiling or d.gap(cue_j - 1, cue_j).strip():
            return None
        w = d.lower[cue_j]
        if w in PRONOUNS:
            return Span(cue_j, cue_j + 1, "pronoun") if w in SUBJECT_PRONOUNS else None
        described = w in DETERMINERS or possessive(d.words[cue_j])
        if named_role and described and (named := self._named_role(cue_j, ceiling)):
            return named  # `said Ukraine’s foreign minister, Andrii Sybiha.`: the person, not the role
        start = cue_j
        while (
            start < n
            and start - cue_j < _MAX_MODIFIERS
            and not d.cap[start]
            and self._modifier_word(start, cue_j)
        ):
            if start == cue_j and d.lower[start] in PREPOSITIONS:
                return None  # `adding of Mr. Trump`: what was spoken about, not who spoke
            dated = d.gap(start - 1, start) == "/" and d.lower[start - 1].isdigit()  # `said 9/11 widow …`
            if start > cue_j and not (d.joinable_gap(start - 1, start) or dated):
                break
            start += 1
        if start < n and d.is_cap(start) and d.words[start] not in CAP_STOP:
            if start > cue_j and (d.lower[cue_j] in DETERMINERS or not d.joinable_gap(start - 1, start)):
                start = cue_j if d.lower[cue_j] not in DETERMINERS else start
            j = self._body_end(start, self._run_end(start, n), ceiling)
            while j > start + 1 and d.ends[j - 1] > ceiling:
                j -= 1
            if d.ends[j - 1] <= ceiling and (start == cue_j or d.joinable_gap(start - 1, start)):
                if d.lower[cue_j] in DETERMINERS:
                    # `said a former U.S. law enforcement official`: the name only modifies the head noun
                    k = j
                    while k < n and k - cue_j < _MAX_NP and d.joinable_gap(k - 1, k) and self._np_word(k):
                        if d.is_cap(k) or d.ends[k] > ceiling:
                            break
                        k += 1
                    if k > j:
                        return Span(cue_j, k, "np")
                end = self._title_run(start, j, ceiling, adverbial=named_role)
                if (
                    end < n
                    and not d.cap[end]
                    and d.lower[end] in SPEAKER_NOUNS
                    and d.joinable_gap(end - 1, end)
                    and d.ends[end] <= ceiling
                    and _at_end(d, end + 1, ceiling)
                ):
                    end += 1  # `wrote Time magazine.`, `said Fox News host.`: a name modifying its head noun
                return Span(cue_j if d.lower[cue_j] not in DETERMINERS else start, end, "name")
        if w in DETERMINERS:
            j = cue_j + 1
            if j + 1 < n and d.lower[j] == "of" and d.joinable_gap(cue_j, j):
                j += 1  # `said one of those advisers`
            while j < n and j - cue_j < _MAX_NP and d.joinable_gap(j - 1, j) and self._np_word(j):
                j += 1
            if j > cue_j + 1 and d.ends[j - 1] <= ceiling:
                return Span(cue_j, j, "np")
            if w in ("one", "another") and _at_end(d, cue_j + 1, ceiling):
                return Span(cue_j, cue_j + 1, "np")  # `read one.`
            return None
        if cue_j < 2 or d.lower[cue_j - 2] != "according" or d.cap[cue_j]:
            return None
        j = cue_j
        while j < n and j - cue_j < 5 and self._np_word(j) and (j == cue_j or d.joinable_gap(j - 1, j)):
            j += 1
        if (
            j > cue_j
            and d.ends[j - 1] <= ceiling
            and (j >= n or d.starts[j] >= ceiling or d.gap(j - 1, j).strip() or self._post_modifier(j))
        ):
            return Span(cue_j, j, "np")
        return None

    def _named_role(self, cue_j: int, ceiling: int) -> Span | None:
        """The name after a role set off by a comma, from token `cue_j` on (`the Home Secretary, Yvette
        Cooper.`, `the governor of the Bank of England, Andrew Bailey,`, `the company’s chief executive,
        Jane Fraser.`), when the name closes its clause; else None. The role must have a head noun that
        names one (`minister`, `executive`, `Secretary`), and the name two words or a known surname."""
        d = self.doc
        n = len(d.words)
        k = cue_j
        role = False
        while k < n and k - cue_j < _MAX_NP and d.ends[k] <= ceiling:
            w = _bare(d.lower[k])
            if w in NP_STOP and w not in _ROLE_LINKS:
                return None
            role = role or w in SPEAKER_NOUNS or w in _ROLE_NOUNS or d.words[k] in TITLE_WORDS
            k += 1
            if k < n and d.gap(k - 1, k) == ", ":
                break
            if k >= n or not d.joinable_gap(k - 1, k):
                return None
        if not role or k >= n or d.gap(k - 1, k) != ", " or not d.cap[k] or d.words[k] in CAP_STOP:
            return None
        j = self._run_end(k, n)
        name_i = self._split_title(k, j)
        if d.ends[j - 1] > ceiling or name_i >= j or not _at_end(d, j, ceiling):
            return None
        if not self._is_person(k, j, name_i) and d.words[j - 1] not in self._fullest:
            return None
        return Span(k, j, "name")

    def _modifier_word(self, k: int, cue_j: int) -> bool:
        """Whether lowercase token `k` can describe an inverted speaker before its name (`former aide of`)."""
        d = self.doc
        w = d.lower[k]
        if w.endswith("ing") and w not in _ING_TITLES:
            return False  # `said having Trump at the top…`: a participle opens the content, not a title
        return w not in NP_STOP or (w == "of" and k > cue_j + 1 and not d.cap[k - 1])

    def _title_run(self, start: int, j: int, ceiling: int, *, adverbial: bool = False) -> int:
        """End of a name run continued by a described title (`said Democratic strategist David Axelrod`,
        `said former secretary of state Hillary Clinton`): the run ending at a clause end wins, or with
        `adverbial`, where the mention can only be who speaks, before a time, place or means."""
        d = self.doc
        n = len(d.words)
        end = j
        run = start
        for _ in range(_TITLE_HOPS):
            if _at_end(d, end, ceiling) or (adverbial and self._closed_by_adverbial(start, run, end)):
                return end
            if end - run > 1 and not all(d.words[x] in TITLE_WORDS for x in range(run, end)):
                # `Roland Paris of the University`: a full name is not a title, but an institution
                # before a role noun is (`said Ohio State University professor Paul Beck`)
                return self._role_bridge(end, ceiling, adverbial=adverbial) or j
            k = end
            while k < n and k - end < 3 and not d.cap[k] and (d.lower[k] == "of" or self._np_word(k)):
                if d.lower[k] in DETERMINERS:
                    return j
                if not d.joinable_gap(k - 1, k):
                    return j
                k += 1
            if k >= n or not d.cap[k] or d.words[k] in CAP_STOP or not d.joinable_gap(k - 1, k):
                return j
            run, end = k, self._run_end(k, n)
        return (
            end
            if _at_end(d, end, ceiling) or (adverbial and self._closed_by_adverbial(start, run, end))
            else j
        )

    def _closed_by_adverbial(self, start: int, run: int, end: int) -> bool:
        """Whether a name of two or more words `[run, end)` that a title from `start` leads to ends before a
        time, place or means (`said Democratic strategist David Axelrod on Tuesday`)."""
        return run > start and end - run > 1 and self._adverbial_at(end)

    def _role_bridge(self, end: int, ceiling: int, *, adverbial: bool = False) -> int:
        """End of `ROLE NAME` after a capitalised run ending at `end` (`… University professor Paul Beck`)
        when a speaker noun of one or two lowercase words leads to a name closing the clause, else 0."""
        d = self.doc
        n = len(d.words)
        k = end
        while k < n and k - end < 2 and not d.cap[k] and d.joinable_gap(k - 1, k) and self._np_word(k):
            k += 1
        if k == end or d.lower[k - 1] not in SPEAKER_NOUNS or k >= n or not d.is_cap(k):
            return 0
        if d.words[k] in CAP_STOP or not d.joinable_gap(k - 1, k):
            return 0
        stop = self._run_end(k, n)
        closes = _at_end(d, stop, ceiling) or (adverbial and self._adverbial_at(stop))
        return stop if stop - k >= 2 and closes else 0

    def _adverbial_at(self, k: int) -> bool:
        """Whether token `k` opens a time, place or means after an inverted speaker's name (`said … David
        Axelrod on Tuesday`, `wrote … Tom Smith in a note to clients`, `said … Mikel Arteta after the
        match`): the name ends before it."""
        d = self.doc
        return k < len(d.words) and d.lower[k] in _NAME_CLOSERS and d.gap(k - 1, k) == " "

    def _post_modifier(self, j: int) -> bool:
        """Whether token `j` opens a modifier after a head noun (`officials with knowledge`,
        `audio provided to`, `excerpts of his speech`, `sources who`)."""
        w = self.doc.lower[j]
        return w in PREPOSITIONS or w in ("who", "that") or (w.endswith("ed") and not self.doc.cap[j])

    def name_at(self, i: int, ceiling: int) -> Span | None:
        """The capitalised name run starting at token `i`, if it ends before char `ceiling`."""
        d = self.doc
        if not d.cap[i] or d.words[i] in CAP_STOP:
            return None
        j = self._run_end(i, len(d.words))
        return Span(i, j, "name") if d.ends[j - 1] <= ceiling else None

    def _np_word(self, j: int) -> bool:
        """Whether token `j` can continue a noun phrase read left to right."""
        w = self.doc.lower[j]
        return w not in NP_STOP and w not in PREPOSITIONS and not (w.endswith("ed") and not self.doc.cap[j])

    def is_person(self, span: Span) -> bool:
        """Whether a mention is a personal pronoun or ends in a person's name found in the document."""
        d = self.doc
        if span.kind == "pronoun":
            return d.lower[span.i] in SUBJECT_PRONOUNS
        return span.kind == "name" and _surname(d.words[span.i : span.j]) in self._fullest

    def is_proper(self, k: int) -> bool:
        """Whether the word at token `k` is capitalised somewhere inside a sentence (`Trump`, not `Guns`).

        The first few words are looked up one scan each (most articles ask about one or two); past
        `_PROPER_SCANS` distinct words one pass collects every such word, so the cost stays linear.
        """
        word = self.doc.words[k]
        if self._proper is not None:
            return word in self._proper
        hit = self._proper_memo.get(word)
        if hit is None:
            if len(self._proper_memo) >= _PROPER_SCANS:
                self._proper = frozenset(_MID_CAP.findall(self.doc.text))
                return word in self._proper
            hit = _mid_sentence(self.doc.text, word)
            self._proper_memo[word] = hit
        return hit

    def opening_adverb(self, k: int) -> bool:
        """Whether token `k` is an `-ly` adverb opening its sentence (`Hastily blaming …`, `Usually when …`,
        `Shortly after …,`): capitalised only there, never inside a sentence nor in a person's name as a name
        is (`Kelly`, `Beverly Tran … Beverly said`), and followed by a lower-case word or a comma."""
        d = self.doc
        w = d.lower[k]
        if len(w) <= _MIN_LY or not w.endswith("ly") or w in _LY_NOUNS or k + 1 >= len(d.words):
            return False
        if not d.cap[k] or d.sent_of(d.starts[k])[0] != d.starts[k]:
            return False
        if d.cap[k + 1] and d.gap(k, k + 1).strip()[:1] != ",":
            return False
        if self._name_words_seen is None:
            self._name_words_seen = frozenset(w for name in self._fullest.values() for w in name)
        return d.words[k] not in self._name_words_seen and not self.is_proper(k)

    def in_capitals(self, span: Span) -> bool:
        """Whether a name mention in capitals lies in a line set in capitals (`FULL TEXT.`, `WE’RE GEEKING OUT
        OVER …`, `NOW OPEN—“…`): a heading, not who speaks. A capitalised label (`JAKE TAPPER: …`), a
        heading a quotation follows right away as a label does (`CHINA’S SLOWDOWN “The yuan …`) and an
        outlet's name in a sentence (`USA TODAY identified`) stay names."""
        d = self.doc
        n = len(d.words)
        if span.kind != "name" or not all(self._in_capitals(x) for x in range(span.i, span.j)):
            return False
        line = span.j - span.i > 1 or (
            span.i > 0 and d.joinable_gap(span.i - 1, span.i) and self._in_capitals(span.i - 1)
        )
        if not line:
            return False
        para = d.paras[d.para_of(d.starts[span.i])]
        newline = d.text.find("\n", d.ends[span.j - 1], para.end)
        end = para.end if newline < 0 else newline
        before = span.i - 1
        in_line = before >= 0 and d.starts[before] >= para.start and "\n" not in d.gap(before, span.i)
        if in_line and any(c.islower() for c in d.words[before]):
            return False  # `the senator told USA TODAY.`: a name inside a sentence in lower case
        if d.text[d.ends[span.j - 1] : end].lstrip().startswith(":"):
            return False
        k = span.j
        while k < n and d.starts[k] < end and not any(c.islower() for c in d.words[k]):
            if any(c in d.gap(k - 1, k) for c in _OPENING_MARKS):
                break  # `… IN VIRTUAL REALITY “VR provides …`: the quotation opens here
            k += 1
        if k >= n or d.starts[k] >= end:
            return True
        gap = d.gap(k - 1, k).strip()
        dashed = any(c in gap for c in _DASHES)
        quoted = gap[-1:] != "" and gap[-1:] in _OPENING_MARKS
        if k == span.j and not dashed and not quoted:
            return False  # `USA TODAY identified …`: the sentence goes on in lower case
        return dashed or not quoted

    def _in_capitals(self, k: int) -> bool:
        """Whether token `k` is a word of two or more letters set in capitals."""
        w = self.doc.words[k]
        return len(w) > 1 and w.isupper()

    # ----- resolution --------------------------------------------------------------------------------

    def _closes_initialism(self, k: int) -> bool:
        """Whether token `k` is the last letter of an initialism with periods (the `N` of `U.N.`)."""
        d = self.doc
        return len(d.words[k]) == 1 and d.words[k].isupper() and k > 0 and d.gap(k - 1, k) == "."

    def _the_initialism(self, k: int) -> bool:
        """Whether token `k` closes an initialism after `the` (`the U.N. said`): a body, which may speak;
        a place's (`Washington, D.C. said`) is not the speaker."""
        d = self.doc
        i = k
        while self._closes_initialism(i):
            i -= 1
        return i < k and len(d.words[i]) == 1 and i > 0 and d.lower[i - 1] == "the"

    def end_of(self, span: Span) -> int:
        """Where a mention ends in the text: after its last token, and after the period closing an
        initialism (`the U.S.`, `the U.N.`) or a name's `Jr.`, which the tokens leave out."""
        last = span.j - 1
        end = self.doc.ends[last]
        closes = self._closes_initialism(last) or self.doc.words[last] in _DOTTED_ENDS
        if self.doc.text[end : end + 1] == "." and last > span.i and closes:
            return end + 1
        return end

    def resolve(self, span: Span) -> Resolved:
        """Attach the fullest name (and title) to a mention (memoised per mention)."""
        hit = self._resolved.get(span)
        if hit is None:
            hit = self._resolve(span)
            self._resolved[span] = hit
        return hit

    def _resolve(self, span: Span) -> Resolved:
        """Resolve one mention: pronouns to antecedents, names to their fullest form, descriptions as is.

        For a name, title words before it become the title (`U.S. Secretary of State`) and the rest is
        looked up by surname among the document's fuller names (`Easton` → `Jason Easton`). A
        description keeps its words minus the determiner (`the draft` → `draft`).
        """
        d = self.doc
        if span.kind == "pronoun":
            return self._resolve_pronoun(span)
        if span.kind == "relative":
            ante = self._antecedent(span.i)
            if ante is not None:
                r = self.resolve(ante)
                return Resolved(span, r.name, r.title)
            return Resolved(span, d.words[span.i], None)
        if span.kind == "name":
            # An organisation has no personal title (`the State Department`, not `State` and `Department`).
            organisation = _bare(d.words[span.j - 1]) in ORG_WORDS or any(
                d.lower[x] in ("for", "to") and _body_word(d.words[x - 1])
                for x in range(span.i + 1, span.j - 1)
            )
            name_i = span.i if organisation else self._after_role(self._split_title(span.i, span.j), span.j)
            if name_i >= span.j:
                name_i = span.i
            if not organisation:
                name_i = self._after_owner(name_i, span.j)
            opens = name_i == span.i < span.j - 1 and d.starts[span.i] in self._sentence_starts
            if opens and d.lower[span.i] not in ("the", "a", "an") and self._no_first_name(span.i):
                name_i += 1  # `Rival Hillary Clinton`, `Although Weiner`, as in the names' index
            if not organisation and self._placed_surname(name_i, span.j):
                name_i += 2  # `New Hampshire Sanders` is the Bernie Sanders named before
            title = None
            if name_i > span.i:
                title = d.text[d.starts[span.i] : d.ends[name_i - 1]]
                if d.lower[span.i] == "the":
                    title = d.text[d.starts[span.i + 1] : d.ends[name_i - 1]] if name_i > span.i + 1 else None
            # A name read off a possessive (`Trump’s campaign`, or a pronoun's antecedent) is the person's.
            last = span.j if organisation else self._name_end(name_i, span.j, name_i > span.i)
            toks = [*d.words[name_i : last - 1], _bare(d.words[last - 1])]
            end = self.end_of(span) if last == span.j else d.ends[last - 1]
            end -= len(d.words[last - 1]) - len(toks[-1])
            if toks and toks[0] in ("The", "the"):
                toks = toks[1:] or toks
                name = d.text[d.starts[name_i + 1] : end] if span.j > name_i + 1 else toks[0]
                return Resolved(span, name, title)
            full = self._fullest.get(_surname(toks)) if toks else None
            sex = self._sex(span.i, name_i)
            if full is not None and sex is not None and not self._may_be_named(full[0], sex):
                full = self._by_sex.get((_surname(toks), sex))
            if full is None and len(toks) == 1:
                full = self._given.get(toks[0])  # `Xi` is the `Xi Jinping` named before
            if full is not None and len(full) > len(toks) and all(_within(t, full) for t in toks):
                return Resolved(span, self._written.get(full) or " ".join(full), title)
            return Resolved(span, d.text[d.starts[name_i] : end], title)
        i = span.i + 1 if d.lower[span.i] in DETERMINERS and span.j > span.i + 1 else span.i
        return Resolved(span, d.text[d.starts[i] : self.end_of(span)], None)

    def _placed_surname(self, i: int, j: int) -> bool:
        """Whether name `[i, j)` is a two-word place and a surname the article gives a person in full
        (`a New Hampshire Sanders rally`): the place describes the person, as in the names' index."""
        words = self.doc.words[i:j]
        full = self._fullest.get(words[-1], ())
        return _place_before_surname(words) and len(full) > 1 and list(full[:2]) != words[:2]

    def _after_role(self, i: int, j: int) -> int:
        """First token of the name that closes name mention `[i, j)` after a lower-case role in it (`lead
        author Maria Gonzalez`, `Barclays analyst Tom Smith`, `former secretary of state Hillary Clinton`:
        `Maria Gonzalez`, `Tom Smith`, `Hillary Clinton`), else `i`. Particles stay in the name (`von der
        Leyen`); a function word or participle is no role (`Jane Doe of the Heritage Foundation`, `DNC staff
        favoring Hillary Clinton`)."""
        d = self.doc
        k = j - 1
        while k >= i and (d.cap[k] or d.lower[k] in CONNECTORS):
            k -= 1
        if k < i or k == j - 1 or not d.cap[k + 1]:
            return i
        w = d.lower[k]
        if w in NP_STOP or w in _NOT_FIRST_NAMES or not w.replace("-", "").isalpha():
            return i
        participle = w.endswith("ed") or (w.endswith("ing") and w not in _ING_TITLES)
        if participle or d.lower[j - 1] in _NOT_SPEAKERS:
            return i  # `staff favoring Hillary Clinton`, `the order released Friday`: no role before a name
        return k + 1

    def _resolve_pronoun(self, span: Span) -> Resolved:
        """Resolve he/she to a person, they/them to a plural group; others stay as written."""
        d = self.doc
        w = _bare(d.lower[span.i])  # `he’s` is `he`
        text = d.words[span.i]
        if w in _SINGULAR:
            ante = self._person_before(d.starts[span.i], _SINGULAR[w])
            if ante is not None:
                r = self.resolve(Span(ante[0], ante[1], "name"))
                return Resolved(span, r.name, r.title)
        elif w in _PLURAL:
            grp = self._group_before(span.i)
            if grp is not None:
                return Resolved(span, self.resolve(grp).name, None)
        return Resolved(span, text, None)

    def _person_before(self, pos: int, agreeing: frozenset[str]) -> tuple[int, int, int] | None:
        """First person mentioned in this sentence before `pos`, else in the previous sentences, that the
        pronoun may stand for (`agreeing`: see `_may_be`).

        Sentences are read left to right, nearest sentence first, so the subject of a sentence wins
        over objects later in it (`Trump … with Putin …, what he calls` → Trump).
        """
        d = self.doc
        sent = d.sent_of(pos)
        lo, hi = sent[0], pos
        for _ in range(_BACK_SENTS):
            a = d.tok_from(lo)
            k = self._first_person_from(a, hi, agreeing)
            if k is not None:
                return k
            if lo == 0:
                break
            prev = d.sent_of(lo - 1)
            lo, hi = prev[0], prev[1]
        return None

    def _first_person_from(self, tok: int, hi: int, agreeing: frozenset[str]) -> tuple[int, int, int] | None:
        """The first person run from token `tok` on that ends before char `hi`, outside quotes, that a
        pronoun may stand for."""
        d = self.doc
        k = bisect.bisect_left(self._person_starts, tok)
        while k < len(self._persons):
            p = self._persons[k]
            if d.ends[p[1] - 1] > hi:
                return None
            if not d.in_quote(d.starts[p[0]]) and self._may_be(p, agreeing):
                return p
            k += 1
        return None

    def _may_be(self, person: tuple[int, int, int], agreeing: frozenset[str]) -> bool:
        """Whether a pronoun whose persons are known by `agreeing` (`FEMININE`, `MASCULINE`) may stand for
        the person: unless the person's title (`Mrs.`, `Mr.`) or given name, written here or in the fullest
        form of the name, is the other's. `he` after `Hillary Clinton` is someone else; after `Clinton`
        it is whichever Clinton the text names in full."""
        i, j, name_i = person
        sex = self._sex(i, name_i)
        if sex is not None:
            return sex is agreeing
        return self._may_be_named(self.resolve(Span(i, j, "name")).name.split(maxsplit=1)[0], agreeing)

    @staticmethod
    def _may_be_named(given: str, sex: frozenset[str]) -> bool:
        """Whether a person of `sex` may bear the given name: unless it is the other sex's."""
        return given not in (FEMININE if sex is MASCULINE else MASCULINE)

    def _sex(self, i: int, name_i: int) -> frozenset[str] | None:
        """`FEMININE` or `MASCULINE` when the titles of a name at token `name_i` (those from `i` on, and any
        just before) tell the person's sex (`Mrs.`, `Congressman`), else None."""
        d = self.doc
        first = i
        while first > max(0, name_i - _MAX_TITLES) and d.words[first - 1] in TITLE_WORDS:
            first -= 1
        titles = d.words[first:name_i]
        for sex in (FEMININE, MASCULINE):
            if not sex.isdisjoint(titles):
                return sex
        return None

    def _group_before(self, tok: int) -> Span | None:
        """The nearest plural group noun phrase before token `tok` (within a few sentences)."""
        if self._groups is None:
            d = self.doc
            forms = map(_GROUP_FORMS.__contains__, d.lower)
            self._groups = [
                k
                for k in itertools.compress(range(len(d.lower)), forms)
                if (d.lower[k] in GROUP_NOUNS and not d.cap[k])
                or (d.cap[k] and d.lower[k] in _NATIONAL_PLURALS)
            ]
        c = bisect.bisect_left(self._groups, tok) - 1
        while c >= 0 and self._groups[c] >= tok - _GROUP_WINDOW:
            sp = self._np_ending_at(self._groups[c], 0)
            if sp is not None:
                return sp
            c -= 1
        return None


_NATIONALS = frozenset(
    [
        "american",
        "russian",
        "ukrainian",
        "european",
        "republican",
        "democrat",
        "canadian",
        "british",
        "israeli",
        "palestinian",
    ]
)
_NATIONAL_PLURALS = frozenset(w + "s" for w in _NATIONALS)
# Forms that can head a group mention, looked up once per token before the finer test.
_GROUP_FORMS = GROUP_NOUNS | _NATIONAL_PLURALS
