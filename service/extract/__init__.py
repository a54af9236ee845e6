"""Text in, attributed quotes and check-worthy claims out: pure functions, no I/O."""

from __future__ import annotations

import hashlib
from pathlib import Path

from schemas import Extraction
from service.extract.claims import extract_claims
from service.extract.quotes import extract_quotes

__all__ = ["EXTRACTOR_VERSION", "extract"]


def _fingerprint() -> str:
    """Changes whenever the extraction code or a shipped data file (cue lexicon, claim model) does."""
    digest = hashlib.blake2b(digest_size=8)
    here = Path(__file__).parent
    for path in sorted([*here.glob("*.py"), *(here / "data").glob("*.json")]):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


EXTRACTOR_VERSION = _fingerprint()
"""Part of every cached extraction's key, so a new model or lexicon never serves stale results."""


def extract(text: str) -> Extraction:
    """Every attributed quote in `text`, and the check-worthy claims (linked to the quotes they sit in)."""
    quotes = extract_quotes(text)
    return Extraction(quotes=quotes, claims=extract_claims(text, quotes))
