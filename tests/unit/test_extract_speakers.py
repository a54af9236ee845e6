"""Which speaker a quote gets: governing cues of partial quotes, sources, lead-ins and non-speakers."""

from __future__ import annotations

import pytest

from service.extract.lexicon import negated_cue
from service.extract.quotes import extract_quotes
from tests.unit.quote_helpers import mention, one_quote


def test_partial_in_complement_clause_takes_main_speaker() -> None:
    text = "Tom Westmacott also said that Obama shows “great charm” and a fondness for Britain."
    assert mention(one_quote(text, "great charm", "partial")) == "Tom Westmacott"


def test_partial_after_cue_without_that_takes_main_speaker() -> None:
    text = "Rep. Steve Israel said Clinton called on members to be “closely coordinated.”"
    assert mention(one_quote(text, "closely coordinated", "partial")) == "Rep. Steve Israel"


def test_partial_takes_nearest_strong_cue_of_relative_speaker() -> None:
    text = (
        "“We are gearing up,” said Scott Reed, the group's strategist, who added that his "
        "organization plans to focus on local issues “like folks are running for sheriff.”"
    )
    assert mention(one_quote(text, "running for sheriff", "partial")) == "who"


def test_partial_in_complement_of_a_coordinate_clause_takes_that_clause_speaker() -> None:
    # The nearest cue (`she sees`) is inside the complement of `she cautions`, which governs the quote;
    # the sentence's first cue (`Stevens says`) frames another clause.
    text = (
        "“Success depends on you,” Stevens says, but she cautions that she sees "
        "“two different flip sides to it.”"
    )
    q = one_quote(text, "flip sides", "partial")
    assert mention(q) == "she"
    assert q.cue is not None
    assert q.cue.text == "cautions"


@pytest.mark.parametrize(
    ("text", "words", "speaker", "cue"),
    [
        (  # a comma participle closing a subordinate clause with a subject of its own
            "The mayor has been criticized for the plan, though at a briefing last week she took a harder "
            "line, saying the project “must be stopped.”",
            "must be stopped",
            "she",
            "saying",
        ),
        (  # a means participle in a coordinate clause
            "The governor praised the budget, and he closed the speech by urging “a politics of hope.”",
            "a politics of hope",
            "he",
            "urging",
        ),
    ],
)
def test_partial_after_a_participle_takes_the_subject_of_its_clause(
    text: str, words: str, speaker: str, cue: str
) -> None:
    q = one_quote(text, words, "partial")
    assert mention(q) == speaker
    assert q.cue is not None
    assert q.cue.text == cue


def test_partial_needs_a_comma_for_a_postposed_speaker() -> None:
    text = "It is the pull of the “if you like your plan” promise: many of them negotiated generous plans."
    assert not [q for q in extract_quotes(text) if q.kind == "partial"]


def test_speaker_before_party_parenthetical() -> None:
    text = "Sen. Bernie Sanders (I-Vt.) said Sunday that he would “fight on.”"
    q = one_quote(text, "fight on", "partial")
    assert q.speaker is not None
    assert q.speaker.name == "Bernie Sanders"
    assert q.cue is not None
    assert q.cue.text == "said"


@pytest.mark.parametrize("tag", ["R-Wis.", "D-N.J."])
def test_speaker_before_party_tag_set_off_by_commas(tag: str) -> None:
    text = f"Sen. Pat Lowry, {tag}, told reporters he had “no regrets.”"
    q = one_quote(text, "no regrets", "partial")
    assert q.speaker is not None
    assert q.speaker.name == "Pat Lowry"


def test_inverted_one_speaker() -> None:
    text = "“They will find a way to corrupt it,” wrote one commenter."
    assert mention(one_quote(text, "corrupt it", "direct")) == "one commenter"


def test_according_to_source_takes_the_quote_and_its_follow_up() -> None:
    text = (
        "“When does it stop?” the judge said, according to the Post. "
        "“This case is about the public’s right to know.”"
    )
    quotes = [q for q in extract_quotes(text) if q.kind == "direct"]
    assert [mention(q) for q in quotes] == ["Post", "Post"]
    assert quotes[0].cue is not None
    assert quotes[0].cue.text == "said"  # the attribution's own verb, not the citing "according to"


def test_strong_cue_of_previous_sentence_leads_in() -> None:
    text = (
        "In response, Hillary Clinton said she and Obama had made progress against the odds. "
        "“I really believe that the president has done an incredible job.”"
    )
    q = one_quote(text, "incredible job", "direct")
    assert q.speaker is not None
    assert q.speaker.name == "Hillary Clinton"


def test_person_before_colon_leads_in() -> None:
    text = "Daron Shaw ran the poll. The surge doesn’t surprise pollster Daron Shaw: “History favors them.”"
    assert mention(one_quote(text, "History favors them", "direct")) == "Daron Shaw"


def test_one_word_opener_is_not_a_subject() -> None:
    text = "Bernie Sanders spoke. Typically, he just interrupts me with his “bu, bu, bu” when asked."
    assert mention(one_quote(text, "bu, bu", "partial")) == "he"


def test_expletive_it_is_not_a_speaker() -> None:
    text = "It has not helped that the slogans shifted from “fighting for us” to other words."
    assert not [q for q in extract_quotes(text) if q.kind == "partial"]


def test_modifiers_of_a_noun_cue_are_not_speakers() -> None:
    text = (
        "Rubio would not address his stated conditions. The crafting of an agreed final statement "
        "had been difficult with wrangling over the language. An earlier text referring to the need "
        "for guarantees was replaced."
    )
    names = {q.speaker.name for q in extract_quotes(text) if q.speaker is not None}
    assert not names & {"conditions", "agreed final", "earlier text", "stated"}


def test_group_noun_after_title_word_is_the_subject() -> None:
    text = "Foreign ministers from the G7 nations met on Friday and warned Russia to accept a ceasefire."
    (q,) = extract_quotes(text)
    assert mention(q) == "Foreign ministers"


def test_finished_introduced_quote_is_not_joined_to_the_next() -> None:
    text = "Brafman said, “The zeal is uncharacteristic.” He added, “Things happened that are not ordinary.”"
    quotes = [q for q in extract_quotes(text) if q.kind == "direct"]
    assert [mention(q) for q in quotes] == ["Brafman", "He"]


def test_according_to_source_before_a_partial_quote() -> None:
    text = "According to ProPublica, Hillary Clinton praised her “wonderful donors” in the audience."
    assert mention(one_quote(text, "wonderful donors", "partial")) == "ProPublica"


def test_coordinated_description_after_a_quote() -> None:
    text = "“I have been warning about it,” the Florida senator and presidential candidate said."
    assert mention(one_quote(text, "warning", "direct")) == "the Florida senator and presidential candidate"


def test_unknown_past_tense_verb_before_a_name_after_a_quote() -> None:
    text = "“This is fantastic!” beamed Donald Hartley of Madison, who snuck onto the floor."
    q = one_quote(text, "fantastic", "direct")
    assert q.speaker is not None
    assert q.speaker.mention.text.startswith("Donald Hartley")
    assert q.cue is not None
    assert q.cue.text == "beamed"


def test_inverted_one_of_description() -> None:
    text = "“There won't be a path for him,” said one of those advisers, who spoke anonymously."
    assert mention(one_quote(text, "path for him", "direct")) == "one of those advisers"


def test_participle_after_an_apposition_takes_the_subject() -> None:
    text = "Trump attacked his rival, Hillary Clinton, saying “she lied” about the emails."
    assert mention(one_quote(text, "she lied", "partial")) == "Trump"


def test_headline_label_speaks_its_title_case_quote() -> None:
    text = "Cruz: Trump Would Put Liberals On Court, ‘I Fear The Same Thing Is True’ for Rubio.\n\nMore text."
    q = one_quote(text, "I Fear", "direct")
    assert mention(q) == "Cruz"
    assert q.cue is None


def test_owner_of_a_noun_cue_does_not_carry_over() -> None:
    text = (
        "“There can be no peace without the full support and participation of Ukraine,” Carney told "
        "Zelenskyy, reaffirming Canada’s backing without detailing what further support might entail."
    )
    quotes = extract_quotes(text)
    assert all(mention(q) != "Canada’s" for q in quotes)
    # `without detailing …` reports nothing that was said
    assert not [q for q in quotes if q.cue is not None and q.cue.text == "detailing"]


def test_a_pronoun_resolved_to_a_possessive_gets_the_persons_name() -> None:
    text = "Senators questioned Donald Trump’s plan on Tuesday.\n\n“It will not work,” he said."
    [quote] = [q for q in extract_quotes(text) if q.text == "It will not work,"]
    assert quote.speaker is not None
    assert quote.speaker.mention is not None
    assert (quote.speaker.mention.text, quote.speaker.name) == ("he", "Donald Trump")


def test_an_impersonal_it_is_no_speaker() -> None:
    text = "Ministers met in Rome on Monday.\n\nIt appears, though, that the talks stalled over the border."
    [quote] = extract_quotes(text)
    assert quote.kind == "indirect"
    assert quote.speaker is None


def test_a_name_closed_by_a_regnal_number_or_suffix_is_known_by_the_word_before_it() -> None:
    text = (
        "Pope Leo XIV offered the Vatican as a venue. “We are ready to help,” Pope Leo said on Sunday. "
        "John Smith III arrived later. “Not today,” Smith said."
    )
    names = {q.text: q.speaker.name for q in extract_quotes(text) if q.speaker is not None}
    assert names["We are ready to help,"] == "Leo XIV"
    assert names["Not today,"] == "John Smith III"


def test_a_negated_cue_reads_as_printed_so_the_content_is_what_was_not_said() -> None:
    cues = {
        "Trump did not say that he would run again.": "did not say",
        "Trump didn’t say that he would run again.": "didn’t say",
        "Clinton has never claimed that the deal was perfect.": "has never claimed",
        "The final version made no mention of a two-state solution.": "no mention",
        "Obama said that the economy was growing.": "said",
        "Trump did not actually say that he would run again.": "did not actually say",
        "Carney never publicly said “We will fight these tariffs with purpose.”": "never publicly said",
        "Carney denied saying “We will fight these tariffs with purpose.”": "denied saying",
        "Obama quickly said that the economy was growing.": "said",
    }
    for text, cue in cues.items():
        [quote] = extract_quotes(text)
        assert quote.cue is not None
        assert quote.cue.text == cue, text
    [quote] = extract_quotes("Trump didn’t say that he would run again.")
    assert quote.speaker is not None
    assert quote.speaker.name == "Trump"
    assert negated_cue("denied saying")
    assert negated_cue("never actually said")
    assert not negated_cue("quickly said")


def test_an_initialism_after_the_speaks_and_keeps_its_closing_period() -> None:
    [quote] = extract_quotes("The U.N. said that aid was blocked.")
    assert quote.speaker is not None
    assert (quote.speaker.name, quote.speaker.mention.text) == ("U.N.", "The U.N.")
    [place] = extract_quotes("Officials in Washington, D.C. said the plan was final.")
    assert place.speaker is None or place.speaker.name != "D.C."


def test_a_heading_run_into_its_paragraph_names_nobody() -> None:
    text = (
        "Kevin McKinley is a financial adviser in Eau Claire.\n\n"
        "THE BORROWING Back when he wrote his book, he avoided debt. "
        "“You'd like to pay cash for your house, too, but it's just not realistic,” he said."
    )
    names = {q.speaker.name for q in extract_quotes(text) if q.speaker is not None}
    assert not any("BORROWING" in name for name in names)
    [cash] = [q for q in extract_quotes(text) if "pay cash" in q.text]
    assert cash.speaker is not None
    assert cash.speaker.name == "Kevin McKinley"


def test_an_organisation_keeps_its_whole_name() -> None:
    q = one_quote("The State Department said the emails were classified.", "emails", "indirect")
    assert q.speaker is not None
    assert (q.speaker.name, q.speaker.title) == ("State Department", None)


def test_initials_are_no_antecedent_of_a_pronoun() -> None:
    text = "Trump met reporters in the U.S. capital on Monday. “We will win,” he said."
    q = one_quote(text, "We will win", "direct")
    assert mention(q) == "he"
    assert q.speaker is not None
    assert q.speaker.name != "U.S."


def test_a_title_case_run_is_no_antecedent_of_a_pronoun() -> None:
    text = (
        "He wrote a column titled The Only Meaningful Exchange That Happened Between Marco Rubio And Rand "
        "Paul At The Debate. The senator’s answer was short. “No,” he said."
    )
    q = one_quote(text, "No", "direct")
    assert q.speaker is not None
    assert q.speaker.name == "he"


def test_an_as_clause_with_an_apposition_attributes_the_quote_after_it() -> None:
    text = (
        "The board met. As the LinkedIn chief executive, Jeff Weiner, put it in his memo, "
        "“Imagine a world where we are no longer looking up at tech titans.”"
    )
    assert mention(one_quote(text, "Imagine a world", "direct")) == "Jeff Weiner"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a sentence's first word is capitalised whatever it is
        (
            "Understated Perez raises his profile.\n\nLabor Secretary Thomas Perez toured the plant. "
            "“We will keep these jobs,” Perez said.",
            "Thomas Perez",
        ),
        ("Rival Hillary Clinton was in Iowa. “We are ready,” Clinton said.", "Hillary Clinton"),
        # a nickname or a title in quotation marks is not how the text names the person
        (
            "Trump again attacked “Crooked Hillary Clinton” on Friday. Aides said Hillary Clinton would "
            "answer him. “I will not stoop to that,” Clinton said.",
            "Hillary Clinton",
        ),
        # a name written as an owner is known by its surname too
        ("Donald Trump’s campaign hired a pollster. “We are winning,” Trump said.", "Donald Trump"),
        # but of a family, the surname alone stands for the one not first named as an owner
        (
            "In a year when Bill Clinton's record is under scrutiny, Hillary Clinton is shaping his role. "
            "Aides said Bill Clinton would focus on jobs. “He will help,” Clinton said.",
            "Hillary Clinton",
        ),
        # a party is a title (`Democrat` as `Republican`)
        ("The race went to Democrat Zephyr Teachout. “We did it,” Teachout said.", "Zephyr Teachout"),
        # a modal may be a first name
        ("Will Hurd toured the border. “The wall is a waste,” Hurd said.", "Will Hurd"),
        # a subordinating conjunction is not
        ("Although Maria Lopez was absent, aides were calm. “Nothing changes,” Lopez said.", "Maria Lopez"),
        # a date is no one's name, and no pronoun's antecedent
        ("Glenn Beck spoke. Last September, he said: “I will never back Trump.”", "Glenn Beck"),
        ("Glenn Beck spoke. On New Year, he said: “I will never back Trump.”", "Glenn Beck"),
        ("Kristen Day spoke. Then she said: “We are pro-life Democrats.”", "Kristen Day"),
    ],
)
def test_the_full_name_a_speaker_is_known_by(text: str, name: str) -> None:
    [q] = [q for q in extract_quotes(text) if q.kind == "direct"]
    assert q.speaker is not None
    assert q.speaker.name == name


@pytest.mark.parametrize(
    ("text", "snippet", "kind", "speaker", "name"),
    [
        (
            "President Ursula von der Leyen spoke in Brussels. “We will respond,” von der Leyen said.",
            "We will respond",
            "direct",
            "von der Leyen",
            "Ursula von der Leyen",
        ),
        (
            "Ursula von der Leyen said on Tuesday that Europe must rearm.",
            "Europe must rearm",
            "indirect",
            "Ursula von der Leyen",
            "Ursula von der Leyen",
        ),
        (
            "Mayor Bill de Blasio spoke.\n\nDe Blasio said the city would reopen on Monday.",
            "city would reopen",
            "indirect",
            "De Blasio",
            "Bill de Blasio",
        ),
        (
            "Ursula von der Leyen spoke in Brussels. She said Europe must rearm.",
            "must rearm",
            "indirect",
            "She",
            "Ursula von der Leyen",
        ),
    ],
)
def test_a_name_keeps_its_particles(text: str, snippet: str, kind: str, speaker: str, name: str) -> None:
    q = one_quote(text, snippet, kind)
    assert mention(q) == speaker
    assert q.speaker is not None
    assert q.speaker.name == name


@pytest.mark.parametrize(
    ("text", "snippet", "name"),
    [
        (
            "Chinese President Xi Jinping met Putin. Xi said the two countries were “good neighbours.”",
            "good neighbours",
            "Xi Jinping",
        ),
        (
            "Brazilian President Luiz Inácio Lula da Silva spoke on Tuesday. “Brazil is back,” Lula said.",
            "Brazil is back",
            "Luiz Inácio Lula da Silva",
        ),
    ],
)
def test_a_given_name_of_a_titled_name_is_that_person(text: str, snippet: str, name: str) -> None:
    q = next(q for q in extract_quotes(text) if snippet in q.text and q.kind in ("direct", "partial"))
    assert q.speaker is not None
    assert q.speaker.name == name


def test_a_word_of_an_untitled_name_stays_as_written() -> None:
    text = "The Maddow Show aired on Monday. Maddow said the vote was “a disgrace.”"
    q = one_quote(text, "a disgrace", "partial")
    assert q.speaker is not None
    assert q.speaker.name == "Maddow"


@pytest.mark.parametrize(
    ("text", "snippet", "speaker", "name"),
    [
        (
            "The Department for Education said the figures were wrong.",
            "figures were wrong",
            "The Department for Education",
            "Department for Education",
        ),
        (
            "“These figures are wrong,” the Department for Work and Pensions said.",
            "figures are wrong",
            "the Department for Work and Pensions",
            "Department for Work and Pensions",
        ),
        (
            "The Organization for Economic Cooperation and Development said growth would slow.",
            "growth would slow",
            "The Organization for Economic Cooperation and Development",
            "Organization for Economic Cooperation and Development",
        ),
        (
            "“It is a mistake,” said the Institute for Fiscal Studies.",
            "a mistake",
            "Institute for Fiscal Studies",
            "Institute for Fiscal Studies",
        ),
    ],
)
def test_a_body_keeps_the_words_after_its_for_or_to(text: str, snippet: str, speaker: str, name: str) -> None:
    (q,) = [q for q in extract_quotes(text) if snippet in q.text]
    assert mention(q) == speaker
    assert q.speaker is not None
    assert q.speaker.name == name


def test_names_joined_by_and_stay_apart() -> None:
    q = one_quote("Trump and Clinton said the vote was close.", "vote was close", "indirect")
    assert mention(q) == "Clinton"


@pytest.mark.parametrize(
    ("text", "pronoun", "speaker"),
    [
        # The first person of the sentence before is the wrong one for the pronoun: the next one is named.
        ("Hillary Clinton met Bernie Sanders in Vermont. “We won,” he said.", "he", "Bernie Sanders"),
        ("Bernie Sanders met Hillary Clinton in Nevada. “We won,” she said.", "she", "Hillary Clinton"),
        # A title tells them apart where no given name does.
        ("Mrs. Okafor met Mr. Lindqvist on Monday. “It went well,” he said.", "he", "Mr. Lindqvist"),
        ("Mr. Lindqvist met Mrs. Okafor on Monday. “It went well,” she said.", "she", "Mrs. Okafor"),
        # A name that tells neither agrees with both.
        ("Alex Okafor met Hillary Clinton on Monday. “It went well,” he said.", "he", "Alex Okafor"),
    ],
)
def test_a_pronoun_stands_for_a_person_of_its_sex(text: str, pronoun: str, speaker: str) -> None:
    [quote] = extract_quotes(text)
    assert quote.speaker is not None
    assert quote.speaker.mention.text == pronoun
    assert speaker.endswith(quote.speaker.name)
    assert (quote.speaker.title or "") in speaker


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Bill Clinton and Hillary Clinton arrived. “Thank you,” Mrs. Clinton said.", "Hillary Clinton"),
        ("Hillary Clinton and Bill Clinton arrived. “Thank you,” Mr. Clinton said.", "Bill Clinton"),
        # Of the family only the husband is named in full: the wife is known by her surname.
        ("Bill Clinton arrived. “Thank you,” Mrs. Clinton said.", "Clinton"),
    ],
)
def test_a_title_names_the_family_member_of_its_sex(text: str, name: str) -> None:
    [quote] = extract_quotes(text)
    assert quote.speaker is not None
    assert quote.speaker.name == name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "After the Democratic National Convention, Joe Biden went home. “It is malarkey,” he said.",
            "Joe Biden",
        ),
        ("The Daily Show host Jon Stewart left in 2015. “I was tired,” he said.", "Jon Stewart"),
        ("Team Trump met Tom Reyes. “It went well,” he said.", "Tom Reyes"),
        (
            "Hillary Clinton left. Chris Christie Calls Hillary Clinton a liar. “We won,” Clinton said.",
            "Hillary Clinton",
        ),
        ("Tom Reyes spoke.\n\nFULL TEXT.\n\n“It went well,” he said.", "Tom Reyes"),
        ("In New Hampshire, Bernie Sanders spoke for an hour. “We will win,” he said.", "Bernie Sanders"),
        ("From Fort Pierce to Washington Heights, Ann Lages drove. “We will win,” she said.", "Ann Lages"),
        ("The Affordable Care Act was law and Ben Ortiz was there. “It is late,” he said.", "Ben Ortiz"),
        # A name placed by its state is still the person's.
        ("“We will win,” said Sen. Chuck Schumer of New York.", "Chuck Schumer"),
    ],
)
def test_a_gathering_a_programme_or_a_place_is_no_person_a_pronoun_stands_for(text: str, name: str) -> None:
    [quote] = extract_quotes(text)
    assert quote.speaker is not None
    assert quote.speaker.name == name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # A description before the name is no part of it, nor of the fullest name of its surname.
        (
            "Bernie Sanders held a Los Angeles-area Sanders rally. “We will win,” Sanders said.",
            "Bernie Sanders",
        ),
        ("“We will win,” said Texas-based Matt Mackowiak.", "Matt Mackowiak"),
        ("“We will win,” said White House Chief of Staff Denis McDonough.", "Denis McDonough"),
        ("Bernie Sanders held a New Hampshire Sanders rally. “We won,” Sanders said.", "Bernie Sanders"),
        ("“We will win,” said Senate Minority Whip Dick Durbin.", "Dick Durbin"),
        ("Comedian Sarah Silverman spoke first. “We will win,” she said.", "Sarah Silverman"),
        # An owner before a full name is the person's employer or state; a place of the owner's is no person.
        ("“The bullying,” Fox’s Chris Wallace said.", "Chris Wallace"),
        ("“We will win,” said Donald Trump’s campaign.", "Donald Trump’s campaign"),
        ("In Trump’s Indiana, Ted Cruz spoke. “We will win,” he said.", "Ted Cruz"),
        # An occupation that is the surname stays the name.
        ("“We will win,” said Peter Singer.", "Peter Singer"),
        # A question's opening modal is no first name.
        ("Will Sanders win? Bernie Sanders thinks so. “We will win,” Sanders said.", "Bernie Sanders"),
        ("“We will win,” said Will Doyle, a professor.", "Will Doyle"),
        # Nor is a sentence's capitalised first word that is no first name, where a pronoun finds the name.
        ("Even Lindsey Graham agreed. “It is over,” he said.", "Lindsey Graham"),
    ],
)
def test_a_description_or_a_question_before_a_name_is_no_part_of_it(text: str, name: str) -> None:
    quotes = [q for q in extract_quotes(text) if q.kind == "direct"]
    assert [q.speaker.name if q.speaker else None for q in quotes] == [name]


def test_a_name_looked_up_by_its_surname_is_written_as_the_text_writes_it() -> None:
    text = "George H. W. Bush and Joseph R. Biden Jr. met. “We agree,” Bush said. “We do,” Biden said."
    assert [q.speaker.name if q.speaker else None for q in extract_quotes(text)] == [
        "George H. W. Bush",
        "Joseph R. Biden Jr.",
    ]
