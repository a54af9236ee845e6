"""Text in, attributed quotes and check-worthy claims out: pure functions, no I/O."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from schemas import Extraction
from service.extract.claims import extract_claims
from service.extract.doc import Doc
from service.extract.quotes import extract_quotes

__all__ = ["EXTRACTOR_VERSION", "extract", "extract_in_steps"]


def _fingerprint() -> str:
    """Changes whenever the extraction code or a shipped data file (cue lexicon, claim model) does."""
    digest = hashlib.blake2b(digest_size=8)
    here = Path(__file__).parent
    for path in sorted([*here.glob("*.py"), *(here / "data").glob("*.json")]):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


EXTRACTOR_VERSION = _fingerprint()
"""Part of every cached extraction's key, so a new model or lexicon never serves stale results."""


def extract(text: str, *, rules: bool = False) -> Extraction:
    """Every attributed quote in `text`, and the check-worthy claims (linked to the quotes they sit in).

    With `rules`, each quote names the extraction rule that found it (`Quote.rule`).
    """
    *_, extraction = extract_in_steps(text, rules=rules)
    assert extraction is not None
    return extraction


def extract_in_steps(text: str, *, rules: bool = False) -> Iterator[Extraction | None]:
    """`extract`, pausing (None) before each of its costly steps; the last item is the result.

    A caller on an event loop lets other work run at each pause: a step takes a millisecond or more, and
    a request waiting for a reply from Redis should not wait for a whole extraction on top.
    """
    yield None
    doc = Doc(text)
    quotes = extract_quotes(text, rules=rules, doc=doc)
    yield None
    yield Extraction(quotes=quotes, claims=extract_claims(text, quotes, doc.sentences))
