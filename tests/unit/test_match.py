from __future__ import annotations

import subprocess
import sys

import pytest

import service.match as match
from schemas import StatementMention, StatementSummary
from service.extract.quotes import extract_quotes
from service.match import (
    Candidate,
    MemoryIndex,
    Statement,
    Wording,
    attribution,
    choose_statement,
    classify,
    compare_speakers,
    index_keys,
    normalize,
    query_keys,
    rank_candidates,
    score_pair,
    word_diff,
)
from service.match.compare import (
    check_answer,
    check_score,
    elided_pieces,
    misquoted_phrase,
    pieces_in_order,
    states_something,
)
from service.match.normalize import CACHED_CHARS, LONG_WORDS, MAX_POSTING, sentence_keys, surface_words
from service.match.score import PairScore
from service.match.wording import wording_key
from service.store.corpus import asked_speaker_slugs, speaker_slugs

CARNEY = (
    "We are going to fight these tariffs with purpose and with force, and we will protect "
    "Canadian workers and Canadian businesses every step of the way."
)
LONG_UNRELATED = (
    "The economy is going to be stronger than ever before, and we will see the results in "
    "the factories of Ohio and Michigan within a year."
)


def cand(sid: str, text: str, speaker: str | None = None, *renderings: str) -> Candidate:
    return Candidate(sid, normalize(text), speaker, tuple(normalize(r) for r in renderings))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("“We’re DONE,” he said…", "we are done he said"),
        ('"We cannot" -- he said...', "we can not he said"),
        ("It was [the president’s] call — (laughter) final", "it was call final"),
        ("[T]he deal is off", "the deal is off"),
        ("a $1,000 tax, 3.5% more", "a 1000 tax 3.5 percent more"),
        ("What's next? He's 3; there's 0", "what is next he is three there is zero"),
        ("Café  au   lait", "cafe au lait"),
        ("We can’t, they won’t, you’ll see I’m right", "we can not they will not you will see i am right"),
        ("CANNOT: they cant, isn't, we've, they're (no)", "can not they can not is not we have they are"),
        ("2 per cent, or 2.5 Per\u00a0Cent", "two percent or 2.5 percent"),  # a British house's percent
        ("It's 10, it's 11; Trump's 2", "it is ten it is 11 trumps two"),
        ("super centre, per capita", "super center per capita"),
        ("We recognise the organisation's colours", "we recognize the organizations colors"),
        (
            "They travelled towards the centre, whilst analysing",
            "they traveled toward the center while analyzing",
        ),
        ("Our four hours; the disease", "our four hours the disease"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_index_keys_are_word_trigrams_plus_content_words_for_short_quotes() -> None:
    assert list(index_keys("we will fight these tariffs with force")) == [
        "t:fight these tariffs",
        "t:tariffs with force",
        "t:these tariffs with",
        "t:we will fight",
        "t:will fight these",
    ]
    assert list(index_keys("very good and productive")) == [
        "t:good and productive",
        "t:very good and",
        "u:productive",
    ]
    assert index_keys("we will see") == ("t:we will see", "x:we will see")
    assert index_keys("productive") == ("u:productive",)


def test_a_phrase_and_the_quote_holding_it_find_each_other_by_their_content_word_pairs() -> None:
    quote = normalize(
        "Extremely careless in their handling of very sensitive, highly classified information."
    )
    phrase = normalize("extremely careless")
    assert set(query_keys(phrase)) & set(index_keys(quote)) == {"b:extremely careless"}
    assert set(query_keys(quote)) & set(index_keys(phrase)) == {"p:extremely careless"}
    other = normalize("Highly classified information was never sent from that server, she told reporters.")
    assert {k[:2] for k in set(query_keys(other)) & set(index_keys(quote))} == {"t:"}


LONG_REMARKS = [
    "These tariffs will raise prices for every family in America, and they will not bring back a single "
    "factory, not one, no matter what the White House tells you.",
    CARNEY,
    "We are going to renegotiate the trade deals that have sent our factories and our jobs overseas, and we "
    "are going to bring back the steel mills and the coal mines to Pennsylvania and to Ohio.",
]


@pytest.mark.parametrize("remark", LONG_REMARKS)
def test_every_run_of_six_words_or_more_of_a_long_remark_finds_it(remark: str) -> None:
    """An outlet quoting any six words or more of a long remark finds the remark among the candidates: a
    long text's sample of trigrams meets every such passage (`SAMPLE_WINDOW`)."""
    words = remark.split()
    assert len(normalize(remark).split()) > LONG_WORDS
    for size in (6, 8, 12, 18):
        for first in range(len(words) - size + 1):
            index = MemoryIndex()
            index.add(remark, "Jane Holloway", "remark")
            part = " ".join(words[first : first + size])
            assert [c.statement_id for c in index.candidates(normalize(part))] == ["remark"], part


def test_the_keys_of_a_text_come_in_the_same_order_in_every_process() -> None:
    """Candidates' weights are summed in key order, so a near tie must not rank by the process's hash seed."""
    probe = (
        "from service.match import index_keys, normalize, query_keys;"
        "from service.match.normalize import sentence_keys;"
        "texts = [normalize(t) for t in ('extremely careless with highly classified information',"
        " 'a total and complete shutdown of Muslims entering the United States until we figure it out')];"
        "print([(index_keys(t), query_keys(t), query_keys(t, pairs=False), sentence_keys(t)) for t in texts])"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", probe],
            env={"PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("0", "1", "2", "3")
    }
    assert len(outputs) == 1


CLAIMS = [
    "Unemployment in Ohio fell to 4.1 percent last month, the lowest rate since 2001.",
    "The state spent $2.3 billion on road repairs in 2015.",
    LONG_REMARKS[0],
]


@pytest.mark.parametrize("claim", CLAIMS)
def test_a_claim_posts_a_sample_that_every_run_of_six_words_or_more_still_finds(claim: str) -> None:
    """Claims, sought only by other sentences, post no more keys than a quote of the same words (fewer up to
    `LONG_WORDS` words, where a quote posts every trigram), and any six words or more of one, alone or as a
    sentence of their own, still find it."""
    norm = normalize(claim)
    fewer = len(sentence_keys(norm)) < len(index_keys(norm, pairs=False))
    assert fewer is (len(norm.split()) <= LONG_WORDS)
    words = claim.split()
    for size in (6, 8, 10):
        for first in range(len(words) - size + 1):
            index = MemoryIndex(sentences=True)
            index.add(claim, None, "claim")
            part = " ".join(words[first : first + size])
            assert [c.statement_id for c in index.candidates(normalize(part))] == ["claim"], part


COMEY = "extremely careless in their handling of very sensitive, highly classified information."


@pytest.mark.parametrize("phrase_first", [True, False])
@pytest.mark.parametrize(
    ("speaker", "joined"),
    [("James Comey", True), ("Comey", True), (None, False), ("Hillary Clinton", False)],
)
def test_a_short_phrase_joins_the_quote_holding_it_only_from_the_same_named_speaker(
    phrase_first: bool, speaker: str | None, joined: bool
) -> None:
    index = MemoryIndex()
    mentions = [("“extremely careless,”", speaker), (COMEY, "James Comey")]
    ids = [index.add(text, who)[0] for text, who in (mentions if phrase_first else mentions[::-1])]
    assert (ids[0] == ids[1]) is joined


@pytest.mark.parametrize(
    ("phrase", "quote"),
    [
        ("very good", "It was a very good meeting with the Prime Minister, very good and productive."),
        ("a disaster", "It is going to be a disaster for the country and for the people who work here."),
    ],
)
def test_a_phrase_with_under_two_content_words_stays_apart_from_a_quote_holding_it(
    phrase: str, quote: str
) -> None:
    assert choose_statement(normalize(phrase), "Trump", [cand("s1", quote, "Donald Trump")]) is None


def test_rank_candidates_orders_by_shared_keys_and_skips_huge_postings() -> None:
    huge = {f"h{i}" for i in range(MAX_POSTING + 1)}
    assert rank_candidates([{"a", "b"}, {"b"}, huge]) == ["b", "a"]
    assert rank_candidates([{"a", "b", "c"}, {"c"}], limit=2) == ["c", "a"]


def test_rank_candidates_puts_a_shared_rare_key_before_shared_stock_ones() -> None:
    stock = [{"common", *(f"s{i}_{n}" for i in range(40))} for n in range(3)]  # three stock trigrams
    assert rank_candidates([*stock, {"rare"}], limit=2) == ["rare", "common"]  # one rare key beats three
    many = [{"x", *(f"m{i}_{n}" for i in range(99))} for n in range(4)]  # 4/100 < RANK_FLOOR of 1
    assert rank_candidates([*many, {"rare"}]) == ["rare"]  # stock keys alone offer nothing beside it
    assert rank_candidates(many)[0] == "x"  # but do when nothing better is found


@pytest.mark.parametrize(
    ("a", "b", "relation"),
    [
        ("Mark Carney", "Mark Carney", "same"),
        ("Trump", "Donald Trump", "related"),
        ("Mr. Trump", "Donald J. Trump", "related"),
        ("the prime minister", "Mark Carney", "unknown"),
        (None, "Mark Carney", "unknown"),
        ("he", "Hillary Clinton", "unknown"),
        ("Pierre Poilievre", "Mark Carney", "different"),
        ("Calderón", "Calderon", "same"),
        ("Barack Obama’s", "Barack Obama", "same"),
        ("Tuesday’s New Hampshire", "Bernie Sanders", "unknown"),
        ("Ohio", "Hillary Clinton", "unknown"),
        ("Clinton seized upon the", "Hillary Clinton", "related"),
        ("FBI investigation", "James Comey", "unknown"),
        ("spokesman for Hillary Clinton", "Hillary Clinton", "unknown"),
        # a description qualified by a place, a party or a body names nobody
        ("California governor", "Elizabeth Warren", "unknown"),
        ("Massachusetts Democrat", "Elizabeth Warren", "unknown"),
        ("White House spokesman", "Karine Jean-Pierre", "unknown"),
        # one family's given names are different people; one person's short and long forms are not
        ("Eric Trump", "Donald Trump", "different"),
        ("Chelsea Clinton", "Hillary Rodham Clinton", "different"),
        ("Bill Clinton", "William Jefferson Clinton", "related"),
        ("Joe Biden", "Joseph R. Biden Jr.", "related"),
        ("J.D. Vance", "JD Vance", "related"),
        ("Los Angeles-area Sanders", "New Hampshire Sanders", "related"),  # places, not given names
        # hyphens and particles are written either way
        ("Kim Jong-un", "Kim Jong Un", "same"),
        ("Lula", "Luiz Inácio Lula da Silva", "related"),
        ("senior adviser to Bernie Sanders", "Hillary Clinton", "unknown"),
        # one surname transliterated as each outlet's style has it (AP, Reuters, BBC, Kyiv)
        ("Zelenskiy", "Volodymyr Zelenskyy", "related"),
        ("Volodymyr Zelensky", "Volodymyr Zelenskyy", "same"),
        ("Volodymyr Zelenskyi", "Volodymyr Zelenskiy", "same"),
        ("Alexei Navalnyi", "Alexei Navalny", "same"),
        ("Kelly", "Kelley", "different"),  # other spellings stay other names
        # an abbreviated title is a title: before a name it goes, alone it describes
        ("VP Vance", "JD Vance", "related"),
        ("AG Bondi", "Pam Bondi", "related"),
        ("Chancellor Reeves", "Rachel Reeves", "related"),
        ("the PM", "Keir Starmer", "unknown"),
        ("Labour MP", "Keir Starmer", "unknown"),
        (
            "Joshua Hendrick, a professor at Loyola University",
            "Jeffery Hemsley, of Syracuse University",
            "different",
        ),
    ],
)
def test_compare_speakers(a: str | None, b: str | None, relation: str) -> None:
    assert compare_speakers(a, b) == relation


@pytest.mark.parametrize(
    ("mention", "statement", "credited"),
    [
        ("the Ohio senator", "JD Vance", "unnamed"),
        ("Eric Trump", "Donald Trump", "different"),
        ("Trump", "Donald Trump", "same"),
        ("White House", "Karine Jean-Pierre", "different"),
        ("PM", "Keir Starmer", "unnamed"),
        ("the Labour MP", "Keir Starmer", "unnamed"),
        ("VP Vance", "JD Vance", "same"),
        ("Zelensky", "Volodymyr Zelenskyy", "same"),
        ("Jess Phillips", "Keir Starmer", "different"),
        # a place or time phrase taken for a speaker (`“…” echoed across Europe`) names nobody
        ("across Europe", "Keir Starmer", "unnamed"),
        ("in Washington", "Donald Trump", "unnamed"),
    ],
)
def test_attribution_names_a_person_a_body_or_nobody(mention: str, statement: str, credited: str) -> None:
    assert attribution(mention, statement) == credited


def test_short_truncation_joins_short_statement_of_same_speaker() -> None:
    statement = cand("s1", "very good and productive", "Trump")
    found = choose_statement(normalize("productive"), "Trump", [statement])
    assert found is not None
    assert (found.statement_id, found.relation, found.speaker_agreed) == ("s1", "within", True)
    assert classify("very good and productive", "productive") == "truncated"


def test_a_lone_word_joins_a_sentence_only_as_the_same_word() -> None:
    index = MemoryIndex()
    remark, _ = index.add("This deal is reckless and shameful", "Jane Doe")
    reckless, _ = index.add("reckless", "Jane Doe")
    shameful, _ = index.add("shameful", "Jane Doe")
    assert len({remark, reckless, shameful}) == 3
    again = index.match("Reckless!", "Jane Doe")
    assert again is not None
    assert (again.statement_id, again.relation) == (reckless, "similar")


def test_a_plain_fragment_needs_the_same_speaker_to_join() -> None:
    statement = cand(
        "s1",
        "in charge of revitalizing the economy, because, you know, he knows how to do it",
        "Hillary Clinton",
    )
    fragment = normalize("he knows how to do it.")
    assert choose_statement(fragment, "Clinton", [statement]) is not None
    assert choose_statement(fragment, None, [statement]) is None


def test_described_speaker_joins_and_reports_the_difference() -> None:
    mention = normalize("We are going to fight these tariffs with purpose and with force")
    found = choose_statement(mention, "the prime minister", [cand("s1", CARNEY, "Mark Carney")])
    assert found is not None
    assert found.statement_id == "s1"
    assert found.speaker == "unknown"
    assert not found.speaker_agreed


def test_generic_fragment_does_not_join_long_unrelated_quote() -> None:
    assert choose_statement(normalize("we will see"), "Trump", [cand("s1", LONG_UNRELATED, "Trump")]) is None
    assert choose_statement(normalize("very good"), None, [cand("s1", CARNEY, "Mark Carney")]) is None


def test_a_long_passage_under_another_name_joins_as_a_misattribution() -> None:
    statement = cand("s1", CARNEY, "Mark Carney")
    found = choose_statement(normalize(CARNEY.upper() + "!"), "Pierre Poilievre", [statement])
    assert found is not None
    assert (found.statement_id, found.speaker) == ("s1", "different")
    stretch = "we will protect Canadian workers and Canadian businesses every step of the way"
    assert choose_statement(normalize(stretch), "Pierre Poilievre", [statement]) is not None


def test_a_short_quote_joins_under_another_transliteration_of_the_speaker() -> None:
    statement = cand("s1", "We are ready for any format of talks", "Volodymyr Zelenskyy")
    found = choose_statement(normalize("We are ready for any format of talks."), "Zelenskiy", [statement])
    assert found is not None
    assert found.speaker == "related"


def test_short_or_loose_matches_under_another_name_are_separate() -> None:
    statement = cand("s1", CARNEY, "Mark Carney")
    short = "we will protect Canadian workers and Canadian businesses"
    assert choose_statement(normalize(short), "Mark Carney", [statement]) is not None
    assert choose_statement(normalize(short), "Pierre Poilievre", [statement]) is None
    altered = CARNEY.replace("purpose", "resolve").replace("force", "vigilance")
    assert choose_statement(normalize(altered), "Mark Carney", [statement]) is not None
    assert choose_statement(normalize(altered), "Pierre Poilievre", [statement]) is None


@pytest.mark.parametrize(
    "variant",
    [
        "“We are going to fight these tariffs with purpose and with force …”",
        "… we will protect Canadian workers and Canadian businesses every step of the way",
        "We are going to fight these tariffs ... and we will protect Canadian workers",
        "We are going to fight [U.S.] tariffs with purpose and with force, and [Ottawa] will protect "
        "Canadian workers and Canadian businesses every step of the way.",
        "We are going to fight these tariffs with purpose and with strength, and we will defend "
        "Canadian workers and Canadian businesses every step of the way!",
    ],
)
def test_variants_join_their_statement(variant: str) -> None:
    found = choose_statement(normalize(variant), None, [cand("s1", CARNEY, "Mark Carney")])
    assert found is not None
    assert found.statement_id == "s1"


def test_best_candidate_wins_and_renderings_count() -> None:
    other = cand("s1", "we are going to fight these tariffs in court", "Mark Carney")
    carney = cand("s2", "something else entirely was said today", "Mark Carney", CARNEY)
    found = choose_statement(normalize(CARNEY), "Carney", [other, carney])
    assert found is not None
    assert found.statement_id == "s2"


def test_mention_extending_a_partial_rendering_only_is_not_joined() -> None:
    stmt = cand("s1", "the wall will be paid for by mexico believe me", None, "the wall will be paid for")
    mention = normalize("the wall will be paid for by congress and by the taxpayers of this country")
    assert choose_statement(mention, None, [stmt]) is None


def test_outlets_quoting_different_stretches_of_one_remark_overlap() -> None:
    first = normalize(
        "If she gets to pick her judges, nothing you can do folks. Although the Second Amendment people, "
        "maybe there is, I don't know."
    )
    second = normalize(
        "Although the Second Amendment people, maybe there is. I don’t know. But — but I’ll tell you what. "
        "That will be a horrible day."
    )
    pair = score_pair(first, second)
    assert pair is not None
    assert pair.relation == "overlaps"
    stock = normalize("she is not fit to serve as president of the United States, and everyone knows it")
    assert (
        score_pair(stock, normalize("nobody is more qualified to serve as president of the United States"))
        is None
    )


def test_short_texts_differing_by_a_word_are_different() -> None:
    assert (
        score_pair(normalize("This is an absolute epidemic"), normalize("This is an absolute necessity"))
        is None
    )
    assert score_pair(normalize("Crooked Hillary"), normalize("Crooked Hillary Clinton")) is not None


def test_score_pair_relations() -> None:
    full, part = normalize(CARNEY), normalize("we will protect Canadian workers and Canadian businesses")
    within, contains = score_pair(part, full), score_pair(full, part)
    assert within is not None
    assert contains is not None
    assert (within.relation, contains.relation) == ("within", "contains")
    assert score_pair(full, full) == PairScore(1.0, "similar")
    assert score_pair(normalize("we will see"), normalize(LONG_UNRELATED)) is None


@pytest.mark.parametrize(
    ("rendering", "expected"),
    [
        ("“very good and productive”", "verbatim"),
        ("Very good and productive!", "verbatim"),
        ("Very good, and productive!", "punctuation"),
        ("good and productive", "truncated"),
        ("very good ... productive", "truncated"),
        ("very good productive", "altered"),
        ("very good and productive talks", "extended"),
        ("very bad and productive", "altered"),
        ("very good [...] productive", "truncated"),
        ("very good and productive (laughter)", "extended"),
        ("very good and [very] productive", "altered"),
    ],
)
def test_classify(rendering: str, expected: str) -> None:
    assert classify("very good and productive", rendering) == expected


def test_word_diff_compares_normalised_words_and_reports_them_as_written() -> None:
    ops = word_diff("very good and productive talks", "“Very good, productive meetings today”")
    assert [(op.op, op.canonical, op.rendering) for op in ops] == [
        ("equal", ["very", "good"], ["Very", "good,"]),
        ("delete", ["and"], []),
        ("equal", ["productive"], ["productive"]),
        ("replace", ["talks"], ["meetings", "today"]),
    ]


@pytest.mark.parametrize(
    ("reference", "rendering", "changes"),
    [
        (
            "We will fix the roads. Our towns deserve better. Trust me.",
            "We will fix the road.",
            [
                ("replace", ["roads."], ["road."]),
                ("delete", ["Our", "towns", "deserve", "better.", "Trust", "me."], []),
            ],
        ),
        (
            "the port is on the wrong course",
            "the port is on the wrong courses, as every skipper here knows",
            [
                ("replace", ["course"], ["courses,"]),
                ("insert", [], ["as", "every", "skipper", "here", "knows"]),
            ],
        ),
        (
            "she had signed the lease",
            "the mayor signed the lease",
            [("replace", ["she", "had"], ["the", "mayor"])],
        ),
        ("she had signed the lease", "Jones signed the lease", [("replace", ["she", "had"], ["Jones"])]),
    ],
)
def test_word_diff_shows_a_changed_word_apart_from_the_words_left_out_or_put_in_beside_it(
    reference: str, rendering: str, changes: list[tuple[str, list[str], list[str]]]
) -> None:
    ops = word_diff(reference, rendering)
    assert [(op.op, op.canonical, op.rendering) for op in ops if op.op != "equal"] == changes


def test_word_diff_shows_a_hyphenated_word_as_written() -> None:
    """`gun-control` is compared as `gun control`, but it is one word on the page, not `gun-` `control`."""
    ops = word_diff("a strict gun-control law", "a strict new law")
    assert [(op.op, op.canonical, op.rendering) for op in ops][1] == ("replace", ["gun-control"], ["new"])
    ops = word_diff("the front-runner said", "the front runner said")
    assert [(op.op, op.canonical, op.rendering) for op in ops] == [
        ("equal", ["the", "front-runner", "said"], ["the", "front", "runner", "said"])
    ]


def test_word_diff_shows_editorial_insertions() -> None:
    ops = word_diff("He said we will win", "[Donald Trump] said we will win (laughter)")
    assert [(op.op, op.canonical, op.rendering) for op in ops] == [
        ("replace", ["He"], ["[Donald", "Trump]"]),
        ("equal", ["said", "we", "will", "win"], ["said", "we", "will", "win"]),
        ("insert", [], ["(laughter)"]),
    ]


def test_surface_words_pair_each_written_word_with_its_normal_form() -> None:
    assert surface_words("“We can’t [T]ry — [the president] said…”") == [
        ("We", "we"),
        ("can’t", "can not"),
        ("[T]ry", "try"),
        ("said…", "said"),
    ]


@pytest.mark.parametrize("editorial_too", [False, True])
def test_surface_words_without_brackets_keep_every_word_as_written(editorial_too: bool) -> None:
    assert surface_words("“We can’t — win,” he said... 3,000 times", editorial_too=editorial_too) == [
        ("We", "we"),
        ("can’t", "can not"),
        ("win,", "win"),
        ("he", "he"),
        ("said...", "said"),
        ("3,000", "3000"),
        ("times", "times"),
    ]


def test_memory_index_groups_variants_and_keeps_others_apart() -> None:
    index = MemoryIndex()
    first, created = index.add(CARNEY, "Mark Carney")
    assert created is None
    assert index.match("we will protect Canadian workers and Canadian businesses", None) is not None
    assert len(index.statements) == 1
    same, found = index.add("“We are going to fight these tariffs with purpose and with force”", "Carney")
    assert same == first
    assert found is not None
    assert found.speaker == "related"
    other, _ = index.add("we are going to fight these tariffs", "Pierre Poilievre")
    misattributed, _ = index.add(CARNEY, "Pierre Poilievre")
    generic, _ = index.add("we will see", "Mark Carney")
    assert len({first, other, generic}) == 3
    assert misattributed == first
    assert index.statements[first].speaker == "Mark Carney"
    assert index.statements[first].canonical == CARNEY
    assert [w.count for w in index.statements[first].wordings] == [2, 1]


def test_memory_index_loads_stored_statements_and_uses_given_ids() -> None:
    index = MemoryIndex()
    index.load(Statement("st_a", CARNEY, "Mark Carney", [normalize(CARNEY)], [Wording(text=CARNEY)]))
    assert index.add("we will protect Canadian workers and Canadian businesses", None, "st_b")[0] == "st_a"
    assert index.add(LONG_UNRELATED, None, "st_b")[0] == "st_b"


def test_a_statement_offers_its_current_state_to_the_matcher() -> None:
    statement = Statement("st_a", CARNEY, None, [normalize(CARNEY)], [Wording(text=CARNEY)])
    assert statement.candidate() is statement.candidate()
    statement.speaker = "Mark Carney"
    statement.renderings.append(normalize("protect Canadian workers"))
    offered = statement.candidate()
    assert offered.speaker == "Mark Carney"
    assert offered.renderings == (normalize(CARNEY), normalize("protect Canadian workers"))
    index = MemoryIndex()
    index.load(statement)
    index.add(f"{CARNEY} We will win.", "Mark Carney")
    assert statement.canonical == CARNEY
    assert statement.candidate().text == normalize(f"{CARNEY} We will win.")


def test_exports_are_defined() -> None:
    assert all(hasattr(match, name) for name in match.__all__)


def test_a_word_or_two_found_inside_reported_speech_does_not_join_it() -> None:
    index = MemoryIndex()
    reported, _ = index.add("Mexican rapists and the wall", "Donald Trump", reported=True)
    for fragment in ["rapists", "the wall"]:
        assert index.match(fragment, "Donald Trump") is None
    # The same fragment inside the speaker's own quoted words joins them, and so does the whole paraphrase.
    quoted, _ = index.add("Mexican rapists and the wall", "Donald Trump")
    assert quoted == reported
    match = index.match("rapists", "Donald Trump")
    assert match is not None
    assert match.statement_id == quoted


def test_paraphrases_sharing_a_stock_phrase_are_two_statements_and_quotes_still_one() -> None:
    phrase = "her plan for a new toll on lorries crossing the harbour bridge into the old town"
    first = f"the council would vote on {phrase} next spring"
    second = f"local traders had warned about {phrase} for months"
    index = MemoryIndex()
    sid, _ = index.add(first, "Mayor Ann Cole", reported=True)
    other, found = index.add(second, None, reported=True)
    assert other != sid
    assert found is None
    # The speaker's own words quoting different stretches of one remark still join.
    quotes = MemoryIndex()
    quoted, _ = quotes.add(f"We will put {phrase} to a vote", "Ann Cole")
    again, _ = quotes.add(f"{phrase} is the fairest way", "Ann Cole")
    assert again == quoted


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # One word changed inside: another finding, not an outlet's slip.
        ("they have a positive view of the mayor", "pollsters say they have a negative view of the mayor"),
        # The same frame, other words: alike letter by letter, not word by word.
        (
            "they want the next mayor to continue those harbour policies",
            "they want the next mayor to change to more generous harbour policies",
        ),
        # Held but for one word.
        (
            "the council’s use of a private harbour fund months",
            "the council’s use of a private harbour fund should bar it from running the port",
        ),
    ],
)
def test_paraphrases_alike_but_not_word_for_word_are_two_statements(first: str, second: str) -> None:
    index = MemoryIndex()
    sid, _ = index.add(first, None, reported=True)
    other, found = index.add(second, None, reported=True)
    assert found is None
    assert other != sid
    # Quoted, the same words are one remark rendered two ways.
    quotes = MemoryIndex()
    quoted, _ = quotes.add(first, "Ann Cole")
    again, _ = quotes.add(second, "Ann Cole")
    assert again == quoted


def test_a_paraphrase_held_word_for_word_or_nearly_equal_joins_another() -> None:
    index = MemoryIndex()
    sid, _ = index.add("the mayor had used a personal email account as head of the port", None, reported=True)
    same, _ = index.add("Cole used a personal email account as head of the port", None, reported=True)
    held, _ = index.add("used a personal email account", None, reported=True)
    assert same == held == sid


def test_a_fragment_of_a_quote_still_joins_it() -> None:
    index = MemoryIndex()
    sid, _ = index.add("We are going to build the wall", "Donald Trump")
    match = index.match("build the wall", "Donald Trump")
    assert match is not None
    assert match.statement_id == sid


def test_only_short_texts_are_kept_in_the_text_caches() -> None:
    short = "We will not back down."
    long = "We will not back down from this fight, " * 20
    assert len(short) <= CACHED_CHARS < len(long)
    assert normalize(short) is normalize(short)  # remembered
    assert normalize(long) == normalize(long)
    assert normalize(long) is not normalize(long)  # worked out each time, never held
    assert wording_key(long) is not wording_key(long)


VENUE = "the Vatican as a neutral venue for future negotiations"


def _stored(text: str) -> StatementSummary:
    """A statement of one unattributed mention, as a check reads it."""
    mention = StatementMention(
        article_id="ar_1",
        outlet="Wire",
        quote_id="q1",
        text=text,
        kind="direct",
        speaker=None,
        speaker_mention=None,
        cue=None,
    )
    return StatementSummary(
        id="st_1", text=text, speaker=None, first_appearance=mention, mention_count=1, outlets=["Wire"]
    )


@pytest.mark.parametrize(
    ("quote", "stored"),
    [
        ("a neutral venue for negotiations", VENUE),  # a run of it with a word left out
        ("that highest, dangerous glass ceiling", "that highest, hardest glass ceiling"),  # a word changed
        ("as a truly neutral venue for", VENUE),  # a word put in
    ],
)
def test_a_short_quote_one_word_off_a_stretch_is_a_misquoted_phrase(quote: str, stored: str) -> None:
    assert score_pair(normalize(quote), normalize(stored)) is None  # not one remark for deduplication
    score = misquoted_phrase(normalize(quote), normalize(stored))
    assert score is not None
    assert 0 < score < 0.5


@pytest.mark.parametrize(
    ("quote", "stored"),
    [
        ("a neutral site for talks", VENUE),  # two words off
        ("she said they were", "she said that they were there"),  # under two content words shared
        ("neutral venue", VENUE),  # too short to tell a misquote from a shared phrase
        ("as a neutral venue for negotiations on trade and tariffs", VENUE),  # too long: dedup's rules apply
    ],
)
def test_a_quote_further_off_or_without_content_is_no_misquoted_phrase(quote: str, stored: str) -> None:
    assert misquoted_phrase(normalize(quote), normalize(stored)) is None


def test_a_checked_phrase_one_word_off_is_answered_as_altered_with_its_diff() -> None:
    statement = _stored(VENUE)
    score = check_score("a neutral venue for negotiations", normalize(VENUE), [normalize(VENUE)])
    assert score is not None
    match = check_answer("a neutral venue for negotiations", None, statement, [], score)
    assert match.verdict == "altered"
    assert [op.canonical for op in match.diff if op.op == "delete"] == [["the", "Vatican", "as"], ["future"]]
    assert check_score("a neutral site for talks", normalize(VENUE), [normalize(VENUE)]) is None


CHANGE = (
    "Their approach to change is very different. Donald Trump is a blow-the-place-up kind of guy, and that's "
    "not who Hillary Clinton is or ever will be. At the end of the day, Trump's version of blowing the place "
    "up will become justifiably frightening to voters."
)


def test_a_quote_elided_far_apart_matches_piece_by_piece_as_a_minor_variation() -> None:
    quote = "Their approach to change is very different. Donald Trump … will become justifiably frightening"
    assert score_pair(normalize(quote), normalize(CHANGE)) is None  # too spread out to be one remark
    score = pieces_in_order(elided_pieces(quote), normalize(CHANGE))
    assert score is not None
    assert 0 < score < 0.6
    score = check_score(quote, normalize(CHANGE), [normalize(CHANGE)])
    assert score is not None
    assert check_answer(quote, None, _stored(CHANGE), [], score).verdict == "minor_variation"


@pytest.mark.parametrize(
    "quote",
    [
        "will become justifiably frightening … Their approach to change is very different",  # out of order
        "Their approach to change … will become terribly frightening",  # a piece not in the text
        "to change … of the day",  # stock words only
        "Their approach to change is very different",  # no ellipsis: the usual rules apply
    ],
)
def test_pieces_out_of_order_absent_or_stock_match_nothing(quote: str) -> None:
    assert pieces_in_order(elided_pieces(quote), normalize(CHANGE)) is None


@pytest.mark.parametrize(
    ("text", "states"),
    [
        ("Her rival backed the idea.", False),
        ("If God is talking to Donald Trump, the race is over.", False),  # a name alone: whom it is about
        ("Sanders calls Clinton unqualified.", True),
        ("Trump Says He Never Pledged To Kill Family Members", True),  # a headline's title case
    ],
)
def test_reported_speech_states_something_unless_a_name_or_nothing(text: str, states: bool) -> None:
    [said] = [q for q in extract_quotes(text) if q.kind == "indirect"]
    assert states_something(said) is states


def test_an_altered_quote_is_shown_against_the_wording_it_departs_from_least() -> None:
    reference = "This is not a moment for more talk — it’s time to act."
    whole = "We are at a crossroads in history. This is not a moment for more talk - it's time to act."
    wordings = [Wording(text=reference, count=2), Wording(text=whole, outlets=["BBC"])]
    quote = "We are at a crossroads in our history"
    score = check_score(quote, normalize(reference), [normalize(whole)])
    assert score is not None
    match = check_answer(quote, None, _stored(reference), wordings, score)
    assert (match.verdict, match.wording) == ("altered", whole)  # not every word of the reference replaced
    changes = [(op.op, op.canonical, op.rendering) for op in match.diff if op.op != "equal"]
    assert changes[0] == ("insert", [], ["our"])
    assert all(op == "delete" for op, _, _ in changes[1:])


@pytest.mark.parametrize(
    ("american", "british"),
    [
        ("We recognize the color of the team", "We recognise the colour of the team"),
        (
            "a program to defend the center, organized toward",
            "a programme to defend the centre, organised towards",
        ),
        ("they traveled and labeled it", "they travelled and labelled it"),
    ],
)
def test_a_british_spelling_is_the_same_word(american: str, british: str) -> None:
    assert classify(american, british) == "punctuation"
    assert [op.op for op in word_diff(american, british)] == ["equal"]
    assert classify(american, british.replace("the", "a", 1)) == "altered"


@pytest.mark.parametrize(
    ("one_house", "another"),
    [
        ("We have two options and ten days", "We have 2 options and 10 days"),
        ("It's a disgrace, and that's final", "It is a disgrace, and that is final"),
    ],
)
def test_a_house_style_of_numbers_and_contractions_is_the_same_words(one_house: str, another: str) -> None:
    assert classify(one_house, another) == "punctuation"
    assert [op.op for op in word_diff(one_house, another)] == ["equal"]
    assert classify(one_house, another.replace("a", "the", 1)) == "altered"


def test_a_number_past_ten_or_a_possessive_is_not_folded() -> None:
    assert classify("We have 11 options", "We have eleven options") == "altered"
    assert classify("Trump's plan works", "Trump is plan works") == "altered"


@pytest.mark.parametrize("written", ["2 per cent", "2%", "2 Per Cent", "2\u00a0per cent"])
def test_per_cent_is_percent_as_written_by_another_house(written: str) -> None:
    reference = "inflation does not move sustainably toward 2 percent, we can maintain restraint"
    rendering = reference.replace("2 percent", written)
    assert classify(reference, rendering) == "punctuation"
    assert [op.op for op in word_diff(reference, rendering)] == ["equal"]
    assert classify(reference, rendering.replace(written, "2 per cent more")) == "altered"


def test_a_quote_holding_the_reference_phrase_joins_though_another_outlet_quoted_more() -> None:
    index = MemoryIndex()
    phrase, _ = index.add("a new golden age", "Jane Doe", outlet="Daily Planet")
    index.add("a new golden age", "Jane Doe", outlet="Global News")
    longer, _ = index.add("We are entering a new golden age for families", "Jane Doe", outlet="Courier")
    assert longer == phrase
    assert index.statements[phrase].canonical == "a new golden age"
    other, found = index.add("Believe me, this will be a new golden age", "Jane Doe", outlet="Herald")
    assert other == phrase
    assert found is not None
    assert found.relation == "contains"
    # A lone word that most outlets quote stays a word: a sentence holding it is another remark.
    word, _ = index.add("reckless", "Jane Doe", outlet="Daily Planet")
    index.add("reckless", "Jane Doe", outlet="Global News")
    assert index.add("Reckless!", "Jane Doe", outlet="Courier")[0] == word
    assert index.add("The whole plan is reckless, and everyone knows it", "Jane Doe")[0] != word


@pytest.mark.parametrize(
    ("asked", "speaker"),
    [
        ("O'Donnell", "Rosie O'Donnell"),
        ("O’Donnell", "Rosie O'Donnell"),
        ("o'donnell", "Rosie O’Donnell"),
        ("Weiser", "Phil Weiser"),
        ("weiser", "Phil Weiser"),
        ("donald j. trump", "Donald Trump"),
        ("jean-luc picard", "Jean-Luc Picard"),
        ("Trump", "President Donald J. Trump"),
        ("Donald Trump", "Donald J. Trump"),
        ("officials", "officials"),
        ("democratic lawmakers", "Democratic lawmakers"),
    ],
)
def test_a_speaker_asked_for_by_name_or_surname_in_any_case_finds_the_list_a_fuller_name_is_in(
    asked: str, speaker: str
) -> None:
    assert not set(asked_speaker_slugs(asked)).isdisjoint(speaker_slugs(speaker))


def test_a_description_asked_for_in_lower_case_is_not_read_as_the_name_in_it() -> None:
    assert set(asked_speaker_slugs("democratic lawmakers")).isdisjoint(speaker_slugs("Lawmakers"))
