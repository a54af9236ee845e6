"""How records, articles and intents are stored: MessagePack, deflated with a preset dictionary.

A record is a few hundred bytes, too short for deflate to find much to repeat in it; most of what it does
repeat is the same in every record: field names, the kinds of quote, the shapes of ids, dates and URLs.
`DICTIONARY` holds those, so each record refers to them instead of spelling them out (a statement record
shrinks from about 330 to 235 bytes on news). Stored values name the dictionary by its checksum, so it
must never change: a new one would need the old one kept beside it to read what is stored.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from typing import TypeVar

import msgspec

__all__ = ["ARTICLE_LEVEL", "compact", "decoder", "plain"]

_mention = {
    "article_id": "ar_00000000000000000000",
    "outlet": "",
    "quote_id": "q1",
    "text": "",
    "kind": "direct",
    "speaker": "",
    "speaker_mention": "",
    "cue": "said",
    "published_at": "2016-01-01T00:00:00Z",
    "url": "https://www.",
    "claim_id": "c1",
}
DICTIONARY = msgspec.msgpack.encode(
    {
        "id": "st_0000000000000000",
        "speaker": "",
        "wordings": [{"text": "", "count": 1, "first_time": 1.0e9, "outlets": [""]}],
        "mentions": [
            _mention,
            {**_mention, "kind": "indirect", "cue": "told"},
            {**_mention, "kind": "partial", "claim_id": None},
        ],
        "mention_count": 1,
        "outlets": {"": 1},
        "score": 0.5,
        "factchecks": [],
        "cl_": "tracked_claim_id statement_id fragments confidence start end title ingested_at according to",
    }
)
"""Frozen: see the module docstring."""

ARTICLE_LEVEL = 6
"""The deflate level of an article's stored form (see `compact`)."""

_pack = msgspec.msgpack.Encoder().encode
_T = TypeVar("_T")


def compact(value: msgspec.Struct, level: int = 1) -> bytes:
    """The stored form of a record, article or intent. A record is rewritten at every mention it gains, so
    it is deflated fast (`level` 1); an article is written once and is the larger, and `ARTICLE_LEVEL` takes
    9% off it (4,787 to 4,368 bytes on PolNeAR articles) for 0.13 ms more of deflating."""
    deflate = zlib.compressobj(level, zlib.DEFLATED, zlib.MAX_WBITS, 8, zlib.Z_DEFAULT_STRATEGY, DICTIONARY)
    return deflate.compress(_pack(value)) + deflate.flush()


def plain(value: msgspec.Struct) -> bytes:
    """The stored form of a value kept only for moments (an intent): MessagePack alone, since deflating a
    whole article costs more time than the bytes it saves while the value lives."""
    return _pack(value)


_INFLATE = zlib.decompressobj(zdict=DICTIONARY)
"""Never used itself: each read starts from a copy, cheaper than a new one with the dictionary."""
_DEFLATED = 0x78
"""The first byte of every deflated value (a zlib header); MessagePack of a struct, a map, never starts so."""


def decoder(kind: type[_T]) -> Callable[[bytes], _T]:
    """Reads the stored form of `kind`: `compact` or `plain` (also one deflated without the dictionary)."""
    decode = msgspec.msgpack.Decoder(kind).decode

    def read(raw: bytes) -> _T:
        if raw[0] != _DEFLATED:
            return decode(raw)
        inflate = _INFLATE.copy()
        return decode(inflate.decompress(raw) + inflate.flush())

    return read
