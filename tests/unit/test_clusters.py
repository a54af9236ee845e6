from __future__ import annotations

import itertools
import random
from datetime import UTC, datetime, timedelta

import msgspec
import pytest

from schemas import Fragment, Quote, StatementMention
from service.extract.quotes import extract_quotes
from service.match.clusters import MAX_INLINE_MENTIONS, add_mentions, link, rebuild
from service.match.compare import nested, own_mentions

T0 = datetime(2025, 1, 1, tzinfo=UTC)


def mention(outlet: str, text: str, hours: int, speaker: str | None = "Jane Doe") -> StatementMention:
    return StatementMention(
        article_id=f"ar_{outlet}_{hours}",
        outlet=outlet,
        quote_id="q1",
        text=text,
        kind="direct",
        speaker=speaker,
        speaker_mention=speaker,
        cue="said",
        published_at=T0 + timedelta(hours=hours),
    )


WORDS = "We will rebuild every bridge the floods took, and we will do it this year"
MENTIONS = [
    mention("Alpha", WORDS, 3),
    mention("Beta", WORDS.upper(), 1),
    mention("Gamma", "We will rebuild every bridge the floods took", 2, speaker="Doe"),
    mention("Alpha", WORDS + ".", 5),
]


def test_folding_mentions_in_any_order_gives_the_same_record() -> None:
    records = []
    for order in itertools.permutations(MENTIONS):
        record, spilled = add_mentions(None, "st_0000000000000001", [(m, 0.0) for m in order])
        assert spilled == []
        records.append(record)
    first = records[0]
    for record in records[1:]:
        assert record.mention_count == first.mention_count == 4
        assert record.outlets.keys() == first.outlets.keys()
        assert record.outlets == {"Alpha": 2, "Beta": 1, "Gamma": 1}
        assert record.first == first.first
        assert record.mentions == first.mentions
        assert record.canonical.casefold() == WORDS.casefold()
        assert record.speaker == "Jane Doe"
    assert first.first.outlet == "Beta"


def test_a_record_holds_its_earliest_mentions_and_hands_on_the_rest() -> None:
    many = [(mention(f"Outlet {i}", WORDS, hours=i), 0.0) for i in range(MAX_INLINE_MENTIONS + 3)]
    record, spilled = add_mentions(None, "st_0000000000000002", reversed(many))
    assert [m.outlet for m in record.mentions] == [f"Outlet {i}" for i in range(MAX_INLINE_MENTIONS)]
    assert {m.outlet for m in spilled} == {f"Outlet {i}" for i in range(MAX_INLINE_MENTIONS, len(many))}
    assert record.mention_count == len(many)


def test_rebuilding_from_the_remaining_mentions_drops_what_was_removed() -> None:
    record, _ = add_mentions(None, "st_0000000000000003", [(m, 0.7) for m in MENTIONS])
    rebuilt, _ = rebuild(record, [m for m in MENTIONS if m.outlet != "Beta"])
    assert rebuilt is not None
    assert rebuilt.outlets == {"Alpha": 2, "Gamma": 1}
    assert rebuilt.first.outlet == "Gamma"
    assert rebuilt.score == 0.7
    assert rebuild(record, []) == (None, [])


def test_the_same_new_words_make_the_same_cluster_id_in_any_article() -> None:
    one = link("statement", "st_", "ar_one", [("q1", MENTIONS[0], 0.0)], [[]], {})
    two = link("statement", "st_", "ar_two", [("q9", MENTIONS[1], 0.0)], [[]], {})
    assert one.links["q1"] == two.links["q9"]
    assert one.postings[one.links["q1"]]
    assert "floods" in one.words[one.links["q1"]]


def test_mentions_of_one_article_kept_apart_start_clusters_of_their_own() -> None:
    same = [("q1", MENTIONS[0], 0.0), ("q2", MENTIONS[0], 0.0)]
    together = link("statement", "st_", "ar_x", same, [[], []], {})
    apart = link("statement", "st_", "ar_x", same, [[], []], {}, {"q2": ["q1"]})
    assert together.links["q1"] == together.links["q2"]
    assert apart.links["q1"] != apart.links["q2"]


def quote(qid: str, start: int, end: int) -> Quote:
    return Quote(
        id=qid,
        text="x",
        kind="direct",
        fragments=[Fragment(start, end)],
        speaker=None,
        cue=None,
        confidence=1,
    )


def test_nested_quotes_are_those_that_hold_one_another() -> None:
    rng = random.Random(5)
    for _ in range(200):
        spans = [(rng.randrange(50), rng.randrange(1, 20)) for _ in range(rng.randrange(1, 12))]
        quotes = [quote(f"q{i}", s, s + n) for i, (s, n) in enumerate(spans)]
        expected: dict[str, set[str]] = {}
        for a, b in itertools.permutations(quotes, 2):
            sa, ea, sb, eb = (
                a.fragments[0].start,
                a.fragments[0].end,
                b.fragments[0].start,
                b.fragments[0].end,
            )
            if (sa, ea) != (sb, eb) and ((sa <= sb and eb <= ea) or (sb <= sa and ea <= eb)):
                expected.setdefault(a.id, set()).add(b.id)
        assert {k: set(v) for k, v in nested(quotes).items()} == expected


@pytest.mark.parametrize(
    ("kind", "text", "own"),
    [
        ("indirect", "the war would end before the winter", True),
        ("indirect", "that Clinton lied about the emails", True),
        ("indirect", "the idea", False),
        ("indirect", "basically", False),
        ("indirect", "to leave", False),
        ("indirect", "that it was", False),
        ("partial", "basically", True),
        ("direct", "No.", True),
    ],
)
def test_reported_speech_stating_nothing_is_no_mention(kind: str, text: str, own: bool) -> None:
    q = msgspec.structs.replace(quote("q1", 0, len(text)), kind=kind, text=text)
    assert (own_mentions([q]) == [q]) is own


def test_reported_speech_of_a_quotation_with_its_marks_is_the_quotations_mention() -> None:
    text = "The Kremlin sent a message, expressing “cautious optimism about a deal.” Talks resume soon."
    quotes = extract_quotes(text)
    assert {(q.kind, q.text) for q in quotes} >= {
        ("indirect", "“cautious optimism about a deal.”"),
        ("partial", "cautious optimism about a deal."),
    }
    own = [(q.kind, q.text) for q in own_mentions(quotes)]
    assert own == [("partial", "cautious optimism about a deal.")]
