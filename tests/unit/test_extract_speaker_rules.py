"""Speaker rules for marked quotes: naming pronouns, subordinate openers, participle-modified subjects."""

from __future__ import annotations

import pytest

from service.extract.quotes import extract_quotes
from tests.unit.quote_helpers import mention, one_quote


def test_naming_pronoun_after_what_stands_for_the_subject() -> None:
    text = "The mayor condemned what he called a “reckless and cynical” budget cut on Monday."
    q = one_quote(text, "reckless and cynical", "partial")
    assert mention(q) == "The mayor"


def test_naming_pronoun_after_whom_stands_for_the_named_subject() -> None:
    text = "Okafor said she would vote for Lindqvist, whom she called “the steadiest hand in the race.”"
    q = one_quote(text, "steadiest hand", "partial")
    assert mention(q) == "Okafor"


def test_naming_pronoun_keeps_a_subject_that_is_no_speaker() -> None:
    text = "The port authority is building what it calls a “gateway to the north.”"
    q = one_quote(text, "gateway to the north", "partial")
    assert mention(q) == "it"


def test_subordinate_opener_is_no_subject() -> None:
    text = (
        "Though she praised the board as “diligent” and called for the fees to be “returned in full” to "
        "tenants, Ramirez kept her remarks to the audit itself."
    )
    q = one_quote(text, "returned in full", "partial")
    assert mention(q) == "she"
    assert q.cue is not None
    assert q.cue.text == "called"


def test_participle_phrase_object_is_no_speaker() -> None:
    text = 'Students marching through the campus chanted "No more cuts!" until the dean came out.'
    q = one_quote(text, "No more cuts", "direct")
    assert mention(q) == "Students"
    assert q.cue is not None
    assert q.cue.text == "chanted"


def _indirect(text: str) -> list[tuple[str | None, str | None, str]]:
    return [
        (mention(q), q.cue.text if q.cue is not None else None, q.text)
        for q in extract_quotes(text)
        if q.kind == "indirect"
    ]


def test_stranded_preposition_is_no_content() -> None:
    text = "The union backed the wage deal, which the council has agreed to, via its mediator, on Friday."
    # what was agreed to is the relative pronoun's antecedent; nothing after the cue is content
    assert [r[2] for r in _indirect(text) if r[1] == "agreed"] in ([], ["which"])


def test_phrasal_particle_is_no_content() -> None:
    text = "The minister has so far not ruled out the possibility that the plant might close next year."
    expected = ("The minister", "not ruled", "the possibility that the plant might close next year")
    assert expected in _indirect(text)


def test_particle_before_a_preposition_is_no_speech() -> None:
    text = "Hundreds of fans lined up outside the arena before the final game began."
    assert _indirect(text) == []


def test_medium_after_the_cue_is_no_content() -> None:
    text = "Ortega posted on social media after the council met with union leaders on Monday."
    assert not [r for r in _indirect(text) if r[1] == "posted"]


def test_passive_agent_is_no_content() -> None:
    text = "The measure was endorsed by dozens of county officials from both parties."
    assert not [r for r in _indirect(text) if r[1] == "endorsed"]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("The NFL legend said people misread Trump.", ("The NFL legend", "said", "people misread Trump")),
        ("Okafor said voters know Lindqvist.", ("Okafor", "said", "voters know Lindqvist")),
    ],
)
def test_a_group_noun_after_a_speakers_cue_opens_what_was_said(text: str, said: tuple[str, str, str]) -> None:
    # not the title of a second, inverted speaker (`said retired Army Lt. Gen. Mick Bednarek.`)
    assert _indirect(text) == [said]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        # the comma closes an opening adverbial: what was said follows the cue
        ("In Ohio, the members said they were angry.", ("the members", "said", "they were angry")),
        ("In a statement, the campaign said it was pleased.", ("the campaign", "said", "it was pleased")),
        ("Speaking in Ohio, Clinton said jobs were up.", ("Clinton", "said", "jobs were up")),
        # nothing but circumstances after the cue: what was said is before it
        ("In 2012, we lost the state, she said on Monday.", ("she", "said", "In 2012, we lost the state")),
    ],
)
def test_an_opening_adverbial_is_not_what_was_said(text: str, said: tuple[str, str, str]) -> None:
    assert _indirect(text) == [said]


def test_cue_after_without_reports_nothing() -> None:
    text = "The mayor praised the plan without detailing what the new budget might include."
    assert not [r for r in _indirect(text) if r[1] == "detailing"]


def test_enclosing_content_follows_its_speaker() -> None:
    text = "The joint statement “reaffirmed the commitment of all members to open trade routes.”"
    (r,) = _indirect(text)
    assert r[0] == "The joint statement"
    assert r[2] == "“reaffirmed the commitment of all members to open trade routes.”"


def test_described_speaker_of_a_relative_clause_frames_its_quote() -> None:
    text = (
        "Rep. Ann Cole called on the governor to act against the scheme -- fraud the Ohio congresswoman "
        'said is designed to "fleece" retirees.'
    )
    q = one_quote(text, "fleece", "partial")
    assert mention(q) == "the Ohio congresswoman"
    assert q.cue is not None
    assert q.cue.text == "said"


def test_modifier_of_a_counted_noun_cue_is_no_speaker() -> None:
    text = (
        "Voters trust FactWatch more than most outlets. "
        "FactWatch rated 40% of Democratic claims as “mostly false” during the spring campaign."
    )
    q = one_quote(text, "mostly false", "partial")
    assert mention(q) == "FactWatch"


def test_plural_subject_after_of_is_a_speaker() -> None:
    text = 'In the county survey, 60 percent of Republicans said "most officials" cannot be trusted.'
    q = one_quote(text, "most officials", "partial")
    assert mention(q) == "Republicans"


def test_quote_in_a_subordinate_clause_belongs_to_its_cue() -> None:
    text = (
        "When the governor later said he would “veto any such bill,” the chamber fell silent. "
        "The governor left early."
    )
    q = one_quote(text, "veto any such bill", "partial")
    assert mention(q) == "the governor"
    assert q.cue is not None
    assert q.cue.text == "said"


def test_quote_after_the_subordinate_clause_keeps_the_later_attribution() -> None:
    text = (
        "When Okafor said she would skip the vote, she “let down every tenant in the district,” "
        "Lindqvist said on Monday."
    )
    q = one_quote(text, "let down every tenant", "partial")
    assert mention(q) == "Lindqvist"


def test_quoted_subhead_paragraph_is_no_quote() -> None:
    text = (
        '"We will keep the mines open," the owner said. "Nobody else will."\n\n'
        "'Legend in the Coal Fields.'\n\n"
        "Bankruptcy is like a chess game."
    )
    quotes = extract_quotes(text)
    direct = [q.text for q in quotes if q.kind == "direct"]
    assert direct == ["We will keep the mines open,", "Nobody else will."]
    assert all("Legend" not in q.text for q in quotes)


def test_bracketed_transcript_note_is_no_quote() -> None:
    text = (
        '"HOST: Senator, will you vote for the bill on Tuesday?"\n\n'
        '"(CROSSTALK.)\n\n'
        '"HOST: Let me finish the question, please."'
    )
    assert all("CROSSTALK" not in q.text for q in extract_quotes(text))


def test_subject_modified_by_under_phrase_is_the_speaker() -> None:
    text = "The agency under Moreau has so far not ruled out the possibility that the plant might close."
    rows = _indirect(text)
    assert ("The agency", "not ruled", "the possibility that the plant might close") in rows


def test_content_of_a_cue_in_an_opening_clause_ends_with_the_clause() -> None:
    text = (
        "After months of doubt and rhetoric from Moreau questioning Lyon’s role and relevance, "
        "this visit sends a clear signal."
    )
    rows = [r for r in _indirect(text) if r[1] == "questioning"]
    assert rows == [(None, "questioning", "Lyon’s role and relevance")]


def test_apposition_with_a_place_keeps_the_name_before_it() -> None:
    text = (
        "“Every hour in that cell felt like a week,” Ms. Okonkwo, now 74 and living in Eugene, Ore., "
        "said by phone on Tuesday."
    )
    q = one_quote(text, "Every hour", "direct")
    assert mention(q) == "Ms. Okonkwo"
    assert q.cue is not None
    assert q.cue.text == "said"


def test_place_after_a_preposition_is_no_apposition_subject() -> None:
    text = "Farmers in Dodge City, Kan., said the drought had cut their yields “roughly by half” this year."
    q = one_quote(text, "roughly by half", "partial")
    assert mention(q) == "Farmers"


def test_quote_framed_by_what_a_speaker_called_takes_that_speaker() -> None:
    text = (
        "Under what Ms. Varga called “the old pricing model,” the marina, a harbor in Bar Harbor, "
        "Maine, charged boat owners a flat fee."
    )
    q = one_quote(text, "old pricing model", "partial")
    assert mention(q) == "Ms. Varga"
    assert q.cue is not None
    assert q.cue.text == "called"


def test_manner_of_speaking_verbs_attribute_quotes() -> None:
    text = "“Go back to Ottawa!” a man near the stage jeered. “Not tonight,” the senator muttered."
    first = one_quote(text, "Go back", "direct")
    second = one_quote(text, "Not tonight", "direct")
    assert mention(first) == "a man"
    assert first.cue is not None
    assert first.cue.text == "jeered"
    assert mention(second) == "the senator"
    assert second.cue is not None
    assert second.cue.text == "muttered"


def test_partial_quote_closing_on_an_inner_comma_takes_the_attribution_after_it() -> None:
    text = (
        "The budget office was “caught completely off guard,” said one senior official who asked not "
        "to be named."
    )
    q = one_quote(text, "caught completely", "partial")
    assert mention(q) == "one senior official"
    assert q.cue is not None
    assert q.cue.text == "said"


def test_partial_quote_with_an_inner_comma_keeps_its_clause_when_the_sentence_runs_on() -> None:
    text = "The senators described the deal as “a good start,” making clear they wanted more."
    q = one_quote(text, "a good start", "partial")
    assert mention(q) == "The senators"
    assert q.cue is not None
    assert q.cue.text == "described"


def test_surname_that_is_also_a_function_word_speaks_after_a_quote() -> None:
    text = "Al From founded the council in 1985. “We had to change the party’s image,” From said."
    q = one_quote(text, "party’s image", "direct")
    assert mention(q) == "From"
    assert q.cue is not None
    assert q.cue.text == "said"


def test_inverted_speaker_keeps_an_institution_and_role_before_the_name() -> None:
    text = (
        "Turnout rose “well beyond the forecasts” this year, said Lakeview State University historian "
        "Mara Dunn."
    )
    q = one_quote(text, "well beyond", "partial")
    assert mention(q) == "Lakeview State University historian Mara Dunn"
    assert q.cue is not None
    assert q.cue.text == "said"


def test_postposed_cue_with_an_object_pronoun_closes_its_clause() -> None:
    text = (
        "Ms. Duarte admitted the campaign had weak spots - its “soft numbers,” she called them - but "
        "said turnout would be strong."
    )
    q = one_quote(text, "soft numbers", "partial")
    assert mention(q) == "she"
    assert q.cue is not None
    assert q.cue.text == "called"


def test_surname_that_is_also_a_modal_speaks_after_a_quote() -> None:
    text = "Columnist Ada Will was blunt.\n\n“This could end the senator’s run,” Will wrote."
    q = one_quote(text, "end the senator", "direct")
    assert mention(q) == "Will"
    assert q.cue is not None
    assert q.cue.text == "wrote"


def test_states_reports_speech_right_after_a_quote_and_its_speaker() -> None:
    text = "“We remain a reliable partner,” the ministry states in its annual report."
    q = one_quote(text, "reliable partner", "direct")
    assert mention(q) == "the ministry"
    assert q.cue is not None
    assert q.cue.text == "states"


def test_inverted_name_keeps_its_head_noun_at_the_clause_end() -> None:
    text = "“The race is far from over,” wrote Harbor magazine."
    q = one_quote(text, "far from over", "direct")
    assert mention(q) == "Harbor magazine"


def test_according_to_inside_a_reported_clause_does_not_replace_the_speaker() -> None:
    text = (
        "Mr. Okoro, a senior party official, said on Monday that according to its own count, the party "
        "had “won nearly every district.”"
    )
    q = one_quote(text, "won nearly every district", "partial")
    assert mention(q) == "Mr. Okoro"


def test_person_addressed_before_a_colon_is_no_speaker() -> None:
    text = (
        "Ms. Tamsin Vale met the mayor on Friday.\n\n"
        "Senate leader Ada Brook delivered a blunt message to Ms. Vale: “Stop attacking the council.”"
    )
    q = one_quote(text, "Stop attacking", "direct")
    assert mention(q) == "Ada Brook"
    assert q.cue is not None
    assert q.cue.text == "delivered"


def test_described_subject_keeps_its_speaker_noun_after_a_proper_adjective() -> None:
    text = "The Ohio senator was once “a reluctant convert” to the farm plan."
    q = one_quote(text, "reluctant convert", "partial")
    assert mention(q) == "The Ohio senator"


def test_inverted_speaker_may_open_with_a_slashed_number() -> None:
    text = "“The fund never paid what it promised,” said 9/11 first responder Dana Koval."
    q = one_quote(text, "never paid", "direct")
    assert mention(q) == "9/11 first responder Dana Koval"
    assert q.cue is not None
    assert q.cue.text == "said"


def test_described_name_after_a_quote_speaks_with_an_unlisted_past_tense_verb() -> None:
    text = "The mayor called the plan a failure.\n\n“Our city will recover,” an angry Okafor retaliated."
    q = one_quote(text, "city will recover", "direct")
    assert mention(q) == "an angry Okafor"
    assert q.cue is not None
    assert q.cue.text == "retaliated"


def test_participle_after_a_comma_continues_the_reporting_speaker() -> None:
    text = (
        "Brandt’s “delays” are unacceptable, Okafor said Tuesday in Lagos, noting that the contractor "
        "“keeps moving the goalposts.”"
    )
    q = one_quote(text, "moving the goalposts", "partial")
    assert mention(q) == "Okafor"
    assert q.cue is not None
    assert q.cue.text == "noting"


@pytest.mark.parametrize(
    ("text", "mentioned", "name"),
    [
        (
            "Vice President Joseph R. Biden Jr. warned that the plan would fail.",
            "Vice President Joseph R. Biden Jr.",
            "Joseph R. Biden Jr.",
        ),
        # `King` ends no title when only a suffix follows it
        ("Martin Luther King Jr. said the arc is long.", "Martin Luther King Jr.", "Martin Luther King Jr."),
    ],
)
def test_a_name_closed_by_jr_speaks(text: str, mentioned: str, name: str) -> None:
    [q] = extract_quotes(text)
    assert q.speaker is not None
    assert (q.speaker.mention.text, q.speaker.name) == (mentioned, name)


def test_a_weak_cue_after_a_prepositions_object_reports_nothing() -> None:
    # `talks` is a noun here; `the crash` the object of `of`, no speaker
    assert _indirect("Maria Lopez spoke in Riverton on day 3 of the crash talks on the school.") == []


@pytest.mark.parametrize("speaker", ["Obama", "the president"])
def test_a_participle_after_a_reporting_verb_reports_its_own_content(speaker: str) -> None:
    text = f"The economy is strong, {speaker} said in a speech on Monday, adding that wages were rising."
    assert _indirect(text) == [
        (speaker, "said", "The economy is strong"),
        (speaker, "adding", "that wages were rising"),
    ]


def test_apposition_after_a_party_tag_in_parentheses_keeps_the_name() -> None:
    text = (
        "Sen. Ann Ruiz (D-Ore.), a member of the panel who has led the inquiry for a year, posted a "
        "warning. “The committee will not be stonewalled.”"
    )
    q = one_quote(text, "will not be stonewalled", "direct")
    assert mention(q) == "Sen. Ann Ruiz"


def test_pronoun_opening_a_concessive_clause_speaks_the_quote_in_it() -> None:
    text = (
        "Inspector Lena Marsh decided not to refer the case at a briefing on Monday even though she "
        "found “clear evidence” of negligence."
    )
    q = one_quote(text, "clear evidence", "partial")
    assert mention(q) == "she"
    assert q.cue is not None
    assert q.cue.text == "found"


def test_restrictive_relative_clause_describes_the_subject_of_the_cue_after_it() -> None:
    text = (
        "A senior aide who spoke on condition of anonymity to discuss strategy said Friday, "
        "“Nobody is walking away from this deal.”"
    )
    q = one_quote(text, "Nobody is walking away", "direct")
    assert mention(q) == "A senior aide"
    assert q.cue is not None
    assert q.cue.text == "said"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Donald Trump said no.\n\nJeff Zucker stood firm on Trump: “We do not pay.”", "Jeff Zucker"),
        ("Loretta Lynch said no.\n\nA lesson came with a warning from Lynch: “Be heard.”", "Lynch"),
    ],
)  # fmt: skip
def test_a_person_before_a_colon_is_the_speaker_unless_a_preposition_makes_them_a_topic(
    text: str, speaker: str
) -> None:
    # `on Trump:` names what the lead-in is about; `from Lynch:` names the source
    assert mention(one_quote(text, "", "direct")) == speaker


def test_a_headline_label_speaks_its_partial_quotes_before_any_cue_inside() -> None:
    text = (
        "Rush Limbaugh: Hillary Asking Moderator To Fact Check Trump ‘Reeks of Fear.’\n\n"
        "Rush Limbaugh told listeners on Friday that the request was telling."
    )
    assert mention(one_quote(text, "Reeks of Fear", "partial")) == "Rush Limbaugh"


def test_a_correction_label_speaks_nothing() -> None:
    text = (
        "Correction: An earlier version of this article misstated when the “War On Drugs” began.\n\n"
        "The story has been updated."
    )
    assert all(q.speaker is None or q.speaker.name != "Correction" for q in extract_quotes(text))


def test_dash_lead_in_takes_the_speaker_of_its_clause() -> None:
    text = "When Governor Ada Lind finally wrapped up — “We will win this state!” — the balloons came down."
    q = one_quote(text, "We will win this state", "direct")
    assert mention(q) == "Governor Ada Lind"


def test_prepositional_phrase_after_an_auxiliary_does_not_hide_the_subject() -> None:
    text = "Mayor Ruiz has for years called the transit plan “a fantasy” at council meetings."
    q = one_quote(text, "a fantasy", "partial")
    assert mention(q) == "Mayor Ruiz"
    assert q.cue is not None
    assert q.cue.text == "called"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Ramirez took the unusual step of accusing the board of “bargaining run amok.”", "Ramirez"),
        ("She made a point of saying the shelter “was a place of safety and dignity.”", "She"),
    ],
)
def test_a_mention_never_ends_in_a_preposition(text: str, speaker: str) -> None:
    # `the unusual step of`, `a point of`: the gerund after `of` is the object of the preposition; whoever
    # did the accusing is the subject of the clause
    [q] = [q for q in extract_quotes(text) if q.kind == "partial"]
    assert mention(q) == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("The mayor’s office said in a statement: “We are reviewing the decision.”", "The mayor’s office"),
        ("The congressman's spokesman said the claim was “simply false.”", "The congressman's spokesman"),
        # an owned source is no mere object of the preposition before it
        (
            "He flew home the week after the newspaper’s editorial telling him to leave his “playground for "
            "the posh.”",
            "the newspaper’s editorial",
        ),
    ],
)
def test_an_owner_stays_with_the_speaker_noun_it_owns(text: str, speaker: str) -> None:
    # `office` or `spokesman` alone says nothing of whose; `the campaign’s initial (statement)` stays out
    [q] = [q for q in extract_quotes(text) if q.kind != "indirect"]
    assert mention(q) == speaker


def test_a_role_apposed_to_a_named_speaker_is_not_what_was_said() -> None:
    text = "Clinton’s campaign manager, Robby Mook, disagreed. The deal is dead, Robby Mook said."
    assert _indirect(text) == [("Robby Mook", "said", "The deal is dead")]
    text = "Trump’s running mate, Mike Pence, said the ticket was united."
    assert _indirect(text) == [("Mike Pence", "said", "the ticket was united")]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # an unnamed source is its whole description, not `the matter`, `the talks` or `the campaign`
        ("People familiar with the matter said the deal was off.", "People familiar with the matter"),
        ("A person briefed on the talks said no decision had been made.", "A person briefed on the talks"),
        ("Sources close to the campaign say Trump is frustrated.", "Sources close to the campaign"),
        # a name apposed after a preposition is a person, unless the preposition is one of place
        ("A spokeswoman for Lindqvist, Jennifer Okafor, said the campaign would respond.", "Jennifer Okafor"),
        ("A voter in Columbus, Ohio, said she was undecided.", "A voter"),
    ],
)
def test_the_speaker_of_reported_speech_is_who_spoke(text: str, speaker: str) -> None:
    [said] = _indirect(text)
    assert said[0] == speaker


def test_how_a_source_is_kept_unnamed_reports_nothing() -> None:
    # `named` is a cue elsewhere; here it would take `said …` as what was said and hide the real attribution
    text = "One aide, who asked not to be named, said the campaign was in disarray."
    assert ("One aide", "said", "the campaign was in disarray") in _indirect(text)
    assert not [r for r in _indirect(text) if r[1] == "named"]


@pytest.mark.parametrize("adverb", ["flatly", "repeatedly", "only"])
def test_an_adverb_before_that_is_not_what_was_said(adverb: str) -> None:
    text = f"Trump said {adverb} that he would not apologize."
    assert _indirect(text) == [("Trump", "said", "that he would not apologize")]


@pytest.mark.parametrize(
    "text",
    ["Employers added 151,000 jobs in January.", "The bill adds about $2 billion to the deficit."],
)
def test_adding_a_quantity_reports_nothing(text: str) -> None:
    assert _indirect(text) == []


def test_added_still_reports_a_remark() -> None:
    assert _indirect("He added that 200 people attended.") == [("He", "added", "that 200 people attended")]


@pytest.mark.parametrize(
    "text",
    [
        "The governor spoke to a gathering of union leaders in Ohio.",
        "The aide spoke on the condition of anonymity.",
        "Rubio spoke over boos from the audience.",
    ],
)
def test_speaking_to_someone_or_somehow_reports_nothing(text: str) -> None:
    assert _indirect(text) == []


@pytest.mark.parametrize("between", ["", " instead", " Monday"])
def test_speaking_about_something_reports_the_topic(between: str) -> None:
    text = f"Clinton spoke{between} about the cost of college."
    assert _indirect(text) == [("Clinton", "spoke", "the cost of college")]


def test_a_relative_clause_says_nothing_of_what_came_before_it() -> None:
    text = "“Not true,” tweeted Trump, who has denied the allegations."
    assert _indirect(text) == [("who", "denied", "the allegations")]


@pytest.mark.parametrize(
    ("text", "speaker", "name"),
    [
        # a role a preposition completes speaks for itself, not for whom it serves
        ("“We will win,” a spokesman for Hillary Clinton said.", "a spokesman for Hillary Clinton", None),
        ("A senior adviser to the campaign said polls lie.", "A senior adviser to the campaign", None),
        ("“We will win,” the governor of Ohio said.", "the governor of Ohio", "governor of Ohio"),
        ("Republican members of Congress said the bill was dead.", "Republican members of Congress", None),
        # a person placed by a body is the person
        ("“We will win,” Jane Doe of the Heritage Foundation said.", "Jane Doe", "Jane Doe"),
    ],
)
def test_a_speaker_completed_by_a_preposition_is_the_role_or_person(
    text: str, speaker: str, name: str | None
) -> None:
    [q] = extract_quotes(text)
    assert q.speaker is not None
    assert mention(q) == speaker
    assert q.speaker.name == (name or speaker.removeprefix("a ").removeprefix("A ").removeprefix("the "))


def test_a_place_after_a_titled_name_is_left_out_of_the_name() -> None:
    text = (
        "“We will win,” said Senator Bernie Sanders of Vermont. Later, Sanders added: “We will keep going.” "
        "Secretary of State John Kerry said the talks went well. The Department of Homeland Security said "
        "it followed every rule."
    )
    names = [q.speaker.name for q in extract_quotes(text) if q.speaker is not None]
    assert names == ["Bernie Sanders", "Bernie Sanders", "John Kerry", "Department of Homeland Security"]


@pytest.mark.parametrize(
    ("text", "snippet", "kind", "speaker"),
    [
        (
            "“We are ready,” said Ukraine’s foreign minister, Andrii Sybiha.",
            "We are ready",
            "direct",
            "Andrii Sybiha",
        ),
        (
            "‘We will not back down,’ said the Home Secretary, Yvette Cooper. ‘This is about security.’",
            "back down",
            "direct",
            "Yvette Cooper",
        ),
        (
            "“Prices will fall,” said the governor of the Bank of England, Andrew Bailey, on Thursday.",
            "Prices will fall",
            "direct",
            "Andrew Bailey",
        ),
        (
            "The plant is under pressure from imports, said the company’s chief executive, John Ferriola.",
            "under pressure",
            "indirect",
            "John Ferriola",
        ),
    ],
)
def test_an_inverted_role_set_off_by_a_comma_is_its_holder(
    text: str, snippet: str, kind: str, speaker: str
) -> None:
    q = one_quote(text, snippet, kind)
    assert mention(q) == speaker
    assert q.speaker is not None
    assert q.speaker.name == speaker


def test_a_role_and_name_after_an_object_taking_cue_stay_its_object() -> None:
    text = "Seoul accused the North’s leader, Kim Jong Un, of “fanatic recklessness” on Friday."
    q = one_quote(text, "fanatic recklessness", "partial")
    assert mention(q) == "Seoul"


@pytest.mark.parametrize(
    ("text", "snippet", "kind", "speaker"),
    [
        (
            "President Joe Biden on Tuesday said the U.S. would send more air defense systems.",
            "would send",
            "indirect",
            "President Joe Biden",
        ),
        ("The Kremlin on Monday dismissed the proposal as “absurd.”", "absurd", "partial", "The Kremlin"),
        ("The ministry late Sunday said 12 people had been killed.", "12 people", "indirect", "The ministry"),
        (
            "Starmer earlier this week said Britain would “play its part.”",
            "play its part",
            "partial",
            "Starmer",
        ),
        (
            "Trump on Truth Social said the tariffs would stay in place.",
            "tariffs would stay",
            "indirect",
            "Trump",
        ),
        (
            "Musk on X wrote that the agency was “a criminal organization.”",
            "criminal organization",
            "partial",
            "Musk",
        ),
    ],
)
def test_a_time_or_channel_between_subject_and_cue_is_skipped(
    text: str, snippet: str, kind: str, speaker: str
) -> None:
    q = one_quote(text, snippet, kind)
    assert mention(q) == speaker


@pytest.mark.parametrize(
    "text",
    [
        "A poll released last week showed Trump with a narrow lead in Ohio.",
        "The group launched an ad in Indiana on Saturday afternoon titled, “Scam.”",
    ],
)
def test_a_time_after_a_participle_or_a_prepositions_object_finds_no_subject(text: str) -> None:
    assert [mention(q) for q in extract_quotes(text) if mention(q) in ("A poll released", "Indiana")] == []


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        (
            "In a video posted to Telegram, Zelenskyy said Ukraine had no intention of withdrawing.",
            "Zelenskyy",
            "Ukraine had no intention of withdrawing",
        ),
        (
            "Then, in a statement posted on X, the ministry said the strikes had hit military targets.",
            "the ministry",
            "the strikes had hit military targets",
        ),
    ],
)
def test_a_participle_describing_the_setting_reports_nothing(text: str, speaker: str, content: str) -> None:
    (q,) = extract_quotes(text)
    assert (mention(q), q.text) == (speaker, content)


@pytest.mark.parametrize(
    ("text", "snippet", "speaker"),
    [
        (
            "A report released by the ministry said the economy shrank in May.",
            "economy shrank",
            "A report released by the ministry",
        ),
        (
            "The analysis released by the Department of Veterans Affairs last month reveals a grim picture.",
            "grim picture",
            "The analysis released by the Department of Veterans Affairs",
        ),
    ],
)
def test_a_record_made_by_a_body_speaks_not_the_body(text: str, snippet: str, speaker: str) -> None:
    q = one_quote(text, snippet, "indirect")
    assert mention(q) == speaker


@pytest.mark.parametrize(
    ("text", "speaker", "name"),
    [
        (
            "“We were surprised,” said lead author Maria Gonzalez.",
            "lead author Maria Gonzalez",
            "Maria Gonzalez",
        ),
        ("“It hurts,” said Arsenal midfielder Declan Rice.", "Arsenal midfielder Declan Rice", "Declan Rice"),
        ("“A reset year,” said former secretary of state Hillary Clinton.", None, "Hillary Clinton"),
        ("“We lost,” said Commission President Ursula von der Leyen.", None, "Ursula von der Leyen"),
        ("“It works,” said DNC staff favoring Hillary Clinton.", None, "DNC staff favoring Hillary Clinton"),
    ],
)
def test_a_lower_case_role_before_a_name_is_no_part_of_the_name(
    text: str, speaker: str | None, name: str
) -> None:
    [q] = [q for q in extract_quotes(text) if q.kind == "direct"]
    assert q.speaker is not None
    if speaker is not None:
        assert mention(q) == speaker
    assert q.speaker.name == name


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "“It is over,” said Democratic strategist David Axelrod on Tuesday.",
            "Democratic strategist David Axelrod",
        ),
        (
            "“It is over,” wrote Barclays analyst Tom Smith in a note to clients.",
            "Barclays analyst Tom Smith",
        ),
        ("“It is over,” said Arsenal manager Mikel Arteta after the match.", "Arsenal manager Mikel Arteta"),
        (
            "“It is over,” said Ohio State University professor Paul Beck in an interview.",
            "Ohio State University professor Paul Beck",
        ),
    ],
)
def test_an_inverted_titled_name_ends_before_a_time_or_place(text: str, speaker: str) -> None:
    q = one_quote(text, "It is over", "direct")
    assert mention(q) == speaker


def test_a_titled_name_the_cue_takes_as_object_is_no_inverted_speaker() -> None:
    text = "Beck endorsed Trump rival Sen. Ted Cruz at a rally in Iowa on Saturday."
    q = one_quote(text, "Ted Cruz", "indirect")
    assert mention(q) == "Beck"


@pytest.mark.parametrize(
    "text",
    [
        "The so-called “reform” will do nothing for working families.",
        "The analysis relied on thousands of so-called “independent expenditure” reports by super PACs.",
    ],
)
def test_a_so_called_term_is_not_the_subjects(text: str) -> None:
    assert [q for q in extract_quotes(text) if q.kind == "partial"] == []


def test_a_so_called_term_a_cue_governs_is_the_cues_speakers() -> None:
    text = "The Kasich campaign is already claiming victory in the so-called “governor’s bracket.”"
    assert mention(one_quote(text, "governor’s bracket", "partial")) == "The Kasich campaign"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Acme Inc. said on Monday that it would cut 300 jobs.", "Acme Inc."),
        ("Acme Corp. on Monday announced that it would cut 300 jobs.", "Acme Corp."),
        ("Acme Corp. (NASDAQ: ACME) today announced that it would cut 300 jobs.", "Acme Corp."),
        ("Microsoft today announced that it would cut 300 jobs.", "Microsoft"),
        (
            "Sen. Elizabeth Warren (D-Mass.) on Friday said that it would cut 300 jobs.",
            "Sen. Elizabeth Warren",
        ),
    ],
)
def test_a_company_suffix_ticker_or_today_before_the_cue_keeps_the_subject(text: str, speaker: str) -> None:
    assert mention(one_quote(text, "cut 300 jobs", "indirect")) == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Both men said they were disappointed with the decision.", "Both men"),
        ("Both players said they were disappointed with the decision.", "Both players"),
        ("Trump and Clinton both said they were disappointed with the decision.", "both"),
    ],
)
def test_both_opens_a_plural_speaker(text: str, speaker: str) -> None:
    assert mention(one_quote(text, "disappointed", "indirect")) == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Here in Dayton, Okafor stepped up her push for the school levy, saying, "
            "“The schools cannot wait another year.”",
            "Okafor",
        ),
        (
            "The mayor toured the flooded streets on Sunday and later said, “We will rebuild every house.”",
            "The mayor",
        ),
    ],
)
def test_a_cue_with_no_speaker_of_its_own_before_a_quote_is_the_subjects(text: str, speaker: str) -> None:
    q = next(q for q in extract_quotes(text) if q.kind == "direct")
    assert mention(q) == speaker


@pytest.mark.parametrize(
    "text",
    [
        "However, he held his fire on the mayor, calling him a “decent man” and a friend.",
        "A week later, she flew to the border town and explained why the voters there would “come around.”",
    ],
)
def test_a_pronoun_opening_the_sentence_is_its_whole_subject(text: str) -> None:
    q = next(q for q in extract_quotes(text) if q.kind == "partial")
    assert mention(q) in ("he", "she")


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Grace Okafor kept up her criticism of the plan.\n\n"
            "“The council has had three years to fix the roads and it has done nothing.”",
            "Grace Okafor",
        ),
        (
            "The former judge further related that the case had troubled him for years. "
            "“I could not sleep for a week after the verdict.”",
            "The former judge",
        ),
    ],
)
def test_a_quote_nothing_attributes_is_the_previous_sentences_subjects(text: str, speaker: str) -> None:
    q = next(q for q in extract_quotes(text) if q.kind == "direct")
    assert mention(q) == speaker


def test_a_quote_after_a_paragraph_of_one_capitalised_word_has_no_speaker() -> None:
    text = "She pauses.\n\nPause.\n\n“Well, you do that, and so will I.”"
    q = next(q for q in extract_quotes(text) if q.kind == "direct")
    assert q.speaker is None


def test_a_title_ending_its_sentence_is_no_quote_and_passes_on_no_speaker() -> None:
    text = (
        "“It is too early to tell,” said Marta Lindqvist, who also appears on the TV show “Market Watch.” "
        "“I mean, it all depends on the economy.”"
    )
    quotes = extract_quotes(text)
    assert [q.text for q in quotes if q.kind != "indirect"] == [
        "It is too early to tell,",
        "I mean, it all depends on the economy.",
    ]
    assert mention(quotes[-1]) == "Marta Lindqvist"


def test_a_strong_cue_before_a_weak_one_wins_over_the_first_cue_of_the_sentence() -> None:
    text = (
        "The ruling sparked a fresh debate over how the state responds to flooding, with Senator Dana Ruiz "
        "telling reporters on Thursday she viewed the board as “directly responsible” for the damage."
    )
    q = one_quote(text, "directly responsible", "partial")
    assert mention(q) == "Senator Dana Ruiz"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "When Dana Ruiz, the campaign chair, was asked at a breakfast if the mayor would debate, "
            "he laughed and said, “We will see.”",
            "he",
        ),
        (
            "Last spring, when I asked the governor whether she would run again, she looked at the floor, "
            "shrugged and said, “Ask me in June.”",
            "she",
        ),
    ],
)
def test_a_coordinated_cue_shares_the_subject_after_the_openers_comma(text: str, speaker: str) -> None:
    q = next(q for q in extract_quotes(text) if q.kind == "direct")
    assert mention(q) == speaker


@pytest.mark.parametrize("subhead", ["'A really tough decision.'", "– ‘Who cares?’ –."])
def test_a_short_paragraph_in_single_marks_is_a_subhead(subhead: str) -> None:
    text = (
        "“We had no choice,” the plant manager, Rosa Delgado, said on Friday.\n\n"
        f"{subhead}\n\n"
        "The plant closed in March after four decades."
    )
    assert [q.text for q in extract_quotes(text) if q.kind == "direct"] == ["We had no choice,"]


def test_a_short_paragraph_in_doubled_apostrophes_is_still_a_quote() -> None:
    text = "''We had no choice,'' the plant manager, Rosa Delgado, said on Friday.\n\n''We lost.''"
    assert [q.text for q in extract_quotes(text) if q.kind == "direct"] == ["We had no choice,", "We lost."]


def test_a_title_after_a_quote_inherits_no_speaker() -> None:
    text = (
        "“Audiences want stories about money right now,” said Dana Ruiz, the studio’s president. "
        "“Market Days” was nominated for a best picture award."
    )
    assert [q.text for q in extract_quotes(text) if q.kind != "indirect"] == [
        "Audiences want stories about money right now,"
    ]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Hastily blaming the attack on his rivals ― as he did after the last one ― Senator Ruth Alder "
            "cast doubt on the “official story” of the night.",
            "Senator Ruth Alder",
        ),
        (
            "Shortly after the vote, the families of the victims had mobilized, warning that the deal would "
            "“bury the truth.”",
            "the families",
        ),
    ],
)
def test_an_adverb_opening_the_sentence_is_no_name(text: str, speaker: str) -> None:
    # a capitalised `-ly` word that the text never capitalises inside a sentence is an adverb, no speaker
    speakers = {mention(q) for q in extract_quotes(text)}
    assert speakers & {"Hastily", "Shortly"} == set()
    assert speaker in speakers


def test_a_name_ending_in_ly_still_speaks() -> None:
    text = "Beverly Tran chaired the hearing. Beverly said the plan was “dead on arrival.”"
    assert mention(one_quote(text, "dead on arrival", "partial")) == "Beverly"


@pytest.mark.parametrize(
    "text",
    [
        "Read more here.\n\nNOW OPEN—“Pop-up art show strives to reach the Bronx,” by Ann Lee.",
        "Shares slid. [AP]\nWE’RE WAITING FOR THE ‘BIG REVEAL’ TRAILERS\u00a0Enjoy the “first look” here.",
        "The count went on.\n\nTWO HURT, 16 HELD AFTER STADIUM FIGHT Police said fans “rushed the gates.”",
    ],
)
def test_a_line_in_capitals_names_no_speaker(text: str) -> None:
    # a heading in capitals is no one who speaks, whatever quotation follows it
    for q in extract_quotes(text):
        assert q.speaker is None or not q.speaker.mention.text.isupper()


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Transcript:\n\nJAKE MORROW: Is this the “end of the road” for you?", "JAKE MORROW"),
        ("Sales of the device rose, according to USA TODAY.", "USA TODAY"),
        ("Read more.\n\nCHINA’S SLOWDOWN HITS EUROPE “The yuan fell again,” traders “panicked.”",
         "CHINA’S SLOWDOWN HITS EUROPE"),
    ],
)  # fmt: skip
def test_a_label_or_an_outlet_in_capitals_still_speaks(text: str, speaker: str) -> None:
    # a label, a heading a quotation follows as it would a label, and an outlet named in a sentence
    assert speaker in {mention(q) for q in extract_quotes(text)}
