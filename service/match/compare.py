"""How outlets rendered one statement, and how a checked quote compares with stored statements (pure)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime

import msgspec

from schemas import (
    CheckMatch,
    CompareResult,
    Comparison,
    DiffOp,
    Quote,
    Rendering,
    StatementMention,
    StatementSummary,
    Verdict,
)
from service.match.diff import classify, classify_norms, word_diff
from service.match.memory import MemoryIndex
from service.match.score import score_pair
from service.match.speakers import compare_speakers

__all__ = [
    "ArticleQuotes",
    "check_match",
    "check_verdict",
    "compare_articles",
    "compare_renderings",
    "marked_within",
    "mention_of",
    "own_mentions",
    "wire_diff",
]

_MINOR = 0.9


def marked_within(quotes: Sequence[Quote]) -> dict[str, str]:
    """Reported speech that contains marked words: indirect quote id → the first partial quote inside it.

    The marked words are what the speaker said; the paraphrase around them is the outlet's, so such an
    indirect quote belongs to the partial quote's statement rather than being a mention of its own.
    """
    partials = [q for q in quotes if q.kind == "partial"]
    inside: dict[str, str] = {}
    for quote in quotes:
        if quote.kind != "indirect":
            continue
        start, end = quote.fragments[0].start, quote.fragments[-1].end
        for partial in partials:
            if start <= partial.fragments[0].start and partial.fragments[-1].end <= end:
                inside[quote.id] = partial.id
                break
    return inside


def own_mentions(quotes: Sequence[Quote]) -> list[Quote]:
    """The quotes that are mentions of their own: all but reported speech carried by its marked words."""
    carried = marked_within(quotes)
    return [q for q in quotes if q.id not in carried]


def mention_of(
    quote: Quote, *, article_id: str, outlet: str, url: str | None, time: datetime | None
) -> StatementMention:
    """One article's quote as a mention of the statement it belongs to."""
    speaker = quote.speaker
    return StatementMention(
        article_id=article_id,
        outlet=outlet,
        quote_id=quote.id,
        text=quote.text,
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


def compare_articles(articles: Sequence[ArticleQuotes]) -> CompareResult:
    """Deduplicate the articles' quotes in memory; compare each statement two or more articles carry."""
    index = MemoryIndex()
    mentions: dict[str, list[StatementMention]] = {}
    for article in articles:
        for quote in own_mentions(article.quotes):
            mention = mention_of(
                quote,
                article_id=article.article_id,
                outlet=article.outlet,
                url=article.url,
                time=article.published_at,
            )
            sid, _ = index.add(quote.text, mention.speaker)
            mentions.setdefault(sid, []).append(mention)
    shared = [
        compare_renderings(sid, index.statements[sid].canonical, index.statements[sid].speaker, found)
        for sid, found in mentions.items()
        if len({m.article_id for m in found}) > 1
    ]
    return CompareResult(statements=shared)


def wire_diff(canonical: str, rendering: str) -> list[DiffOp]:
    return [DiffOp(op.op, op.canonical, op.rendering) for op in word_diff(canonical, rendering)]


def _by_time(mentions: Sequence[StatementMention]) -> list[StatementMention]:
    return sorted(
        mentions, key=lambda m: (m.published_at.timestamp() if m.published_at else math.inf, m.outlet)
    )


def compare_renderings(
    statement_id: str, canonical: str, speaker: str | None, mentions: Sequence[StatementMention]
) -> Comparison:
    """Every mention against the canonical text: class, word diff, whether its speaker differs, its cue."""
    ordered = _by_time(mentions)
    cues: dict[str, list[str]] = {}
    for mention in ordered:
        if mention.cue and mention.cue not in cues.setdefault(mention.outlet, []):
            cues[mention.outlet].append(mention.cue)
    return Comparison(
        statement_id=statement_id,
        text=canonical,
        speaker=speaker,
        first_appearance=ordered[0],
        outlets=list(dict.fromkeys(m.outlet for m in ordered)),
        renderings=[
            Rendering(
                mention=m,
                classification=classify(canonical, m.text),
                diff=wire_diff(canonical, m.text),
                speaker_differs=compare_speakers(m.speaker, speaker) != "same",
            )
            for m in ordered
        ],
        cues=cues,
    )


def check_verdict(
    quote_norm: str, canonical_norm: str, renderings: Sequence[str]
) -> tuple[float, Verdict] | None:
    """How closely a normalised quote matches a statement (its canonical text or any rendering), or None."""
    best = 0.0
    for text in dict.fromkeys((canonical_norm, *renderings)):
        if quote_norm == text:
            return 1.0, "exact"
        pair = score_pair(quote_norm, text)
        if pair is not None:
            best = max(best, pair.score)
    if best == 0.0:
        return None
    klass = classify_norms(canonical_norm, quote_norm)
    if klass == "punctuation":
        return 1.0, "exact"
    if klass in ("truncated", "extended") or best >= _MINOR:
        return best, "minor_variation"
    return best, "altered"


def check_match(
    quote: str,
    quote_norm: str,
    speaker: str | None,
    statement: StatementSummary,
    canonical_norm: str,
    renderings: Sequence[str],
) -> CheckMatch | None:
    """A stored statement as an answer to a checked quote, or None when it does not match."""
    found = check_verdict(quote_norm, canonical_norm, renderings)
    if found is None:
        return None
    score, verdict = found
    return CheckMatch(
        statement_id=statement.id,
        score=round(score, 4),
        verdict=verdict,
        text=statement.text,
        speaker=statement.speaker,
        speaker_differs=speaker is not None and compare_speakers(speaker, statement.speaker) != "same",
        diff=wire_diff(statement.text, quote),
        outlets=statement.outlets,
        first_appearance=statement.first_appearance,
        factchecks=statement.factchecks,
    )
