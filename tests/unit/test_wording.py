"""Wordings, the reference wording, attribution and ClaimReview documents (pure)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from service.errors import InvalidInput
from service.match import Wording, attribution, fold_wording, fullest, reference_wording, wording_key
from service.match.compare import reported_content
from service.match.speakers import consensus_speaker
from service.match.wording import MAX_WORDING_OUTLETS, MAX_WORDINGS
from service.schemaorg import parse_claim_reviews


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("“We will win.”", "we will win", True),
        ("We will win — soon", "we will win -- soon!", True),
        ("We will win – soon", "We will win - soon,", True),
        ("we will … win", "we will ... win", True),
        ("He called it a “hoax”", "He called it a 'hoax'", False),
        ("He called it a “hoax”", "He called it a hoax", True),
        ("We can’t lose", "We can't lose", True),
        ("We will win, soon", "We will win soon", False),
        ("We will win", "We shall win", False),
    ],
)
def test_wording_key_sets_style_aside_but_not_inner_punctuation_or_words(a: str, b: str, same: bool) -> None:
    assert (wording_key(a) == wording_key(b)) is same


def fold_all(*mentions: tuple[str, str, float | None]) -> list[Wording]:
    wordings: list[Wording] = []
    for text, outlet, time in mentions:
        wordings = fold_wording(wordings, text, outlet, time)
    return wordings


def test_the_reference_is_the_most_carried_wording_not_the_longest() -> None:
    faithful, altered = "we will fight these tariffs", "we will fight these unjust tariffs"
    wordings = fold_all((altered, "A", 1.0), (faithful, "B", 2.0), (f"“{faithful}.”", "C", 3.0))
    assert reference_wording(wordings) == faithful
    assert [(w.count, w.outlets, w.first_time) for w in wordings] == [(1, ["A"], 1.0), (2, ["B", "C"], 2.0)]


def test_a_tie_goes_to_the_earliest_appearance_and_its_text() -> None:
    wordings = fold_all(("later wording here", "A", 5.0), ("Earlier wording here", "B", 3.0))
    assert reference_wording(wordings) == "Earlier wording here"
    wordings = fold_all(("We win", "A", 5.0), ("we win.", "B", 2.0))
    assert [(w.text, w.count, w.first_time) for w in wordings] == [("we win.", 2, 2.0)]
    assert reference_wording([]) == ""
    # without times, a wording keeps the text it was first written in (`claimtrack compare` gives none)
    wordings = fold_all(("not back down", "Reuters", None), ("not back down,", "AP", None))
    assert [(w.text, w.count) for w in wordings] == [("not back down", 2)]
    # a known time comes before an unknown one
    wordings = fold_all(("not back down", "Reuters", None), ("Not back down,", "AP", 4.0))
    assert [(w.text, w.first_time) for w in wordings] == [("Not back down,", 4.0)]


def test_at_one_time_the_fuller_wording_leads_and_without_times_the_first_given() -> None:
    first, second = "These tariffs will raise prices for every family", "They will not bring back a factory"
    # two parts of one remark that one article printed apart: they appear at the same time
    assert reference_wording(fold_all((second, "Times", 2.0), (first, "Times", 2.0))) == first
    assert reference_wording(fold_all((first, "Times", 2.0), (second, "Times", 2.0))) == first
    assert reference_wording(fold_all((second, "Times", 1.0), (first, "Wire", 2.0))) == second  # earlier
    assert reference_wording(fold_all((second, "Times", None), (first, "Wire", None))) == second  # as given


def test_folding_is_bounded_and_keeps_the_most_carried() -> None:
    wordings = fold_all(*((f"wording {i}", f"O{i}", float(i)) for i in range(MAX_WORDINGS + 3)))
    wordings = fold_wording(wordings, "wording 0", "O99", 99.0)
    assert len(wordings) == MAX_WORDINGS
    assert reference_wording(wordings) == "wording 0"
    assert "wording 18" not in [w.text for w in wordings]
    many = fold_all(*(("same", f"O{i}", None) for i in range(MAX_WORDING_OUTLETS + 5)))
    assert (many[0].count, len(many[0].outlets)) == (MAX_WORDING_OUTLETS + 5, MAX_WORDING_OUTLETS)


def test_fullest_is_the_longest_rendering_containing_the_reference() -> None:
    texts = [
        "fight these tariffs",
        "we will fight these tariffs, and win",
        "we will fight these unjust tariffs",
    ]
    assert fullest("fight these tariffs", texts) == "we will fight these tariffs, and win"
    assert fullest("we will fight", ["fight"]) == "we will fight"


@pytest.mark.parametrize(
    ("mention", "speaker", "expected"),
    [
        ("Mark Carney", "Mark Carney", "same"),
        ("Carney", "Mark Carney", "same"),
        ("Prime Minister Mark Carney", "Mark Carney", "same"),
        ("Giorgia Meloni", "Mark Carney", "different"),
        ("White House", "Donald Trump", "different"),
        ("prime minister", "Mark Carney", "unnamed"),
        ("they", "G7 foreign ministers", "unnamed"),
        ("communique", "G7 foreign ministers", "unnamed"),
        ("G7", "G7 foreign ministers", "same"),
        (None, "Mark Carney", "unnamed"),
        ("Mark Carney", None, "same"),
        ("Supporters of Hillary Clinton", "Hillary Clinton", "unnamed"),  # a group, not whom it supports
        ("experience of American workers", "Donald Trump", "unnamed"),
        ("Center for Responsive Politics", "Donald Trump", "different"),  # a body's name holds `for`
        ("Washington Post’s Ishaan Tharoor", "Ishaan Tharoor", "same"),  # the name follows the owner
        ("Fox's Chris Wallace", "Mitt Romney", "different"),
        ("the New York businessman", "Marco Rubio", "unnamed"),  # a description, however capitalised
        ("Tuesday’s New Hampshire", "Bernie Sanders", "unnamed"),  # a dateline
        # a name's people are not the name: its lawyers, reviewers, supporters, team; several of a role
        ("Moreau’s lawyers", "Claire Moreau", "unnamed"),
        ("Treasury's auditors", "Treasury Department", "unnamed"),
        ("Moreau supporters", "Claire Moreau", "unnamed"),
        ("Moreau advisers", "Claire Moreau", "unnamed"),
        ("G7 finance ministers", "Claire Moreau", "different"),
        ("the Moreau team", "Treasury Department", "unnamed"),
        ("Claire Moreau’s", "Claire Moreau", "same"),
        # a body by its initials is the body
        ("NFU", "the National Farmers Union", "same"),
        ("The National Farmers Union", "NFU", "same"),
        ("NFU", "National Grid", "different"),
    ],
)
def test_attribution(mention: str | None, speaker: str | None, expected: str) -> None:
    assert attribution(mention, speaker) == expected


def test_a_body_keeps_its_statement_against_a_person_named_as_often_later() -> None:
    assert consensus_speaker({"G7 foreign ministers": 1, "Donald Trump": 1}, "G7 foreign ministers") == (
        "G7 foreign ministers"
    )
    assert consensus_speaker({"prime minister": 1, "Mark Carney": 1}, "prime minister") == "Mark Carney"
    assert consensus_speaker({"Carney": 1, "Mark Carney": 1}, "Carney") == "Mark Carney"
    assert consensus_speaker({"the prime minister": 2, "he": 1}, "he") == "the prime minister"
    assert consensus_speaker({}) is None


def test_the_speaker_most_mentions_name_wins_however_early_another_came() -> None:
    """One outlet's slip, printed first, made every other outlet's attribution `different`."""
    counts = {"FBI investigation": 1, "James Comey": 4, "Comey": 1, "James B. Comey": 1, "candidates": 1}
    assert consensus_speaker(counts, "FBI investigation") == "James Comey"
    assert consensus_speaker(dict(reversed(counts.items())), "FBI investigation") == "James Comey"
    # the full name most give, not the longest: extraction slips there
    sanders = {"Los Angeles-area Sanders": 1, "Bernie Sanders": 3, "Sanders": 4, "piece": 1}
    assert consensus_speaker(sanders, "piece") == "Bernie Sanders"
    assert consensus_speaker({"Trump": 5, "Donald Trump": 1}, "Trump") == "Donald Trump"


def test_a_body_named_in_full_and_by_its_initials_is_counted_once() -> None:
    counts = {"NFU": 1, "the National Farmers Union": 1, "Tom Reed": 1}
    assert consensus_speaker(counts, None) == "the National Farmers Union"


def test_a_name_with_words_taken_in_front_gives_way_to_the_name() -> None:
    """A plural title or a headline's words before a name made them the statement's speaker on a tie."""
    assert (
        consensus_speaker({"Senators Ellen Marsh": 1, "Ellen Marsh": 1}, "Senators Ellen Marsh")
        == "Ellen Marsh"
    )
    headline = {"Ellen Marsh": 2, "the senator": 1, "Governor Slams Ellen Marsh": 2}
    assert consensus_speaker(headline, "Governor Slams Ellen Marsh") == "Ellen Marsh"
    assert consensus_speaker({"Ellen Rose Marsh": 1, "Ellen Marsh": 1}, "Ellen Marsh") == "Ellen Rose Marsh"


def review(claim: str, url: str) -> dict[str, Any]:
    return {"@type": "ClaimReview", "claimReviewed": claim, "url": url}


def test_every_claim_review_of_a_document_is_read_in_order() -> None:
    graph = {"@graph": [{"@type": "WebPage"}, review("one", "https://a/1"), review("two", "https://a/2")]}
    assert [f.claim_reviewed for f in parse_claim_reviews(graph)] == ["one", "two"]
    listed = [review("one", "https://a/1"), {"@type": ["ClaimReview"], "claimReviewed": "two"}]
    assert [f.claim_reviewed for f in parse_claim_reviews(listed)] == ["one", "two"]


@pytest.mark.parametrize(
    ("document", "where"),
    [
        ({"@graph": [review("one", "https://a/1"), {"@type": "ClaimReview"}]}, "$.@graph[1]"),
        ([review("one", "https://a/1"), "two"], "$[1]"),
        ({"@graph": "nope"}, "$.@graph"),
        ({"@type": "WebPage"}, "ClaimReview"),
        # shown as a link wherever the fact-check is: only a web address
        ([review("one", "https://a/1"), review("two", "javascript:alert(1)")], "$[1]"),
    ],
)
def test_one_invalid_item_fails_the_whole_document_naming_it(document: Any, where: str) -> None:
    with pytest.raises(InvalidInput, match=re.escape(where)):
        parse_claim_reviews(document)


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("that the war could end", "the war could end"),
        ("That Ukraine would never yield", "Ukraine would never yield"),
        ("that was a mistake", "that was a mistake"),
        ("the war could end", "the war could end"),
        ("that", "that"),
    ],
)
def test_reported_content_drops_an_opening_complementizer(text: str, content: str) -> None:
    assert reported_content(text) == content
