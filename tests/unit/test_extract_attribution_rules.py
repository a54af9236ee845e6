"""Attribution rules from the PolNeAR training-split error analysis: cue phrases, credits, non-speakers."""

from __future__ import annotations

import msgspec
import pytest

import service.extract.marked as marked_module
import service.extract.quotes as quotes_module
from service.extract import attribution
from service.extract.lexicon import CUE_OPENERS, PHRASE_HEADS
from service.extract.quotes import extract_quotes, extract_quotes_with_rules
from service.match.compare import states_something
from tests.unit.quote_helpers import mention, one_quote, quotes_with


def test_adverb_between_speaker_and_cue() -> None:
    text = "Trump jokingly said, “I hate to say it, I’m becoming mainstream.”"
    assert mention(one_quote(text, "becoming mainstream", "direct")) == "Trump"


def test_object_pronoun_is_no_speaker() -> None:
    text = "Residents of the towns were angry. “We are leaving,” many of them said."
    assert mention(one_quote(text, "We are leaving", "direct")) == "many of them"


def test_preposition_after_cue_is_no_inverted_speaker() -> None:
    text = (
        "''We've started all those conversations,'' Mr. Manafort said, adding of Mr. Trump, "
        "''He cares about the united team.''"
    )
    assert mention(one_quote(text, "He cares about", "direct")) == "Mr. Manafort"


def test_put_it_is_a_cue() -> None:
    text = (
        "As Akhil Amar, a professor at Yale, put it, ''Senate Republicans should remember that a "
        "compromise candidate today may be far better for them.''"
    )
    assert mention(one_quote(text, "Senate Republicans should", "direct")) == "Akhil Amar"


def test_put_it_needs_a_clause_end() -> None:
    text = "She put it on the table and left. ''Nothing more to say,'' the waiter said."
    assert mention(one_quote(text, "Nothing more", "direct")) == "the waiter"


@pytest.mark.parametrize(
    ("text", "speaker", "cue"),
    [
        ("She endorsed the deal, although she made it clear that she has “serious concerns” about it.",
         "she", "made it clear"),
        ("Trump has made clear that he will “never” back down.", "Trump", "made clear"),
    ],
)  # fmt: skip
def test_made_it_clear_is_a_cue_of_its_subject(text: str, speaker: str, cue: str) -> None:
    # `clear` alone is the cue word; `it` is no speaker, whoever made it clear is
    q = one_quote(text, "", "partial")
    assert mention(q) == speaker
    assert q.cue is not None
    assert q.cue.text == cue


def test_nominee_heads_a_postposed_description() -> None:
    text = (
        '"Governor Hassan, let me help you out - the answer\'s no," the Republican nominee riffed on '
        "the remark."
    )
    assert mention(one_quote(text, "let me help you", "direct")) == "the Republican nominee"


def test_inline_dash_credit_in_same_paragraph() -> None:
    text = (
        "Readers sent us their reactions.\n\n"
        "“I’d rather live anywhere than live where he is president.” ― Adriana Rodarte\n\n"
        "“Maybe we can build a wall around him.” ― Steve Quinlan.\n\n"
        "“He does not answer to anyone.”— Jorge Falcon"
    )
    assert mention(one_quote(text, "rather live", "direct")) == "Adriana Rodarte"
    assert mention(one_quote(text, "build a wall", "direct")) == "Steve Quinlan"
    assert mention(one_quote(text, "answer to anyone", "direct")) == "Jorge Falcon"


def test_dash_credit_needs_paragraph_end() -> None:
    text = "“We will win,” - Smith and Jones both wrote that week, as the paper noted."
    (q,) = quotes_with(text, "We will win", "direct")
    assert mention(q) != "Smith"


def test_partial_after_verb_object_is_not_its_subject() -> None:
    text = "Hanson, a critic, alleged that the DNC “failed to implement reasonable data security measures.”"
    q = quotes_with(text, "failed to implement", "partial")
    assert not q or mention(q[0]) != "the DNC"


def test_partial_after_sentence_adverb_has_no_adverb_speaker() -> None:
    text = (
        "“He should be a cheerleader for this country,” Trump said. "
        "Instead, “he just acts like a defeated man.”"
    )
    q = quotes_with(text, "defeated man", "partial")
    assert not q or mention(q[0]) != "Instead"


def test_sentence_subject_still_speaks_a_partial_opening_with_its_verb() -> None:
    text = "The communique “reaffirmed their unwavering support for Ukraine.”"
    assert mention(one_quote(text, "reaffirmed", "partial")) == "The communique"


def test_lone_quoted_word_without_speaker_is_not_a_quote() -> None:
    text = "Officials met in Geneva.\n\n“Refoulement” (forcible return) is forbidden by international law."
    assert not quotes_with(text, "Refoulement", "direct")


def test_lone_quoted_word_with_speaker_is_kept() -> None:
    text = "“Out!” the crowd yelled."
    assert mention(one_quote(text, "Out", "direct")) == "the crowd"


def test_a_participle_takes_no_speaker_after_it() -> None:
    text = (
        "MSNBC suggested that Clinton has the following tasks ahead of her tonight:\n\n"
        "Sell her presidency (what she would do and how she would do it)\n"
        "Be the Clinton who shines in a smaller crowd\nGet those jokes off, adding levity.\n\n"
        "Trump on the other hand has to stop lying."
    )
    assert all(mention(q) != "levity" for q in extract_quotes(text))


def test_object_of_past_verb_is_no_speaker_of_participle() -> None:
    text = (
        "Later, she revised her statement explaining that she had not sent emails that were "
        "“marked classified at the time.”"
    )
    assert mention(one_quote(text, "marked classified", "partial")) != "her statement"


def test_according_to_takes_post_modified_source() -> None:
    text = (
        "''We're still winning hearts and minds every day,'' Mr. Pence said during the session, "
        "according to audio provided to The Times."
    )
    assert mention(one_quote(text, "winning hearts", "direct")) == "audio"


def test_according_to_source_with_prepositional_modifier() -> None:
    text = (
        '"You\'ve been very critical of me," he told Sen. Jeff Flake, according to officials with '
        "knowledge of the closed-door meeting."
    )
    assert (
        mention(one_quote(text, "very critical", "direct"))
        == "officials with knowledge of the closed-door meeting"
    )


def test_paragraph_opening_quote_takes_subject_of_lead_paragraph() -> None:
    text = (
        "Carter said that for decades some critics had predicted a U.S. withdrawal from the region.\n\n"
        "“That’s because this region remains the most consequential for America’s future.”"
    )
    assert mention(one_quote(text, "this region remains", "direct")) == "Carter"


def test_hyphenated_modifier_stays_in_description() -> None:
    text = '"Let me help you out," the Republican vice-presidential nominee riffed on the remark.'
    assert mention(one_quote(text, "help you out", "direct")) == "the Republican vice-presidential nominee"


def test_leading_prepositional_phrase_is_no_subject() -> None:
    text = (
        "Back in 1999, Mr. Trump expressed admiration for Mr. Clinton's political skills, telling CNBC: "
        "''I wish I could be like that. I just can't.''"
    )
    assert mention(one_quote(text, "I wish I could", "direct")) == "Mr. Trump"


def test_colon_sentence_after_finished_quote_introduces_the_next_one() -> None:
    text = (
        "“This is what I’m up against,” Tenney said. “Wealthy liberal Republicans are trying to preserve "
        "the status quo.” She went on to say:\n\n"
        '"Incredibly, none of them will come out and support me."'
    )
    assert mention(one_quote(text, "Wealthy liberal", "direct")) == "Tenney"
    assert mention(one_quote(text, "Incredibly", "direct")) == "She"


def test_went_on_to_say_keeps_its_subject() -> None:
    text = "Bryne praised the book. He went on to say, “From the bottom of my soul, I know this to be true.”"
    assert mention(one_quote(text, "bottom of my soul", "direct")) == "He"


def test_manner_of_speaking_verb_is_a_cue() -> None:
    text = "A flabbergasted Noah quipped, “It’s like a lawyer with the dumbest client ever.”"
    assert mention(one_quote(text, "dumbest client", "direct")) == "Noah"


def test_shot_back_is_a_cue() -> None:
    text = "Clinton shot back, “I have never changed my position on that.”"
    assert mention(one_quote(text, "never changed", "direct")) == "Clinton"


def test_described_sentence_subject_speaks_participle_clause() -> None:
    text = (
        "The president left no doubt of his commitment, saying that ''nobody is more qualified than "
        "Hillary Clinton'' to serve."
    )
    assert mention(one_quote(text, "nobody is more qualified", "partial")) == "The president"


def test_sentence_adverb_without_comma_is_no_subject() -> None:
    text = (
        "Trump was subdued. Maybe he figures that the guest gig was “an adequate reward for his exertions.”"
    )
    assert all(mention(q) != "Maybe" for q in extract_quotes(text))


def test_leading_time_phrase_is_no_subject() -> None:
    text = (
        "Sharpton left no doubt. Eight years ago, he supported Barack Obama over Clinton and said, "
        "“Hillary Clinton has never done nothing for us.”"
    )
    assert mention(one_quote(text, "never done nothing", "direct")) == "he"


def test_reporting_phrase_heads_reach_the_cue_reader() -> None:
    # `Doc.cue_tokens` offers only forms that can open a cue: the phrase heads must be among them
    assert attribution._PHRASE_CLOSES_CLAUSE.keys() == PHRASE_HEADS
    assert PHRASE_HEADS <= CUE_OPENERS


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (  # a colon closing the paragraph leads into the next one
            "In a speech last July, he said:\n\nLet no one be mistaken: the plan is a failure.\n\nIt ended.",
            "Let no one be mistaken: the plan is a failure",
            "he",
        ),
        (  # an aside set off by commas does not end the content when the clause resumes with a verb
            "But Mr. Kerry said the annual talks, which started in 2009, would continue.",
            "the annual talks, which started in 2009, would continue",
            "Mr. Kerry",
        ),
        (
            "Officials said the new spending bill, passing the House easily, was signed on Monday.",
            "the new spending bill, passing the House easily, was signed on Monday",
            "Officials",
        ),
    ],
)
def test_reported_content_reaches_past_lead_ins_and_asides(text: str, content: str, speaker: str) -> None:
    assert mention(one_quote(text, content, "indirect")) == speaker


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (  # the next paragraph opens a quotation: a marked quote, not reported speech
            "She said:\n\n“We accept the result.”",
            "We accept the result",
        ),
        (  # an aside that is not followed by a verb ends the content
            "Aides said the senator met donors, who gave generously, and then flew home.",
            "who gave generously",
        ),
    ],
)
def test_reported_content_stops_at_quotes_and_new_clauses(text: str, content: str) -> None:
    assert not quotes_with(text, content, "indirect")


@pytest.mark.parametrize(
    ("text", "content", "rule"),
    [
        ("Officials said the bridge would reopen in May.", "the bridge would reopen", "content-after-cue"),
        (
            "The plan is on schedule, Transport Minister Eva Green said.",
            "The plan is on schedule",
            "content-before-cue",
        ),
        ("According to the ministry, repairs cost millions.", "repairs cost millions", "according-to"),
        ("The goal, he said, is to finish the bridge by May.", "The goal", "parenthetical"),
        ("He said:\n\nThe plan is a failure and must end.", "The plan is a failure", "colon-lead-in"),
        ("“We accept the result,” Reed said.", "We accept the result", "marked-postposed"),
        ("Reed told reporters, “We accept the result.” The board was silent.", "We accept", "marked-lead-in"),
        # a partial quote is also reported inside the speech around it; the narrowest quote is its own
        ("The minister called the deal “a betrayal” of the voters.", "a betrayal", "marked-clause-cue"),
        ("“We accept the result,” Reed said. “It is final.”", "It is final", "marked-previous-speaker"),
        ("“We accept the result,” Reed said, “and we move on.”", "and we move on", "marked-split"),
        (
            "The bridge, according to the city’s engineers, will reopen in May.",
            "will reopen in May",
            "according-to-parenthetical",
        ),
        (
            "The premier will work with whoever wins the vote, the prime minister’s spokesman said.",
            "The premier will work with whoever wins",
            "content-before-cue",  # the owner is part of the speaker's mention
        ),
        (
            "The tunnel will stay closed until the spring, current and former officials said.",
            "The tunnel will stay closed",
            "content-before-described-cue",
        ),
        (
            "His support has shifted from Fiorina to Rubio, Wilkin said during his speech to delegates.",
            "His support has shifted",
            "content-before-cue-adjunct",
        ),
    ],
)
def test_each_quote_names_the_rule_that_found_it(text: str, content: str, rule: str) -> None:
    holding = [(len(q.text), r) for q, r in extract_quotes_with_rules(text) if content in q.text]
    assert min(holding)[1] == rule
    assert [q for q, _ in extract_quotes_with_rules(text)] == extract_quotes(text)


@pytest.mark.parametrize(
    ("text", "content"),
    [
        # an opening adverbial before the subject is no content said by it
        ("After the debate, the Sanders team said during a call with donors.", "After the debate"),
        # what follows the cue is its content, not circumstances
        ("The vote was close, Wilkin said in a statement that he would appeal.", "The vote was close"),
    ],
)
def test_content_before_a_comma_set_attribution_needs_a_clause_and_no_content_after(
    text: str, content: str
) -> None:
    assert not [q for q in extract_quotes(text) if q.kind == "indirect" and q.text.startswith(content)]


def test_a_quote_named_with_its_rule_is_the_same_quote() -> None:
    text = "“We accept the result,” Reed said. Officials said the bridge would reopen in May."
    named = extract_quotes(text, rules=True)
    assert [q.rule for q in named] == [r for _, r in extract_quotes_with_rules(text)]
    assert [msgspec.structs.replace(q, rule=None) for q in named] == extract_quotes(text)


def test_a_described_thing_after_a_cue_is_no_inverted_speaker() -> None:
    text = "Day said the radical language in the platform is shrinking the party."
    (q,) = [q for q in extract_quotes(text) if q.kind == "indirect"]
    assert q.text.startswith("the radical language")
    assert q.speaker is None or q.speaker.mention.text != "the radical language"


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (  # an aside between dashes inside the clause
            "Rogers said the visit to Des Moines — the state’s biggest media market — would earn attention.",
            "the visit to Des Moines — the state’s biggest media market — would earn attention",
        ),
        (  # an aside in parentheses
            "He said the race is close (as it was in 2012) in every poll.",
            "the race is close (as it was in 2012) in every poll",
        ),
        ("She said the plan works — for now.", "the plan works"),  # an aside closing the sentence
    ],
)
def test_reported_content_runs_past_an_aside_the_clause_goes_on_after(text: str, content: str) -> None:
    assert [q.text for q in extract_quotes(text) if q.kind == "indirect"] == [content]


def test_reported_content_ends_at_a_contrasting_clause() -> None:
    text = "Most voters said the economy is strong, while about 4 in 10 are unsure."
    assert [q.text for q in extract_quotes(text) if q.kind == "indirect"] == ["the economy is strong"]


def _reported(text: str) -> list[tuple[str, list[str], str | None, str | None]]:
    """Each reported-speech quote as (rule, fragment texts, speaker mention, cue text)."""
    return [
        (
            rule,
            [text[f.start : f.end] for f in q.fragments],
            mention(q),
            q.cue.text if q.cue is not None else None,
        )
        for q, rule in extract_quotes_with_rules(text)
        if q.kind == "indirect"
    ]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (  # a second complement of the same cue, opened by `and that`
            "The mayor said the bridge was safe, and that repairs would start in June.",
            "the bridge was safe, and that repairs would start in June",
        ),
        (
            "The auditor found the figures were wrong, but that nobody had meant to deceive.",
            "the figures were wrong, but that nobody had meant to deceive",
        ),
        (  # `including` opens a list inside the content, not a new clause
            "She said the fund would pay for repairs, including new roofs for two schools.",
            "the fund would pay for repairs, including new roofs for two schools",
        ),
    ],
)
def test_reported_content_runs_on_through_coordinated_complements(text: str, content: str) -> None:
    assert [fragments for _, fragments, _, _ in _reported(text)] == [[content]]


@pytest.mark.parametrize(
    ("text", "fragments", "speaker", "cue"),
    [
        (  # the pronoun is the subject of the reported clause
            "The council kept the old levy, which the treasurer argued would close the gap.",
            ["which", "would close the gap"],
            "the treasurer",
            "argued",
        ),
        (  # `described as`: the pronoun is what is described, the rest how
            "Guards watched the marchers, whom she described as calm and orderly.",
            ["whom", "calm and orderly"],
            "she",
            "described as",
        ),
    ],
)
def test_relative_pronoun_stands_for_the_reported_content(
    text: str, fragments: list[str], speaker: str, cue: str
) -> None:
    assert ("relative-pronoun", fragments, speaker, cue) in _reported(text)


def test_a_relative_pronoun_with_only_a_circumstance_after_the_cue_reports_nothing() -> None:
    # the pronoun is the cue's object: alone it says nothing to check or to match across outlets
    assert _reported("The defeat, which Baker conceded after midnight, ended the race.") == []


@pytest.mark.parametrize(
    ("text", "fragments", "cue"),
    [
        (
            "The crowds were large, but the senator seemed weary after the long flight.",
            ["the senator", "weary after the long flight"],
            "seemed",
        ),
        (
            "Steel output appears to have fallen by a tenth this year.",
            ["Steel output", "to have fallen by a tenth this year"],
            "appears",
        ),
        (
            "The new ferry is expected to sail in the spring.",
            ["The new ferry", "to sail in the spring"],
            "expected",
        ),
        ("Delegates who are expected to back him arrived.", ["who", "to back him arrived"], "expected"),
        (
            "The agency is reportedly planning a second audit.",
            ["The agency is", "planning a second audit"],
            "reportedly",
        ),
    ],
)
def test_a_raising_verb_reports_its_subject_and_complement_without_a_speaker(
    text: str, fragments: list[str], cue: str
) -> None:
    # the writer's impression: its subject is what is reported on, not who spoke
    assert _reported(text) == [("raised-subject", fragments, None, cue)]


@pytest.mark.parametrize(
    "text",
    [
        "It seems that the ferry will not run on Sunday.",  # an expletive subject reports nothing
        "Turnout was higher than expected in the northern districts.",  # `expected` without `be`
        "The mayor then appears in a clip from the rally.",  # `appear` for `show up`: a place follows
        "By noon the dispute seemed a distant memory.",  # a noun phrase, not what the verb says of it
        "Her aides said the committee appears to skirt the limits.",  # inside what was said
    ],
)
def test_raising_verb_without_a_subject_or_complement_of_its_own(text: str) -> None:
    assert all(rule != "raised-subject" for rule, _, _, _ in _reported(text))


@pytest.mark.parametrize("verb", ["seemed", "seems", "appeared", "appears"])
def test_a_raising_verb_before_a_cue_leaves_the_cue_its_speaker(verb: str) -> None:
    # `appeared to suggest`: the subject is the speaker of the cue the raising verb hedges
    text = f"The mayor {verb} to suggest that the bridge would close."
    assert _reported(text) == [("content-after-cue", ["that the bridge would close"], "The mayor", "suggest")]


def test_a_raising_verb_makes_no_statement() -> None:
    [raised] = [
        q
        for q, rule in extract_quotes_with_rules("The bill is expected to pass the senate.")
        if rule == "raised-subject"
    ]
    assert not states_something(raised)  # nobody's remark: it joins no other outlet's


@pytest.mark.parametrize(
    ("text", "opening", "cue"),
    [
        ("Asked about the delay, the minister said the contractors were at fault.", "the delay", "Asked"),
        ("Citing rising costs, the council said it would delay the vote.", "rising costs", "Citing"),
    ],
)
def test_content_of_an_opening_participle_clause_ends_at_its_comma(text: str, opening: str, cue: str) -> None:
    main = text.split(", ", 1)[1]
    speaker, rest = main.split(" said ")
    assert _reported(text) == [
        ("unnamed-source", [opening], None, cue),
        ("content-after-cue", [rest.rstrip(".")], speaker, "said"),
    ]


def test_reported_content_ends_where_a_new_speaker_and_cue_follow_and() -> None:
    text = "Officials said the plant would close and the union leader said the talks had failed."
    assert _reported(text) == [
        ("content-after-cue", ["the plant would close"], "Officials", "said"),
        ("content-after-cue", ["the talks had failed"], "the union leader", "said"),
    ]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (  # an auxiliary after `and` goes on with the subject of the content
            "A spokeswoman said the panel has the full report and will publish it next month.",
            "the panel has the full report and will publish it next month",
        ),
        (  # a past-tense verb after `and` is the speaker's next act
            "The mayor said the bridge was safe and walked out of the meeting.",
            "the bridge was safe",
        ),
    ],
)
def test_reported_content_after_and_goes_on_only_with_an_auxiliary(text: str, content: str) -> None:
    assert [fragments for _, fragments, _, _ in _reported(text)] == [[content]]


def test_a_short_object_ends_before_a_second_predicate() -> None:
    # Within a word or two of the cue as after it: `and` opening a verb of its own ends the content.
    assert _reported(
        "Obama called him divisive and accused him of preventing Americans from standing together."
    ) == [
        ("content-after-cue", ["him divisive"], "Obama", "called"),
        ("content-after-cue", ["him of preventing Americans from standing together"], "Obama", "accused"),
    ]


def test_name_after_told_with_a_speaker_before_it_is_the_addressee() -> None:
    text = "Later, the governor told NBC, the state would not raise taxes this year."
    assert _reported(text) == [
        ("content-after-cue", ["the state would not raise taxes this year"], "the governor", "told")
    ]


@pytest.mark.parametrize(
    ("text", "content", "speaker", "cue"),
    [
        (  # a record speaks through a weak cue as a named person does
            "State records show the ferry has lost money every year since 2019.",
            "the ferry has lost money every year since 2019",
            "State records",
            "show",
        ),
        (
            "Polls show voters trust the mayor more than any of her rivals.",
            "voters trust the mayor more than any of her rivals",
            "Polls",
            "show",
        ),
    ],
)
def test_a_record_reports_through_a_weak_cue(text: str, content: str, speaker: str, cue: str) -> None:
    assert _reported(text) == [("content-after-cue", [content], speaker, cue)]


def test_a_weak_cue_with_a_subject_reports_speech() -> None:
    assert _reported("Several RNC leaders agree with his assessment of the race.") == [
        ("content-after-cue", ["his assessment of the race"], "Several RNC leaders", "agree")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "It’s clear that the plan failed.",  # an impersonal `it`
        "Editor’s note: the mayor lied about the budget.",  # an owner; a preposition is no cue alone
    ],
)
def test_a_weak_cue_without_a_subject_that_holds_a_view_reports_nothing(text: str) -> None:
    assert _reported(text) == []


@pytest.mark.parametrize(
    ("text", "content", "source"),
    [
        (  # no speaker pattern reads the source, yet `according to` names it up to its clause end
            "The plant emitted 40 tons of dust in 2014, according to the most recent data available from the "
            "agency.",
            "The plant emitted 40 tons of dust in 2014",
            "the most recent data available from the agency",
        ),
        (
            "According to complete but unofficial returns, the mayor lost the northern wards.",
            "the mayor lost the northern wards",
            "complete but unofficial returns",
        ),
    ],
)
def test_according_to_names_its_source_whatever_the_phrase(text: str, content: str, source: str) -> None:
    assert [(rule, fragments, speaker) for rule, fragments, speaker, _ in _reported(text)] == [
        ("according-to", [content], source)
    ]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (  # a means phrase modifies the reporting verb
            "The senator dismissed the charges about his voting record by reading the bill aloud.",
            "the charges about his voting record",
        ),
        (  # a subordinate clause after a noun-phrase object does too
            "The governor endorsed the new transit plan for the valley after his aides reworked the budget.",
            "the new transit plan for the valley",
        ),
        (
            "The mayor praised the volunteers at the shelter as she toured the flooded streets.",
            "the volunteers at the shelter",
        ),
        (  # a clause after `said` keeps its own adverbial clause
            "The mayor said the bridge was closed after the storm damaged its pillars.",
            "the bridge was closed after the storm damaged its pillars",
        ),
        (  # a short object alone would make a statement matching unrelated ones: the span stays whole
            "The governor endorsed the plan after his aides reworked the budget.",
            "the plan after his aides reworked the budget",
        ),
    ],
)
def test_an_adverbial_after_a_noun_phrase_object_ends_the_content(text: str, content: str) -> None:
    assert [fragments for _, fragments, _, _ in _reported(text)] == [[content]]


def test_a_time_of_day_after_a_weekday_is_no_content() -> None:
    text = "The mayor said Wednesday night that the bridge would reopen in May."
    assert _reported(text) == [
        ("content-after-cue", ["that the bridge would reopen in May"], "The mayor", "said")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The rally ended in fear and panic among the crowd.",
        "The new tariffs were endorsed in committee by a narrow margin.",
        "But the crafting of an agreed final statement had been difficult with wrangling over the language.",
    ],
)
def test_a_circumstance_after_a_cue_without_a_speaker_reports_nothing(text: str) -> None:
    assert _reported(text) == []


def test_a_marked_quote_is_as_confident_as_its_rule_was_right_in_training() -> None:
    table = quotes_module._MARKED_CONFIDENCE
    [(said, rule)] = extract_quotes_with_rules("“We accept the result,” Reed said.")
    assert rule == "marked-postposed"
    assert said.confidence == table.confidence["direct marked-postposed"]
    found = extract_quotes_with_rules("The minister defended the “fair and final” deal.")
    [(called, rule)] = [(q, r) for q, r in found if q.kind == "partial"]
    assert rule == "marked-clause-cue"
    assert called.confidence == table.confidence["partial marked-clause-cue"] < said.confidence


def test_the_shipped_confidences_name_only_rules_that_exist() -> None:
    kinds = {"partial": marked_module._PARTIAL_RULES, "direct": marked_module._WHOLE_RULES}
    known = {f"{kind} marked-{rule.name}" for kind, rules in kinds.items() for rule in rules}
    inherited = ("split", "previous-speaker", "paragraph-lead", "paragraph-subject")
    known |= {f"direct marked-{name}" for name in inherited}
    known |= {f"{kind} marked-unattributed" for kind in kinds} | {"partial marked-within-reported"}
    table = quotes_module._MARKED_CONFIDENCE
    assert set(table.confidence) <= known
    assert all(0 <= c <= 1 for c in [table.default, *table.confidence.values()])


@pytest.mark.parametrize(
    ("text", "content", "speaker", "cue"),
    [
        (
            "The plan will cost $2 billion, as the governor acknowledged in March.",
            "The plan will cost $2 billion",
            "the governor",
            "acknowledged",
        ),
        (
            "It does not answer whether the suspect had a gun, as police have said.",
            "It does not answer whether the suspect had a gun",
            "police",
            "said",
        ),
    ],
)
def test_an_as_clause_after_a_comma_reports_the_clause_before_it(
    text: str, content: str, speaker: str, cue: str
) -> None:
    assert _reported(text) == [("content-before-as", [content], speaker, cue)]


def test_a_partial_quote_without_a_speaker_of_its_own_is_the_reported_speakers() -> None:
    text = "The complaint alleged that the party “failed to implement reasonable data security measures.”"
    found = {q.kind: (q, rule) for q, rule in extract_quotes_with_rules(text)}
    partial, rule = found["partial"]
    assert rule == "marked-within-reported"
    assert (partial.text, mention(partial), partial.cue and partial.cue.text) == (
        "failed to implement reasonable data security measures.",
        "The complaint",
        "alleged",
    )
    assert mention(found["indirect"][0]) == "The complaint"


def test_a_partial_quote_without_a_speaker_outside_reported_speech_is_left_out() -> None:
    assert extract_quotes("The “sure thing” never arrived in the valley.") == []


def test_the_name_a_speaker_accuses_of_something_is_part_of_what_was_said() -> None:
    assert _reported("Sanders accused Clinton of taking money from Wall Street banks.") == [
        ("content-after-cue", ["Clinton of taking money from Wall Street banks"], "Sanders", "accused")
    ]


def test_a_relative_clause_set_off_by_commas_ends_what_its_cue_reports() -> None:
    found = _reported("The senator, who argued that the tax would hurt farmers, voted against the bill.")
    assert ("content-after-cue", ["that the tax would hurt farmers"], "who", "argued") in found


def test_a_participle_after_a_postposed_attribution_reports_on_its_own() -> None:
    text = "The talks were productive, the minister said, adding that a deal was close."
    said = [(q.text, mention(q), q.cue.text if q.cue else None) for q in extract_quotes(text)]
    assert said == [
        ("The talks were productive", "the minister", "said"),
        ("that a deal was close", "the minister", "adding"),
    ]


def test_a_participle_goes_on_with_the_speaker_of_the_attribution_before_it() -> None:
    text = (
        "The bloc is preparing countermeasures, a spokesperson for the European Commission said on Tuesday, "
        "adding that the bloc would not be bullied."
    )
    q = one_quote(text, "would not be bullied", "indirect")
    assert mention(q) == "a spokesperson for the European Commission"


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "At least 20 people were killed, according to a statement from the ministry.",
            "a statement from the ministry",
        ),
        (
            "The talks will resume next week, according to two people familiar with the matter.",
            "two people familiar with the matter",
        ),
        (
            "Borrowers owe $1.3 trillion, according to data from the U.S. Department of Education.",
            "data from the U.S. Department of Education",
        ),
        ("The plan, according to officials in Kyiv, would freeze the front line.", "officials in Kyiv"),
    ],
)
def test_according_to_names_its_source_up_to_the_clause_end(text: str, source: str) -> None:
    (q,) = extract_quotes(text)
    assert mention(q) == source


def test_according_to_a_source_described_by_a_clause_keeps_the_source() -> None:
    text = "The deal is close, according to a diplomat who asked not to be named."
    assert [
        mention(q) for q in extract_quotes(text) if q.cue is not None and q.cue.text == "according to"
    ] == ["a diplomat"]


@pytest.mark.parametrize(
    "text",
    [
        "This trip sends a clear signal: Canada is not stepping back from the global stage.",
        "Sanders has made rebuilding the middle class a rallying cry of his campaign.",
        "That is a far cry from the first lady’s ceremonial duties.",
    ],
)
def test_a_weak_cue_heading_a_described_noun_reports_nothing(text: str) -> None:
    assert extract_quotes(text) == []


def test_a_strong_cue_after_a_and_a_word_still_reports() -> None:
    q = one_quote("Nearly a third say they do not know.", "do not know", "indirect")
    assert mention(q) == "a third"


def test_a_described_noun_cue_before_a_quotation_keeps_it_attributed() -> None:
    text = "That is nonetheless a far cry from Sanders serving up “ice cream” to Clinton’s “broccoli.”"
    assert [q.text for q in extract_quotes(text) if q.kind == "partial"] == ["ice cream", "broccoli."]


@pytest.mark.parametrize(
    "text",
    [
        "The governor spoke for an hour. Most of the crowd left during the long list of projects known as "
        "“the governor’s wish list.”",
        "Voters lined up at dawn. Turnout rose sharply in the counties known as “the rust belt.”",
    ],
)
def test_object_of_a_preposition_is_no_speaker_of_a_strong_cue(text: str) -> None:
    # `during the long list of projects known as …`: the phrase completes `during`; it is no subject
    speakers = {mention(q) for q in extract_quotes(text)}
    assert not speakers & {"the long list of projects", "the counties"}


def test_object_of_a_preposition_is_no_described_speaker_of_a_lead_in() -> None:
    # `in the audit` only places the footnote; the footnote is what makes it plain
    text = "A footnote in the audit makes that plain: “These figures were never checked.”"
    assert mention(one_quote(text, "never checked", "direct")) == "A footnote"
