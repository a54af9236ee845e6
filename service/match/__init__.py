"""Matching core: normalisation, candidate keys, scoring, diffs and an in-memory index (pure, no I/O)."""

from service.match.diff import DiffKind, DiffOp, RenderingClass, canonical_text, classify, word_diff
from service.match.memory import MemoryIndex, Statement
from service.match.normalize import MAX_CANDIDATES, index_keys, normalize, rank_candidates, surface_words
from service.match.score import Candidate, Match, PairScore, Relation, choose_statement, score_pair
from service.match.speakers import SpeakerRelation, compare_speakers, fuller_speaker

__all__ = [
    "MAX_CANDIDATES",
    "Candidate",
    "DiffKind",
    "DiffOp",
    "Match",
    "MemoryIndex",
    "PairScore",
    "Relation",
    "RenderingClass",
    "SpeakerRelation",
    "Statement",
    "canonical_text",
    "choose_statement",
    "classify",
    "compare_speakers",
    "fuller_speaker",
    "index_keys",
    "normalize",
    "rank_candidates",
    "score_pair",
    "surface_words",
    "word_diff",
]
