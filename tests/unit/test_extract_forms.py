"""Quote forms: split, multi-paragraph, floating, nested, non-English marks, strays and apostrophes."""

from __future__ import annotations

import random

import schemas
from service.extract.quotes import extract_quotes


def _marked(text: str) -> list[schemas.Quote]:
    return [q for q in extract_quotes(text) if q.kind in ("direct", "partial")]


def _frag_texts(text: str, q: schemas.Quote) -> list[str]:
    return [text[f.start : f.end] for f in q.fragments]


def test_split_quote_is_one_quote_with_two_fragments() -> None:
    text = "“We will not back down,” Jane Doe said on Monday, “and we will win.”"
    (q,) = _marked(text)
    assert q.kind == "direct"
    assert _frag_texts(text, q) == ["We will not back down,", "and we will win."]
    assert q.text == "We will not back down, and we will win."
    assert q.speaker is not None
    assert q.speaker.name == "Jane Doe"
    assert q.cue is not None
    assert q.cue.text == "said"


def test_multi_paragraph_quote_reopened_is_one_quote() -> None:
    text = "Mayor Ann Lee spoke.\n\n“First paragraph of the speech.\n\n“Second paragraph,” Lee said."
    (q,) = _marked(text)
    assert _frag_texts(text, q) == ["First paragraph of the speech.", "Second paragraph,"]
    assert q.speaker is not None
    assert q.speaker.name == "Ann Lee"


def test_multi_paragraph_single_quote_reopened_is_one_quote() -> None:
    text = (
        "The chancellor, Ann Lee, told MPs: ‘We inherited a mess.\n\n"
        "‘That is why we took hard decisions.\n\n"
        "'And we will rebuild,’ Lee said."
    )
    (q,) = _marked(text)
    assert _frag_texts(text, q) == [
        "We inherited a mess.",
        "That is why we took hard decisions.",
        "And we will rebuild,",
    ]
    assert q.speaker is not None
    assert q.speaker.name == "Ann Lee"


def test_elision_mark_opens_no_multi_paragraph_quote() -> None:
    text = "The band played rock 'n roll all night.\n'We loved it,' said one fan."
    (q,) = _marked(text)
    assert _frag_texts(text, q) == ["We loved it,"]


def test_multi_paragraph_quote_in_typewriter_double_marks_is_one_quote() -> None:
    text = "Mayor Ann Lee spoke.\n\n''of all the things we did, this mattered.\n\n''Second,'' Lee said."
    (q,) = _marked(text)
    assert _frag_texts(text, q) == ["of all the things we did, this mattered.", "Second,"]


def test_floating_quote_inherits_previous_speaker() -> None:
    text = "“Prices will fall,” said Tom Baker. “Wages will rise.”\n\n“Nobody knows.”"
    quotes = _marked(text)
    assert [q.text for q in quotes] == ["Prices will fall,", "Wages will rise.", "Nobody knows."]
    assert quotes[1].speaker is not None
    assert quotes[1].speaker.name == "Tom Baker"
    assert quotes[1].cue is None
    assert quotes[2].speaker is not None
    assert quotes[2].speaker.name == "Tom Baker"


def test_nested_single_quotes_stay_inside() -> None:
    text = "“He told me ‘never again’ and left,” Maria Lopez said."
    (q,) = _marked(text)
    assert q.text == "He told me ‘never again’ and left,"
    assert q.speaker is not None
    assert q.speaker.name == "Maria Lopez"


def test_guillemets_and_low_high_marks() -> None:
    text = "« Nous restons unis », a dit Paul Martin. Er sagte: „Wir bleiben.“ Done."
    texts = [q.text for q in _marked(text)]
    assert "Nous restons unis" in texts
    assert "Wir bleiben." in texts


def test_straight_and_typewriter_quotes() -> None:
    text = "\"It works,\" Sam Hill said.\n\n''It also works,'' Mr. Hill added."
    quotes = _marked(text)
    assert [q.text for q in quotes] == ["It works,", "It also works,"]
    assert all(q.speaker is not None and q.speaker.name == "Sam Hill" for q in quotes)


def test_apostrophes_are_not_quote_marks() -> None:
    text = "It’s Russia’s best year since the ’90s, rock ’n’ roll fans’ favourite, nothin’ more."
    assert _marked(text) == []


def test_stray_mark_does_not_swallow_the_article() -> None:
    text = "He said “this never closes.\n\nA second paragraph.\n\n“Real quote,” Ana Gomez said."
    quotes = _marked(text)
    assert [q.text for q in quotes] == ["Real quote,"]
    assert quotes[0].speaker is not None
    assert quotes[0].speaker.name == "Ana Gomez"


def test_unattributed_quote_has_null_speaker() -> None:
    text = "The sign outside read nothing.\n\n“Closed for the season.”"
    (q,) = _marked(text)
    assert q.speaker is None
    assert q.cue is None
    assert 0 <= q.confidence <= 1


def test_partial_quote_and_pronoun_antecedent() -> None:
    text = "Senator Bob Stone arrived late. He called the plan “dead on arrival” and left."
    quotes = extract_quotes(text)
    partial = next(q for q in quotes if q.kind == "partial")
    assert partial.text == "dead on arrival"
    assert partial.speaker is not None
    assert partial.speaker.mention.text == "He"
    assert partial.speaker.name == "Bob Stone"
    assert partial.speaker.title == "Senator"


def test_indirect_forms() -> None:
    text = (
        "Officials said the bridge would reopen in May. According to the ministry, repairs cost "
        "millions. The plan is on schedule, Transport Minister Eva Green told reporters."
    )
    indirect = [q for q in extract_quotes(text) if q.kind == "indirect"]
    by_text = {q.text: q for q in indirect}
    assert "the bridge would reopen in May" in by_text
    assert by_text["the bridge would reopen in May"].speaker is not None
    assert "repairs cost millions" in by_text
    ministry = by_text["repairs cost millions"].speaker
    assert ministry is not None
    assert ministry.mention.text == "the ministry"
    assert "The plan is on schedule" in by_text
    green = by_text["The plan is on schedule"].speaker
    assert green is not None
    assert green.name == "Eva Green"


def test_apposition_and_colon_lead_in() -> None:
    text = (
        "Jason Reed, a former adviser to Governor Lin Wu, said the vote was close.\n\n"
        "Reed issued the following statement:\n\n“We accept the result.”"
    )
    quotes = extract_quotes(text)
    ind = next(q for q in quotes if q.kind == "indirect")
    assert ind.speaker is not None
    assert ind.speaker.name == "Jason Reed"
    direct = next(q for q in quotes if q.kind == "direct")
    assert direct.speaker is not None
    assert direct.speaker.name == "Jason Reed"


def test_offsets_exclude_marks_and_index_input() -> None:
    text = "Intro.\n\n“Alpha beta,” said Kim Park."
    (q,) = _marked(text)
    f = q.fragments[0]
    assert text[f.start - 1] == "“"
    assert text[f.end] == "”"
    assert q.speaker is not None
    assert text[q.speaker.mention.start : q.speaker.mention.end] == "Kim Park"


def test_random_mark_soup_keeps_invariants() -> None:
    rng = random.Random(7)
    alphabet = ["“", "”", '"', "''", "'", "‘", "’", "«", "»", "„", " ", " ", "\n", "\n\n", ".", ",", ":"]
    words = ["he", "said", "Ann", "Lee", "told", "they", "the", "draft", "according", "to", "It’s"]
    for _ in range(300):
        text = "".join(
            rng.choice(alphabet) if rng.random() < 0.4 else " " + rng.choice(words) for _ in range(60)
        )
        quotes = extract_quotes(text)
        starts = [q.fragments[0].start for q in quotes]
        assert starts == sorted(starts)
        for q in quotes:
            assert 0.0 <= q.confidence <= 1.0
            assert q.text == " ".join(text[f.start : f.end] for f in q.fragments)
            assert all(0 <= f.start < f.end <= len(text) for f in q.fragments)
            if q.speaker is not None:
                m = q.speaker.mention
                assert text[m.start : m.end] == m.text
