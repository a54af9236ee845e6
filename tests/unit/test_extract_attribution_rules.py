"""Attribution rules from the PolNeAR training-split error analysis: cue phrases, credits, non-speakers."""

from __future__ import annotations

import schemas
from service.extract.quotes import extract_quotes


def _quotes(text: str, snippet: str, kind: str) -> list[schemas.Quote]:
    return [q for q in extract_quotes(text) if q.kind == kind and snippet in q.text]


def _one(text: str, snippet: str, kind: str) -> schemas.Quote:
    (q,) = _quotes(text, snippet, kind)
    return q


def _mention(q: schemas.Quote) -> str | None:
    return q.speaker.mention.text if q.speaker is not None else None


def test_adverb_between_speaker_and_cue() -> None:
    text = "Trump jokingly said, “I hate to say it, I’m becoming mainstream.”"
    assert _mention(_one(text, "becoming mainstream", "direct")) == "Trump"


def test_object_pronoun_is_no_speaker() -> None:
    text = "Residents of the towns were angry. “We are leaving,” many of them said."
    assert _mention(_one(text, "We are leaving", "direct")) == "many of them"


def test_preposition_after_cue_is_no_inverted_speaker() -> None:
    text = (
        "''We've started all those conversations,'' Mr. Manafort said, adding of Mr. Trump, "
        "''He cares about the united team.''"
    )
    assert _mention(_one(text, "He cares about", "direct")) == "Mr. Manafort"


def test_put_it_is_a_cue() -> None:
    text = (
        "As Akhil Amar, a professor at Yale, put it, ''Senate Republicans should remember that a "
        "compromise candidate today may be far better for them.''"
    )
    assert _mention(_one(text, "Senate Republicans should", "direct")) == "Akhil Amar"


def test_put_it_needs_a_clause_end() -> None:
    text = "She put it on the table and left. ''Nothing more to say,'' the waiter said."
    assert _mention(_one(text, "Nothing more", "direct")) == "the waiter"


def test_nominee_heads_a_postposed_description() -> None:
    text = (
        '"Governor Hassan, let me help you out - the answer\'s no," the Republican nominee riffed on '
        "the remark."
    )
    assert _mention(_one(text, "let me help you", "direct")) == "the Republican nominee"


def test_inline_dash_credit_in_same_paragraph() -> None:
    text = (
        "Readers sent us their reactions.\n\n"
        "“I’d rather live anywhere than live where he is president.” ― Adriana Rodarte\n\n"
        "“Maybe we can build a wall around him.” ― Steve Quinlan.\n\n"
        "“He does not answer to anyone.”— Jorge Falcon"
    )
    assert _mention(_one(text, "rather live", "direct")) == "Adriana Rodarte"
    assert _mention(_one(text, "build a wall", "direct")) == "Steve Quinlan"
    assert _mention(_one(text, "answer to anyone", "direct")) == "Jorge Falcon"


def test_dash_credit_needs_paragraph_end() -> None:
    text = "“We will win,” - Smith and Jones both wrote that week, as the paper noted."
    (q,) = _quotes(text, "We will win", "direct")
    assert _mention(q) != "Smith"


def test_partial_after_verb_object_is_not_its_subject() -> None:
    text = "Hanson, a critic, alleged that the DNC “failed to implement reasonable data security measures.”"
    q = _quotes(text, "failed to implement", "partial")
    assert not q or _mention(q[0]) != "the DNC"


def test_partial_after_sentence_adverb_has_no_adverb_speaker() -> None:
    text = (
        "“He should be a cheerleader for this country,” Trump said. "
        "Instead, “he just acts like a defeated man.”"
    )
    q = _quotes(text, "defeated man", "partial")
    assert not q or _mention(q[0]) != "Instead"


def test_sentence_subject_still_speaks_a_partial_opening_with_its_verb() -> None:
    text = "The communique “reaffirmed their unwavering support for Ukraine.”"
    assert _mention(_one(text, "reaffirmed", "partial")) == "The communique"


def test_lone_quoted_word_without_speaker_is_not_a_quote() -> None:
    text = "Officials met in Geneva.\n\n“Refoulement” (forcible return) is forbidden by international law."
    assert not _quotes(text, "Refoulement", "direct")


def test_lone_quoted_word_with_speaker_is_kept() -> None:
    text = "“Out!” the crowd yelled."
    assert _mention(_one(text, "Out", "direct")) == "the crowd"


def test_object_of_past_verb_is_no_speaker_of_participle() -> None:
    text = (
        "Later, she revised her statement explaining that she had not sent emails that were "
        "“marked classified at the time.”"
    )
    assert _mention(_one(text, "marked classified", "partial")) != "her statement"


def test_according_to_takes_post_modified_source() -> None:
    text = (
        "''We're still winning hearts and minds every day,'' Mr. Pence said during the session, "
        "according to audio provided to The Times."
    )
    assert _mention(_one(text, "winning hearts", "direct")) == "audio"


def test_according_to_source_with_prepositional_modifier() -> None:
    text = (
        '"You\'ve been very critical of me," he told Sen. Jeff Flake, according to officials with '
        "knowledge of the closed-door meeting."
    )
    assert _mention(_one(text, "very critical", "direct")) == "officials"


def test_paragraph_opening_quote_takes_subject_of_lead_paragraph() -> None:
    text = (
        "Carter said that for decades some critics had predicted a U.S. withdrawal from the region.\n\n"
        "“That’s because this region remains the most consequential for America’s future.”"
    )
    assert _mention(_one(text, "this region remains", "direct")) == "Carter"


def test_hyphenated_modifier_stays_in_description() -> None:
    text = '"Let me help you out," the Republican vice-presidential nominee riffed on the remark.'
    assert _mention(_one(text, "help you out", "direct")) == "the Republican vice-presidential nominee"


def test_leading_prepositional_phrase_is_no_subject() -> None:
    text = (
        "Back in 1999, Mr. Trump expressed admiration for Mr. Clinton's political skills, telling CNBC: "
        "''I wish I could be like that. I just can't.''"
    )
    assert _mention(_one(text, "I wish I could", "direct")) == "Mr. Trump"


def test_colon_sentence_after_finished_quote_introduces_the_next_one() -> None:
    text = (
        "“This is what I’m up against,” Tenney said. “Wealthy liberal Republicans are trying to preserve "
        "the status quo.” She went on to say:\n\n"
        '"Incredibly, none of them will come out and support me."'
    )
    assert _mention(_one(text, "Wealthy liberal", "direct")) == "Tenney"
    assert _mention(_one(text, "Incredibly", "direct")) == "She"


def test_went_on_to_say_keeps_its_subject() -> None:
    text = "Bryne praised the book. He went on to say, “From the bottom of my soul, I know this to be true.”"
    assert _mention(_one(text, "bottom of my soul", "direct")) == "He"


def test_manner_of_speaking_verb_is_a_cue() -> None:
    text = "A flabbergasted Noah quipped, “It’s like a lawyer with the dumbest client ever.”"
    assert _mention(_one(text, "dumbest client", "direct")) == "Noah"


def test_shot_back_is_a_cue() -> None:
    text = "Clinton shot back, “I have never changed my position on that.”"
    assert _mention(_one(text, "never changed", "direct")) == "Clinton"


def test_described_sentence_subject_speaks_participle_clause() -> None:
    text = (
        "The president left no doubt of his commitment, saying that ''nobody is more qualified than "
        "Hillary Clinton'' to serve."
    )
    assert _mention(_one(text, "nobody is more qualified", "partial")) == "The president"


def test_sentence_adverb_without_comma_is_no_subject() -> None:
    text = (
        "Trump was subdued. Maybe he figures that the guest gig was “an adequate reward for his exertions.”"
    )
    assert all(_mention(q) != "Maybe" for q in extract_quotes(text))


def test_leading_time_phrase_is_no_subject() -> None:
    text = (
        "Sharpton left no doubt. Eight years ago, he supported Barack Obama over Clinton and said, "
        "“Hillary Clinton has never done nothing for us.”"
    )
    assert _mention(_one(text, "never done nothing", "direct")) == "he"
