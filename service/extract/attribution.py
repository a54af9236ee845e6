"""Reporting cues in a sentence and the speaker each one attaches to."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from service.extract.doc import Doc, possessive, title_case
from service.extract.lexicon import (
    AUX_SKIP,
    CLAUSE_PUNCT,
    CUE_FLOOR,
    CUE_MIN,
    CUES,
    DETERMINERS,
    EVIDENCE_NOUNS,
    HEADLINE_CUE_MIN,
    NOT_SOURCE_LABELS,
    NP_STOP,
    OBJECT_TAKING,
    PHRASE_CUE_PRECISION,
    PHRASE_HEADS,
    PREPOSITIONS,
    PRONOMINAL,
    PRONOMINAL_CUE_MIN,
    PRONOUNS,
    RAISING,
    SPEAKER_NOUNS,
    STRONG_CUE,
    SUBJECT_PRONOUNS,
    cue_precision,
    negates,
    words,
)
from service.extract.speakers import Span, SpeakerFinder, owner

__all__ = ["CueHit", "at_clause_end", "cue_end", "object_of_preposition", "sentence_cues", "subject"]

# Cues whose subject "it" is impersonal (`it seems that …`), never a speaker.
_IMPERSONAL = RAISING
_LEADING = words(
    """in on at after before during meanwhile however still but and so yet also later earlier speaking
    asked since when while as for with from by last this because although though if unless despite amid
    under over through without like unlike hours days weeks months years minutes moments back outside
    inside alongside across around behind beyond near among throughout within toward towards against here
    along beside besides ahead"""
)
_TIME_UNITS = words("years months weeks days hours minutes decades year month week day")
_SENTENCE_ADVERBS = words(
    "maybe perhaps instead indeed still yet so now then also meanwhile however thus hence"
)
_COORDINATORS = frozenset({"and", "but", "then"})
_PARTICIPLE_PREPS = words("through across into onto outside inside along at in on near from to toward")
_POSTMODIFIER_PREPS = words("under from in at near inside outside across throughout")
_CLAUSE_OPENING_PREPS = words("after before until since as like")
"""Prepositions that also open a clause with a subject of its own (`after the bureau determined …`)."""
_ADD_FORMS = words("add adds added adding")
_APPROXIMATELY = words("about nearly roughly some almost another more than over around")
_SUBORDINATORS = words("though although if unless because while whereas since when once")
_NOUN_ENDINGS = ("ment", "ments", "tion", "tions", "sion", "sions")
_PARTICLE = {
    "described": "as",
    "describing": "as",
    "referring": "to",
    "according": "to",
    "pointed": "out",
    "put": "it",
    "puts": "it",
    "shot": "back",
    "fired": "back",
    "went": "on",
    "goes": "on",
}
# `made it clear`, `makes plain`: the phrase reports what its subject said, never what `it` did.
_MAKE = words("make makes made making")
_MADE = words("clear plain")
# Phrases that report speech whatever their first word scores alone (`as Amar put it,`, `Clinton shot
# back`, `he went on,`); the flag says whether the phrase must close its clause. The keys are the
# lexicon's `PHRASE_HEADS`, so that `Doc.cue_tokens` offers them.
_PHRASE_CLOSES_CLAUSE = {"put": True, "puts": True, "shot": False, "fired": False, "went": True, "goes": True}
_AS_WINDOW = 7
_TITLE_REACH = 30
_LABEL_WORDS = 2
"""Most words of a newsroom label (`Editor’s note:`)."""
_SHARED_SUBJECT_WINDOW = 20


# Not frozen: frozen fields are set through `object.__setattr__`, tripling the cost of a record
# built for every cue; hits are never hashed or changed.
@dataclass(slots=True)
class CueHit:
    """A cue token range `[i, j)` and the speaker it attaches to; `inverted` when the speaker follows."""

    i: int
    j: int
    speaker: Span | None
    inverted: bool
    precision: float
    unbacked: bool = False
    """A cue under `CUE_MIN` without the speaker right before it that such a cue needs to attribute a
    quotation: it may still report speech (`_reports_weakly`)."""


def cue_end(doc: Doc, i: int) -> int:
    """End token of the cue phrase starting at `i` (`according to`, `described as`, `told reporters`)."""
    n = len(doc.words)
    w = doc.lower[i]
    part = _PARTICLE.get(w)
    if part is not None and i + 1 < n and doc.lower[i + 1] == part and not doc.gap(i, i + 1).strip():
        return i + 2
    if w in OBJECT_TAKING and i + 1 < n and doc.lower[i + 1] == "reporters":
        return i + 2
    return i + 1


def _made_clear_start(doc: Doc, k: int) -> int:
    """The first token of the phrase around cue `k`: `made` of `made (it) clear`, else `k`."""
    if doc.lower[k] not in _MADE:
        return k
    b = k - 1
    if b > 0 and doc.lower[b] == "it" and not doc.gap(b, b + 1).strip():
        b -= 1
    return b if b >= 0 and doc.lower[b] in _MAKE and not doc.gap(b, b + 1).strip() else k


def _past_adverbial(doc: Doc, a: int, hi: int) -> int:
    """First token after a leading adverbial phrase (`Speaking in Salem, New Hampshire, Trump …`)."""
    n = len(doc.words)
    start = a
    for b in range(a + 1, min(a + 20, n)):
        if doc.starts[b] >= hi:
            break
        if "," in doc.gap(b - 1, b):
            start = b
            nxt = b + 1
            while nxt < n and doc.cap[nxt] and doc.joinable_gap(nxt - 1, nxt):
                nxt += 1
            if not (doc.cap[b] and nxt < n and "," in doc.gap(nxt - 1, nxt)):
                break
    return start


def subject(doc: Doc, finder: SpeakerFinder, lo: int, hi: int) -> Span | None:
    """The noun phrase opening the sentence `text[lo:hi]` up to its first verb-like word, if any."""
    a = doc.tok_from(lo)
    n = len(doc.words)
    while a < n and doc.starts[a] < hi and doc.in_quote(doc.starts[a]):
        a += 1
    timed = a + 1 < n and doc.lower[a + 1] in _TIME_UNITS  # `Eight years ago, he…`
    first = doc.lower[a] if a < n else ""
    ly_opener = a < n and finder.opening_adverb(a)
    opener = first in _LEADING or first in _SENTENCE_ADVERBS or first.endswith("ing") or ly_opener
    if opener or timed:
        b = _past_adverbial(doc, a, hi)
        if b == a and doc.lower[a].endswith("ing") and doc.cap[a]:
            return None  # `Citing … attack as a wake-up call …`: the opener runs on, no subject found
        if b == a and (doc.lower[a] in _SENTENCE_ADVERBS or doc.lower[a] in _COORDINATORS or ly_opener):
            b = a + 1  # `Maybe he figures…`, `And Mr. Christie gloated:`: an opener without its comma
        elif b == a and doc.lower[a] in _SUBORDINATORS:
            b = a + 1  # `Though she called … and called for …`: the cue is inside the subordinate clause
        a = b
    elif a + 1 < n and doc.gap(a, a + 1).strip()[:1] == "," and not finder.is_person(Span(a, a + 1, "name")):
        a += 1  # a one-word opener (`Indeed,`, `Typically,`) is an adverb, not the subject
    if a < n and doc.starts[a] < hi and doc.lower[a] in SUBJECT_PRONOUNS:
        return Span(a, a + 1, "pronoun")  # `Then he cut into Bush, calling him …`: the whole subject
    b = a
    while b < n and doc.starts[b] < hi and b - a < 8 and (b == a or not doc.gap(b - 1, b).strip(" .")):
        w = doc.lower[b]
        if b > a and (w in NP_STOP or cue_precision(w) >= 0.2 or (w.endswith("ed") and not doc.is_cap(b))):
            break
        if (
            b > a
            and not doc.cap[b]
            and doc.cap[b - 1]
            and doc.lower[b - 1] not in DETERMINERS
            and not possessive(doc.words[b - 1])
            and w not in SPEAKER_NOUNS
        ):
            break  # a lowercase word after a name is its verb (`Perez lobbies`, not `Foreign ministers`,
            # `The Florida senator`)
        described = b > a and doc.lower[a] in DETERMINERS and doc.lower[b - 1] in SPEAKER_NOUNS
        if described and not doc.cap[b] and w not in SPEAKER_NOUNS:
            break  # `The president left…`: a described subject ends at its speaker noun
        b += 1
    if b == a:
        return None
    sp = finder.ending_at(b - 1, doc.starts[a])
    return sp if sp is not None and sp.i == a else None


_SOURCE_LINKS = words("from of for at in with familiar close briefed")
"""Words that go on describing a source after `according to` (`a statement from the ministry`)."""
_SOURCE_STOPS = words("who whom which that when while as and but because after before since")
_SOURCE_TAIL = 8


def sentence_cues(doc: Doc, finder: SpeakerFinder, lo: int, hi: int) -> list[CueHit]:
    """Cue tokens (outside quotes) of the sentence `text[lo:hi]`, each with its speaker if found.

    Candidates come from the cue lexicon. Capitalised forms count only at the sentence start, so
    headline verbs and names (`Says`, `Reveal`) are skipped. Forms between `CUE_FLOOR` and `CUE_MIN`
    are kept only when a pronoun, a known name (no owner: `Canada’s backing`) or a record (`FEC filings
    show`) stands right before them (`he figures`), which is where such verbs actually report what someone
    thinks or says.
    """
    out: list[CueHit] = []
    last: Span | None = None
    lead: Span | None = None
    cands = doc.cue_tokens
    c = bisect.bisect_left(cands, doc.tok_from(lo))
    k = -1
    while c < len(cands) and doc.starts[cands[c]] < hi:
        if cands[c] < k:
            c += 1
            continue
        k = cands[c]
        c += 1
        p = CUES[doc.lower[k]]
        if _phrase(doc, k, hi):
            p = PHRASE_CUE_PRECISION
        elif doc.lower[k] in PHRASE_HEADS:
            continue  # `went to the polls`, `put the bill`: such a verb reports speech only in its phrase
        headline_verb = doc.cap[k] and doc.starts[k] > lo and not _headline_verb(doc, finder, k, p)
        if p < CUE_FLOOR or doc.in_quote(doc.starts[k]) or headline_verb:
            continue
        if k > 0 and doc.lower[k - 1] in DETERMINERS and _modifies(doc, k):
            continue  # `his stated conditions`, `a statement`: an adjective or noun, not a reporting verb
        if p < STRONG_CUE and _head_noun_cue(doc, k, lo) and not _quote_after(doc, k, hi):
            # `sends a clear signal to Moscow`: the noun `a` and a word describe; one before a quotation
            # keeps the quotation attributed (`a far cry from Sanders serving up “ice cream”`)
            continue
        if _adds_a_quantity(doc, k):
            continue  # `Employers added 151,000 jobs`: a sum, not a remark
        if _newsroom_label(doc, k):
            continue  # `Editor’s note: …`: the newsroom's furniture, nobody's reported words
        passive_infinitive = k > 1 and doc.lower[k - 1] == "be" and doc.lower[k - 2] in ("to", "not")
        if passive_infinitive and doc.joinable_gap(k - 2, k - 1) and doc.joinable_gap(k - 1, k):
            continue  # `who asked not to be named, said …`: how a source is kept unnamed, not what was said
        j = cue_end(doc, k)
        k = _made_clear_start(doc, k)
        # `reaffirming Canada’s backing without detailing`: an owner of a noun cue does not carry over
        adjacent = last if out and k - out[-1].j <= 1 and last is not None and not owner(doc, last) else None
        speaker, inverted = _speaker_of(doc, finder, k, j, lo, hi, adjacent, last, lead)
        if speaker is not None and speaker.kind == "pronoun" and doc.lower[speaker.i] not in PRONOUNS:
            speaker = None
        if speaker is not None and doc.lower[speaker.i] == "it" and doc.lower[k] in _IMPERSONAL:
            speaker = None  # `it seems that …`, `it appeared …`: an impression with no one behind it
        if speaker is not None and _nominal(doc, k) and speaker.kind == "np" and not owner(doc, speaker):
            speaker = None  # `an agreed final statement`: the words before a noun cue only modify it
        if speaker is not None and _modified_by_participle(doc, speaker, k):
            speaker = None  # `An earlier text referring to…`: the participle describes the text
        weak = p < CUE_MIN
        if speaker is not None and not inverted and object_of_preposition(doc, speaker, lo, weak=weak):
            speaker = None  # `on day 3 of the crash talks on …`, `during the string of contests known as …`
        unbacked = p < CUE_MIN and not _weak_cue_speaker(doc, finder, speaker, inverted, k)
        if unbacked and not _reports_weakly(doc, speaker, k):
            continue
        out.append(CueHit(k, j, speaker, inverted, p, unbacked))
        if speaker is not None:
            last = speaker
            if (
                p >= PRONOMINAL_CUE_MIN
                and _leads(doc, speaker)
                and (lead is None or _closes(doc, speaker, k, lo))
            ):
                # the first reporting verb's speaker, carried on by a participle; one attributing what
                # came before it takes over (`C, a spokesperson said on Tuesday, adding that …`)
                lead = speaker
        k = j
    return out


def _quote_after(doc: Doc, k: int, hi: int) -> bool:
    """Whether a quotation opens after token `k` before char `hi`."""
    q = bisect.bisect_left(doc.open_starts, doc.ends[k])
    return q < len(doc.open_starts) and doc.open_starts[q] < hi


def _head_noun_cue(doc: Doc, k: int, lo: int) -> bool:
    """Whether cue `k` in its bare form heads a description opened by `a` and one lower-case word (`a clear
    signal`, `a conference call`): no finite verb follows `a` and one modifier."""
    if k < 2 or doc.starts[k - 2] < lo or doc.lower[k - 2] not in ("a", "an") or doc.cap[k - 1]:
        return False
    bare = not doc.lower[k].endswith(("s", "ed", "ing"))
    return bare and doc.joinable_gap(k - 2, k - 1) and doc.joinable_gap(k - 1, k)


def object_of_preposition(doc: Doc, speaker: Span, lo: int, *, weak: bool) -> bool:
    """Whether a noun-phrase speaker right after a preposition is its object (`of the crash talks`), not
    the subject of a clause the word opens (`after the bureau determined`). Before a strong cue an `of`
    phrase is left alone: it ends a longer subject (`one of her ads asking`, `Leaders of the group said`)
    that the cue may still report unless `weak`."""
    i = speaker.i
    return (
        speaker.kind == "np"
        and i > 0
        and doc.starts[i - 1] >= lo
        and doc.lower[i - 1] in PREPOSITIONS
        and doc.lower[i - 1] not in _CLAUSE_OPENING_PREPS
        and (weak or doc.lower[i - 1] != "of")
        and not doc.gap(i - 1, i).strip()
    )


def _closes(doc: Doc, speaker: Span, k: int, lo: int) -> bool:
    """Whether a speaker and its cue `k` follow a comma inside the sentence, attributing what came before
    them (`…, a spokesperson said`, `…, said the minister`)."""
    first = min(speaker.i, k)
    return first > 0 and doc.starts[first - 1] >= lo and "," in doc.gap(first - 1, first)


def _leads(doc: Doc, speaker: Span) -> bool:
    """Whether a reporting verb's speaker goes on speaking through a participle after it: a name, a pronoun,
    or a speaker noun (`the Republican presidential candidate told CBS …, saying …`), not any noun
    phrase (`a few`, `both`)."""
    return speaker.kind in ("name", "pronoun") or (
        speaker.kind == "np"
        and (doc.lower[speaker.j - 1] in SPEAKER_NOUNS or _holder_head(doc, speaker) in SPEAKER_NOUNS)
    )


def _holder_head(doc: Doc, speaker: Span) -> str:
    """The head of a role a preposition completes (`spokesperson` of `a spokesperson for the European
    Commission`), or the empty string."""
    for x in range(speaker.i + 1, speaker.j - 1):
        if doc.lower[x] in PREPOSITIONS:
            return doc.lower[x - 1]
    return ""


def _adds_a_quantity(doc: Doc, k: int) -> bool:
    """Whether token `k` is a form of `add` whose object is a number (`added 151,000 jobs`, `adds about $2
    billion`)."""
    if doc.lower[k] not in _ADD_FORMS:
        return False
    j = k + 1
    while j < len(doc.words) and doc.lower[j] in _APPROXIMATELY and j - k <= 2:
        j += 1
    return j < len(doc.words) and (doc.words[j][0].isdigit() or "$" in doc.gap(j - 1, j))


def _weak_cue_speaker(doc: Doc, finder: SpeakerFinder, sp: Span | None, inverted: bool, k: int) -> bool:
    """Whether a weak cue `k` (`he figures`) has the speaker it needs: a pronoun, a known name or a record
    (`polls show`) right before it, not an owner (`Editor’s note`, `Canada’s backing`: a noun) nor a
    capitalised sentence opener (`Recent talks`)."""
    if sp is None or inverted or sp.j != k:
        return False
    if doc.lower[k - 1] in EVIDENCE_NOUNS:
        return True  # `FEC filings show …`: a record speaks through a weak cue as a person does
    if sp.kind == "np" or owner(doc, sp):
        return False
    return sp.kind == "pronoun" or finder.is_proper(sp.j - 1)


def _reports_weakly(doc: Doc, sp: Span | None, k: int) -> bool:
    """Whether a cue `k` under `CUE_MIN` without the speaker a quotation needs still reports speech: it has
    a speaker, neither an owner (`Editor’s note`) nor an impersonal `it` (`it’s clear that`); it is neither
    a preposition (`lied about the budget`) nor a preposition's object (`dismissed the charges by reading
    the bill aloud`), and it is not negated (`did not respond to a request for comment`: nothing said)."""
    if sp is None or owner(doc, sp) or doc.lower[k] in PREPOSITIONS:
        return False
    if k > 0 and doc.lower[k - 1] in PREPOSITIONS:
        return False
    if any(negates(doc.lower[b]) for b in range(max(k - 2, 0), k)):
        return False
    return doc.lower[sp.i] not in ("it", "it’s", "it's")


def _newsroom_label(doc: Doc, k: int) -> bool:
    """Whether token `k` ends a newsroom label opening its paragraph (`Editor’s note:`, `Update:`)."""
    if doc.lower[k] not in NOT_SOURCE_LABELS or k + 1 >= len(doc.words):
        return False
    if not doc.gap(k, k + 1).lstrip().startswith(":"):
        return False
    first = doc.tok_from(doc.paras[doc.para_of(doc.starts[k])].start)
    return k - first < _LABEL_WORDS


def _headline_verb(doc: Doc, finder: SpeakerFinder, k: int, p: float) -> bool:
    """`Trump Says His Plan Will…`: in a title-case headline a capitalised strong cue right after a name
    reports what the name said."""
    return (
        p >= HEADLINE_CUE_MIN
        and doc.cap[k - 1]
        and doc.lower[k - 1] not in PRONOUNS
        and (finder.in_headline(k) or _title_sentence(doc, k))
    )


def _title_sentence(doc: Doc, k: int) -> bool:
    """Whether token `k` lies in a paragraph of one title-case sentence ending with a period (`Trump Says He
    Will Win.`): a headline as some feeds print it."""
    para = doc.paras[doc.para_of(doc.starts[k])]
    if doc.text[para.end - 1] != "." or doc.sent_of(para.start)[1] < para.end - 1:
        return False
    first, last = doc.tok_from(para.start), doc.tok_from(para.end)
    return title_case(doc.cap[first : min(last, first + _TITLE_REACH)])


def _modifies(doc: Doc, k: int) -> bool:
    """Whether a determiner right before cue `k` makes it a noun or adjective (`a statement`, `his stated
    aims`); a quantifier standing for people (`another said`) is its subject instead."""
    prev = doc.lower[k - 1]
    if prev not in DETERMINERS or doc.gap(k - 1, k).strip():
        return False
    return prev not in PRONOMINAL or CUES[doc.lower[k]] < PRONOMINAL_CUE_MIN or _nominal(doc, k)


def _phrase(doc: Doc, k: int, hi: int) -> bool:
    """Whether token `k` opens a reporting phrase (`put it`, `shot back`, `went on`) in the sentence."""
    w = doc.lower[k]
    closing = _PHRASE_CLOSES_CLAUSE.get(w)
    if closing is None or k + 2 > len(doc.words) or doc.lower[k + 1] != _PARTICLE[w]:
        return False
    if doc.gap(k, k + 1).strip() or doc.starts[k + 1] >= hi:
        return False
    if not closing or k + 2 == len(doc.words) or doc.starts[k + 2] >= hi:
        return True
    return doc.gap(k + 1, k + 2).strip()[:1] in (",", ":", ".", "—", "–") or _as_clause(doc, k)


def _as_clause(doc: Doc, k: int) -> bool:
    """Whether `as` opens the clause of token `k` a few words before it, commas of an apposition allowed
    (`As Ms. Simonyan put it in a statement, …`, `As the chief executive, Jeff Weiner, put it in his memo,
    …`): then `put it` reports speech even when an adverbial follows it."""
    for b in range(k - 1, max(k - _AS_WINDOW, 0) - 1, -1):
        if doc.gap(b, b + 1).strip(" .’'s,"):
            return False
        if doc.lower[b] == "as":
            return True
    return False


def _nominal(doc: Doc, k: int) -> bool:
    """Whether cue token `k` is a noun (`statement`, `assertion`, `remarks`) rather than a verb."""
    return doc.lower[k].endswith(_NOUN_ENDINGS) or doc.lower[k] in ("remarks", "comments")


def _modified_by_participle(doc: Doc, sp: Span, k: int) -> bool:
    """Whether cue `k` is a participle right after an indefinite description (`a text referring to`)."""
    indefinite = doc.lower[sp.i] in ("a", "an", "another")
    return sp.kind == "np" and sp.j == k and indefinite and doc.lower[k].endswith("ing")


def _speaker_of(
    doc: Doc,
    finder: SpeakerFinder,
    k: int,
    j: int,
    lo: int,
    hi: int,
    adjacent: Span | None,
    last: Span | None,
    lead: Span | None = None,
) -> tuple[Span | None, bool]:
    """The speaker of cue `[k, j)` and whether it follows the cue.

    Tried in order: the mention right before the cue (`Easton said`); the mention right after it when
    it closes the clause (`said Roland Paris.`), except after verbs whose object is the addressee
    (`told Meloni`); and for a cue continuing a clause (`and said`, `, adding`, `by saying`) the speaker
    of the cue just before it, else (for a participle, `, saying`, `by urging`, in a clause a conjunction
    opened after a comma) that clause's subject, else the sentence subject, else the last speaker of the
    sentence.
    """
    if doc.lower[k] == "according":
        source = finder.after(j, hi, named_role=True)
        return (_whole_source(doc, source, hi) if source is not None else None), True
    # `…his rival, Hillary Clinton, saying…`: the mention before a comma and a participle is an object
    participle = doc.lower[k].endswith("ing") and k > 0 and doc.gap(k - 1, k).strip() == ","
    speaker = None if participle else finder.before(k, lo)
    if speaker is not None:
        return _participle_subject(doc, finder, speaker, lo) or speaker, False
    # `said about the movement,`: what follows a preposition is its topic, never an inverted speaker; nor
    # does a participle take its subject after it (`…, adding levity.`)
    inverting = (
        doc.lower[k] not in OBJECT_TAKING
        and doc.lower[k] not in PREPOSITIONS
        and not doc.lower[k].endswith("ing")
    )
    if inverting and not (k > 0 and _coordinated(doc, k, lo)):
        after = finder.after(j, hi, named_role=True)
        # `Day said the radical language in the platform is …`: a described thing is the content's subject
        speaks = after is not None and (after.kind != "np" or doc.lower[after.j - 1] in SPEAKER_NOUNS)
        if after is not None and speaks and at_clause_end(doc, after, hi):
            return after, True
    if k > 0 and doc.starts[k - 1] >= lo:
        prev = doc.lower[k - 1]
        comma = doc.gap(k - 1, k).strip() in (",", ".,")
        if prev in _COORDINATORS and doc.lower[k].endswith("ing") and last is not None:
            return adjacent or last, False  # `with Trump tweeting that … and asking`: the same subject
        if comma and doc.lower[k].endswith("ing") and lead is not None:
            return lead, False  # `…, Hollande said Tuesday in Paris, noting …`: the reporting speaker goes on
        if prev in _COORDINATORS or comma or doc.lower[k].endswith("ing"):
            continuing = doc.lower[k].endswith("ing") and (comma or prev == "by")  # `, saying`, `by urging`
            clause = _clause_subject(doc, finder, lo, k) if continuing else None
            if (prev in _COORDINATORS or comma) and not continuing and clause is None:
                clause = _pronoun_after_comma(doc, lo, k)
            return adjacent or clause or subject(doc, finder, lo, doc.starts[k]) or last, False
    return None, False


def _whole_source(doc: Doc, sp: Span, hi: int) -> Span:
    """The source after `according to` with the words that place it, up to its clause end (`a statement
    from the ministry`, `two people familiar with the matter`, `officials in Kyiv`); `sp` when no clause end
    follows within a few plain words (`a source who spoke …`)."""
    n = len(doc.words)
    if sp.kind == "pronoun" or sp.j >= n or doc.starts[sp.j] >= hi or doc.lower[sp.j] not in _SOURCE_LINKS:
        return sp
    k = sp.j
    while k < n and doc.starts[k] < hi and k - sp.j < _SOURCE_TAIL:
        if doc.lower[k] in _SOURCE_STOPS or not doc.joinable_gap(k - 1, k):
            return sp
        k += 1
        if k >= n or doc.starts[k] >= hi:
            return Span(sp.i, k, "np")
        if doc.gap(k - 1, k).strip()[:1] in CLAUSE_PUNCT and not doc.joinable_gap(k - 1, k):
            return Span(sp.i, k, "np")  # not at the period of `U.S.`
    return sp


def _clause_subject(doc: Doc, finder: SpeakerFinder, lo: int, k: int) -> Span | None:
    """`…, and he foreshadowed the theme by urging …`, `…, though last week he used stronger language,
    saying …`: a participle continuing a clause that a conjunction opened after a comma takes that clause's
    subject, not the sentence's. Quoted words are no clause of the sentence."""
    for x in range(k - 1, doc.tok_from(lo), -1):
        w = doc.lower[x]
        if (
            (w in _COORDINATORS or w in _SUBORDINATORS)
            and "," in doc.gap(x - 1, x)
            and not doc.in_quote(doc.starts[x])
        ):
            found = subject(doc, finder, doc.starts[x], doc.starts[k])
            if found is None:  # `though in a news conference last week he used`: past the adverbials
                pronouns = (y for y in range(x + 1, k) if doc.lower[y] in SUBJECT_PRONOUNS)
                found = next(
                    (Span(y, y + 1, "pronoun") for y in pronouns if not doc.in_quote(doc.starts[y])), None
                )
            return found
    return None


def _pronoun_after_comma(doc: Doc, lo: int, k: int) -> Span | None:
    """`When Mook was asked …, he laughed and said`, `…, she looked down, shrugged and said`: a verb listed
    after the one before it shares its subject, the pronoun opening the main clause after the comma that
    closes the opener, not the opener's own subject."""
    for x in range(k - 1, max(doc.tok_from(lo), k - _SHARED_SUBJECT_WINDOW), -1):
        if doc.lower[x] in SUBJECT_PRONOUNS and "," in doc.gap(x - 1, x) and not doc.in_quote(doc.starts[x]):
            return Span(x, x + 1, "pronoun")
        if doc.gap(x - 1, x).strip(" ,"):
            return None  # only the words of that one clause and the verbs listed in it
    return None


def _participle_subject(doc: Doc, finder: SpeakerFinder, sp: Span, lo: int) -> Span | None:
    """`Protesters marching through the streets chanted`: a mention closing a participle phrase after the
    sentence subject is the object of its preposition; the subject is the speaker."""
    prep = doc.lower[sp.i - 1] if sp.i >= 2 else ""
    if doc.starts[sp.i - 1] < lo or (prep not in _PARTICIPLE_PREPS and prep not in _POSTMODIFIER_PREPS):
        return None
    subj = subject(doc, finder, lo, doc.starts[sp.i])
    if subj is None or subj.j > sp.i - 1 or doc.gap(subj.j - 1, subj.j).strip(" ."):
        return None
    if subj.j == sp.i - 1:
        # `The U.S. under Trump has not ruled out`: a governing subject modified by a prepositional phrase
        return subj if doc.lower[subj.j] in _POSTMODIFIER_PREPS and subj.kind != "pronoun" else None
    return subj if doc.lower[subj.j].endswith("ing") else None


def _coordinated(doc: Doc, k: int, lo: int) -> bool:
    """Whether cue `k` follows `and`/`but`/`then` (`and endorsed Clinton`): its subject came before, so a
    name after it is its object, not an inverted speaker."""
    p = k - 1
    while (
        p > 0 and (doc.lower[p] in AUX_SKIP or doc.lower[p].endswith("ly")) and not doc.gap(p, p + 1).strip()
    ):
        p -= 1  # `and officially endorsed`
    return p >= 0 and doc.starts[p] >= lo and doc.lower[p] in _COORDINATORS and not doc.gap(p, p + 1).strip()


def at_clause_end(doc: Doc, sp: Span, hi: int) -> bool:
    """Whether an inverted speaker is followed by the end of its clause (`said Paris.`/`, `/` of`)."""
    if sp.j >= len(doc.words) or doc.starts[sp.j] >= hi:
        return True
    g = doc.gap(sp.j - 1, sp.j).strip()
    if g == "." and len(doc.words[sp.j - 1]) == 1 and not doc.cap[sp.j]:
        return False  # `says U.S. citizens …`: the period of initials, and a noun they modify
    return g[:1] in (",", ".", ";", ":", "—", "–", "(") or doc.lower[sp.j] in ("of", "in", "on", "at", "who")
