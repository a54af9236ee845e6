"""Matching core: normalisation, candidate keys, scoring, wordings, diffs, an in-memory index (pure)."""

from service.match.diff import DiffKind, DiffOp, RenderingClass, classify, word_diff
from service.match.memory import MemoryIndex, Statement
from service.match.normalize import (
    MAX_CANDIDATES,
    index_keys,
    normalize,
    query_keys,
    rank_candidates,
    surface_words,
)
from service.match.score import Candidate, Match, PairScore, Relation, choose_statement, score_pair
from service.match.speakers import (
    Attribution,
    SpeakerRelation,
    attribution,
    compare_speakers,
    consensus_speaker,
)
from service.match.wording import Wording, fold_wording, fullest, reference_wording, wording_key

__all__ = [
    "MAX_CANDIDATES",
    "Attribution",
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
    "Wording",
    "attribution",
    "choose_statement",
    "classify",
    "compare_speakers",
    "consensus_speaker",
    "fold_wording",
    "fullest",
    "index_keys",
    "normalize",
    "query_keys",
    "rank_candidates",
    "reference_wording",
    "score_pair",
    "surface_words",
    "word_diff",
    "wording_key",
]
