"""How outlets rendered one statement, and how a checked quote compares with stored statements (pure)."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from datetime import datetime

import msgspec
from rapidfuzz.distance import LCSseq, Levenshtein

from schemas import (
    CheckMatch,
    CompareResult,
    Comparison,
    DiffOp,
    Quote,
    Rendering,
    RenderingClass,
    StatementMention,
    StatementSummary,
    Verdict,
)
from service.extract.lexicon import RAISING_WORDS
from service.match.diff import classify, word_diff
from service.match.memory import MemoryIndex
from service.match.normalize import STOPWORDS, informative, normalize
from service.match.score import score_pair
from service.match.speakers import attribution, compare_speakers
from service.match.wording import Wording, fullest, wording_key

__all__ = [
    "ArticleQuotes",
    "check_answer",
    "check_score",
    "check_verdict",
    "compare_articles",
    "compare_renderings",
    "marked_within",
    "mention_of",
    "nested",
    "own_mentions",
    "reported_content",
    "states_something",
    "verdict_of",
    "wire_diff",
]

# Classes from the closest to the farthest; a checked quote is judged by the closest wording on record.
_CLASS_ORDER: tuple[RenderingClass, ...] = ("verbatim", "punctuation", "truncated", "extended", "altered")
_VERDICTS: dict[RenderingClass, Verdict] = {
    "verbatim": "exact",
    "punctuation": "minor_variation",
    "truncated": "minor_variation",
}


def marked_within(quotes: Sequence[Quote]) -> dict[str, str]:
    """Reported speech that is nothing but a marked quote: indirect quote id → the partial quote with the
    same span (`what Trump described as "very good and productive"`). That is one mention of one remark,
    carried by the partial quote; reported speech saying more is a mention of its own (see `nested`). The
    reported speech may hold the quotation marks the partial quote leaves out (`expressing “cautious
    optimism.”`)."""
    partials = {(q.fragments[0].start, q.fragments[-1].end): q.id for q in quotes if q.kind == "partial"}
    return {
        q.id: partials[span]
        for q in quotes
        if q.kind == "indirect" and (span := _unmarked_span(q)) in partials
    }


_OPENING_MARKS = "“‘\"'"
_CLOSING_MARKS = "”’\"'"


def _unmarked_span(quote: Quote) -> tuple[int, int]:
    """A quote's span from its first fragment's start to its last one's end, inside the quotation marks
    that open and close it when it has them."""
    start, end = quote.fragments[0].start, quote.fragments[-1].end
    if len(quote.text) > 1 and quote.text[0] in _OPENING_MARKS and quote.text[-1] in _CLOSING_MARKS:
        return start + 1, end - 1
    return start, end


STATED_MIN_WORDS = 2
"""Content words reported speech needs to be a statement of its own (see `states_something`)."""
_WORD = re.compile(r"\w+")


def states_something(quote: Quote) -> bool:
    """Whether a quote carries a remark a reader could check or find in another outlet: any marked quote, and
    reported speech with at least `STATED_MIN_WORDS` content words, one of them not capitalised. `X said
    what`, `X backed the idea`, `told her to leave` and `According to MSNBC, basically` are attributions the
    article makes, but nothing in them is a remark; nor is a name alone (`warned that Donald J. Trump`,
    `talking to Donald Trump`): as statements they would only join unrelated ones by their speaker or by the
    name. Nor is what a raising verb says of its subject with nobody behind it (`the bill is expected to
    pass`, `Trump reportedly plans …`): the writer's impression or hearsay, no one's remark."""
    if quote.kind != "indirect":
        return True
    if quote.speaker is None and quote.cue is not None and quote.cue.text.lower() in RAISING_WORDS:
        return False  # `the bill is expected to pass`: the writer's impression, nobody's remark
    content = reported_content(quote.text)
    if len(informative(normalize(content).split())) < STATED_MIN_WORDS:
        return False
    # A content word in lower case, or title case (`Make America Great Again`: a function word capitalised)
    words = _WORD.findall(content)
    if any(w[0].islower() and w not in STOPWORDS for w in words):
        return True
    return any(w[0].isupper() and w.lower() in STOPWORDS for w in words)


def own_mentions(quotes: Sequence[Quote]) -> list[Quote]:
    """The quotes that are mentions of their own statement: all but reported speech that is only a marked
    quote (that quote carries it) or states nothing (`states_something`).

    Marked quotes come first, then reported speech: the speaker's own words pick their statement before
    the reported speech around them, which is then kept apart from it (`nested`).
    """
    carried = marked_within(quotes)
    return sorted(
        (q for q in quotes if q.id not in carried and states_something(q)), key=lambda q: q.kind == "indirect"
    )


def nested(quotes: Sequence[Quote]) -> dict[str, list[str]]:
    """Quote id → the ids of the other quotes of the article whose span strictly holds it or lies
    strictly within it.

    Reported speech and the partial quotes inside it (`X said there was a "very good chance" …`) are
    different statements: the whole reported content is one, each partial quote another. Matching keeps
    such nested quotes apart, so neither folds into the other's statement. Reported content that is
    nothing but the quote (`what Trump described as "very good and productive"`) is the same remark.
    """
    spans = sorted((q.fragments[0].start, -q.fragments[-1].end, q.id) for q in quotes if q.fragments)
    found: dict[str, list[str]] = {}
    for i, (start, neg_end, qid) in enumerate(spans):
        end = -neg_end
        # Sorted by start (then longest first), what a span holds follows it, up to the first span that
        # starts at or past its end: each span is compared with its overlapping neighbours only.
        for s, neg_e, other in spans[i + 1 :]:
            if s >= end:
                break
            if -neg_e <= end and (s, -neg_e) != (start, end):
                found.setdefault(qid, []).append(other)
                found.setdefault(other, []).append(qid)
    return found


# After `said that`, these make "that" the subject of the content (`said that was a mistake`).
_THAT_AS_SUBJECT_TEXT = "is was are were would will could can has had may might should must did seems"
_THAT_AS_SUBJECT = frozenset(_THAT_AS_SUBJECT_TEXT.split())


def reported_content(text: str) -> str:
    """Reported speech without the complementizer `that` opening it: `X said that the war …` and `X said
    the war …` report the same words."""
    first, _, rest = text.partition(" ")
    if first.casefold() == "that" and rest and rest.split(" ", 1)[0].casefold() not in _THAT_AS_SUBJECT:
        return rest.lstrip()
    return text


def mention_of(
    quote: Quote, *, article_id: str, outlet: str, url: str | None, time: datetime | None
) -> StatementMention:
    """One article's quote as a mention of the statement it belongs to; reported speech is mentioned by its
    content (`reported_content`)."""
    speaker = quote.speaker
    return StatementMention(
        article_id=article_id,
        outlet=outlet,
        quote_id=quote.id,
        text=reported_content(quote.text) if quote.kind == "indirect" else quote.text,
        kind=quote.kind,
        speaker=speaker.name if speaker else None,
        speaker_mention=speaker.mention.text if speaker else None,
        cue=quote.cue.text if quote.cue else None,
        published_at=time,
        url=url,
    )


class ArticleQuotes(msgspec.Struct, frozen=True, kw_only=True):
    """An article's extracted quotes with what identifies it, for comparing without storing."""

    article_id: str
    outlet: str
    quotes: list[Quote]
    url: str | None = None
    published_at: datetime | None = None


ELSEWHERE_MIN_WORDS = 5
"""Fewest words a statement credited to another named person must share to be shown beside it: fewer are
what many people say (`top secret`, `make America great again`)."""


def credited_elsewhere(norm: str, speaker: str | None, other_norm: str, other_speaker: str | None) -> bool:
    """Whether another statement (normalised text and speaker) holds the same words, near-equal overall and
    at least `ELSEWHERE_MIN_WORDS`, credited to another named person (`Comparison.attributed_elsewhere`)."""
    if min(norm.count(" "), other_norm.count(" ")) + 1 < ELSEWHERE_MIN_WORDS:
        return False
    if compare_speakers(speaker, other_speaker) != "different":
        return False
    found = score_pair(norm, other_norm)
    return found is not None and found.relation == "similar"


def compare_articles(articles: Sequence[ArticleQuotes]) -> CompareResult:
    """Deduplicate the articles' quotes in memory; compare each statement two or more articles carry.

    Reported speech (`X said that …`) is a statement of its own, and the partial quotes inside it are
    statements of their own as well (`nested`, `own_mentions`).
    """
    index = MemoryIndex()
    mentions: dict[str, list[StatementMention]] = {}
    for article in articles:
        time = article.published_at.timestamp() if article.published_at else None
        apart = nested(article.quotes)
        linked: dict[str, str] = {}
        for quote in own_mentions(article.quotes):
            mention = mention_of(
                quote,
                article_id=article.article_id,
                outlet=article.outlet,
                url=article.url,
                time=article.published_at,
            )
            away = {linked[q] for q in apart.get(quote.id, ()) if q in linked}
            sid, _ = index.add(
                mention.text,
                mention.speaker,
                outlet=article.outlet,
                time=time,
                apart=away,
                reported=quote.kind == "indirect",  # as the store links it (`clusters.link`)
            )
            linked[quote.id] = sid
            mentions.setdefault(sid, []).append(mention)
    elsewhere_ids = {sid: _elsewhere(index, sid) for sid in mentions}
    articles_of = {sid: {m.article_id for m in found} for sid, found in mentions.items()}

    def summary(sid: str) -> StatementSummary:
        found = _by_time(mentions[sid])
        own = index.statements[sid]
        outlets = list(dict.fromkeys(m.outlet for m in found))
        return StatementSummary(
            id=sid, text=own.canonical, speaker=own.speaker, first_appearance=found[0],
            mention_count=len(found), outlets=outlets,
        )  # fmt: skip

    # A statement one article carries is compared too when another article credits its words to another
    # person: the comparison is where that shows.
    shared = []
    for sid, found in mentions.items():
        elsewhere = elsewhere_ids[sid]
        if len(articles_of[sid]) > 1 or any(articles_of[e] - articles_of[sid] for e in elsewhere):
            own = index.statements[sid]
            summaries = [summary(e) for e in elsewhere]
            shared.append(compare_renderings(sid, own.canonical, own.speaker, found, summaries))
    return CompareResult(statements=shared)


def _elsewhere(index: MemoryIndex, sid: str) -> list[str]:
    """The ids of the index's statements `credited_elsewhere` from statement `sid`."""
    own = index.statements[sid]
    norm = normalize(own.canonical)
    if not own.speaker or norm.count(" ") + 1 < ELSEWHERE_MIN_WORDS:  # no other named person, or too short
        return []
    return [
        c.statement_id
        for c in index.candidates(norm)
        if c.statement_id != sid
        and c.speaker
        and c.speaker != own.speaker
        and credited_elsewhere(
            norm, own.speaker, normalize(index.statements[c.statement_id].canonical), c.speaker
        )
    ]


def wire_diff(reference: str, rendering: str) -> list[DiffOp]:
    return [DiffOp(op.op, op.canonical, op.rendering) for op in word_diff(reference, rendering)]


def _by_time(mentions: Sequence[StatementMention]) -> list[StatementMention]:
    """Earliest first; mentions of equal or no time stay in the order given (undated ones last). With no
    time at all, "first" can only mean first given: sorting such a tie by outlet name once made the
    alphabetically first outlet the first appearance."""
    return sorted(mentions, key=lambda m: m.published_at.timestamp() if m.published_at else math.inf)


REPEATED_ARTICLE = "articles {} and {} are the same article (the same outlet and text): send each once"


def repeated_article(article_ids: Sequence[str]) -> tuple[int, int] | None:
    """The positions (from 1) of the first article given twice for a comparison, or None. One article
    shares nothing with itself, so a comparison holding it twice would answer, without a reason, less
    than asked."""
    first: dict[str, int] = {}
    for number, article_id in enumerate(article_ids, 1):
        if (seen := first.setdefault(article_id, number)) != number:
            return seen, number
    return None


def judged(reference: str, full: str, rendering: str) -> tuple[RenderingClass, str]:
    """A rendering's class and the wording it is diffed against: the reference, unless the rendering quotes
    a part of the remark the reference leaves out and the fullest rendering holds (`We are at a crossroads
    in history` of `We are at a crossroads in history. This is not a moment for more talk`, where most
    outlets printed the second sentence only). That is `truncated` against the fullest, which holds the
    reference whole: words another outlet printed around it, not a word changed inside it."""
    classification = classify(reference, rendering)
    if classification != "altered" or full == reference or classify(reference, full) != "extended":
        return classification, reference
    if classify(full, rendering) == "truncated":
        return "truncated", full
    return classification, reference


def compare_renderings(
    statement_id: str,
    reference: str,
    speaker: str | None,
    mentions: Sequence[StatementMention],
    elsewhere: Sequence[StatementSummary] = (),
) -> Comparison:
    """Every mention against the statement's reference wording: its class and word diff (`judged`), how
    it attributes the statement (`attribution`, with `speaker_differs` exactly when `different`), its cue.

    `fullest` is the longest rendering containing the reference; `first_appearance` the earliest mention.
    """
    ordered = _by_time(mentions)
    full = fullest(reference, [m.text for m in ordered])
    cues: dict[str, list[str]] = {}
    for mention in ordered:
        if mention.cue and mention.cue not in cues.setdefault(mention.outlet, []):
            cues[mention.outlet].append(mention.cue)
    renderings = []
    for m in ordered:
        credited = attribution(m.speaker, speaker)
        classification, against = judged(reference, full, m.text)
        renderings.append(
            Rendering(
                mention=m,
                classification=classification,
                diff=wire_diff(against, m.text),
                attribution=credited,
                speaker_differs=credited == "different",
            )
        )
    return Comparison(
        statement_id=statement_id,
        text=reference,
        fullest=full,
        speaker=speaker,
        first_appearance=ordered[0],
        outlets=list(dict.fromkeys(m.outlet for m in ordered)),
        renderings=renderings,
        cues=cues,
        attributed_elsewhere=list(elsewhere),
    )


def check_verdict(
    quote_norm: str, canonical_norm: str, renderings: Sequence[str]
) -> tuple[float, Verdict] | None:
    """Whether a normalised quote matches a statement (its reference or any normalised rendering), with a
    score in [0, 1] and the verdict its words alone support, or None.

    Normalised texts have lost their punctuation, so equal words count as `exact` here; `verdict_of`
    judges the quote as written against the wordings outlets printed.
    """
    if quote_norm in (canonical_norm, *renderings):
        return 1.0, "exact"
    best = _best_score(quote_norm, canonical_norm, renderings)
    if best is None:
        return None
    return best, _VERDICTS.get(classify(canonical_norm, quote_norm), "altered")


def _best_score(
    quote_norm: str, canonical_norm: str, renderings: Sequence[str], *, checked: str | None = None
) -> float | None:
    """The best score of a normalised quote against a statement's reference and renderings (1 when it is
    one of them), or None when none of them matches. Given the quote as `checked`, two more kinds of
    match count, which only a check asks for: a short quote one word away from a stretch of one of them
    (`misquoted_phrase`), and one whose pieces between ellipses all appear in order (`elided_pieces`)."""
    pieces = elided_pieces(checked) if checked is not None else []
    best = 0.0
    for text in dict.fromkeys((canonical_norm, *renderings)):
        if quote_norm == text:
            return 1.0
        pair = score_pair(quote_norm, text)
        if pair is not None:
            best = max(best, pair.score)
        elif checked is not None:
            best = max(best, misquoted_phrase(quote_norm, text) or 0.0, pieces_in_order(pieces, text) or 0.0)
    return best or None


_ELLIPSIS = re.compile(r"…|\.\s?\.\s?\.")
ELIDED_MIN_WORDS = 6
"""Fewest words, over all its pieces, of a quote matched piece by piece (`pieces_in_order`)."""


def elided_pieces(quote: str) -> list[list[str]]:
    """The normalised words of each piece of a quote between its ellipses; none without an ellipsis."""
    pieces = [normalize(piece).split() for piece in _ELLIPSIS.split(quote)]
    pieces = [piece for piece in pieces if piece]
    return pieces if len(pieces) > 1 else []


def pieces_in_order(pieces: Sequence[Sequence[str]], text_norm: str) -> float | None:
    """Whether the pieces of an elided quote each appear word for word, in order, in a stored text, however
    far apart ("Donald Trump … will become justifiably frightening to voters"): the score of that match,
    or None. Each piece has two words or more, all together `ELIDED_MIN_WORDS` and two content words, so
    that a few stock words joined by an ellipsis match nothing."""
    words = [w for piece in pieces for w in piece]
    short_piece = any(len(piece) < 2 for piece in pieces)
    if len(words) < ELIDED_MIN_WORDS or short_piece or len(informative(words)) < 2:
        return None
    text, at = f" {text_norm} ", 0
    for piece in pieces:
        found = text.find(f" {' '.join(piece)} ", at)
        if found < 0:
            return None
        at = found + len(" ".join(piece)) + 1
    return 0.6 * len(words) / max(len(text_norm.split()), len(words))


MISQUOTED_WORDS = (4, 8)
"""Lengths (in words) of a checked quote that may match as a phrase misquoted by one word."""


def misquoted_phrase(quote_norm: str, text_norm: str) -> float | None:
    """A short checked quote that is one word away (changed, left out or put in) from a stretch of a
    stored text, sharing at least two content words with it: "that highest, dangerous glass ceiling" for
    "that highest, hardest glass ceiling", "a neutral venue for negotiations" for "… a neutral venue for
    future negotiations". Its score, below any `score_pair` match of the same length, or None.

    Only `POST /v1/check` asks this: a reader checking a phrase wants the record it misquotes, and the
    diff says what differs. Deduplication does not: two remarks a word apart are not one remark."""
    quote, text = quote_norm.split(), text_norm.split()
    low, high = MISQUOTED_WORDS
    if not low <= len(quote) <= high or len(set(informative(quote)) & set(text)) < 2:
        return None
    if LCSseq.similarity(quote, text) < len(quote) - 1:  # no stretch within one word: skip the windows
        return None
    for size in (len(quote), len(quote) - 1, len(quote) + 1):
        for start in range(max(len(text) - size, 0) + 1):
            if Levenshtein.distance(quote, text[start : start + size], score_cutoff=1) <= 1:
                return 0.5 * (len(quote) - 1) / len(quote)
    return None


def _words_changed(wording: str, quote: str) -> int:
    """How many words the word diff from a wording to a quote changes within the stretch the quote covers:
    words of the wording before or after it are where the quote stops, not what it changed."""
    ops = word_diff(wording, quote)
    while ops and ops[0].op == "delete":
        ops = ops[1:]
    while ops and ops[-1].op == "delete":
        ops = ops[:-1]
    return sum(max(len(op.canonical), len(op.rendering)) for op in ops if op.op != "equal")


def verdict_of(quote: str, reference: str, wordings: Sequence[Wording]) -> tuple[Verdict, str, list[str]]:
    """A checked quote against a statement's wordings on record: the verdict, the wording it was judged
    against, and the outlets that printed the queried wording exactly.

    The quote is classed against the reference and every outlet's wording, and the closest class wins:
    `exact` when it is one of them (`verbatim`), `minor_variation` when only inner punctuation differs or it
    is a truncation (a contiguous part, or parts joined by an ellipsis), `altered` otherwise (a word
    inserted, removed or changed, or words none of them printed). Of the wordings in that class, the one
    the quote changes fewest words of is judged against (the reference on a tie), so that the diff shows
    what the quote changed: one word put into a sentence one outlet printed, not every word of another.
    """
    texts = {wording_key(t): t for t in (reference, *(w.text for w in wordings))}
    key = wording_key(quote)
    carried = [o for w in wordings if w.key == key for o in w.outlets]
    if key in texts:  # `verbatim`, the closest class, holds only the wording of the quote's key
        return "exact", texts[key], list(dict.fromkeys(carried))
    judged = [(_CLASS_ORDER.index(classify(text, quote)), text) for text in texts.values()]
    rank = min(r for r, _ in judged)
    closest = [text for r, text in judged if r == rank]
    klass = _CLASS_ORDER[rank]
    against = closest[0] if len(closest) == 1 else min(closest, key=lambda text: _words_changed(text, quote))
    return _VERDICTS.get(klass, "altered"), against, list(dict.fromkeys(carried))


def check_score(quote: str, canonical_norm: str, renderings: Sequence[str]) -> float | None:
    """How closely a checked quote matches a statement (its normalised reference and renderings), or None
    when it does not match: what decides whether the statement is an answer at all."""
    return _best_score(normalize(quote), canonical_norm, renderings, checked=quote)


def others_wordings(
    wordings: Sequence[Wording],
    printed: Sequence[StatementMention],
    others: Sequence[StatementMention] | None = None,
) -> list[Wording]:
    """The wordings less the mentions `printed` (a page's own, left out of the check of a quote read on it):
    each takes one from its wording's count, and a wording with none left goes. Given every `other` mention,
    a wording no longer lists the page's outlet as carrying it unless another of that outlet's mentions
    does; without them (too many to read) the outlets stay as they are."""
    taken = Counter(wording_key(m.text) for m in printed)
    page_outlets = {m.outlet for m in printed}
    carried = None if others is None else {(wording_key(m.text), m.outlet) for m in others}
    left = []
    for wording in wordings:
        count = wording.count - taken[wording.key]
        if count <= 0:
            continue
        outlets = [
            o
            for o in wording.outlets
            if carried is None or o not in page_outlets or (wording.key, o) in carried
        ]
        if count != wording.count or outlets != wording.outlets:
            wording = msgspec.structs.replace(wording, count=count, outlets=outlets)
        left.append(wording)
    return left


def check_answer(
    quote: str,
    speaker: str | None,
    statement: StatementSummary,
    wordings: Sequence[Wording],
    score: float,
    *,
    reference: str | None = None,
) -> CheckMatch:
    """A matching statement (`check_score`) as an answer to a checked quote; the diff is from the wording the
    verdict was reached against (so `exact` has no change ops) to the quote. The verdict is reached against
    `wordings` and `reference` (the statement's own by default)."""
    # Only the score is taken from the normalised words: the verdict is judged on the wordings as written.
    verdict, against, carried_by = verdict_of(quote, reference or statement.text, wordings)
    return CheckMatch(
        statement_id=statement.id,
        score=1.0 if verdict == "exact" else round(score, 4),
        verdict=verdict,
        text=statement.text,
        wording=against,
        carried_by=carried_by,
        speaker=statement.speaker,
        speaker_differs=speaker is not None and attribution(speaker, statement.speaker) == "different",
        diff=wire_diff(against, quote),
        outlets=statement.outlets,
        first_appearance=statement.first_appearance,
        factchecks=statement.factchecks,
    )
