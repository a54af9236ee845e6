"""Reported (indirect) speech rules from the leave-one-publisher-out error analysis of PolNeAR."""

from __future__ import annotations

import pytest

from service.extract import lexicon
from service.extract.quotes import extract_quotes
from tests.unit.quote_helpers import mention, one_quote


def test_a_cue_leading_into_the_next_sentence_quote_still_reports_its_own_clause() -> None:
    # the quotation after the sentence borrows its speaker and cue; what the sentence reports stays
    text = "Hale said the city has the money to finish the bridge. “We will open it in May.”"
    q = one_quote(text, "the city has the money", "indirect")
    assert q.text == "the city has the money to finish the bridge"
    assert mention(q) == "Hale"
    assert mention(one_quote(text, "We will open it", "direct")) == "Hale"


@pytest.mark.parametrize(
    "text",
    [
        "Holt faced heavy criticism from conservative commentators after the debate.",  # who criticised
        "Lerer reported from Los Angeles.",  # where the reporter was
    ],
)
def test_a_from_phrase_after_a_cue_is_no_content(text: str) -> None:
    assert not [q for q in extract_quotes(text) if q.kind == "indirect"]


def test_an_editors_note_reports_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    # as sure a cue as `note` is in a lexicon built from outlets without such notes
    monkeypatch.setitem(lexicon.CUES, "note", 0.6)
    text = (
        "The governor spoke for an hour.\n"
        "Editor’s note: The governor is a candidate for the Senate and a donor to the paper’s owner.\n"
    )
    assert not [q for q in extract_quotes(text) if q.kind == "indirect" and "candidate" in q.text]


def test_a_phrase_head_alone_reports_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    # `went` reports speech only as `went on`; a lexicon may still score the word itself as a cue
    monkeypatch.setitem(lexicon.CUES, "went", 0.35)
    text = "Last month, the two brothers went to a Trump rally in Cleveland. He went on, “We were there.”"
    assert not [q for q in extract_quotes(text) if q.kind == "indirect"]
    assert mention(one_quote(text, "We were there", "direct")) == "He"


def test_a_name_closing_the_clause_after_a_speaker_and_strong_cue_is_its_object() -> None:
    # the speaker stands before the cue, so the name after it is whom he praised, not a second speaker
    text = "At the rally, Rubio praised former Florida Gov. Jeb Bush."
    q = one_quote(text, "Jeb Bush", "indirect")
    assert q.text == "former Florida Gov. Jeb Bush"
    assert mention(q) == "Rubio"


@pytest.mark.parametrize("noun", ["reports", "surveys", "studies", "documents"])
def test_plural_records_speak_as_their_singular_does(noun: str) -> None:
    text = f"But FEC {noun} show that a quartet of groups have spent millions supporting him."
    q = one_quote(text, "a quartet of groups", "indirect")
    assert mention(q) == f"FEC {noun}"


def test_a_title_case_headline_ending_with_a_period_reports_what_its_name_says() -> None:
    text = "Senator Says He Will Vote Against The Budget Deal.\n\nThe senator spoke to reporters on Monday."
    q = one_quote(text, "Budget Deal", "indirect")
    assert q.text == "He Will Vote Against The Budget Deal"
    assert mention(q) == "Senator"


def test_a_relative_speaker_with_a_cue_of_its_own_ends_the_content_before_it() -> None:
    text = (
        "About half of the voters said the party was hostile, compared with four in 10 who said they "
        "preferred someone with experience."
    )
    q = one_quote(text, "the party was hostile", "indirect")
    assert q.text == "the party was hostile"
    second = one_quote(text, "they preferred someone", "indirect")
    assert second.text == "they preferred someone with experience"


def test_an_instruction_to_the_reader_reports_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(lexicon.CUES, "read", 0.5)  # as sure a cue as some lexicons make it
    text = "The mayor said the vote was close. Read the rest of the story at the Des Moines Register."
    assert [q.text for q in extract_quotes(text) if q.kind == "indirect"] == ["the vote was close"]
