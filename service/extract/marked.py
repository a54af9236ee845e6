"""Marked quotes: group quote-marked spans into quotes and attribute each from the text around it.

A quote is one or more marked spans: a split quote (`“A,” he said, “B.”`) and a multi-paragraph quote
(reopened at the next paragraph) each become one quote with several fragments. Whole quotations are
attributed from an attribution right after the closing mark, else from a lead-in before the opening
mark; partial quotes (words embedded in a sentence) from the cue that governs them: each by the first of
an ordered list of named rules that finds a speaker (`_PARTIAL_RULES`, `_WHOLE_RULES`), whose name the
quote records. Unattributed whole-sentence quotes inherit the previous quote's speaker (floating quotes).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass

from schemas import QuoteKind
from service.extract.attribution import CueHit, at_clause_end, object_of_preposition, sentence_cues, subject
from service.extract.doc import Doc, possessive, title_case
from service.extract.lexicon import (
    AUX_SKIP,
    CAP_STOP,
    CLAUSE_PUNCT,
    CUES,
    DETERMINERS,
    LABEL_MAX,
    LEAD_IN_CUE_MIN,
    NEAREST_CUE_MIN,
    NOT_SOURCE_LABELS,
    NP_STOP,
    OBJECT_PRONOUNS,
    PRONOUNS,
    SPEAKER_NOUNS,
    WEAK_VERB_MIN,
    cue_precision,
    words,
)
from service.extract.marks import Marked
from service.extract.speakers import Span, SpeakerFinder

__all__ = ["Extractor", "Unit"]

_TERMINAL = frozenset(".!?")
_DASHES = "-—–―"
_MAX_INTERSTITIAL = 12
_POSTPOSED_WINDOW = 14
_CLAUSE_WORDS = frozenset(
    [
        "but",
        "and",
        "or",
        "as",
        "while",
        "when",
        "after",
        "before",
        "because",
        "if",
        "though",
        "although",
        "that",
        "which",
        "is",
        "was",
        "were",
    ]
)
# Verbs too ambiguous for the cue lexicon (`the states`) that report speech right after a quote and its
# speaker (`…,” the ministry states.`).
_POSTPOSED_VERBS = frozenset(["state", "states"])
_CONJUNCTIONS = words("but although though and while whereas because since yet")
# A name after one of these before a colon is an addressee, topic or place (`a message to Trump:`, `on
# Twitter:`), never the speaker; `from` and `by` name a source (`A lesson from Loretta Lynch:`).
_NOT_SOURCE_PREPS = words(
    "to for at with about against toward towards on in into onto over under via through"
)
# Words right before a quoted title: a broadcast or work is named, not quoted (`the podcast “…”`).
_WORK_LEADS = words(
    "on show program programme podcast series sitcom film movie documentary book novel memoir song album"
)
_TITLE_MAX_WORDS = 8
_TITLE_SMALL = frozenset(
    ["a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "from", "by", "de", "la"]
)
_LEADIN_TAIL = 5
_NAME_DESCRIPTION_MAX = 4
_FINAL_TAIL = 8
_APPOSITION_TAIL = 25
_SHORT_TAIL = 6
_LENIENT_MAX = 25
_WEAK_WINDOW = 7
_SUBORDINATE_OPENERS = frozenset(["as", "when", "while", "after", "before", "because", "since", "though"])
_NAMING_WH = frozenset(["what", "whom"])
_RELATIVES = frozenset(["which", "that", "who", "whom", "whose"])
_NAMING_PRONOUNS = frozenset(["he", "she", "it", "they"])
_NO_SUBJECT = frozenset(["it", "it’s", "it's", "that’s", "that's", "here’s", "here's", "there’s", "there's"])


@dataclass(slots=True)
class Unit:
    """Marked spans forming one quote, with its attribution once found."""

    parts: list[Marked]
    kind: QuoteKind
    speaker: Span | None = None
    cue: tuple[int, int] | None = None
    inherited: bool = False
    labelled: bool = False
    rule: str = ""
    """The attribution rule that found the speaker (`_PARTIAL_RULES`, `_WHOLE_RULES`, `split`,
    `previous-speaker`, `paragraph-lead`, `paragraph-subject`); empty while none has."""


def _can_speak(d: Doc, sp: Span) -> bool:
    """Whether a mention can be a speaker: a name or pronoun, or a noun phrase headed by a speaker noun
    (`the senator`, not `the streets`)."""
    return sp.kind != "np" or d.lower[sp.j - 1] in SPEAKER_NOUNS


def _prev_char(text: str, pos: int, floor: int) -> str:
    """The first non-space character before `pos` (or '' at `floor`)."""
    i = pos - 1
    while i >= floor and text[i].isspace():
        i -= 1
    return text[i] if i >= floor else ""


_Found = tuple[Span | None, tuple[int, int] | None]
"""What an attribution rule finds: the speaker (None when the rule does not apply) and the cue."""


@dataclass(frozen=True, slots=True)
class _Around:
    """Where a quote stands, as the attribution rules read it: its first and last marked spans, the end
    of the sentence its last span closes, and where text after the quote stops counting for it (that
    sentence end, or the next quote if sooner)."""

    first: Marked
    last: Marked
    sent_end: int
    stop: int


class Extractor:
    """Holds the per-document state of one extraction."""

    def __init__(self, doc: Doc) -> None:
        """Prepare the speaker finder of a tokenised text; cue hits are computed per sentence on demand."""
        self.text = doc.text
        self.doc = doc
        self.finder = SpeakerFinder(self.doc)
        self._cue_cache: dict[tuple[int, int], tuple[list[CueHit], list[CueHit]]] = {}
        self.last_units: list[Unit] = []

    def cues(self, sent: tuple[int, int]) -> list[CueHit]:
        """Cue hits of a sentence that may attribute a quotation."""
        return self._hits(sent)[1]

    def reporting_cues(self, sent: tuple[int, int]) -> list[CueHit]:
        """Cue hits of a sentence that report speech."""
        return self._hits(sent)[0]

    def _hits(self, sent: tuple[int, int]) -> tuple[list[CueHit], list[CueHit]]:
        """(`reporting_cues`, `cues`) of a sentence, computed once."""
        hits = self._cue_cache.get(sent)
        if hits is None:
            reporting = sentence_cues(self.doc, self.finder, sent[0], sent[1])
            hits = self._cue_cache[sent] = (reporting, [h for h in reporting if not h.unbacked])
        return hits

    # ----- grouping ---------------------------------------------------------------------------------

    def _is_whole(self, m: Marked) -> bool:
        """Whether a marked span reads as a full quotation rather than words embedded in a sentence.

        Whole: it opens its paragraph or sentence, follows another quote, or follows a colon, comma,
        dash or cue and starts with a capital. Anything else (`called the statement “very good.”`)
        is a partial quote.
        """
        d = self.doc
        para = d.paras[m.para]
        prev = _prev_char(self.text, m.open_at, para.start)
        first = self.text[m.start]
        if prev == "" or prev in _TERMINAL or prev in '”"»':
            return True
        if prev in "’'":
            before = _prev_char(self.text, self.text.rfind(prev, para.start, m.open_at), para.start)
            if not before.isalnum():
                return True
        if prev in ":,—–-":
            return first.isupper() or first in "“\"‘'" or not first.isalpha()
        k = d.tok_from(m.open_at) - 1
        return k >= 0 and first.isupper() and any(h.i <= k < h.j for h in self.cues(d.sent_of(d.starts[k])))

    def _introduced(self, m: Marked) -> bool:
        """Whether a comma or colon leads into the quote (`He added, “…`)."""
        return _prev_char(self.text, m.open_at, self.doc.paras[m.para].start) in (",", ":")

    def _split_cue(self, a: Marked, b: Marked) -> tuple[Span | None, tuple[int, int] | None, bool]:
        """Attribution between two marked spans of a split quote, and whether `b` continues `a`.

        `“A,” he said, “B.”`: the text between the marks is short, has no sentence end and closes on a
        comma, colon or dash, and holds an attribution; then both spans are fragments of one quote.
        """
        gap = self.text[a.close_at : b.open_at]
        stripped = gap.strip()
        d = self.doc
        end = self.text[a.start : a.end].rstrip()[-1:]
        if end == "." or (end in _TERMINAL and stripped[-1:] == ":"):
            # `“…all yours.” He added: “This…”`: a finished sentence is not split by what follows
            return None, None, False
        t0, t1 = d.tok_from(a.close_at), d.tok_from(b.open_at)
        if not stripped or t1 - t0 > _MAX_INTERSTITIAL or stripped[-1] not in ",:—–-":
            return None, None, False
        if any(c in _TERMINAL for c in stripped[:-1]):
            return None, None, False
        sp, cue = self._postposed(a.close_at, b.open_at)
        return sp, cue, sp is not None or cue is not None

    def _postposed(self, lo: int, hi: int) -> tuple[Span | None, tuple[int, int] | None]:
        """`…,” NP CUE` or `…,” CUE NP` in `text[lo:hi]` right after a closing mark.

        Only punctuation may separate the mark from the attribution. The first cue whose speaker starts
        right after the mark wins; a cue with no speaker found still attributes to the words between the
        mark and the cue when they form one plain noun phrase (`one P&G employee told`).
        """
        d = self.doc
        t = d.tok_from(lo)
        if t >= len(d.words) or d.starts[t] >= hi or self.text[lo : d.starts[t]].strip(" ,\u00a0—–-'’”\""):
            return None, None
        sent = d.sent_of(d.starts[t])
        for h in self.cues(sent):
            if h.i < t:
                continue
            if d.starts[h.i] >= hi:
                break
            if h.i - t >= _POSTPOSED_WINDOW and (h.speaker is None or h.speaker.i != t):
                break
            if h.speaker is not None and h.speaker.kind == "relative":
                continue
            if (h.i == t or not d.cap[t]) and d.lower[t].endswith("ing"):
                # `…,” referencing the Cuban vote`, `…,” making clear they wanted more`: a participle
                # continues the clause; the cues after it are not the quote's attribution
                break
            if h.speaker is not None:
                if h.inverted and h.i == t:
                    return h.speaker, (h.i, h.j)
                if not h.inverted and h.speaker.i >= t and not self._has_clause_word(t, h.speaker.i):
                    return h.speaker, (h.i, h.j)
                if not h.inverted and h.speaker.i > t and self._bare_np(t, h.speaker.i, joined=True):
                    # `…,” the Florida senator and Republican candidate said`: one coordinated subject
                    return Span(t, h.speaker.j, "np"), (h.i, h.j)
            if h.i == t:
                sp = self.finder.after(h.j, hi, named_role=True)
                if sp is not None:
                    return sp, (h.i, h.j)
            elif h.speaker is None and h.i == t + 1 and self._capitalised_stopword(t, h):
                return Span(t, t + 1, "name"), (h.i, h.j)  # `…,” From said.`: a surname that is also a word
            elif h.speaker is None and h.i - t <= _LENIENT_MAX and self._bare_np(t, h.i):
                k = h.i
                while k > t and d.lower[k - 1] in AUX_SKIP:
                    k -= 1
                if k > t:
                    return Span(t, k, "np" if not d.cap[k - 1] else "name"), (h.i, h.j)
        return self._weak_postposed(t, hi)

    def _closing_attribution(self, sp: Span, cue: tuple[int, int] | None, hi: int) -> bool:
        """Whether a postposed speaker and cue end their clause (`, said Ames.`, `, Ames said, adding`)."""
        d = self.doc
        if cue is None:
            return False
        if cue[0] < sp.i:
            return at_clause_end(d, sp, hi)
        if not _can_speak(d, sp):
            return False
        if sp.i > 0 and d.lower[sp.i - 1] == "of":
            return False  # `…,” compared to 11% of Democratic claims`: what is counted, not who spoke
        end = cue[1]
        if end < len(d.words) and d.lower[end] in OBJECT_PRONOUNS and d.joinable_gap(end - 1, end):
            end += 1  # `his “negatives,” he called them -`
        return end >= len(d.words) or d.starts[end] >= hi or d.gap(end - 1, end).strip()[:1] in CLAUSE_PUNCT

    def _capitalised_stopword(self, t: int, h: CueHit) -> bool:
        """Whether token `t`, right after a closing mark and before a strong cue, is a capitalised word
        that is capitalised inside sentences elsewhere too (`From`, `Will`): a surname, not an opener."""
        d = self.doc
        w = d.lower[t]
        if (
            not d.cap[t]
            or (d.words[t] not in CAP_STOP and w not in NP_STOP)
            or w in PRONOUNS
            or w in DETERMINERS
        ):
            return False
        return h.precision >= NEAREST_CUE_MIN and d.joinable_gap(t, h.i) and self.finder.is_proper(t)

    def _leads_on(self, m: Marked, hi: int) -> bool:
        """`“…status quo.” She went on to say: “…”`: the sentence after a finished quote ends in a colon,
        so it introduces what follows rather than attributing what came before."""
        tail = self.text[m.close_at : hi].rstrip()
        return tail.endswith(":") and any(c.isalpha() for c in tail)

    def _weak_postposed(self, t: int, hi: int) -> tuple[Span | None, tuple[int, int] | None]:
        """`…,” Toomey fumed.` / `…!” beamed Donald Hartley`: right after a quote, a short name and any
        known or past-tense verb, in either order."""
        d = self.doc
        w = d.lower[t]
        if not d.cap[t] and w.endswith("ed") and len(w) > 3:
            sp = self.finder.after(t + 1, hi, named_role=True)
            if sp is not None and sp.kind != "pronoun" and at_clause_end(d, sp, hi):
                return sp, (t, t + 1)
        for k in range(t + 1, min(t + _WEAK_WINDOW, len(d.words))):
            if d.starts[k] >= hi:
                break
            w = d.lower[k]
            # a rare cue word before a capitalised word describes it (`an angry Hollande`): no verb
            modifier = (
                CUES.get(w, 1.0) < WEAK_VERB_MIN
                and k + 1 < len(d.words)
                and d.cap[k + 1]
                and d.joinable_gap(k, k + 1)
            )
            verb = w in CUES or w in _POSTPOSED_VERBS or (w.endswith("ed") and len(w) > 3)
            if d.cap[k] or modifier or not verb:
                continue
            sp = self.finder.before(k, d.starts[t])
            if sp is not None and sp.kind == "name" and self._described_name(t, sp.i):
                return Span(t, sp.j, "name"), (k, k + 1)  # `…,” an angry Hollande retaliated.`
            if sp is not None and sp.i == t and _can_speak(d, sp):
                return sp, (k, k + 1)
            break
        return None, None

    def _described_name(self, a: int, b: int) -> bool:
        """Whether tokens `[a, b)` are a determiner and one or two adjectives before a name (`an angry`)."""
        d = self.doc
        if not 2 <= b - a <= 3 or d.lower[a] not in ("a", "an", "the"):
            return False
        return all(
            not d.cap[k] and d.lower[k].isalpha() and d.lower[k] not in NP_STOP and d.joinable_gap(k - 1, k)
            for k in range(a + 1, b)
        )

    def _bare_np(self, a: int, b: int, joined: bool = False) -> bool:
        """Whether tokens `[a, b)` can all belong to one speaker description (no clause words or stops).

        With `joined`, `and` may coordinate two descriptions (`the senator and candidate`).
        """
        d = self.doc
        text = self.text[d.starts[a] : d.starts[b]]
        if any(c in text for c in '?!;:“”"'):
            return False
        clause = any(
            d.lower[k] in _CLAUSE_WORDS and not (joined and d.lower[k] == "and") for k in range(a, b)
        )
        return not clause and d.lower[a] not in NP_STOP

    def _has_clause_word(self, a: int, b: int) -> bool:
        """Whether tokens `[a, b)` contain a conjunction or verb-like word (so not one noun phrase)."""
        return any(self.doc.lower[k] in _CLAUSE_WORDS for k in range(a, b))

    def _preposed(self, m: Marked) -> tuple[Span | None, tuple[int, int] | None]:
        """`NP CUE: “…` or `NP CUE that “…` before the opening mark, in its sentence or paragraph lead-in.

        A quote opening its sentence may also take the attribution of the previous sentence when that
        sentence ends in its cue (`Lau said in a statement. “There are no ballots…”`), unless that
        sentence is itself a quote (then the floating-quote rule decides).
        """
        d = self.doc
        sent = d.sent_of(m.open_at)
        if sent[0] < m.open_at:
            sp, cue = self._nearest_cue(sent, m.open_at)
            if sp is None and _prev_char(self.text, m.open_at, sent[0]) in (":", "—", "–"):
                sp, cue = self._lead_in(sent, m.open_at)
            if sp is None:
                sp, cue = self._subject_cue(sent, m.open_at)
            return sp, cue
        if sent[0] > d.paras[m.para].start:
            prev = d.sent_of(sent[0] - 1)
            if self.doc.in_quote(prev[0]) or self.text[prev[0]] in "“\"'‘«„":
                return None, None
            hits = [h for h in self.cues(prev) if h.speaker is not None and not h.inverted]
            if hits and hits[-1].speaker is not None:
                h, sp = hits[-1], hits[-1].speaker
                # A strong cue of a named speaker leads in even with its own content after it
                # (`She said they had made progress. “I really believe…”`).
                near = d.tok_from(prev[1]) - h.j <= _LEADIN_TAIL
                if near or (h.precision >= NEAREST_CUE_MIN and sp.kind in ("name", "pronoun")):
                    return sp, (h.i, h.j)
        para = d.paras[m.para]
        if m.open_at == para.start and m.para > 0:
            lead = d.paras[m.para - 1]
            if self.text[lead.end - 1] == ":":
                sent = d.sent_of(lead.end - 1)
                sp, cue = self._lead_in(sent, lead.end)
                return (sp, cue) if sp is not None else self._nearest_cue(sent, lead.end)
        return None, None

    def _lead_in(self, sent: tuple[int, int], before: int) -> tuple[Span | None, tuple[int, int] | None]:
        """A colon lead-in (`X issued the following statement:`).

        A person named right before the colon wins, then the weak cue nearest the colon with a named or
        pronoun speaker, then the sentence subject, then any weak cue with a described speaker.
        """
        d = self.doc
        described: tuple[Span, tuple[int, int]] | None = None
        k = d.tok_from(before) - 1
        if k >= 0 and d.starts[k] >= sent[0] and d.text[d.ends[k] : before].strip() == ":":
            named = self.finder.ending_at(k, sent[0])
            addressee = named is not None and named.i > 0 and d.lower[named.i - 1] in _NOT_SOURCE_PREPS
            if named is not None and named.kind == "name" and self.finder.is_person(named) and not addressee:
                return named, None  # `… doesn’t surprise pollster Daron Shaw: “…”`, not `a message to Trump:`
        while k >= 0 and d.starts[k] >= sent[0]:
            if cue_precision(d.lower[k]) >= LEAD_IN_CUE_MIN and not d.in_quote(d.starts[k]):
                found = self.finder.before(k, sent[0])
                if found is not None and found.kind != "np":
                    return found, (k, k + 1)
                placed = found is not None and object_of_preposition(d, found, sent[0], weak=False)
                if found is not None and described is None and not placed:
                    # `In his farewell to the party, …`: what completes a preposition describes no speaker
                    described = (found, (k, k + 1))
            k -= 1
        sp = subject(d, self.finder, sent[0], before)
        if sp is not None and (sp.kind != "np" or described is None):
            return sp, None
        return described if described is not None else (None, None)

    def _nearest_cue(self, sent: tuple[int, int], before: int) -> tuple[Span | None, tuple[int, int] | None]:
        """The attributed cue closest before char `before` in `sent`.

        A pronoun speaker right after another cue (`Trump said he responded: “…”`) heads a reported
        clause; the speaker of the reporting cue before it wins.
        """
        d = self.doc
        hits = [h for h in self.cues(sent) if d.starts[h.i] < before and h.speaker is not None]
        if hits and d.lower[d.tok_from(sent[0])] in ("with", "as", "while", "after", "amid"):
            subj = subject(d, self.finder, sent[0], before)
            if subj is not None:
                # `With leaders worried about turnout, Obama is rolling out a message: “…”`: the opener's
                # cues are not the sentence's own
                hits = [h for h in hits if h.i >= subj.i]
        if not hits:
            return None, None
        best = hits[-1]
        sp = best.speaker
        if len(hits) > 1 and sp is not None and sp.kind == "pronoun" and self._reported_clause(hits[-2], sp):
            best = hits[-2]
        assert best.speaker is not None
        if best.speaker.kind == "relative" and "," not in d.gap(best.speaker.i - 1, best.speaker.i):
            # `a White House official who spoke anonymously … said Wednesday, “…”`: a restrictive relative
            # clause describes the subject of the cue after it
            later = [
                h for h in self.cues(sent) if h.i >= best.j and d.starts[h.i] < before and h.speaker is None
            ]
            ante = self.finder.antecedent(best.speaker)
            if (
                later
                and ante is not None
                and "," not in self.text[d.ends[best.j - 1] : d.starts[later[-1].i]]
            ):
                return ante, (later[-1].i, later[-1].j)
        return best.speaker, (best.i, best.j)

    def _subject_cue(self, sent: tuple[int, int], before: int) -> tuple[Span | None, tuple[int, int] | None]:
        """`Sanders stepped up his push on …, saying, “…”`: a strong cue with no speaker of its own (a
        participle, a second verb) right before the quote reports what the sentence subject said."""
        d = self.doc
        hits = [h for h in self.cues(sent) if d.starts[h.i] < before]
        if not hits or hits[-1].speaker is not None or hits[-1].precision < NEAREST_CUE_MIN:
            return None, None
        h = hits[-1]
        if d.tok_from(before) - h.j > _LEADIN_TAIL:
            return None, None
        sp = subject(d, self.finder, sent[0], d.starts[h.i])
        if sp is None or d.lower[sp.i] in _NO_SUBJECT:
            return None, None
        return sp, (h.i, h.j)

    def _reported_clause(self, outer: CueHit, sp: Span) -> bool:
        """Whether mention `sp` opens the clause reported by cue `outer` (`said he`, `said that she`)."""
        d = self.doc
        if outer.speaker is None or outer.inverted or d.gap(outer.j - 1, outer.j).strip():
            return False
        k = outer.j + 1 if outer.j < sp.i and d.lower[outer.j] == "that" else outer.j
        return k == sp.i and not d.gap(k - 1, k).strip()

    def _subject_np(self, m: Marked) -> Span | None:
        """`The communique “reaffirmed…”`: a mention right before a quote that opens with its verb."""
        d = self.doc
        sent = d.sent_of(m.open_at)
        k = d.tok_from(m.open_at) - 1
        if k < 0 or d.starts[k] < sent[0] or not self.text[m.start].islower() or self._so_called(m):
            return None
        if self.text[d.ends[k] : m.open_at].strip():
            return None  # `Instead, “he just acts…”`: punctuation parts the words from the quote
        sp = self.finder.ending_at(k, sent[0])
        # Only the sentence's own subject qualifies: a mention after a verb (`alleged that the DNC “…”`,
        # `call Trump “…”`) is what the quote is about, and a pronoun there is rarely its speaker.
        if sp is None or d.starts[sp.i] != sent[0] or sp.kind == "pronoun":
            return None
        if sp.j - sp.i == 1 and d.words[sp.i] in CAP_STOP:
            return None  # `Instead, “he just acts…”`: a sentence adverb
        if d.lower[sp.j - 1].endswith(("ing", "ed")) and d.cap[sp.j - 1]:
            return None  # `Written “at this time…”`, `Citing “obligations…”`: an opening participle
        return sp

    def units(self) -> list[Unit]:
        """Group marked spans into quotes and attribute them.

        Continued paragraphs are chained first, then following spans of the same paragraph are merged
        while the text between them is a split-quote attribution. The result is also kept in
        `last_units` for the reported-speech pass.
        """
        marked = self.doc.marked
        out: list[Unit] = []
        k = 0
        while k < len(marked):
            m = marked[k]
            unit = Unit([m], "direct" if self._is_whole(m) or not m.closed else "partial")
            k += 1
            while unit.parts[-1].continues and k < len(marked) and self._turn_label(marked[k]) is None:
                unit.parts.append(marked[k])
                k += 1
            while k < len(marked) and marked[k].para == unit.parts[-1].para and unit.kind == "direct":
                sp, cue, joined = self._split_cue(unit.parts[-1], marked[k])
                if not joined:
                    break
                unit.parts.append(marked[k])
                unit.speaker, unit.cue = sp, cue
                k += 1
            self._attribute(unit)
            out.append(unit)
        self._inherit(out)
        self.last_units = out
        return out

    def _attribute(self, unit: Unit) -> None:
        """Fill in speaker and cue for a unit not already attributed by its split: the first rule of
        `_PARTIAL_RULES` or `_WHOLE_RULES` that finds a speaker wins, and the unit records its name.

        A pronoun found for a partial quote by any rule but the weakest is replaced by the subject it
        stands for when it names the object of the main clause (`_naming_subject`). A source cited with
        `according to` in the attribution's sentence replaces the speaker it cites (the cue stays the
        attribution's verb).
        """
        if unit.speaker is not None:
            unit.rule = "split"
            if unit.cue is not None:
                unit.speaker, unit.cue = self._source(unit.cue, unit.speaker)
            return
        last = unit.parts[-1]
        sent_end = self._after_end(last)
        around = _Around(unit.parts[0], last, sent_end, min(sent_end, self._next_open(last)))
        sp: Span | None = None
        cue: tuple[int, int] | None = None
        for rule in _PARTIAL_RULES if unit.kind == "partial" else _WHOLE_RULES:
            sp, cue = rule.find(self, around)
            if sp is not None:
                unit.rule, unit.labelled = rule.name, rule.labelled
                if unit.kind == "partial" and not rule.weak and sp.kind == "pronoun":
                    sp = self._naming_subject(sp, around.first)
                break
        if sp is not None and cue is not None:
            sp, cue = self._source(cue, sp)
        unit.speaker, unit.cue = sp, cue

    # ----- attribution rules that need more than one call (the others are written in the registry) ---

    def _rule_postposed_partial(self, at: _Around) -> _Found:
        """`“…”, the groups say`: a postposed attribution only after a comma closing the quote. With the
        comma inside the marks (`… has been “very worked up,” said a source.`) the attribution must close
        its clause, else the words after the quote continue the sentence."""
        last = at.last
        if "," in self.text[last.end : last.close_at + 1]:
            return self._postposed(last.close_at, at.stop)
        if self.text[last.start : last.end].rstrip()[-1:] == ",":
            sp, cue = self._postposed(last.close_at, at.stop)
            if sp is not None and self._closing_attribution(sp, cue, at.sent_end):
                return sp, cue
        return None, None

    def _rule_turn_label(self, at: _Around) -> _Found:
        sp = self._turn_label(at.first)
        if sp is not None:
            at.first.start = self.doc.starts[sp.j]  # the turn's words start after `NAME:`
        return sp, None

    def _finished(self, at: _Around) -> bool:
        return self.text[at.last.start : at.last.end].rstrip()[-1:] in _TERMINAL

    def _rule_lead_in(self, at: _Around) -> _Found:
        """`He added, “… ordinary.” The government refused.`: the lead-in wins over the next sentence."""
        if self._introduced(at.first) and self._finished(at):
            return self._preposed(at.first)
        return None, None

    def _rule_postposed_whole(self, at: _Around) -> _Found:
        if self._finished(at) and self._leads_on(at.last, at.stop):
            return None, None
        return self._postposed(at.last.close_at, at.stop)

    def _naming_subject(self, sp: Span, m: Marked) -> Span:
        """`Cruz railed against what he calls the “Washington cartel”`: a pronoun naming the object of
        the main clause (after `what`/`whom`) stands for the sentence subject, which is the speaker."""
        d = self.doc
        if sp.i == 0 or d.lower[sp.i - 1] not in _NAMING_WH or d.lower[sp.i] not in _NAMING_PRONOUNS:
            return sp
        sent = d.sent_of(m.open_at)
        subj = subject(d, self.finder, sent[0], d.starts[sp.i])
        if subj is None or subj.kind == "pronoun" or subj.j > sp.i or d.lower[subj.i] in _NO_SUBJECT:
            return sp
        if not _can_speak(d, subj):
            return sp
        return subj

    def _so_called(self, m: Marked) -> bool:
        """Whether `so-called` stands right before the quote (`The so-called “reform” will …`, `win so-called
        “closed” primaries`): a name the writer holds at a distance, which neither the sentence's subject
        nor a mention before it spoke (a cue that governs it still may: `claiming victory in the so-called
        “…”`)."""
        d = self.doc
        k = d.tok_from(m.open_at) - 1
        return k >= 0 and d.lower[k] == "so-called" and d.ends[k] + 2 >= m.open_at

    def _weak_subject(self, m: Marked) -> Span | None:
        """The subject of the sentence holding a partial quote, when it can be a speaker.

        An expletive or contraction (`It has not helped that…`) is none, and neither is a lone
        capitalised first word that the article never capitalises inside a sentence (`Guns are…`,
        `Asked whether…`): that is sentence case, not a name.
        """
        d = self.doc
        if self._so_called(m):
            return None
        sent = d.sent_of(m.open_at)
        sp = subject(d, self.finder, sent[0], m.open_at)
        if sp is None or d.lower[sp.i] in _NO_SUBJECT:
            return None
        if not _can_speak(d, sp):
            return None
        if sp.kind == "name" and sp.j - sp.i == 1 and not self.finder.is_proper(sp.i):
            return None
        return sp

    def _source(self, cue: tuple[int, int], sp: Span) -> tuple[Span, tuple[int, int]]:
        """`X said, according to Y` / `According to Y, X said`: the cited source Y is the speaker; the cue
        stays the attribution's own verb (`said`), the word the outlet chose for the remark."""
        d = self.doc
        for h in self.cues(d.sent_of(d.starts[cue[0]])):
            if d.lower[h.i] == "according" and h.speaker is not None and h.i != cue[0]:
                if h.i > cue[1] and d.lower[h.i - 1] == "that" and d.joinable_gap(h.i - 1, h.i):
                    continue  # `X said that according to its analysis …`: a source inside what X said
                return h.speaker, cue
        return sp, cue

    def _label(self, m: Marked) -> Span | None:
        """`Cruz: Trump Would Put Liberals On Court, ‘I Fear…’`: a name and colon opening the paragraph
        (a headline or a transcript turn) speaks the quotes after it."""
        d = self.doc
        para = d.paras[m.para]
        t = d.tok_from(para.start)
        if t >= len(d.words) or d.starts[t] != para.start:
            return None
        sp = self.finder.name_at(t, m.open_at)
        if sp is None or sp.j >= len(d.words) or sp.j - sp.i > LABEL_MAX or d.gap(sp.j - 1, sp.j)[:1] != ":":
            return None
        return None if d.lower[sp.i] in NOT_SOURCE_LABELS else sp

    def _turn_label(self, m: Marked) -> Span | None:
        """`“PENCE: Well, look, …`: a transcript turn quoted whole names its speaker inside the marks."""
        d = self.doc
        if m.open_at != d.paras[m.para].start or not self.text[m.start].isupper():
            return None
        t = d.tok_from(m.start)
        if t >= len(d.words) or d.starts[t] != m.start:
            return None
        sp = self.finder.name_at(t, m.end)
        if sp is None or sp.j >= len(d.words) or sp.j - sp.i > LABEL_MAX or d.gap(sp.j - 1, sp.j) != ": ":
            return None
        if not (d.words[sp.j - 1].isupper() or self.finder.is_proper(sp.j - 1)):
            return None  # `“Bottom line: …`, `“Update: …`: a label must be a transcript name or a known name
        return sp

    def _inline_credit(self, m: Marked) -> Span | None:
        """A credit closing the quote's own paragraph: `“…” ― Adriana Rodarte` (pull quotes, epigraphs)."""
        d = self.doc
        para = d.paras[m.para]
        t = d.tok_from(m.close_at)
        if t >= len(d.words) or d.starts[t] >= para.end or not d.cap[t]:
            return None
        dash = self.text[m.close_at : d.starts[t]].strip(" \u00a0")
        if len(dash) != 1 or dash not in _DASHES:
            return None
        sp = self.finder.name_at(t, para.end)
        if sp is None or self.text[d.ends[sp.j - 1] : para.end].strip() not in ("", ".", ","):
            return None
        return sp

    def _dash_credit(self, m: Marked) -> Span | None:
        """A credit line opening the next paragraph: `- Bernie Sanders.` or `—Michelle Marks, Ohio.`"""
        d = self.doc
        if m.para + 1 >= len(d.paras) or d.paras[m.para].end > m.close_at + 2:
            return None
        nxt = d.paras[m.para + 1]
        if self.text[nxt.start] not in _DASHES:
            return None
        t = d.tok_from(nxt.start)
        if t >= len(d.words) or d.starts[t] >= nxt.end or not d.cap[t]:
            return None
        return self.finder.name_at(t, nxt.end)

    def _sentence_final(self, m: Marked) -> tuple[Span | None, tuple[int, int] | None]:
        """`…, the groups say.`: an attribution closing the sentence after the quote governs it.

        The attribution is set off by a comma and is the sentence's last cue, or is followed by a
        comma opening an aside (`…, Hollande said Tuesday in Paris, noting…`).
        """
        d = self.doc
        sent = d.sent_of(m.close_at - 1)
        hits = [h for h in self.cues(sent) if d.starts[h.i] >= m.close_at]
        for n, h in enumerate(hits):
            sp = h.speaker
            if sp is None:
                continue
            first, last = self._described_start(min(h.i, sp.i), m.close_at), max(h.j, sp.j)
            if first > 1 and d.lower[first - 1] == "as" and not d.gap(first - 1, first).strip():
                first -= 1  # `…,” as a Homeland Security memo put it.`
            if "," not in d.gap(first - 1, first):
                continue
            if first < min(h.i, sp.i) and not d.cap[first] and d.lower[first].endswith("ing"):
                continue  # `…,” making clear they wanted more`: a participle clause, not a description
            tail = d.tok_from(sent[1]) - last
            apposition = last < len(d.words) and "," in d.gap(last - 1, last)
            if n + 1 < len(hits) or tail > (_APPOSITION_TAIL if apposition else _FINAL_TAIL):
                k = last
                while k < len(d.words) and k - last < _FINAL_TAIL and "," not in d.gap(k - 1, k):
                    k += 1
                if k - last >= _FINAL_TAIL or k >= len(d.words) or d.starts[k] >= sent[1]:
                    continue
            return sp, (h.i, h.j)
        return None, None

    def _described_start(self, k: int, floor: int) -> int:
        """First token of the description ending a name at `k` (`DFA spokesman Neil Sroka`): the words
        joined to it by spaces, without a clause word, back to `_NAME_DESCRIPTION_MAX` tokens."""
        d = self.doc
        i = k
        while (
            i > 0
            and k - i < _NAME_DESCRIPTION_MAX
            and d.starts[i - 1] >= floor
            and d.joinable_gap(i - 1, i)
            and d.lower[i - 1] not in NP_STOP
            and d.lower[i - 1] not in _CLAUSE_WORDS
        ):
            i -= 1
        return i

    def _clause_cue(self, sent: tuple[int, int], before: int) -> tuple[Span | None, tuple[int, int] | None]:
        """The attributed cue of `sent` before char `before` (a quote's opening mark) that governs the quote.

        The cue nearest the quote wins when it frames the quoted words (`what he calls the “bloodbath”`).
        A cue inside a complement clause hands over to the cue governing that clause, and so on outwards;
        the cue reached wins when it is strong, of a named or pronoun speaker (`…, who added that his group
        plans “…”`), or a pronoun opening a coordinate clause (`…, but she cautions that she sees “…”`);
        otherwise the sentence's first attributed cue, the main clause (`Westmacott said that Obama shows
        “great charm”`, `Israel said Clinton called…`).
        """
        d = self.doc
        hits = [
            h
            for h in self.cues(sent)
            if d.starts[h.i] < before and h.speaker is not None and not self._quantified(h, h.speaker)
        ]
        if not hits:
            return None, None
        last = hits[-1]
        sp = last.speaker
        assert sp is not None
        framing = sp.i > 0 and d.lower[sp.i - 1] in ("what", "which", "whom")
        if framing and "," not in self.text[d.ends[last.j - 1] : before]:
            return sp, (last.i, last.j)
        at = len(hits) - 1
        while at > 0 and self._in_complement(hits, at):
            at -= 1
        h = hits[at]
        sp = h.speaker
        assert sp is not None
        prev = d.lower[sp.i - 1] if sp.i > 0 else ""
        restrictive = sp.kind == "relative" and "," not in d.gap(sp.i - 1, sp.i)  # `a surrogate who said`
        strong = h.precision >= NEAREST_CUE_MIN and _can_speak(d, sp) and not restrictive
        own = sp.kind == "pronoun" and prev in _CONJUNCTIONS and not h.inverted and sp.j <= h.i
        if not (strong or own):
            # the nearest strong cue before it that no other cue governs, else the main clause's
            h = next(
                (
                    hits[k]
                    for k in range(at - 1, 0, -1)
                    if self._strong_hit(hits[k]) and not self._in_complement(hits, k)
                ),
                hits[0],
            )
        return h.speaker, (h.i, h.j)

    def _strong_hit(self, h: CueHit) -> bool:
        """Whether a cue hit is a strong cue of a speaker that can speak, outside a relative clause."""
        d = self.doc
        sp = h.speaker
        if sp is None or h.precision < NEAREST_CUE_MIN or not _can_speak(d, sp):
            return False
        if sp.i > 0 and d.lower[sp.i - 1] in _RELATIVES:
            return False  # `which Kyiv has agreed to`: a relative clause describes, it does not report
        return not (sp.kind == "relative" and "," not in d.gap(sp.i - 1, sp.i))

    def _in_complement(self, hits: list[CueHit], at: int) -> bool:
        """Whether the cue `hits[at]` is inside the complement clause of another cue: `said that X told`,
        `Israel said Clinton called`, `said that according to`."""
        d = self.doc
        h = hits[at]
        sp = h.speaker
        assert sp is not None
        prev = d.lower[sp.i - 1] if sp.i > 0 else ""
        nested = at > 0 and hits[at - 1].j == sp.i and not d.gap(sp.i - 1, sp.i).strip()
        cited = d.lower[h.i] == "according" and h.i > 0 and d.lower[h.i - 1] == "that"
        return prev == "that" or nested or cited

    def _framing_cue(self, m: Marked) -> tuple[Span | None, tuple[int, int] | None]:
        """`under what Mr. Hedge called “the old model,” the club charged…`: a quote right after
        `what`/`which`/`whom` SPEAKER CUE names what that speaker said, whatever follows it."""
        d = self.doc
        k = d.tok_from(m.open_at) - 1
        if k < 0 or self.text[d.ends[k] : m.open_at].strip():
            return None, None
        sent = d.sent_of(m.open_at)
        for h in self.cues(sent):
            if h.j - 1 != k or h.speaker is None or h.inverted or h.speaker.kind == "relative":
                continue
            sp = h.speaker
            if sp.i > 0 and d.lower[sp.i - 1] in ("what", "which", "whom") and sp.j == h.i:
                return sp, (h.i, h.j)
        return None, None

    def _subordinate_cue(self, m: Marked) -> tuple[Span | None, tuple[int, int] | None]:
        """`as Trump went on about “how the system is rigged,” Melanie said yes`: a quote framed by the cue
        of a subordinate clause (`as`/`when`/`while` … SPEAKER CUE) belongs to that clause, not to the
        attribution after it."""
        d = self.doc
        sp, cue = self._clause_cue(d.sent_of(m.open_at), m.open_at)
        if sp is None or cue is None or sp.i == 0 or d.lower[sp.i - 1] not in _SUBORDINATE_OPENERS:
            return None, None
        if d.gap(sp.i - 1, sp.i).strip() or d.starts[sp.i - 1] < d.sent_of(m.open_at)[0]:
            return None, None
        cue_end = d.ends[cue[1] - 1]
        gap = self.text[cue_end : m.open_at]
        if any(c == "," and not d.in_quote(cue_end + x) for x, c in enumerate(gap)):
            return None, None  # `When Sanders said …, he “grabbed …”`: the quote is in the main clause
        return sp, cue

    def _quantified(self, h: CueHit, sp: Span) -> bool:
        """`rated 32% of Republican claims as “false”`: a one-word modifier of a noun cue inside an
        `of` phrase counts what was said; it says nothing of who frames the quote. A plural subject
        (`75 percent of Republicans said`) is a speaker."""
        d = self.doc
        if sp.j != h.i or sp.j - sp.i != 1 or sp.i == 0 or d.lower[sp.i - 1] != "of":
            return False
        return not d.lower[sp.i].endswith("s") and d.lower[h.i].endswith("s")

    def is_title(self, unit: Unit) -> bool:
        """A short title-case span (`“Meet the Press”`, `“The Apprentice,”`): a name, not speech.

        Inside a sentence the period a title carries before its closing mark (`on CNN’s “New Day.”`) is
        no sign of speech, and one capitalised word after a possessive or `on` (`NBC’s “Today”`) is a
        title too.
        """
        if len(unit.parts) > 1:
            return False
        m = unit.parts[0]
        # splitting stops once there are too many words for a title: a long quote is not split whole
        words = self.text[m.start : m.end].split(None, _TITLE_MAX_WORDS)
        if not words or len(words) > _TITLE_MAX_WORDS:
            return False
        last = words[-1]
        if last.endswith(".") and len(last) > 1 and self._names_work(m):
            words[-1] = last[:-1]
        if words[-1][-1:] in _TERMINAL:
            return False
        capital = [w[:1].isupper() or w[:1].isdigit() for w in words]
        if len(words) == 1 and capital[0]:
            return unit.kind == "partial" and self._names_work(m)
        # every word capitalised but the small ones (`Meet the Press`, `The Art of the Deal`), in a
        # paragraph that is not itself title case (a headline: `Christie Calls Clinton ‘A Disgrace’.`)
        small = [w.lower() in _TITLE_SMALL for w in words]
        titled = sum(capital) >= 2 and all(c or s for c, s in zip(capital, small, strict=True))
        return titled and not self._title_case_paragraph(m)

    def _title_case_paragraph(self, m: Marked) -> bool:
        """Whether the words of the paragraph around a quote are mostly capitalised (a headline)."""
        d = self.doc
        para = d.paras[m.para]
        around = [
            d.cap[k]
            for k in range(d.tok_from(para.start), d.tok_from(para.end))
            if not m.start <= d.starts[k] < m.end
        ]
        return title_case(around)

    def is_heading(self, unit: Unit) -> bool:
        """An unattributed paragraph that is only a short title-case quote (`'All Bets Are Off.'`), or a short
        quote in single marks (`'A really tough decision.'`, `– ‘Who cares?’ –.`): a subhead."""
        if unit.speaker is not None or unit.kind != "direct" or len(unit.parts) > 1:
            return False
        m = unit.parts[0]
        para = self.doc.paras[m.para]
        t = self.text
        single = t[m.open_at] in "'‘" and "'" not in (
            t[m.open_at - 1 : m.open_at] + t[m.open_at + 1 : m.open_at + 2]
        )
        edge = " .:" + _DASHES if single else " .:"
        if self.text[para.start : m.open_at].strip(edge) or self.text[m.close_at + 1 : para.end].strip(edge):
            return False
        words = self.text[m.start : m.end].rstrip(".").split(None, _TITLE_MAX_WORDS)  # as in `is_title`
        if not words or len(words) > _TITLE_MAX_WORDS:
            return False
        if single:
            return True  # `'A really tough decision.'`: a subhead in single marks, in any case
        if words[-1][-1:] in _TERMINAL:
            return False
        caps = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit())
        small = sum(1 for w in words if w.lower() in _TITLE_SMALL)
        return caps >= 2 and caps + small == len(words)

    def _names_work(self, m: Marked) -> bool:
        """Whether a quote follows a possessive, `on` or a kind of work (`NBC’s “Today”`, `the show “…”`)."""
        d = self.doc
        k = d.tok_from(m.open_at) - 1
        if k < 0 or d.text[d.ends[k] : m.open_at].strip():
            return False
        return d.lower[k] in _WORK_LEADS or possessive(d.words[k])

    def _after_end(self, m: Marked) -> int:
        """End of the sentence holding the first word after quote `m` (where its attribution would be)."""
        d = self.doc
        pos = m.close_at
        t = d.tok_from(pos)
        if t >= len(d.words):
            return len(self.text)
        own = d.sent_of(max(pos - 1, 0))[1]
        closing = self.text[m.start : m.end].rstrip("”\"’'»› ")
        nxt = d.sent_of(d.starts[t])
        if closing[-1:] in ("?", "!") or d.tok_from(nxt[1]) - t <= _SHORT_TAIL:
            return max(nxt[1], own)
        return own

    def _next_open(self, m: Marked) -> int:
        """Start of the next marked span after `m` in its paragraph (or the paragraph end)."""
        para = self.doc.paras[m.para]
        k = bisect.bisect_right(self.doc.open_starts, m.close_at)
        if k < len(self.doc.marked) and self.doc.marked[k].para == m.para:
            return self.doc.marked[k].open_at
        return para.end

    def _paragraph_lead(self, m: Marked) -> tuple[Span | None, tuple[int, int] | None]:
        """`Carter said that critics had been wrong.¶“That’s because…”`: a quote opening its paragraph with
        no attribution of its own takes the named subject of a strong cue ending the paragraph before."""
        d = self.doc
        para = d.paras[m.para]
        if m.open_at != para.start or m.para == 0:
            return None, None
        lead = d.paras[m.para - 1]
        sent = d.sent_of(max(lead.end - 1, lead.start))
        k = bisect.bisect_left(d.open_starts, sent[0])
        if k < len(d.open_starts) and d.open_starts[k] < sent[1]:
            return None, None  # the lead sentence holds a quote of its own
        subj = subject(d, self.finder, sent[0], sent[1])
        for h in self.cues(sent):
            sp = h.speaker
            if sp is None or h.inverted or sp.kind not in ("name", "pronoun"):
                continue
            if h.precision < NEAREST_CUE_MIN:
                continue
            if sp == subj or d.starts[sp.i] == sent[0]:
                return sp, (h.i, h.j)
        return None, None

    def _paragraph_subject(self, m: Marked) -> Span | None:
        """`Howard continued his scathing remarks.¶“Eight years ago she was …”`: a quote opening its
        paragraph that nothing else attributes is spoken by the subject of the sentence ending the
        paragraph before, when that sentence quotes nobody and its subject can speak."""
        d = self.doc
        para = d.paras[m.para]
        own = d.sent_of(m.open_at)
        if own[0] == m.open_at and own[0] > para.start:
            sent = d.sent_of(own[0] - 1)
        elif m.open_at != para.start or m.para == 0:
            return None
        else:
            lead = d.paras[m.para - 1]
            sent = d.sent_of(max(lead.end - 1, lead.start))
        k = bisect.bisect_left(d.open_starts, sent[0])
        if k < len(d.open_starts) and d.open_starts[k] < sent[1]:
            return None
        if len(self.text[m.start : m.end].split(None, 1)) < 2:
            return None  # `“Guccifer”` alone: a name or a term, not a remark
        sp = subject(d, self.finder, sent[0], sent[1])
        if sp is None or d.lower[sp.i] in _NO_SUBJECT or not _can_speak(d, sp):
            return None
        if sp.kind == "name" and sp.j - sp.i == 1 and not self.finder.is_proper(sp.i):
            return None  # `Pause.`: a capitalised first word, not a name
        return sp

    def _inherit(self, units: list[Unit]) -> None:
        """Floating quotes: an unattributed whole-sentence quote takes the previous quote's speaker.

        The previous quote must be in the same paragraph, or in the paragraph just before when this
        quote opens its own paragraph. Inherited quotes carry no cue.
        """
        prev: Unit | None = None
        for u in units:
            first = u.parts[0]
            if self.is_heading(u):
                continue  # `'Legend in the Coal Fields.'`: a quoted subhead between quotes is no quote
            if u.speaker is None and u.kind == "direct" and prev is not None and prev.speaker is not None:
                gap_paras = first.para - prev.parts[-1].para
                if gap_paras == 0 or (gap_paras == 1 and first.open_at == self.doc.paras[first.para].start):
                    u.speaker, u.inherited, u.rule = prev.speaker, True, "previous-speaker"
            if u.speaker is None and u.kind == "direct":
                u.speaker, u.cue = self._paragraph_lead(first)
                if u.speaker is not None:
                    u.rule = "paragraph-lead"
            if u.speaker is None and u.kind == "direct":
                u.speaker = self._paragraph_subject(first)
                if u.speaker is not None:
                    u.rule = "paragraph-subject"
            if not u.labelled and self.is_title(u):
                continue  # `the TV show “Shark Tank.”`: a dropped title passes no speaker on
            if u.kind == "direct" or (u.speaker is not None and not u.inherited):
                prev = u


@dataclass(frozen=True, slots=True)
class _Rule:
    """A named attribution rule. `labelled`: its speaker comes from a `Name:` label (see `Unit`); `weak`: the
    last resort, whose pronoun speaker is kept as found (`_attribute`)."""

    name: str
    find: Callable[[Extractor, _Around], _Found]
    labelled: bool = False
    weak: bool = False


_PARTIAL_RULES = (
    # `under what Mr. Hedge called “the old model,” the club charged…`
    _Rule("framing-cue", lambda ex, at: ex._framing_cue(at.first)),
    # `as Trump went on about “how the system is rigged,” Melanie said yes`
    _Rule("subordinate-cue", lambda ex, at: ex._subordinate_cue(at.first)),
    # `Name:` opening the paragraph
    _Rule("label", lambda ex, at: (ex._label(at.first), None), labelled=True),
    # `“…”, the groups say`
    _Rule("postposed", Extractor._rule_postposed_partial),
    # `“…” of the plan, the groups say.`
    _Rule("sentence-final", lambda ex, at: ex._sentence_final(at.last)),
    # `X called it “…”`
    _Rule("clause-cue", lambda ex, at: ex._clause_cue(ex.doc.sent_of(at.first.open_at), at.first.open_at)),
    # `The communique “reaffirmed …”`
    _Rule("subject-np", lambda ex, at: (ex._subject_np(at.first), None)),
    # the sentence subject, the last resort
    _Rule("weak-subject", lambda ex, at: (ex._weak_subject(at.first), None), weak=True),
)
"""Partial quotes' attribution rules, in the order they are tried."""

_WHOLE_RULES = (
    # a transcript's `NAME:` inside the marks
    _Rule("turn-label", Extractor._rule_turn_label, labelled=True),
    # `“…” ― Adriana Rodarte` closing the quote's paragraph
    _Rule("inline-credit", lambda ex, at: (ex._inline_credit(at.last), None)),
    # `He added, “… ordinary.”` before the next sentence
    _Rule("lead-in", Extractor._rule_lead_in),
    # `“…,” Reed said.`
    _Rule("postposed", Extractor._rule_postposed_whole),
    # `Reed said: “…”`
    _Rule("preposed", lambda ex, at: ex._preposed(at.first)),
    _Rule("sentence-final", lambda ex, at: ex._sentence_final(at.last)),
    # a credit line opening the next paragraph: `— Bernie Sanders.`
    _Rule("dash-credit", lambda ex, at: (ex._dash_credit(at.last), None)),
    _Rule("label", lambda ex, at: (ex._label(at.first), None), labelled=True),
)
"""Whole quotes' attribution rules, in the order they are tried."""
