"""Claims found in the seed articles: dated facts and events are claims; opinions, predictions and page
furniture are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemas import Claim
from service.extract.claims import extract_claims
from service.extract.quotes import extract_quotes
from service.extract.sentences import sentence_spans

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
G7 = "2025-03-14-g7-foreign-ministers.txt"
ROME = "2025-05-zelenskyy-carney-rome.txt"

CLAIMS = [
    (ROME, "Russia’s invasion in February 2022"),
    (ROME, "from June 15 to 17"),
    (ROME, "a prisoner swap"),
    (G7, "has largely been absent from the U.S. narrative since the Trump administration came to power"),
]
NOT_CLAIMS = [
    (G7, "Send this page to someone via email"),
    (ROME, "Carney’s stop in Rome is part symbolic and part strategic."),
    (ROME, "Carney is seizing this moment to demonstrate"),
    (ROME, "the G7 summit will likely serve as a platform"),
    (ROME, "Canada Reasserts Its Place on the Global Stage"),
]
# Opinions whose sentence also names an expert: only the quoted words are scored, so quotes are needed.
NOT_CLAIMS_GIVEN_QUOTES = [(ROME, "This is about laying down markers")]


def _claims(name: str, quoted: bool) -> tuple[str, list[Claim]]:
    """The seed text and its claims, with or without the extracted quotes."""
    text = (SEEDS / name).read_text(encoding="utf-8")
    return text, extract_claims(text, extract_quotes(text) if quoted else [])


def _sentence_with(text: str, needle: str) -> tuple[int, int]:
    """Span of the sentence containing `needle`."""
    at = text.index(needle)
    return next((s, e) for s, e in sentence_spans(text) if s <= at < e)


def _covered(claims: list[Claim], span: tuple[int, int]) -> bool:
    """Whether some claim lies inside the sentence span."""
    return any(span[0] <= c.start < span[1] for c in claims)


@pytest.mark.parametrize("quoted", [False, True])
@pytest.mark.parametrize(("name", "needle"), CLAIMS)
def test_factual_sentences_are_claims(name: str, needle: str, quoted: bool) -> None:
    text, claims = _claims(name, quoted)
    assert _covered(claims, _sentence_with(text, needle))


@pytest.mark.parametrize("quoted", [False, True])
@pytest.mark.parametrize(("name", "needle"), NOT_CLAIMS)
def test_opinions_predictions_and_boilerplate_are_not_claims(name: str, needle: str, quoted: bool) -> None:
    text, claims = _claims(name, quoted)
    assert not _covered(claims, _sentence_with(text, needle))


@pytest.mark.parametrize(("name", "needle"), NOT_CLAIMS_GIVEN_QUOTES)
def test_quoted_opinions_are_not_claims(name: str, needle: str) -> None:
    text, claims = _claims(name, quoted=True)
    assert not _covered(claims, _sentence_with(text, needle))


def test_quoted_claims_name_the_speaker() -> None:
    text = (SEEDS / G7).read_text(encoding="utf-8")
    quotes = {q.id: q for q in extract_quotes(text)}
    claims = [(c, c.quote_id) for c in extract_claims(text, list(quotes.values())) if c.quote_id]
    assert any(c.speaker for c, _ in claims), "expected an attributed claim inside a quote"
    for claim, quote_id in claims:
        speaker = quotes[quote_id].speaker
        assert claim.speaker == (speaker.name if speaker else None)
        assert text[claim.start : claim.end] == claim.text
