"""Turn an HTML page into article text with trafilatura, offline, leaving the quote marks untouched."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import msgspec
import trafilatura
from trafilatura.settings import Document
from trafilatura.xml import xmltotxt

from service.ingest.errors import ContentError

__all__ = ["ArticleText", "html_to_article"]

# Containers trafilatura keeps around several paragraphs (a multi-paragraph blockquote, for instance).
_CONTAINERS = frozenset({"quote", "div"})
_BLOCKS = frozenset({"p", "head", "quote", "list", "table", "div"})
# Only dates from markup count: the extensive search guesses from dates mentioned in the body text.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
# trafilatura falls back to any visible text; a page without a line this long is menus or chrome.
_MIN_LINE_WORDS = 6


class ArticleText(msgspec.Struct, frozen=True):
    """Main text of an article, paragraphs separated by a blank line, with its title and publication date."""

    text: str
    title: str | None = None
    published_at: str | None = None


def html_to_article(html: str) -> ArticleText:
    """Extract the main text, title and ISO publication date; `ContentError` when there is no article text.

    Default precision is used: `favor_precision` drops paragraphs marked up as bare `<div>`s, quotes included.
    """
    if not html.strip():
        raise ContentError("no article text found in the HTML: the document is empty")
    document = trafilatura.bare_extraction(
        html,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_formatting=False,
        include_links=False,
        with_metadata=True,
        date_extraction_params=_DATE_PARAMS,
    )
    if not isinstance(document, Document) or document.body is None:
        raise ContentError("no article text found in the HTML")
    text = "\n\n".join(_paragraphs(document.body))
    if not any(len(line.split()) >= _MIN_LINE_WORDS for line in text.splitlines()):
        raise ContentError("no article text found in the HTML")
    return ArticleText(text=text, title=_clean(document.title), published_at=_clean(document.date))


def _paragraphs(element: Any) -> Iterator[str]:
    """Yield the text of each block under `element`; a line break within a paragraph stays one newline."""
    if element.text and element.text.strip():
        yield element.text.strip()
    for child in element:
        tail, child.tail = child.tail, None
        if _holds_only_blocks(child):
            yield from _paragraphs(child)
        else:
            text = xmltotxt(child, include_formatting=False).strip()
            if text:
                yield text
        if tail and tail.strip():
            yield tail.strip()


def _holds_only_blocks(element: Any) -> bool:
    """A container whose paragraphs should each stand alone rather than be fused by single newlines."""
    if element.tag not in _CONTAINERS or len(element) == 0 or (element.text or "").strip():
        return False
    return all(child.tag in _BLOCKS for child in element)


def _clean(value: str | None) -> str | None:
    """Blank metadata is no metadata."""
    return value.strip() or None if value else None
