"""The stored form of records: smaller with the preset dictionary, readable back, and never re-keyed."""

from __future__ import annotations

import random
import zlib
from datetime import UTC, datetime

import msgspec

import service.store.corpus as corpus_module
from schemas import StatementMention
from service.match.clusters import ClusterRecord, add_mentions
from service.store.corpus import list_member
from service.store.encoding import DICTIONARY, compact, decoder, plain

# Stored values name the dictionary by this checksum: a changed dictionary would make them unreadable.
DICTIONARY_ADLER32 = 2707500186


def _record() -> ClusterRecord:
    mention = StatementMention(
        article_id="ar_5d0df43ce2dbc708aa01",
        outlet="Example News",
        quote_id="q3",
        text="We will not raise taxes on the middle class.",
        kind="direct",
        speaker="Jane Doe",
        speaker_mention="Doe",
        cue="said",
        published_at=datetime(2016, 5, 1, 12, tzinfo=UTC),
        url="https://www.example.com/a",
    )
    record, _ = add_mentions(None, "st_9a3e40d3d890b3ba", [(mention, 0.0)])
    return record


def test_a_record_reads_back_as_written() -> None:
    record = _record()
    assert decoder(ClusterRecord)(compact(record)) == record


def test_the_dictionary_makes_a_record_smaller_than_plain_deflate() -> None:
    record = _record()
    plain = zlib.compress(msgspec.msgpack.encode(record), 1)
    assert len(compact(record)) < 0.85 * len(plain)


def test_a_value_deflated_without_the_dictionary_still_reads() -> None:
    record = _record()
    assert decoder(ClusterRecord)(zlib.compress(msgspec.msgpack.encode(record), 1)) == record


def test_a_plain_value_reads_back_and_is_not_deflated() -> None:
    record = _record()
    assert plain(record) == msgspec.msgpack.encode(record)
    assert decoder(ClusterRecord)(plain(record)) == record


def test_the_dictionary_is_frozen() -> None:
    assert zlib.adler32(DICTIONARY) == DICTIONARY_ADLER32


def test_a_list_member_is_short_sorts_as_its_id_and_gives_the_id_back() -> None:
    rng = random.Random(3)
    ids = [f"st_{rng.getrandbits(64):016x}" for _ in range(2000)] + ["st_" + "0" * 16, "st_" + "f" * 16]
    members = {cid: list_member(cid) for cid in ids}
    assert {len(member) for member in members.values()} == {13}  # Redis keeps up to 14 in 16 bytes
    assert sorted(ids, key=members.__getitem__) == sorted(ids)
    assert all(corpus_module._cluster_id("statement", member) == cid for cid, member in members.items())
    assert corpus_module._cluster_id("statement", ids[0]) == ids[0]  # as lists written before held them
