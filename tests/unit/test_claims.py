"""Check-worthiness scorer and claim extraction on small hand-made inputs."""

from __future__ import annotations

import math

import msgspec
import pytest

from schemas import Cue, Fragment, Mention, Quote, Speaker
from service.extract import extract
from service.extract.claims import (
    CLAIM_THRESHOLD,
    MODEL_PATH,
    checkworthiness,
    extract_claims,
    features,
    load_model,
)

FACTS = [
    "Unemployment rose to 7.8 percent in 2012, the highest level in three decades.",
    "My opponent voted against the defense budget 23 times in the Senate.",
    "We have lost 300,000 manufacturing jobs since 2001.",
]
NOT_FACTS = [
    "I think marriage is a sacred institution.",
    "Thank you very much, and good evening.",
    "What are you going to do about it?",
]


def test_model_file_is_small_and_carries_the_threshold() -> None:
    assert MODEL_PATH.stat().st_size < 2_000_000
    assert load_model().threshold == CLAIM_THRESHOLD
    assert 0.0 < CLAIM_THRESHOLD < 1.0


@pytest.mark.parametrize("sentence", FACTS)
def test_factual_statements_score_above_threshold(sentence: str) -> None:
    assert checkworthiness(sentence) >= CLAIM_THRESHOLD


@pytest.mark.parametrize("sentence", NOT_FACTS)
def test_opinions_courtesies_and_questions_score_below_threshold(sentence: str) -> None:
    assert checkworthiness(sentence) < CLAIM_THRESHOLD


@pytest.mark.parametrize("sentence", ["", "   ", "?", "a" * 5000, "1999 2000 $ % 42"])
def test_score_is_a_probability(sentence: str) -> None:
    assert 0.0 <= checkworthiness(sentence) <= 1.0


def test_extract_returns_only_checkworthy_sentences_with_offsets() -> None:
    text = f"{NOT_FACTS[0]} {FACTS[0]}\n{NOT_FACTS[1]}"
    claims = extract_claims(text, [])
    assert [c.text for c in claims] == [FACTS[0]]
    claim = claims[0]
    assert text[claim.start : claim.end] == claim.text
    assert claim.speaker is None
    assert claim.quote_id is None
    assert claim.score >= CLAIM_THRESHOLD


def test_ids_are_stable_and_depend_on_offsets() -> None:
    first = extract_claims(FACTS[1], [])
    assert first == extract_claims(FACTS[1], [])
    shifted = extract_claims("Hello. " + FACTS[1], [])
    assert [c.text for c in shifted] == [c.text for c in first]
    assert shifted[0].id != first[0].id


def test_empty_text_has_no_claims() -> None:
    assert extract_claims("", []) == []


def _quote(text: str, start: int, end: int, name: str) -> Quote:
    """A direct quote covering text[start:end], said by `name`."""
    return Quote(
        id="q1",
        text=text[start:end],
        kind="direct",
        fragments=[Fragment(start, end)],
        speaker=Speaker(name=name, mention=Mention(text=name, start=0, end=len(name))),
        cue=Cue(text="said", start=end + 3, end=end + 7),
        confidence=0.9,
    )


def test_claim_inside_quote_is_attributed_to_the_speaker() -> None:
    fact = FACTS[2][:-1]
    text = f"“{fact},” Smith said."
    quote = _quote(text, 1, 1 + len(fact), "John Smith")
    claims = extract_claims(text, [quote])
    assert len(claims) == 1
    claim = claims[0]
    assert (claim.speaker, claim.quote_id) == ("John Smith", "q1")
    assert claim.text == fact
    assert text[claim.start : claim.end] == fact
    assert extract_claims(text, [])[0].speaker is None


@pytest.mark.parametrize("sentence", [*FACTS, *NOT_FACTS])
def test_fast_scorer_matches_the_feature_dot_product(sentence: str) -> None:
    model = load_model()
    z = model.bias + sum(model.weights.get(name, 0.0) * v for name, v in features(sentence).items())
    assert checkworthiness(sentence) == pytest.approx(1.0 / (1.0 + math.exp(-z)))


def test_two_sentences_in_one_text_are_scored_separately() -> None:
    claims = extract_claims(f"{FACTS[1]} {NOT_FACTS[0]}", [])
    assert [c.text for c in claims] == [FACTS[1]]


def test_short_partial_quote_leaves_the_sentence_to_the_outlet() -> None:
    text = FACTS[1]
    at = text.index("defense budget")
    quote = msgspec.structs.replace(_quote(text, at, at + len("defense budget"), "Jane Doe"), kind="partial")
    claims = extract_claims(text, [quote])
    assert [(c.text, c.speaker, c.quote_id) for c in claims] == [(text, None, None)]


@pytest.mark.parametrize("stamp", ["2025-03-14", "10:32"])
def test_iso_dates_and_clock_times_are_dates_not_quantities(stamp: str) -> None:
    found = features(f"Updated {stamp}")
    assert "f:num:any" not in found
    assert "w:<num>" not in found
    assert ("f:date" in found) == ("-" in stamp)


def test_number_ranges_still_read_as_numbers() -> None:
    found = features("The vote was 52-48 in 1999-2001.")
    assert {"f:num:any", "f:num:many", "w:<num>", "w:<year>", "f:date"} <= found.keys()


def test_a_claim_inside_a_negated_attribution_is_nobody_s() -> None:
    said = extract("Trump said that the economy grew by 4 percent in 2017.").claims
    assert [c.speaker for c in said] == ["Trump"]
    not_said = extract("Trump did not say that the economy grew by 4 percent in 2017.").claims
    assert [(c.speaker, c.quote_id) for c in not_said] == [(None, None)]
    assert not_said[0].text.startswith("Trump did not say")
