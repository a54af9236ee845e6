"""An in-memory statement index with the same decision logic as the Redis store."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence

import msgspec

from service.match.normalize import index_keys, normalize, query_keys, rank_candidates, sentence_keys
from service.match.score import Candidate, Match, choose_statement
from service.match.speakers import consensus_speaker, count_speaker
from service.match.wording import Wording, fold_wording, fullest, reference_wording

__all__ = ["MAX_RENDERINGS", "MemoryIndex", "Statement"]

MAX_RENDERINGS = 8


class Statement(msgspec.Struct):
    """A statement: its reference wording (`canonical`), the distinct normalised renderings matched against
    (bounded by `MAX_RENDERINGS`) and its wordings (see `service.match.wording`)."""

    statement_id: str
    canonical: str
    speaker: str | None
    renderings: list[str]
    wordings: list[Wording]
    speakers: dict[str, int] = msgspec.field(default_factory=dict)
    """Mentions per speaker name given, from which `speaker` is chosen (`consensus_speaker`)."""
    canonical_norm: str = ""
    match_norm: str = ""
    """The normalised text offered to the matcher: the fullest wording containing the reference, so a
    mention quoting more of the remark still finds it; worked out again when the wordings change."""
    reported: bool = False
    """Every mention so far is reported speech (a writer's paraphrase, not the speaker's words): a fragment
    of a word or two does not join it by being found inside it (`score.FRAGMENT_WORDS`)."""
    seen_as: Candidate | None = None
    """The last `candidate()`, reused while the statement is unchanged: stored statements are offered to
    many mentions."""

    def candidate(self) -> Candidate:
        if not self.canonical_norm:
            self.canonical_norm = normalize(self.canonical)
        if not self.match_norm:
            self.match_norm = normalize(fullest(self.canonical, [w.text for w in self.wordings]))
        seen = self.seen_as
        # Renderings are only ever appended to, so an unchanged count means unchanged renderings.
        if (
            seen is None
            or seen.text != self.match_norm
            or seen.speaker != self.speaker
            or len(seen.renderings) != len(self.renderings)
            or seen.reported != self.reported
            or (seen.reference or seen.text) != self.canonical_norm
        ):
            seen = self.seen_as = Candidate(
                self.statement_id,
                self.match_norm,
                self.speaker,
                tuple(self.renderings),
                self.reported,
                self.canonical_norm if self.canonical_norm != self.match_norm else "",
            )
        return seen


class MemoryIndex:
    """Statements plus a posting dict from index keys to statement ids; nothing is persisted. With
    `sentences`, texts are posted and looked up as claims are (`sentence_keys`), else as quotes."""

    def __init__(self, sentences: bool = False) -> None:
        self.posted, self.sought = (sentence_keys, sentence_keys) if sentences else (index_keys, query_keys)
        self.statements: dict[str, Statement] = {}
        self.postings: defaultdict[str, set[str]] = defaultdict(set)
        self.candidates_seen = 0

    def load(self, statement: Statement) -> None:
        """Add a statement decided earlier (e.g. read from the store) with its postings."""
        self.statements[statement.statement_id] = statement
        for rendering in statement.renderings:
            for key in self.posted(rendering):
                self.postings[key].add(statement.statement_id)

    def candidates(self, norm: str) -> list[Candidate]:
        """The bounded candidate list for a normalised mention."""
        postings = self.postings
        found = [postings[k] for k in self.sought(norm) if k in postings]
        if not found:
            return []
        ids = rank_candidates(found)
        return [self.statements[sid].candidate() for sid in ids]

    def match(self, mention_text: str, speaker: str | None) -> Match | None:
        """The statement the mention would join, without storing anything."""
        norm = normalize(mention_text)
        return choose_statement(norm, speaker, self.candidates(norm))

    def add(
        self,
        mention_text: str,
        speaker: str | None,
        new_id: str | None = None,
        outside: Sequence[Statement] = (),
        *,
        outlet: str | None = None,
        time: float | None = None,
        apart: Collection[str] = (),
        reported: bool = False,
    ) -> tuple[str, Match | None]:
        """Attach the mention to its best statement or start a new one (called `new_id` when given);
        returns the statement id. The mention's wording (from `outlet` at `time`, when known) is counted
        and the statement's reference wording chosen again.

        `outside` are further candidates found elsewhere (a store's index); the one joined is loaded as a
        copy, so the caller's statements are never changed and can be shared. `apart` are statements the
        mention must not join: those of quotes nested with it in its article (see `compare.nested`).
        `reported`: the mention is reported speech (see `Statement.reported`).
        """
        norm = normalize(mention_text)
        cands = self.candidates(norm)
        known = {c.statement_id for c in cands}
        extra = {s.statement_id: s for s in outside if s.statement_id not in known}
        cands += [s.candidate() for s in extra.values()]
        if apart:
            cands = [c for c in cands if c.statement_id not in apart]
        self.candidates_seen += len(cands)
        found = choose_statement(norm, speaker, cands, reported=reported)
        if found is None:
            sid = new_id or f"s{len(self.statements) + 1}"
            stmt = Statement(sid, mention_text, speaker, [], [], reported=reported)
            count_speaker(stmt.speakers, speaker)
            self.statements[sid] = stmt
        else:
            if found.statement_id in extra:
                joined = extra[found.statement_id]
                self.load(
                    msgspec.structs.replace(
                        joined,
                        renderings=list(joined.renderings),
                        wordings=list(joined.wordings),
                        speakers=dict(joined.speakers),
                    )
                )
            stmt = self.statements[found.statement_id]
            if not stmt.speakers and stmt.speaker:  # made without counts
                count_speaker(stmt.speakers, stmt.speaker)
            count_speaker(stmt.speakers, speaker)
            stmt.speaker = consensus_speaker(stmt.speakers, stmt.speaker)
            stmt.reported = stmt.reported and reported
        stmt.wordings = fold_wording(stmt.wordings, mention_text, outlet, time)
        stmt.match_norm = ""
        reference = reference_wording(stmt.wordings)
        if reference != stmt.canonical:
            stmt.canonical, stmt.canonical_norm = reference, normalize(reference)
        if norm and norm not in stmt.renderings and len(stmt.renderings) < MAX_RENDERINGS:
            stmt.renderings.append(norm)
            for key in self.posted(norm):
                self.postings[key].add(stmt.statement_id)
        return stmt.statement_id, found
