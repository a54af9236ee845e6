"""Check-worthiness scoring and claim extraction.

A sentence is check-worthy when it states a fact the public would want verified (figures, records,
events, votes), as opposed to opinions, promises, questions or small talk. The scorer is a linear
model over sparse text features, trained offline by ``scripts/train_claims.py`` and shipped as JSON;
scoring needs only the standard library and msgspec.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import re
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path

import msgspec

from schemas import Claim, Quote
from service.extract.sentences import sentence_spans

__all__ = ["CLAIM_THRESHOLD", "ClaimModel", "checkworthiness", "extract_claims", "features", "load_model"]

MODEL_PATH = Path(__file__).with_name("data") / "claims_model.json"

CLAIM_THRESHOLD: float = 0.5
"""Scores at or above this are check-worthy. Training shifts the model's bias so that the threshold
maximising cross-validated F1 lands exactly here; the model file records it too."""


class ClaimModel(msgspec.Struct, frozen=True):
    """Feature weights of a logistic model plus the decision threshold chosen by cross-validation."""

    threshold: float
    bias: float
    weights: dict[str, float]


@cache
def load_model(path: Path = MODEL_PATH) -> ClaimModel:
    """Read the shipped model once; later calls reuse it."""
    return msgspec.json.decode(path.read_bytes(), type=ClaimModel)


# A token with any letter is a word ("g7", "covid19"); only all-digit tokens count as numbers.
_TOKEN = re.compile(r"[a-z0-9]*[a-z][a-z0-9]*(?:'[a-z]+)?|\d[\d,.]*\d|\d|[$%?£€]")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_DIGIT = re.compile(r"\d")
_SPACE = re.compile(r"\s+")
_DASH_OR_FILLER = re.compile(r"\b(?:uh+|um+|uhh+)\b|[-–—]+")

_FIRST_PERSON_OPINION = re.compile(
    r"\b(?:i|we)(?: (?:think|believe|feel|hope|want|guess|wish|would|will)\b|'d|'ll)"
    r"|\bin my (?:view|opinion)\b"
)
_FUTURE = re.compile(r"\b(?:will|going to|gonna|'ll|would|should|must|need to|ought to)\b")
_HEDGE = re.compile(r"\b(?:likely|unlikely|may|might|could|expected to|probably|perhaps|possibly)\b")
_COMPARATIVE = re.compile(
    r"\b(?:more|less|fewer|than|most|least|largest|highest|lowest|biggest|best|worst)\b"
)
_SUPERLATIVE_SUFFIX = re.compile(r"\b[a-z]{3,}est\b")
_STAT_WORD = re.compile(
    r"\b(?:percent|per cent|million|billion|trillion|thousand|hundred|rate|average|record|doubled|tripled"
    r"|increased?|decreased?|cut|raised?|voted?|votes|lost|created|tax(?:es)?|deficit|debt|budget|jobs)\b"
)
_NUMBER_WORD = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|hundred|thousand"
    r"|half|third|quarter|dozen|twice|once)\b"
)
_MONTH = re.compile(
    r"\b(?:january|february|march|april|june|july|august|september|october|november|december)\b"
)


def _token_shape(token: str) -> str:
    """Map numbers to coarse shapes so `1,200` and `3,400` share a feature."""
    if not token[0].isdigit():
        return token
    if _YEAR.fullmatch(token):
        return "<year>"
    return "<num>"


def _length_bin(n: int) -> str:
    """Bucket a token count; very short and very long sentences behave differently."""
    for bound in (4, 8, 14, 22, 32):
        if n <= bound:
            return str(bound)
    return "long"


def _hand_features(low: str, tokens: list[str], raw: str) -> list[str]:
    """Cue features for numbers, dates, comparisons, named bodies, opinions and questions."""
    found = [f"len:{_length_bin(len(tokens))}"]
    digits = sum(1 for t in tokens if t[0].isdigit())
    if digits:
        found.append("num:any")
        found.append("num:many" if digits > 1 else "num:one")
    if "%" in tokens or "percent" in tokens:
        found.append("num:pct")
    if any(t in tokens for t in ("$", "£", "€", "dollars")):
        found.append("num:money")
    if any(_YEAR.fullmatch(t) for t in tokens) or _MONTH.search(low):
        found.append("date")
    for name, pattern in (
        ("opinion", _FIRST_PERSON_OPINION),
        ("future", _FUTURE),
        ("hedge", _HEDGE),
        ("compare", _COMPARATIVE),
        ("superl", _SUPERLATIVE_SUFFIX),
        ("stat", _STAT_WORD),
        ("numword", _NUMBER_WORD),
    ):
        if pattern.search(low):
            found.append(name)
    if raw.rstrip().endswith("?"):
        found.append("question")
    capitals = sum(1 for word in raw.split()[1:] if word[:1].isupper() and word != "I")
    found.append(f"caps:{min(capitals, 4)}")
    return found


_BLOCKS = (("", 1.0), ("c:", 1.0), ("f:", 0.5))
"""Feature-name prefix and weight of each block: words and word pairs, character n-grams, cues."""


def _blocks(sentence: str) -> tuple[set[str], set[str], set[str]]:
    """Word 1-2-grams, character 3-5-grams and cue features of a sentence, unprefixed."""
    raw = _SPACE.sub(" ", _DASH_OR_FILLER.sub(" ", sentence)).strip()
    low = raw.lower().replace("’", "'")
    tokens = _TOKEN.findall(low)
    words = [_token_shape(t) for t in tokens]
    bounded = ["<s>", *words, "</s>"]
    word_feats = {f"w:{w}" for w in words}
    word_feats.update(f"b:{a} {b}" for a, b in itertools.pairwise(bounded))
    padded = f" {_DIGIT.sub('0', ' '.join(tokens))} "
    char_feats = {padded[i : i + n] for n in (3, 4, 5) for i in range(len(padded) - n + 1)}
    return word_feats, char_feats, set(_hand_features(low, tokens, raw))


def features(sentence: str) -> dict[str, float]:
    """Sparse features of one sentence, each block L2-normalised so no block dominates by size."""
    out: dict[str, float] = {}
    for (prefix, scale), block in zip(_BLOCKS, _blocks(sentence), strict=True):
        for feat in block:
            out[prefix + feat] = scale / math.sqrt(len(block))
    return out


@cache
def _tables() -> tuple[dict[str, float], ...]:
    """The model's weights split by block, keyed without prefix, so scoring skips string building."""
    weights = load_model().weights
    tables: list[dict[str, float]] = [{}, {}, {}]
    for name, weight in weights.items():
        index = next((i for i, (prefix, _) in enumerate(_BLOCKS) if prefix and name.startswith(prefix)), 0)
        tables[index][name[len(_BLOCKS[index][0]) :]] = weight
    return tuple(tables)


def checkworthiness(sentence: str) -> float:
    """Probability-like score in [0, 1] that the sentence states a check-worthy fact.

    Equals the logistic of bias + the dot product of `features(sentence)` with the weights.
    """
    z = load_model().bias
    for (_, scale), table, block in zip(_BLOCKS, _tables(), _blocks(sentence), strict=True):
        if block:
            z += scale / math.sqrt(len(block)) * sum(map(table.get, block, itertools.repeat(0.0)))
    if z < -35.0:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))


def _claim_id(text: str, start: int, end: int) -> str:
    """Stable id from the claim text and its offsets."""
    return "c_" + hashlib.blake2b(f"{start}:{end}:{text}".encode(), digest_size=8).hexdigest()


def extract_claims(text: str, quotes: Sequence[Quote]) -> list[Claim]:
    """Return the check-worthy sentences of `text`, attributing those inside a quote to its speaker."""
    claims: list[Claim] = []
    for start, end, quote in _spans_with_quotes(text, quotes):
        body = text[start:end]
        if not any(ch.isalnum() for ch in body):
            continue
        score = checkworthiness(body)
        if score < CLAIM_THRESHOLD:
            continue
        claims.append(
            Claim(
                id=_claim_id(body, start, end),
                text=body,
                start=start,
                end=end,
                score=round(score, 4),
                speaker=quote.speaker.name if quote and quote.speaker else None,
                quote_id=quote.id if quote else None,
            )
        )
    return claims


def _spans_with_quotes(text: str, quotes: Sequence[Quote]) -> Iterator[tuple[int, int, Quote | None]]:
    """Each sentence, narrowed to the quote overlapping it most (if any), with that quote.

    Fragments are swept in order alongside the sentences so long texts stay linear. A partial quote
    filling less than half the sentence is a borrowed phrase inside the outlet's own statement, so it
    neither narrows nor attributes the sentence; nor does reported speech with no speaker, as without
    quote marks or a speaker it is too often the outlet's own wording.
    """
    usable = [i for i, q in enumerate(quotes) if q.speaker is not None or q.kind == "direct"]
    fragments = sorted((f.start, f.end, i) for i in usable for f in quotes[i].fragments)
    active: list[tuple[int, int, int]] = []
    upcoming = 0
    for start, end in sorted(sentence_spans(text)):
        while upcoming < len(fragments) and fragments[upcoming][0] < end:
            active.append(fragments[upcoming])
            upcoming += 1
        active = [f for f in active if f[1] > start]
        spans: dict[int, list[int]] = {}
        for f_start, f_end, i in active:
            lo, hi, overlap = spans.setdefault(i, [end, start, 0])
            spans[i] = [min(lo, f_start), max(hi, f_end), overlap + min(end, f_end) - max(start, f_start)]
        best: tuple[int, int, Quote | None] = (start, end, None)
        best_overlap = 0
        for i, (lo, hi, overlap) in spans.items():
            if overlap <= best_overlap or (quotes[i].kind == "partial" and 2 * overlap < end - start):
                continue
            lo, hi = max(start, lo), min(end, hi)
            while lo < hi and not text[lo].isalnum() and text[lo] not in "$£€":
                lo += 1
            if hi - lo >= 3:
                best, best_overlap = (lo, hi, quotes[i]), overlap
        yield best
