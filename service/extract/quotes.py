"""Quote extraction: direct, partial and reported speech with speaker and cue, as wire structs.

Pipeline: tokenise and pair quote marks (`Doc`), group marked spans into quotes (split and
multi-paragraph quotes become one quote with several fragments), attribute each group from the text
around it, let unattributed whole-sentence quotes inherit the previous speaker, then add reported
speech found from the cues of every sentence, keeping the outermost of nested reported-speech spans.
Everything is linear in the input size.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import sys
from dataclasses import dataclass
from importlib import resources

import msgspec

import schemas
from service.extract.doc import Doc
from service.extract.lexicon import AUXILIARIES, DENIALS, NEGATIONS, negates
from service.extract.marked import Extractor, Unit
from service.extract.reported import labelled_paragraphs, raised_in_sentence, reported_in_sentence
from service.extract.speakers import Resolved, Span, adverb

__all__ = ["extract_quotes", "extract_quotes_with_rules"]

_CONTAIN_LOOKBACK = 4
_CLOSING = re.compile(r'[.,;:!?]?[”"]')
_OPENING = '“‘"'
_CLOSING_SINGLE = re.compile(r"[.,;:!?]?’(?!\w)")
_BEFORE_OPENING = frozenset(" \t\n\u00a0([—–-/:")
_LABEL_WEIGHT = 0.5


def _overlap(spans: list[tuple[int, int]], start: int, end: int) -> int:
    """Characters of `[start, end)` covered by the sorted, disjoint `spans`."""
    k = bisect.bisect_right(spans, (start, start)) - 1
    k = max(k, 0)
    total = 0
    while k < len(spans) and spans[k][0] < end:
        a, b = spans[k]
        total += max(0, min(b, end) - max(a, start))
        k += 1
    return total


def _qid(kind: str, frags: list[tuple[int, int]], text: str) -> str:
    """A short stable id from kind, fragment offsets and text."""
    key = f"{kind}|{frags}|{text}".encode()
    return hashlib.sha1(key, usedforsecurity=False).hexdigest()[:16]


def _make(
    ex: Extractor,
    kind: schemas.QuoteKind,
    frags: list[tuple[int, int]],
    speaker: Span | None,
    cue: tuple[int, int] | None,
    confidence: float,
) -> schemas.Quote:
    """Build the wire struct for one quote."""
    text = ex.text
    d = ex.doc
    body = " ".join(text[a:b] for a, b in frags)
    spk = None
    if speaker is not None and ex.finder.in_capitals(speaker):
        speaker = None  # a heading set in capitals (`FULL TEXT.`, `NOW OPEN—“…”`) names no speaker
    if speaker is not None:
        r: Resolved = ex.finder.resolve(speaker)
        s, e = d.starts[speaker.i], ex.finder.end_of(speaker)
        spk = schemas.Speaker(name=r.name, mention=schemas.Mention(text[s:e], s, e), title=r.title)
    cue_s = None
    if cue is not None:
        cs, ce = d.starts[_negation_start(d, cue[0])], d.ends[cue[1] - 1]
        cue_s = schemas.Cue(text[cs:ce], cs, ce)
    return schemas.Quote(
        id=_qid(kind, frags, body),
        text=body,
        kind=kind,
        fragments=[schemas.Fragment(a, b) for a, b in frags],
        speaker=spk,
        cue=cue_s,
        confidence=round(confidence, 3),
    )


def _negation_start(d: Doc, i: int) -> int:
    """The first token of a negation right before cue token `i` (`did not say`, `has never claimed`,
    `didn't deny`, `no mention`, `never actually said`, `denied saying`), so that the cue reads as printed
    and says that the speaker is reported not to have said the content; `i` when there is none."""
    k = i - 1
    if k > 0 and d.gap(k, i) == " " and (d.lower[k] == "ever" or adverb(d, k)):
        k -= 1  # `did not actually say`, `denied ever saying`
    if k < 0 or d.gap(k, k + 1) != " " or not (negates(d.lower[k]) or d.lower[k] in DENIALS):
        return i
    if d.lower[k] in NEGATIONS and k > 0 and d.gap(k - 1, k) == " " and d.lower[k - 1] in AUXILIARIES:
        return k - 1
    return k


def _cover(text: str, partials: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """Widen `[start, end)` so that partial quotes starting inside it fit in it, so that a quotation opening
    it starts with its opening mark (`expressing “cautious optimism” that …`), and so that a quotation it
    opens ends in it with its closing mark."""
    if start > 0 and text[start - 1] in _OPENING and (start < 2 or text[start - 2] in _BEFORE_OPENING):
        start -= 1
    k = bisect.bisect_left(partials, (start, start))
    while k < len(partials) and partials[k][0] < end:
        end = max(end, partials[k][1])
        k += 1
    # Partial quotes end before their closing mark (`called them “deplorables.”`).
    body = text[start:end]
    single = body[:1] == "‘" and not _CLOSING_SINGLE.search(body)
    if body.count("“") > body.count("”") or body.count('"') % 2 or single:
        closing = (_CLOSING_SINGLE if single else _CLOSING).match(text, end)
        if closing:
            end = closing.end()
    return start, end


# Not frozen, like `CueHit`: built for every reported-speech candidate, never hashed or changed.
@dataclass(slots=True)
class _Said:
    """A reported-speech candidate before it becomes a wire struct (most are dropped as nested)."""

    frags: list[tuple[int, int]]
    speaker: Span | None
    cue: tuple[int, int] | None
    confidence: float
    rule: str


def _reported(ex: Extractor, marked: list[schemas.Quote]) -> list[_Said]:
    """Reported speech of every sentence, minus content that is itself a direct quote."""
    covered = sorted((f.start, f.end) for q in marked if q.kind == "direct" for f in q.fragments)
    partials = sorted((f.start, f.end) for q in marked if q.kind == "partial" for f in q.fragments)
    d = ex.doc
    # A cue attributing a direct quote reports nothing else, unless the quote opens a later sentence (`Hale
    # said the city has the money. “We will open it in May.”`): its own sentence's content stays.
    used = {
        u.cue[0]
        for u in ex.last_units
        if u.kind == "direct" and u.cue is not None and not _lead_in_sentence(d, u.cue[0], u.parts[0].open_at)
    }
    # `The joint statement “reaffirmed …”`: a cue word inside a quote's speaker names it, it reports nothing
    named = {k for u in ex.last_units if u.speaker is not None for k in range(u.speaker.i, u.speaker.j)}
    force = frozenset(u.cue[0] for u in ex.last_units if u.kind == "partial" and u.cue is not None)
    said: list[_Said] = []
    cued = {d.sent_of(d.starts[k]) for k in d.cue_tokens}  # a sentence without a cue word reports nothing
    # a raising word (`seemed`, `is expected`, `reportedly`) attributes an impression without any cue word
    raising = {d.sent_of(d.starts[k]) for k in d.raising_tokens}
    for sent in d.sents:
        found = []
        if sent in cued:
            hits = [
                h
                for h in ex.reporting_cues(sent)
                if h.i not in used and not (h.speaker is None and h.i in named)
            ]
            found = reported_in_sentence(d, ex.finder, sent[0], sent[1], hits, force) if hits else []
        if sent in raising:
            found += raised_in_sentence(d, ex.finder, sent[0], sent[1], found)
        for r in found:
            if _overlap(covered, r.start, r.end) * 2 > r.end - r.start:
                continue
            frags = [_cover(ex.text, partials, r.start, r.end)]
            if r.rest is not None:
                frags.append(_cover(ex.text, partials, *r.rest))
            weight = 0.8 if r.hit.speaker is not None else 0.5
            said.append(_Said(frags, r.hit.speaker, (r.hit.i, r.hit.j), weight * r.hit.precision, r.rule))
    for label, start, end in labelled_paragraphs(ex.doc, ex.finder):
        if _overlap(covered, start, end) * 2 <= end - start:
            said.append(_Said([_cover(ex.text, partials, start, end)], label, None, _LABEL_WEIGHT, "label"))
    said.extend(_enclosing(ex, said))
    return _outermost(said)


def _lead_in_sentence(d: Doc, cue: int, open_at: int) -> bool:
    """Whether cue token `cue` lies in a sentence of its own before the quotation opening at `open_at`."""
    return d.starts[cue] < open_at and d.sent_of(d.starts[cue]) != d.sent_of(open_at)


def _outermost(said: list[_Said]) -> list[_Said]:
    """Drop reported speech that lies inside a longer reported-speech span (`X said Y called it Z`):
    the outer attribution carries it. Linear after sorting: spans are checked against the furthest end
    seen so far."""
    order = sorted(said, key=lambda s: (s.frags[0][0], -s.frags[-1][1]))
    out: list[_Said] = []
    reach = -1
    for s in order:
        if s.frags[-1][1] <= reach:
            continue
        out.append(s)
        reach = s.frags[-1][1]
    return out


def _contains(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether one of the sorted `spans` contains `[start, end)` (checks the nearest few by start)."""
    k = bisect.bisect_right(spans, (start, sys.maxsize)) - 1
    for j in range(k, max(k - _CONTAIN_LOOKBACK, -1), -1):
        if spans[j][0] <= start and end <= spans[j][1]:
            return True
    return False


def _enclosing(ex: Extractor, reported: list[_Said]) -> list[_Said]:
    """Reported speech around attributed partial quotes that no reported-speech span contains yet.

    The content runs from the cue (or the sentence start) to the sentence end, so the partial quote is
    reported both as marked words and as part of what was said.
    """
    d = ex.doc
    spans = sorted(f for s in reported for f in s.frags)
    added: list[tuple[int, int]] = []
    out: list[_Said] = []
    for u in ex.last_units:
        if u.kind != "partial" or u.speaker is None or ex.is_title(u):
            continue
        m = u.parts[0]
        if _contains(spans, m.start, m.end) or _contains(added, m.start, m.end):
            continue
        sent = d.sent_of(m.open_at)
        start = sent[0]
        if u.cue is not None and d.ends[u.cue[1] - 1] <= m.open_at and d.starts[u.cue[0]] >= sent[0]:
            start = d.ends[u.cue[1] - 1]
        spk_end = d.ends[u.speaker.j - 1]
        if start <= d.starts[u.speaker.i] and spk_end <= m.open_at:
            start = spk_end  # `The communique “reaffirmed …”`: the content follows its speaker
        end = max(sent[1], u.parts[-1].end)
        while start < m.start and ex.text[start] in " ,:\u00a0":
            start += 1
        while end > u.parts[-1].end and ex.text[end - 1] in " .,;!?":
            end -= 1
        out.append(_Said([(start, end)], u.speaker, u.cue, 0.5, "around-partial"))
        added.append((start, end))
    return out


def _lone_word(text: str, u: Unit) -> bool:
    """Whether a unit is one marked span holding a single word."""
    if len(u.parts) != 1:
        return False
    m = u.parts[0]
    return len(text[m.start : m.end].split(None, 1)) == 1


def _stage_direction(text: str, u: Unit) -> bool:
    """Whether a unit is one marked span holding only a parenthesised or bracketed note."""
    if len(u.parts) != 1:
        return False
    m = u.parts[0]
    body = text[m.start : m.end].strip().rstrip(".")
    return len(body) > 2 and body[0] in "([" and body[-1] in ")]" and body.count("(") + body.count("[") == 1


def extract_quotes(text: str, *, rules: bool = False, doc: Doc | None = None) -> list[schemas.Quote]:
    """Extract attributed quotations from `text`, sorted by the start of their first fragment.

    With `rules`, each quote names the rule that found it (`Quote.rule`), for diagnosing extraction.
    `doc` is the tokenised `text` when the caller needs it too (the claims read its sentences).
    """
    found = extract_quotes_with_rules(text, doc)
    if rules:
        return [msgspec.structs.replace(q, rule=rule) for q, rule in found]
    return [q for q, _ in found]


def _marked_rule(u: Unit) -> str:
    """Name of the rule that attributed a marked quote (`marked-unattributed` for none)."""
    return f"marked-{u.rule}" if u.speaker is not None else "marked-unattributed"


class _RuleConfidence(msgspec.Struct, frozen=True):
    default: float
    confidence: dict[str, float]


_MARKED_CONFIDENCE = msgspec.json.decode(
    resources.files("service.extract").joinpath("data/rule_confidence.json").read_bytes(),
    type=_RuleConfidence,
)
"""A marked quote's confidence by its kind and rule (`direct marked-postposed`): the share of the quotes
that rule found in PolNeAR train whose words and speaker were both right (written by `eval_polnear.py
--write-confidence`); `default` for a rule not seen there."""


def _marked_confidence(u: Unit, rule: str) -> float:
    return _MARKED_CONFIDENCE.confidence.get(f"{u.kind} {rule}", _MARKED_CONFIDENCE.default)


def extract_quotes_with_rules(text: str, doc: Doc | None = None) -> list[tuple[schemas.Quote, str]]:
    """`extract_quotes`, each quote with the name of the rule that found it (for measuring rules)."""
    ex = Extractor(Doc(text) if doc is None else doc)
    out: list[tuple[schemas.Quote, str]] = []
    unattributed: list[Unit] = []
    for u in ex.units():
        # Title case is no sign of a name when a `Speaker:` label introduces the quote (headlines).
        if not u.labelled and ex.is_title(u):
            continue
        if u.kind == "partial" and u.speaker is None:
            unattributed.append(u)
            continue
        if u.speaker is None and ex.is_heading(u):
            continue
        if _stage_direction(ex.text, u):
            continue  # `"(CROSSTALK.)`: a transcript's bracketed note is nobody's words
        if u.speaker is None and _lone_word(ex.text, u):
            continue  # `“Refoulement” (forcible return) is…`: a single quoted word is a term, not speech
        frags = [(m.start, m.end) for m in u.parts]
        rule = _marked_rule(u)
        out.append((_make(ex, u.kind, frags, u.speaker, u.cue, _marked_confidence(u, rule)), rule))
    said = _reported(ex, [q for q, _ in out])
    out.extend((_make(ex, "indirect", s.frags, s.speaker, s.cue, s.confidence), s.rule) for s in said)
    out.extend(_within_reported(ex, unattributed, said))
    out.sort(key=lambda pair: (pair[0].fragments[0].start, pair[0].kind))
    return out


def _within_reported(
    ex: Extractor, partials: list[Unit], said: list[_Said]
) -> list[tuple[schemas.Quote, str]]:
    """Partial quotes no attribution rule found a speaker for, inside reported speech that has one (`The
    complaint alleged that the party “failed to implement reasonable security measures.”`): the marked
    words are the reported speaker's."""
    spans = sorted(((f, s) for s in said if s.speaker is not None for f in s.frags), key=lambda fs: fs[0])
    starts = [f[0] for f, _ in spans]
    out = []
    for u in partials:
        m = u.parts[0]
        k = bisect.bisect_right(starts, m.start) - 1
        if k < 0 or spans[k][0][1] <= m.start:
            continue
        host = spans[k][1]
        frags = [(p.start, p.end) for p in u.parts]
        confidence = _marked_confidence(u, "marked-within-reported")
        out.append(
            (_make(ex, "partial", frags, host.speaker, host.cue, confidence), "marked-within-reported")
        )
    return out
