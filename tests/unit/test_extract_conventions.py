"""Speaker and quote conventions of news prose: titles of works, sentence-case subjects, attribution order."""

from __future__ import annotations

import pytest

from service.extract.doc import Doc
from service.extract.quotes import extract_quotes
from tests.unit.quote_helpers import mention, one_quote, quotes_with


def test_broadcast_title_with_period_is_no_quote() -> None:
    text = "“We will win this state,” the governor said Sunday on NBC’s “Meet the Press.”"
    assert mention(one_quote(text, "We will win", "direct")) == "the governor"
    assert not quotes_with(text, "Meet the Press", "partial")


def test_one_word_title_after_possessive_is_no_quote() -> None:
    text = "The senator told ABC’s “Nightline” that the bill would pass."
    assert not quotes_with(text, "Nightline", "partial")


def test_title_after_a_kind_of_work_is_no_quote() -> None:
    text = "She is a regular guest on the podcast “Pod Save the Republic.”"
    assert not quotes_with(text, "Pod Save", "partial")


def test_title_opening_with_a_capitalised_small_word_is_no_quote() -> None:
    # `The` is capitalised and a small word at once; the title is still every word capitalised
    text = "Jason Linkins edits “The Eat Press” for the website and co-hosts its podcast."
    assert not quotes_with(text, "Eat Press", "partial")


def test_title_case_quote_in_a_headline_is_speech() -> None:
    text = "Chris Christie Calls Hillary Clinton ‘A Disgrace’ Over Shooting Comments.\n\nThe governor spoke."
    assert mention(one_quote(text, "A Disgrace", "partial")) == "Chris Christie"


def test_sentence_case_first_word_is_no_speaker() -> None:
    text = "Voters were angry. Tariffs are “a tax on every family,” in the view of many."
    assert not quotes_with(text, "a tax on every family", "partial")


def test_name_used_inside_sentences_is_a_weak_speaker() -> None:
    text = "Ohio voters still like Kasich. Kasich is “not going anywhere” before the convention."
    assert mention(one_quote(text, "not going anywhere", "partial")) == "Kasich"


def test_quoted_transcript_turns_name_their_speakers() -> None:
    text = (
        "Here is part of the exchange:\n\n"
        '"HOST: Senator, will you vote for the bill on Tuesday?\n\n'
        '"MARKEY: I will vote for it, and I expect most of my colleagues to join me."'
    )
    host = one_quote(text, "will you vote", "direct")
    markey = one_quote(text, "I will vote for it", "direct")
    assert mention(host) == "HOST"
    assert mention(markey) == "MARKEY"
    assert markey.text.startswith("I will vote")


def test_pronoun_of_a_reported_clause_yields_to_the_reporter() -> None:
    text = 'Aides had urged restraint, but Trump said he responded: "When you are attacked, you hit back."'
    assert mention(one_quote(text, "When you are attacked", "direct")) == "Trump"


def test_inverted_speaker_with_described_title() -> None:
    text = (
        "“This is a raw time for the city,” said Democratic strategist Dana Wolcott, who advised the mayor."
    )
    q = one_quote(text, "raw time", "direct")
    assert mention(q) == "Democratic strategist Dana Wolcott"


def test_inverted_speaker_with_title_of_office() -> None:
    text = "“We need a coalition,” said former secretary of state Madeleine Albright."
    assert (
        mention(one_quote(text, "We need a coalition", "direct"))
        == "former secretary of state Madeleine Albright"
    )


def test_participle_after_footage_of_names_the_speaker() -> None:
    text = "The ad closes with footage of Trump saying, “That makes me smart.”"
    assert mention(one_quote(text, "That makes me smart", "direct")) == "Trump"


def test_labelled_headline_reports_what_the_source_says() -> None:
    text = "Poll: Warren leads the Senate race by four points.\n\nThe survey of 800 voters ended Sunday."
    q = one_quote(text, "Warren leads the Senate race", "indirect")
    assert mention(q) == "Poll"
    assert q.text == "Warren leads the Senate race by four points"


def test_editorial_label_is_no_source() -> None:
    text = "Editor’s note: This story was updated with the final vote count.\n\nThe bill passed."
    assert not quotes_with(text, "This story was updated", "indirect")


def test_a_described_label_names_a_source_only_by_a_speaker_noun() -> None:
    text = "The Latest: Cruz to give away an engraved shotgun in Iowa.\n\nThe Latest: Polls open in Iowa."
    assert not quotes_with(text, "Cruz to give away", "indirect")
    text = "The campaign: Trump will win the state by ten points.\n\nThe rally ended at noon."
    assert mention(one_quote(text, "Trump will win", "indirect")) == "The campaign"


def test_described_subject_speaks_a_partial_quote() -> None:
    text = "His campaign protested that rival aides were being “disingenuous” about the schedule."
    assert mention(one_quote(text, "disingenuous", "partial")) == "His campaign"


def test_coordinated_cue_takes_no_inverted_object() -> None:
    text = (
        "On Thursday, Warren appeared on MSNBC and officially endorsed Clinton, saying, "
        "“She is exactly the fighter this country needs.”"
    )
    assert mention(one_quote(text, "exactly the fighter", "direct")) == "Warren"


def test_coordinated_participles_share_their_subject() -> None:
    text = (
        "Republicans piled on, with Senator Hatch tweeting that it was a disgrace and asking, "
        "“How can anyone trust her judgment?”"
    )
    assert mention(one_quote(text, "How can anyone trust", "direct")) == "Senator Hatch"


def test_participle_after_a_quote_names_no_speaker() -> None:
    text = (
        "When the mayor warned of lawsuits, Rubio fired back: “If they sue us in Miami, they will lose,” "
        "referencing the many exiles in the city."
    )
    assert mention(one_quote(text, "If they sue us", "direct")) == "Rubio"


def test_sentence_final_attribution_with_a_described_name() -> None:
    text = (
        "Given his record, the endorsements will carry “a great deal of weight” with donors, "
        "party spokesman Neil Barrow said."
    )
    assert mention(one_quote(text, "a great deal of weight", "partial")) == "Neil Barrow"


def test_party_and_state_tag_between_name_and_cue() -> None:
    text = "Sen. Ron Jameson, R-Wis., said in a statement, “The department reduced security in Libya.”"
    assert mention(one_quote(text, "reduced security", "direct")) == "Sen. Ron Jameson"


def test_quantifier_subject_speaks() -> None:
    text = "“They have lived there for months,” one activist said. Another said, “The race is wide open.”"
    assert mention(one_quote(text, "The race is wide open", "direct")) == "Another"


def test_quantifier_before_a_noun_cue_is_no_speaker() -> None:
    text = "Another critic of the deal, Senator Wyden, called it reckless."
    assert all(mention(q) != "Another" for q in extract_quotes(text))


def test_as_put_it_with_an_adverbial() -> None:
    text = (
        "As Ms. Larkin put it in a statement last July, the network is “providing a perspective "
        "you won't get anywhere else.”"
    )
    assert mention(one_quote(text, "providing a perspective", "partial")) == "Ms. Larkin"


def test_sentence_final_as_attribution() -> None:
    text = "The main test is a “lawful source of investment income,” as a Treasury memo put it."
    assert mention(one_quote(text, "lawful source", "partial")) == "a Treasury memo"


def test_sentence_opening_conjunction_is_no_subject() -> None:
    text = "The debate ended late. And Mr. Christie gloated: “I told you he would not be ready.”"
    assert mention(one_quote(text, "I told you", "direct")) == "Mr. Christie"


def test_reported_content_skips_a_phrase_before_that() -> None:
    text = "Her lawyer, David Kessler, wrote in a court filing that such a request was futile."
    q = one_quote(text, "such a request", "indirect")
    assert q.text == "that such a request was futile"
    assert mention(q) == "David Kessler"


def test_reported_content_ends_before_a_new_attribution() -> None:
    text = (
        "After noting that she had worked for the senator in 2008, Tanden wrote that the donor was "
        "impressed with the campaign."
    )
    q = one_quote(text, "she had worked", "indirect")
    assert q.text == "that she had worked for the senator in 2008"


@pytest.mark.parametrize(
    ("text", "outer", "inner", "speaker"),
    [
        (
            "Since June, when he asked supporters to run for office, several aides said they would.",
            "to run for office",
            "they would",
            "several aides",
        ),
        (
            "He defended the plan in an interview on Monday, in which he said the costs were too high.",
            "the plan in an interview on Monday",
            "the costs were too high",
            "he",
        ),
    ],
)
def test_reported_content_ends_before_a_comma_and_a_speaker_of_its_own(
    text: str, outer: str, inner: str, speaker: str
) -> None:
    # A comma, a few plain words and a strong cue open an attribution of its own: it is not the first
    # cue's content.
    assert one_quote(text, outer[:12], "indirect").text == outer
    assert mention(one_quote(text, inner, "indirect")) == speaker


def test_content_before_a_cue_starts_after_an_earlier_attribution() -> None:
    text = (
        "Asked about his criticisms of Trump, Christie said that was a natural part of running against "
        "him — no different, he said, from what others did."
    )
    said = one_quote(text, "that was a natural part", "indirect")
    assert (mention(said), said.text) == ("Christie", "that was a natural part of running against him")
    aside = one_quote(text, "no different", "indirect")
    assert (mention(aside), aside.text) == ("he", "no different from what others did")


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Officials gave one reason: the bridge was unsafe, the mayor said.", "the bridge was unsafe"),
        ("Walker won 60 percent: his largest margin, according to exit polls.", "his largest margin"),
        (
            "Weaver says it is proof they can close the gap, which stood at 263, according to the AP.",
            "which stood at 263",
        ),
    ],
)
def test_content_before_a_cue_starts_after_a_colon_or_another_attribution(text: str, said: str) -> None:
    assert one_quote(text, said, "indirect").text == said


@pytest.mark.parametrize(
    "opening", ["It is highly unusual", "In the scripted world of politics, it is highly unusual"]
)
def test_an_inverted_speaker_may_be_described_at_length(opening: str) -> None:
    text = (
        f"{opening} for a mistake to slip into a speech, said Matt Latimer, another veteran speechwriter "
        "who worked in the Bush White House."
    )
    [q] = extract_quotes(text)
    assert (mention(q), q.text) == ("Matt Latimer", f"{opening} for a mistake to slip into a speech")


def test_a_role_before_a_named_speaker_is_not_what_was_said() -> None:
    text = "The emails were not classified, her personal lawyer, David E. Kendall, wrote."
    [q] = extract_quotes(text)
    assert (mention(q), q.text) == ("David E. Kendall", "The emails were not classified")


def test_a_name_given_is_no_inverted_speaker() -> None:
    text = "On Oct. 23, at the resort, now called Trump National Doral, the candidate boasted of his skills."
    assert [(mention(q), q.text) for q in extract_quotes(text)] == [("the candidate", "his skills")]


def test_a_strong_cue_right_after_the_content_opens_ends_it() -> None:
    text = "Trump defended eminent domain, calling it an absolute necessity for building roads."
    assert [q.text for q in extract_quotes(text)] == [
        "eminent domain",
        "it an absolute necessity for building roads",
    ]


def test_a_thousands_separator_is_no_clause_break() -> None:
    doc = Doc("Officials said 21,000 people, a record, signed it.")
    assert "21,000" in doc.words
    assert [doc.words[k] for k in doc.clause_marks] == ["a", "signed"]
    text = "While one company says there are more than 2,400 billionaires, another says fewer."
    assert one_quote(text, "there are", "indirect").text == "there are more than 2,400 billionaires"


def test_initials_before_a_noun_are_no_inverted_speaker() -> None:
    text = "The party says U.S. citizens living abroad cast votes."
    q = one_quote(text, "U.S. citizens", "indirect")
    assert (mention(q), q.text) == ("The party", "U.S. citizens living abroad cast votes")


def test_nested_reported_speech_is_left_to_the_outer_attribution() -> None:
    text = "Aides said the senator believes the plan would hurt farmers in the state."
    (q,) = extract_quotes(text)
    assert q.kind == "indirect"
    assert mention(q) == "Aides"
    assert q.text == "the senator believes the plan would hurt farmers in the state"


def test_headline_verb_after_a_name_reports_speech() -> None:
    text = "Christie Says He Would Order A Quarantine Over Zika\n\nThe governor spoke on Monday."
    q = one_quote(text, "He Would Order", "indirect")
    assert mention(q) == "Christie"
    assert q.cue is not None
    assert q.cue.text == "Says"


def test_participle_after_said_opens_the_content() -> None:
    text = "Sen. Jon Tester said having Trump at the top of the ticket puts Republicans at risk."
    q = one_quote(text, "having Trump", "indirect")
    assert mention(q) == "Sen. Jon Tester"
    assert q.text == "having Trump at the top of the ticket puts Republicans at risk"


def test_cue_in_a_leading_with_phrase_is_not_the_sentences() -> None:
    text = (
        "With party leaders increasingly worried about turnout, President Obama is rolling out a "
        "personal message: “This election is about me.”"
    )
    assert mention(one_quote(text, "This election is about me", "direct")) == "President Obama"


def test_restrictive_relative_speaker_yields_to_the_main_clause() -> None:
    text = (
        "Senator Blake said he rejected remarks by a campaign volunteer who said voters should "
        "“throw the bums out” in November."
    )
    assert mention(one_quote(text, "throw the bums out", "partial")) == "Senator Blake"


def test_quoted_paragraph_opening_with_a_common_label_is_no_turn() -> None:
    text = "The memo was blunt.\n\n“Update: the campaign will not debate in March,” the memo read."
    q = one_quote(text, "the campaign will not debate", "direct")
    assert mention(q) == "the memo"


def test_lone_determiner_speaker_at_text_end_resolves() -> None:
    text = "“We will see,” said another"
    assert mention(one_quote(text, "We will see", "direct")) == "another"


def test_reported_speech_that_opens_a_quotation_ends_after_its_closing_mark() -> None:
    text = "Clinton said that half of his supporters were “deplorables.” The remark drew anger.\n"
    q = one_quote(text, "half of his supporters", "indirect")
    assert q.text.endswith("“deplorables.”")
    assert text[q.fragments[-1].start : q.fragments[-1].end] == q.text


def test_reported_speech_that_opens_with_a_quotation_starts_at_its_opening_mark() -> None:
    text = "The Kremlin sent a message, expressing “cautious optimism” that a deal could be reached."
    q = one_quote(text, "cautious optimism", "indirect")
    assert q.text == "“cautious optimism” that a deal could be reached"
    assert text[q.fragments[0].start : q.fragments[0].end] == q.text


def test_reported_speech_in_single_marks_keeps_both_marks() -> None:
    text = "The minister said ‘significant progress had been made’. Talks resume on Monday."
    q = one_quote(text, "significant progress", "indirect")
    assert q.text == "‘significant progress had been made’"


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "The company said in a filing with the Securities and Exchange Commission that it expected to "
            "cut about 4,000 jobs.",
            "that it expected to cut about 4,000 jobs",
        ),
        (
            "Trump said during a Friday evening rally in Michigan that Clinton once praised the deal.",
            "that Clinton once praised the deal",
        ),
        (  # a relative `that` after a long object is no complementizer
            "Trump called on the United States to attack the oil that funds the Islamic State.",
            "the United States to attack the oil that funds the Islamic State",
        ),
    ],
)
def test_a_long_adjunct_before_that_is_no_part_of_the_content(text: str, content: str) -> None:
    assert [q.text for q in extract_quotes(text) if q.kind == "indirect"] == [content]
