"""The quotes of the two seed articles, with kind and resolved speaker."""

from __future__ import annotations

from pathlib import Path

import pytest

import schemas
from service.extract import extract_in_steps
from service.extract.claims import extract_claims
from service.extract.quotes import extract_quotes

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
G7 = "2025-03-14-g7-foreign-ministers.txt"
CARNEY = "2025-05-zelenskyy-carney-rome.txt"


def _quotes(name: str) -> tuple[str, list[schemas.Quote]]:
    text = (SEEDS / name).read_text(encoding="utf-8")
    return text, extract_quotes(text)


def _find(quotes: list[schemas.Quote], snippet: str, kind: str) -> schemas.Quote:
    hits = [q for q in quotes if q.kind == kind and snippet in q.text]
    assert hits, f"no {kind} quote containing {snippet!r}"
    return hits[0]


@pytest.mark.parametrize(
    ("name", "snippet", "kind", "speaker"),
    [
        (G7, "When it comes to different issues", "direct", "Melanie Joly"),
        (G7, "The territorial integrity is", "direct", "Kaja Kallas"),
        (G7, "very good.", "partial", "David Lammy"),
        (G7, "cautiously optimistic", "partial", "Marco Rubio"),
        (G7, "very good chance", "partial", "Donald Trump"),
        (G7, "very good and productive.", "partial", "Donald Trump"),
        (G7, "cautious optimism", "partial", "Kremlin"),
        (G7, "reaffirmed their unwavering support", "partial", "communique"),
        (G7, "They underscored the imperative", "direct", "draft"),
        (G7, "he supported Trump’s proposal in principle", "indirect", "Vladimir Putin"),
        (G7, "the issue of territory was discussed", "indirect", "Volodymyr Zelenskyy"),
        (G7, "there was a “very good chance” the war could end", "indirect", "Donald Trump"),
        (CARNEY, "There can be no peace without", "direct", "Mark Carney"),
        (CARNEY, "Through our partnership", "direct", "Mark Carney"),
        (CARNEY, "This is about laying down markers", "direct", "Roland Paris"),
        (CARNEY, "Carney is signaling that Canada", "direct", "Roland Paris"),
        (CARNEY, "Carney is seizing this moment", "direct", "Jason Easton"),
        (CARNEY, "bloodbath.", "partial", "Donald Trump"),
    ],
)
def test_seed_quote(name: str, snippet: str, kind: str, speaker: str) -> None:
    text, quotes = _quotes(name)
    q = _find(quotes, snippet, kind)
    assert q.speaker is not None
    assert q.speaker.name == speaker
    m = q.speaker.mention
    assert text[m.start : m.end] == m.text
    assert q.cue is None or text[q.cue.start : q.cue.end] == q.cue.text


def test_g7_members_two_paragraph_quote_is_one_quote() -> None:
    text, quotes = _quotes(G7)
    q = _find(quotes, "G7 members called for Russia", "direct")
    assert len(q.fragments) == 2
    assert text[q.fragments[1].start :].startswith("They emphasized that any ceasefire")
    assert q.speaker is not None
    assert q.speaker.mention.text == "they"
    assert q.speaker.name == "G7 members"
    assert q.text == " ".join(text[f.start : f.end] for f in q.fragments)


def test_titles_and_mentions() -> None:
    _, quotes = _quotes(G7)
    rubio = _find(quotes, "cautiously optimistic", "partial")
    assert rubio.speaker is not None
    assert rubio.speaker.title == "U.S. Secretary of State"
    assert rubio.cue is not None
    assert rubio.cue.text == "told reporters"
    _, quotes = _quotes(CARNEY)
    easton = _find(quotes, "Carney is seizing this moment", "direct")
    assert easton.speaker is not None
    assert easton.speaker.mention.text == "Easton"
    trump = _find(quotes, "bloodbath.", "partial")
    assert trump.speaker is not None
    assert trump.speaker.mention.text == "he"
    assert trump.cue is not None
    assert trump.cue.text == "calls"


def test_partial_inside_reported_speech_is_reported_twice() -> None:
    _, quotes = _quotes(G7)
    partial = _find(quotes, "very good chance", "partial")
    indirect = _find(quotes, "very good chance", "indirect")
    assert indirect.fragments[0].start < partial.fragments[0].start
    assert partial.fragments[0].end < indirect.fragments[0].end


def test_output_sorted_and_ids_stable() -> None:
    text, quotes = _quotes(CARNEY)
    starts = [q.fragments[0].start for q in quotes]
    assert starts == sorted(starts)
    assert [q.id for q in extract_quotes(text)] == [q.id for q in quotes]
    assert len({q.id for q in quotes}) == len(quotes)
    assert all(0.0 <= q.confidence <= 1.0 for q in quotes)


def test_extraction_in_steps_pauses_between_steps_and_ends_with_the_result() -> None:
    text = (SEEDS / "2025-05-zelenskyy-carney-rome.txt").read_text(encoding="utf-8")
    steps = list(extract_in_steps(text))
    assert steps[:-1] == [None, None]
    quotes = extract_quotes(text)
    assert steps[-1] == schemas.Extraction(quotes=quotes, claims=extract_claims(text, quotes))
    result = steps[-1]
    assert result is not None
    assert result.quotes
    assert result.claims
