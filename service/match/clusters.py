"""Clusters of mentions, as the corpus keeps them: the record of a statement or claim and the policy that
merges an article's mentions into records (pure: the store reads records, calls these, writes the result).

A record is a fold of its mentions: folding the same mentions in any order gives the same wording counts,
outlets, first appearance and mention count, so a record can be re-derived from the record it was read
as plus the mentions being added (when another writer changed it in between), or from scratch from its
remaining mentions (after a deletion).

- **Reference wording**: the wording most mentions carry (`service.match.wording`).
- **Speaker**: the name most mentions give, counting the forms of one name together, in its full form
  (`consensus_speaker`): an early misattribution or a slip of extraction does not outvote the rest.
- **First appearance**: the earliest mention by publication time (ties: outlet, article, quote).
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Collection, Iterable, Mapping, Sequence

import msgspec

from schemas import ClaimSummary, FactCheckRef, StatementMention, StatementSummary
from service.match.memory import MAX_RENDERINGS, MemoryIndex, Statement
from service.match.normalize import index_keys, informative, normalize, query_keys, sentence_keys
from service.match.speakers import consensus_speaker, count_speaker
from service.match.wording import Wording, fold_wording, reference_wording

__all__ = [
    "MAX_INLINE_MENTIONS",
    "ClusterRecord",
    "Linking",
    "add_mentions",
    "anchor_id",
    "link",
    "mention_order",
    "posted_keys",
    "rebuild",
    "search_words",
    "sought_keys",
]

MAX_INLINE_MENTIONS = 8
"""Mentions a record holds itself (its earliest); the rest are kept beside it, in the order they came."""


class ClusterRecord(msgspec.Struct, kw_only=True, omit_defaults=True):
    """A statement or claim as stored. Stored structs evolve only by adding fields with defaults."""

    id: str
    speaker: str | None
    wordings: list[Wording]
    mentions: list[StatementMention]
    """The earliest mentions, by time (at most `MAX_INLINE_MENTIONS`)."""
    mention_count: int = 0
    outlets: dict[str, int] = msgspec.field(default_factory=dict)
    """Mentions per outlet, in order of first appearance of the outlet."""
    score: float = 0.0
    """For claims: the highest check-worthiness any mention had."""
    factchecks: list[FactCheckRef] = msgspec.field(default_factory=list)
    speakers: dict[str, int] = msgspec.field(default_factory=dict)
    """Mentions per speaker name given (`count_speaker`), from which `speaker` is chosen."""

    @property
    def renderings(self) -> list[str]:
        """Distinct normalised wordings, the first `MAX_RENDERINGS`: what the matcher compares against."""
        # A record keeps up to `MAX_WORDINGS` wordings and is asked often: stop once enough are found.
        found: dict[str, None] = {}
        for wording in self.wordings:
            if norm := normalize(wording.text):
                found[norm] = None
                if len(found) == MAX_RENDERINGS:
                    break
        return list(found)

    @property
    def canonical(self) -> str:
        """The reference wording."""
        return reference_wording(self.wordings)

    @property
    def canonical_norm(self) -> str:
        return normalize(self.canonical)

    @property
    def first(self) -> StatementMention:
        return self.mentions[0]

    @property
    def first_time(self) -> float:
        return _time(self.mentions[0])

    def speaker_counts(self) -> dict[str, int]:
        """`speakers`; for a record stored before they were counted, those of its own mentions (or its
        speaker once)."""
        if self.speakers or not self.speaker:
            return dict(self.speakers)
        counts: dict[str, int] = {}
        for mention in self.mentions:
            count_speaker(counts, mention.speaker)
        return counts or {self.speaker: 1}

    def to_match(self) -> Statement:
        canonical = self.canonical
        return Statement(
            self.id,
            canonical,
            self.speaker,
            self.renderings,
            list(self.wordings),
            speakers=self.speaker_counts(),
            canonical_norm=normalize(canonical),
            reported=all(m.kind == "indirect" for m in self.mentions),
        )

    def statement(self) -> StatementSummary:
        return StatementSummary(
            id=self.id,
            text=self.canonical,
            speaker=self.speaker,
            first_appearance=self.first,
            mention_count=self.mention_count,
            outlets=list(self.outlets),
            factchecks=self.factchecks,
        )

    def claim(self) -> ClaimSummary:
        return ClaimSummary(
            id=self.id,
            text=self.canonical,
            score=self.score,
            speaker=self.speaker,
            first_appearance=self.first,
            mention_count=self.mention_count,
            outlets=list(self.outlets),
            factchecks=self.factchecks,
        )


def _time(mention: StatementMention) -> float:
    return mention.published_at.timestamp() if mention.published_at else float("inf")


def _known_time(mention: StatementMention) -> float | None:
    return mention.published_at.timestamp() if mention.published_at else None


def mention_order(mention: StatementMention) -> tuple[float, str, str, str]:
    """Mentions in order of appearance: by publication time, then outlet, article and quote."""
    return _time(mention), mention.outlet, mention.article_id, mention.quote_id or mention.claim_id or ""


def add_mentions(
    record: ClusterRecord | None, cluster_id: str, mentions: Iterable[tuple[StatementMention, float]]
) -> tuple[ClusterRecord, list[StatementMention]]:
    """The record with these mentions (and their scores) folded in, and the mentions it no longer holds
    itself (to be kept beside it)."""
    if record is None:
        record = ClusterRecord(id=cluster_id, speaker=None, wordings=[], mentions=[])
    else:
        record = msgspec.structs.replace(
            record,
            mentions=list(record.mentions),
            outlets=dict(record.outlets),
            speakers=record.speaker_counts(),
        )
    spilled: list[StatementMention] = []
    for mention, score in mentions:
        record.mention_count += 1
        record.score = max(record.score, score)
        record.outlets[mention.outlet] = record.outlets.get(mention.outlet, 0) + 1
        count_speaker(record.speakers, mention.speaker)
        record.wordings = fold_wording(record.wordings, mention.text, mention.outlet, _known_time(mention))
        bisect.insort(record.mentions, mention, key=mention_order)
        if len(record.mentions) > MAX_INLINE_MENTIONS:
            spilled.append(record.mentions.pop())
    record.speaker = consensus_speaker(
        record.speakers, record.mentions[0].speaker if record.mentions else None
    )
    return record, spilled


def rebuild(
    record: ClusterRecord, mentions: Sequence[StatementMention]
) -> tuple[ClusterRecord | None, list[StatementMention]]:
    """The record re-derived from these (remaining) mentions, in time order, keeping its fact-checks and
    score; None when none remain."""
    if not mentions:
        return None, []
    fresh = ClusterRecord(id=record.id, speaker=None, wordings=[], mentions=[], factchecks=record.factchecks)
    rebuilt, spilled = add_mentions(fresh, record.id, ((m, 0.0) for m in sorted(mentions, key=mention_order)))
    rebuilt.score = record.score
    return rebuilt, spilled


class Linking(msgspec.Struct):
    """How one article's mentions of one kind join clusters."""

    links: dict[str, str]
    """Local id (quote or claim id) → cluster id."""
    added: dict[str, list[tuple[StatementMention, float]]]
    """Cluster id → the mentions (with scores) it gains, in the article's order."""
    postings: dict[str, list[str]]
    """Cluster id → the index keys of its renderings that are new."""
    words: dict[str, list[str]]
    """Cluster id → the words of its renderings that are new, for word search."""
    records: dict[str, tuple[ClusterRecord, list[StatementMention]]]
    """Cluster id → its record with the mentions folded in, and the mentions it no longer holds itself
    (`add_mentions` of the stored record, or of none for a new cluster)."""


def posted_keys(kind: str, norm: str) -> tuple[str, ...]:
    """The index keys a record of `kind` is posted under. Statements post content-word pairs too, so a
    phrase of a remark finds the quote holding it (`index_keys`); fact-checks, whole claims reviewed,
    post none; claims, whole sentences sought only by sentences, post a sample (`sentence_keys`)."""
    return sentence_keys(norm) if kind == "claim" else index_keys(norm, pairs=kind == "statement")


def sought_keys(kind: str, norm: str) -> tuple[str, ...]:
    """The keys a text looks up records of `kind` by (see `posted_keys`)."""
    return sentence_keys(norm) if kind == "claim" else query_keys(norm, pairs=kind == "statement")


def anchor_id(prefix: str, kind: str, norm: str) -> str:
    """A new cluster's id, derived from its wording: two writers creating a cluster for the same words at
    once create the same record, which then holds both mentions."""
    return prefix + hashlib.blake2b(f"{kind}\n{norm}".encode(), digest_size=8).hexdigest()


def unique_id(prefix: str, article_id: str, local_id: str) -> str:
    return prefix + hashlib.blake2b(f"{article_id}:{local_id}".encode(), digest_size=8).hexdigest()


def link(
    kind: str,
    prefix: str,
    article_id: str,
    mentions: Sequence[tuple[str, StatementMention, float]],
    candidates: Sequence[Sequence[str]],
    stored: Mapping[str, ClusterRecord],
    apart: Mapping[str, Collection[str]] | None = None,
    *,
    views: Mapping[str, Statement] | None = None,
) -> Linking:
    """Decide each mention's cluster with the matcher, over its stored candidates (`candidates[i]`: the
    ranked ids for `mentions[i]`, `stored`: their records) and the clusters this article already touched;
    `apart` maps a local id to those whose clusters it must not join (`compare.nested`). `views` are the
    records' `to_match()`, when the caller keeps them (they are not changed)."""
    index = MemoryIndex()
    if views is None:
        views = {cid: record.to_match() for cid, record in stored.items()}
    links: dict[str, str] = {}
    added: dict[str, list[tuple[StatementMention, float]]] = {}
    for (local_id, mention, score), ranked in zip(mentions, candidates, strict=True):
        norm = normalize(mention.text)
        new_id = anchor_id(prefix, kind, norm) if norm else ""
        if not new_id or new_id in stored or new_id in index.statements:
            new_id = unique_id(prefix, article_id, local_id)
        outside = [views[cid] for cid in ranked if cid in views]
        away = {links[q] for q in (apart or {}).get(local_id, ()) if q in links}
        cid, _ = index.add(
            mention.text,
            mention.speaker,
            new_id,
            outside,
            outlet=mention.outlet,
            time=_known_time(mention),
            apart=away,
            reported=mention.kind == "indirect",
        )
        links[local_id] = cid
        added.setdefault(cid, []).append((mention, score))
    postings: dict[str, list[str]] = {}
    words: dict[str, list[str]] = {}
    records = {}
    for cid, found in added.items():
        before = stored.get(cid)
        after, spilled = add_mentions(before, cid, found)
        records[cid] = (after, spilled)
        # A stored record's view holds its renderings already (the matcher never changes it).
        known = set(views[cid].renderings if cid in views else before.renderings) if before else set()
        new = [r for r in after.renderings if r not in known]
        if not new:  # the mentions joined in renderings the record has: nothing to post
            postings[cid], words[cid] = [], []
            continue
        postings[cid] = sorted({k for r in new for k in posted_keys(kind, r)})
        had = {w for r in known for w in search_words(r)}
        words[cid] = sorted({w for r in new for w in search_words(r)} - had)
    return Linking(links=links, added=added, postings=postings, words=words, records=records)


def search_words(norm: str) -> list[str]:
    """The words a normalised text is found by: its content words, or all of them when it has none."""
    words = norm.split()
    return informative(words) or words
