"""Paging and filtering lists of statements or claims: one implementation for both kinds."""

from __future__ import annotations

import base64
import binascii
import math
import re
from datetime import datetime

from service.errors import InvalidInput
from service.match import normalize
from service.match.clusters import ClusterRecord
from service.match.normalize import informative
from service.store.corpus import Corpus, asked_speaker_slugs, newest_first, speaker_slugs
from service.store.keys import Kind

MAX_SCORE_SCAN = 10_000
"""A `min_score` filter, or a search with no content words or only common ones, looks at most this many of
the newest records (scores are not indexed, common words are not listed, and function words are listed only
for wordings made of nothing else)."""


MAX_OFFSET = 2**32
"""The furthest a cursor may point into a list: more entries than one Redis list or sorted set holds."""
_OFFSET = re.compile(r"o:(0|[1-9][0-9]{0,9})")


def parse_cursor(cursor: str | None) -> int:
    """The offset an `offset_cursor` holds; 400 for anything else (a cursor that is not base64 of `o:` and
    an offset from 0 to `MAX_OFFSET`), which must never reach Redis as a range it refuses."""
    if not cursor:
        return 0
    try:
        found = _OFFSET.fullmatch(base64.urlsafe_b64decode(cursor.encode()).decode())
    except (ValueError, binascii.Error):
        found = None
    if found is None or int(found[1]) > MAX_OFFSET:
        raise InvalidInput("`cursor` is not one this service returned")
    return int(found[1])


def offset_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode()


def after_cursor(score: float, member: str) -> str:
    """A cursor past a page's last entry of a sorted list: its score and id. Entries added or removed
    elsewhere in the list move no other entry past it, as an offset would."""
    return base64.urlsafe_b64encode(f"{score!r} {member}".encode()).decode()


def parse_after(cursor: str | None) -> tuple[float, str] | None:
    """The score (a finite number) and id an `after_cursor` holds; 400 for anything else."""
    if not cursor:
        return None
    try:
        score, member = base64.urlsafe_b64decode(cursor.encode()).decode().split(" ", 1)
        after = float(score), member
    except (ValueError, binascii.Error):
        after = None
    if after is None or not math.isfinite(after[0]) or not after[1]:
        raise InvalidInput("`cursor` is not one this service returned")
    return after


async def search(corpus: Corpus, kind: Kind, q: str) -> list[ClusterRecord]:
    """Clusters with `q` (a word or a phrase, in any case) in one of their wordings, newest first."""
    norm = normalize(q)
    if not norm:
        raise InvalidInput("`q` has no words to look for")
    # The index lists a wording under its content words (under all its words only when it has none), so it
    # is asked for the query's content words; with none, or only common ones, the newest records are read.
    ids = await corpus.word_ids(kind, informative(norm.split()))
    if ids is None:
        newest = await corpus.cluster_ids(
            kind, speaker=None, outlet=None, since=-math.inf, until=math.inf, after=None, limit=MAX_SCORE_SCAN
        )
        ids = [cid for _, cid in newest]
    records = await corpus.clusters(kind, ids[:MAX_SCORE_SCAN])
    phrase = f" {norm} "
    found = [r for r in records if any(phrase in f" {text} " for text in r.renderings)]
    return sorted(found, key=_newest)


def _entry(record: ClusterRecord) -> tuple[float, str]:
    """A record's entry in the lists: its first appearance in whole seconds, and its id."""
    return float(math.floor(record.first_time)), record.id


def _newest(record: ClusterRecord) -> tuple[float, str]:
    return newest_first(_entry(record))


async def page(
    corpus: Corpus,
    kind: Kind,
    *,
    speaker: str | None = None,
    q: str | None = None,
    outlet: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    min_score: float = 0.0,
    limit: int,
    cursor: str | None,
) -> tuple[list[ClusterRecord], str | None]:
    """One page of records, newest first, and the cursor of the next page. A
    filter given blank is refused: an unfiltered list would look like a broad match."""
    if speaker is not None and not normalize(speaker):
        raise InvalidInput("`speaker` has no words to look for")
    if outlet is not None and not outlet.strip():
        raise InvalidInput("`outlet` is blank: it names no outlet")
    for name, moment in (("since", since), ("until", until)):
        if moment is not None and moment.tzinfo is None:
            raise InvalidInput(
                f"`{name}` needs its offset from UTC (`Z`, `+02:00`), or it would be read in the "
                "server's time zone"
            )
    after = parse_after(cursor)
    # First appearances are compared to the second, as the lists score them (`Corpus.cluster_ids`), by
    # either path below.
    low = math.floor(since.timestamp()) if since else -math.inf
    high = math.floor(until.timestamp()) if until else math.inf
    asked = set(asked_speaker_slugs(speaker)) if speaker else set()

    def said_by_speaker(r: ClusterRecord) -> bool:
        return not speaker or not asked.isdisjoint(speaker_slugs(r.speaker))

    if q is not None or min_score:
        if q is not None:
            candidates = await search(corpus, kind, q)
        else:
            newest = await corpus.cluster_ids(
                kind, speaker=speaker, outlet=outlet, since=low, until=high, after=None, limit=MAX_SCORE_SCAN
            )
            candidates = await corpus.clusters(kind, [cid for _, cid in newest])
        past = newest_first(after) if after else None
        records = [
            r
            for r in candidates
            if low <= _entry(r)[0] <= high
            and (past is None or _newest(r) > past)
            and r.score >= min_score
            and (not outlet or outlet.casefold() in {o.casefold() for o in r.outlets})
            and said_by_speaker(r)
        ][: limit + 1]
        listed = [_entry(r) for r in records]
    else:
        listed = await corpus.cluster_ids(
            kind, speaker=speaker, outlet=outlet, since=low, until=high, after=after, limit=limit + 1
        )
        records = await corpus.clusters(kind, [cid for _, cid in listed[:limit]])
        # A list by speaker tells speakers apart by 39 bits of their names' digests: made sure.
        records = [r for r in records if said_by_speaker(r)]
    return records[:limit], after_cursor(*listed[limit - 1]) if len(listed) > limit else None
