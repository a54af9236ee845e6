"""Export and import of a whole corpus as JSONL: the backup, and the way to move between servers and versions.

The first line is a header naming the format and its version; then one line per article, in the order
they were first ingested, with everything needed to ingest it again identically (outlet, text, url, title,
published_at, ingested_at); then one line per fact-check as the schema.org fields it was posted with; then,
since version 2, an end line counting those records, so that a file cut short is told from a whole one
(version 1 had none, and its files are still read).
Statement ids derive from article and quote ids, and deduplication depends on ingest order, so importing
into an empty store in file order rebuilds the same statements and comparisons. Importing again changes
nothing: every article and fact-check is already held.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

import msgspec

from schemas import Article, ArticleIn, FactCheck
from service.client import Client, NotFound

__all__ = [
    "FORMAT",
    "VERSION",
    "ArticleLine",
    "End",
    "FactCheckLine",
    "Header",
    "claim_review",
    "export_lines",
    "read_lines",
    "restore",
]

FORMAT = "claimtrack-export"
VERSION = 2
"""Version 2 added the end line."""


class Header(msgspec.Struct, frozen=True, tag="header", tag_field="type"):
    format: str = FORMAT
    version: int = VERSION


class ArticleLine(msgspec.Struct, frozen=True, kw_only=True, tag="article", tag_field="type"):
    outlet: str
    text: str
    ingested_at: datetime
    url: str | None = None
    title: str | None = None
    published_at: datetime | None = None

    @classmethod
    def of(cls, article: Article) -> ArticleLine:
        return cls(
            outlet=article.outlet,
            text=article.text,
            ingested_at=article.ingested_at,
            url=article.url,
            title=article.title,
            published_at=article.published_at,
        )

    def article_in(self) -> ArticleIn:
        return ArticleIn(
            outlet=self.outlet,
            text=self.text,
            url=self.url,
            title=self.title,
            # stored before a time zone was required: read as UTC, as the service compared it on a UTC host
            published_at=self.published_at
            if self.published_at is None or self.published_at.tzinfo
            else self.published_at.replace(tzinfo=UTC),
            ingested_at=self.ingested_at,
        )


class FactCheckLine(msgspec.Struct, frozen=True, kw_only=True, tag="factcheck", tag_field="type"):
    claim_reviewed: str
    rating: str | None = None
    url: str | None = None
    author: str | None = None
    claimant: str | None = None
    date_published: str | None = None

    @classmethod
    def of(cls, factcheck: FactCheck) -> FactCheckLine:
        return cls(
            claim_reviewed=factcheck.claim_reviewed,
            rating=factcheck.rating,
            url=factcheck.url,
            author=factcheck.author,
            claimant=factcheck.claimant,
            date_published=factcheck.date_published,
        )


class End(msgspec.Struct, frozen=True, tag="end", tag_field="type"):
    """The last line: how many article and fact-check lines came before it."""

    records: int


_encode = msgspec.json.Encoder().encode
_decode = msgspec.json.Decoder(Header | ArticleLine | FactCheckLine | End).decode


def claim_review(line: FactCheckLine) -> dict[str, Any]:
    """The schema.org ClaimReview that `POST /v1/factchecks` reads back into the same fact-check."""
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": line.claim_reviewed,
    }
    if line.rating:
        review["reviewRating"] = {"@type": "Rating", "alternateName": line.rating}
    if line.url:
        review["url"] = line.url
    if line.author:
        review["author"] = {"@type": "Organization", "name": line.author}
    if line.claimant:
        review["itemReviewed"] = {"@type": "Claim", "author": {"@type": "Person", "name": line.claimant}}
    if line.date_published:
        review["datePublished"] = line.date_published
    return review


def export_lines(client: Client) -> Iterator[bytes]:
    """The corpus the client's server holds, line by line (each ending in a newline), header to end line.

    An article deleted while the export runs is left out: it no longer exists.
    """
    yield _encode(Header()) + b"\n"
    records = 0
    for summary in client.iter_articles():
        try:
            article = client.article(summary.id)
        except NotFound:
            continue  # deleted since its page was listed
        records += 1
        yield _encode(ArticleLine.of(article)) + b"\n"
    for factcheck in client.iter_factchecks():
        records += 1
        yield _encode(FactCheckLine.of(factcheck)) + b"\n"
    yield _encode(End(records)) + b"\n"


def read_lines(lines: Iterable[bytes | str]) -> Iterator[tuple[int, ArticleLine | FactCheckLine]]:
    """The records of an export with their line numbers; `ValueError` naming the line for anything else.

    The header must come first. A version-2 file must end with an end line counting its records: one
    that lacks it was cut short, and the error is raised after its last record, so a caller that must not
    act on such a file reads it through once before using it.
    """
    header: Header | None = None
    records = 0
    end: End | None = None
    number = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = _decode(line)
        except msgspec.DecodeError as exc:
            raise ValueError(f"line {number}: not a {FORMAT} record: {exc}") from None
        if header is None:
            if not isinstance(record, Header) or record.format != FORMAT:
                raise ValueError(f"line {number}: not a {FORMAT} file (no header)")
            if record.version > VERSION:
                raise ValueError(f"format version {record.version} is newer than this program reads")
            header = record
        elif isinstance(record, Header):
            raise ValueError(f"line {number}: a second header")
        elif end is not None:
            raise ValueError(f"line {number}: a line after the end line")
        elif isinstance(record, End):
            if header.version < 2:
                raise ValueError(f"line {number}: an end line in a version {header.version} file")
            if record.records != records:
                counted = f"the end line counts {record.records} records where the file holds {records}"
                raise ValueError(f"line {number}: {counted}")
            end = record
        else:
            records += 1
            yield number, record
    if header is None:
        raise ValueError(f"empty file: not a {FORMAT} file")
    if end is None and header.version >= 2:
        raise ValueError(f"no end line: the file is cut short after line {number}")


def restore(client: Client, record: ArticleLine | FactCheckLine) -> str:
    """Ingest one record; the id of the article or fact-check stored (or already held)."""
    if isinstance(record, ArticleLine):
        return client.ingest_article(record.article_in()).id
    return client.add_factchecks(claim_review(record)).items[0].id
