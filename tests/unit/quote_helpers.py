"""Finding one extracted quote by kind and wording, for the extraction rule tests."""

from __future__ import annotations

import schemas
from service.extract.quotes import extract_quotes


def quotes_with(text: str, snippet: str, kind: str) -> list[schemas.Quote]:
    """The quotes of `kind` extracted from `text` whose wording contains `snippet`."""
    return [q for q in extract_quotes(text) if q.kind == kind and snippet in q.text]


def one_quote(text: str, snippet: str, kind: str) -> schemas.Quote:
    """The single such quote; fails when there is none or more than one."""
    (q,) = quotes_with(text, snippet, kind)
    return q


def mention(q: schemas.Quote) -> str | None:
    """The speaker's surface mention, or None when the quote has no speaker."""
    return q.speaker.mention.text if q.speaker is not None else None
