"""Text in, attributed quotes and check-worthy claims out: pure functions, no I/O."""

from __future__ import annotations

from schemas import Extraction
from service.extract.claims import extract_claims
from service.extract.quotes import extract_quotes

__all__ = ["extract"]


def extract(text: str) -> Extraction:
    """Every attributed quote in `text`, and the check-worthy claims (linked to the quotes they sit in)."""
    quotes = extract_quotes(text)
    return Extraction(quotes=quotes, claims=extract_claims(text, quotes))
