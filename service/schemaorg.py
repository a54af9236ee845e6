"""schema.org in and out: fact-checks arrive as `ClaimReview` JSON-LD, claims leave as `Claim` (pure)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import urlsplit

from schemas import ClaimSummary, FactCheck, StatementMention
from service.errors import InvalidInput, TooLarge

MAX_CLAIM_REVIEWS = 1_000
"""ClaimReviews one document may bring (413 beyond). Each is matched against the corpus and written in one
all-or-nothing step: 20,000 took 16 s and held the event loop up to 375 ms; 1,000 take 1 s and 25 ms."""


def _name(value: Any) -> str | None:
    """The name of a schema.org Thing given as a string, an object with `name`, or a list of those."""
    if isinstance(value, list):
        names = [n for n in (_name(v) for v in value) if n]
        return ", ".join(names) or None
    if isinstance(value, dict):
        value = value.get("name")
    return value.strip() or None if isinstance(value, str) else None


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _places(value: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every object of a JSON-LD document with where it sits: the object, each item of a list, and the
    items of an `@graph`; anything else where an object belongs is refused, naming its place."""
    if isinstance(value, list):
        for i, item in enumerate(value):
            yield from _places(item, f"{where}[{i}]")
        return
    if not isinstance(value, dict):
        raise InvalidInput(f"{where} is not a JSON-LD object")
    yield where, value
    graph = value.get("@graph")
    if graph is not None:
        if not isinstance(graph, list):
            raise InvalidInput(f"{where}.@graph is not a list")
        yield from _places(graph, f"{where}.@graph")


def _is_review(item: dict[str, Any]) -> bool:
    kinds = item.get("@type")
    return kinds == "ClaimReview" or (isinstance(kinds, list) and "ClaimReview" in kinds)


def parse_claim_reviews(document: Any) -> list[FactCheck]:
    """Every ClaimReview of a JSON-LD document (an object, a list, an `@graph`, nested), in order; not yet
    linked. Objects of other types are passed over; one invalid ClaimReview fails the whole document with
    an error naming where it sits (`$`, `$[1]`, `$.@graph[0]`); over `MAX_CLAIM_REVIEWS` fail with 413."""
    found = [(where, item) for where, item in _places(document, "$") if _is_review(item)]
    if not found:
        raise InvalidInput('no schema.org ClaimReview found: expected an object with "@type": "ClaimReview"')
    if len(found) > MAX_CLAIM_REVIEWS:
        raise TooLarge(
            f"the document holds {len(found):,} ClaimReviews; at most {MAX_CLAIM_REVIEWS:,} are taken in one "
            "request: send the rest in others"
        )
    return [_review(item, where) for where, item in found]


def _review(review: dict[str, Any], where: str) -> FactCheck:
    """The fields claimtrack uses from one ClaimReview (`claimReviewed` is required)."""
    claim = _text(review.get("claimReviewed"))
    if not claim:
        raise InvalidInput(f"the ClaimReview at {where} has no `claimReviewed` text to match against")
    rating = review.get("reviewRating")
    rating_text = _text(rating.get("alternateName")) or _name(rating) if isinstance(rating, dict) else None
    item = review.get("itemReviewed")
    claimant = _name(item.get("author")) if isinstance(item, dict) else None
    url = _text(review.get("url"))
    if url and urlsplit(url).scheme.casefold() not in ("http", "https"):  # shown as a link by every face
        raise InvalidInput(f"the ClaimReview at {where} has a `url` that is no http(s) address: {url[:80]!r}")
    author = _name(review.get("author"))
    identity = url or f"{author}\n{claim}"
    return FactCheck(
        id="fc_" + hashlib.blake2b(identity.encode(), digest_size=8).hexdigest(),
        claim_reviewed=claim,
        rating=rating_text,
        url=url,
        author=author,
        claimant=claimant,
        date_published=_text(review.get("datePublished")),
        statements=[],
        claims=[],
    )


def _creative_work(mention: StatementMention) -> dict[str, Any]:
    work: dict[str, Any] = {
        "@type": "CreativeWork",
        "publisher": {"@type": "Organization", "name": mention.outlet},
        "text": mention.text,
    }
    if mention.url:
        work["url"] = mention.url
    if mention.published_at:
        work["datePublished"] = mention.published_at.isoformat()
    return work


def claim_to_schema_org(claim: ClaimSummary, mentions: Sequence[StatementMention]) -> dict[str, Any]:
    """A schema.org `Claim` for publishers' markup: text, author, first appearance and every appearance."""
    document: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Claim",
        "identifier": claim.id,
        "text": claim.text,
        "firstAppearance": _creative_work(claim.first_appearance),
        "appearance": [_creative_work(m) for m in mentions],
    }
    if claim.speaker:
        document["author"] = {"@type": "Person", "name": claim.speaker}
    if claim.factchecks:
        document["subjectOf"] = [
            {
                "@type": "ClaimReview",
                "url": f.url,
                "reviewRating": {"@type": "Rating", "alternateName": f.rating},
            }
            for f in claim.factchecks
        ]
    return document
