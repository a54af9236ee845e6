"""Speaker rules for marked quotes: naming pronouns, subordinate openers, participle-modified subjects."""

from __future__ import annotations

import schemas
from service.extract.quotes import extract_quotes


def _one(text: str, snippet: str, kind: str) -> schemas.Quote:
    (q,) = [q for q in extract_quotes(text) if q.kind == kind and snippet in q.text]
    return q


def _mention(q: schemas.Quote) -> str | None:
    return q.speaker.mention.text if q.speaker is not None else None


def test_naming_pronoun_after_what_stands_for_the_subject() -> None:
    text = "The mayor condemned what he called a “reckless and cynical” budget cut on Monday."
    q = _one(text, "reckless and cynical", "partial")
    assert _mention(q) == "The mayor"


def test_naming_pronoun_after_whom_stands_for_the_named_subject() -> None:
    text = "Okafor said she would vote for Lindqvist, whom she called “the steadiest hand in the race.”"
    q = _one(text, "steadiest hand", "partial")
    assert _mention(q) == "Okafor"


def test_naming_pronoun_keeps_a_subject_that_is_no_speaker() -> None:
    text = "The port authority is building what it calls a “gateway to the north.”"
    q = _one(text, "gateway to the north", "partial")
    assert _mention(q) == "it"


def test_subordinate_opener_is_no_subject() -> None:
    text = (
        "Though she praised the board as “diligent” and called for the fees to be “returned in full” to "
        "tenants, Ramirez kept her remarks to the audit itself."
    )
    q = _one(text, "returned in full", "partial")
    assert _mention(q) == "she"
    assert q.cue is not None
    assert q.cue.text == "called"


def test_participle_phrase_object_is_no_speaker() -> None:
    text = 'Students marching through the campus chanted "No more cuts!" until the dean came out.'
    q = _one(text, "No more cuts", "direct")
    assert _mention(q) == "Students"
    assert q.cue is not None
    assert q.cue.text == "chanted"
