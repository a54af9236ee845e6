"""Check-worthiness scoring and claim extraction.

A sentence is check-worthy when it states a fact the public would want verified (figures, records,
events, votes), as opposed to opinions, promises, questions or small talk. The scorer is a linear
model over sparse text features, trained offline by ``scripts/train_claims.py`` and shipped as JSON;
scoring needs only the standard library and msgspec.

`features` is the reference definition the model is trained on. `checkworthiness` computes the same
dot product without building it: every feature block is a function of small pieces of the sentence
(whitespace-separated chunks, tokens, `\\w+` runs) whose contributions are memoised, so a typical
sentence costs a few dozen dict lookups.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import math
import operator
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import TypeVar

import msgspec

from schemas import Claim, Quote
from service.extract.lexicon import negated_cue
from service.extract.sentences import sentence_spans

__all__ = ["CLAIM_THRESHOLD", "ClaimModel", "checkworthiness", "extract_claims", "features", "load_model"]

MODEL_PATH = Path(__file__).with_name("data") / "claims_model.json"

CLAIM_THRESHOLD: float = 0.5
"""Scores at or above this are check-worthy. Training shifts the model's bias so that the threshold
maximising F1 on forward-chained folds (each scored by a model of the debates before it) lands exactly
here; the model file records it too."""


class ClaimModel(msgspec.Struct, frozen=True):
    """Feature weights of a logistic model plus the decision threshold chosen on held-out folds."""

    threshold: float
    bias: float
    weights: dict[str, float]


@cache
def load_model(path: Path = MODEL_PATH) -> ClaimModel:
    """Read the shipped model once; later calls reuse it."""
    return msgspec.json.decode(path.read_bytes(), type=ClaimModel)


# A token with any letter is a word ("g7", "covid19"). An ISO date (2025-03-14) or a clock time (10:32)
# is one token and not a number: page furniture (datelines, timestamps) is full of them. Other
# all-digit tokens count as numbers.
_TOKEN = re.compile(
    r"[a-z0-9]*[a-z][a-z0-9]*(?:'[a-z]+)?|\d{4}-\d\d-\d\d(?!\d)|\d\d?:\d\d(?![\d:])|\d[\d,.]*\d|\d|[$%?£€]"
)
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_DATE_TOKEN = re.compile(r"(?:1[89]|20)\d\d|\d{4}-\d\d-\d\d")
_DIGIT = re.compile(r"\d")
_SPACE = re.compile(r"\s+")
_DASH_OR_FILLER = re.compile(r"\b(?:uh+|um+|uhh+)\b|(?<!\d)[-–—]+|[-–—]+(?!\d)")
"""Fillers and dashes, read as spaces; a dash between two digits (1999-2001, 2025-03-14) is kept."""

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


_NUMBER_SHAPES = frozenset(("<num>", "<year>"))


def _token_shape(token: str) -> str:
    """Map numbers to coarse shapes so `1,200` and `3,400` share a feature."""
    if not token[0].isdigit():
        return token
    if "-" in token:
        return "<date>"
    if ":" in token:
        return "<time>"
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
    digits = sum(1 for t in tokens if _token_shape(t) in _NUMBER_SHAPES)
    if digits:
        found.append("num:any")
        found.append("num:many" if digits > 1 else "num:one")
    if "%" in tokens or "percent" in tokens:
        found.append("num:pct")
    if any(t in tokens for t in ("$", "£", "€", "dollars")):
        found.append("num:money")
    if any(_DATE_TOKEN.fullmatch(t) for t in tokens) or _MONTH.search(low):
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


_CUE_SCALE = 2.0
"""Weight of the cue block. Cues are few and general, so they get room next to the thousands of
n-grams: sentences whose words the training debates never used still get the number, date, length
and opinion evidence in full."""
_BLOCKS = (("", 1.0), ("c:", 1.0), ("f:", _CUE_SCALE))
"""Feature-name prefix and weight of each block: words and word pairs, character n-grams, cues."""


def _token_grams(token: str) -> set[str]:
    """Character 3-5-grams of a token, with a space marking each end."""
    padded = f" {token} "
    return {padded[i : i + n] for n in (3, 4, 5) for i in range(len(padded) - n + 1)}


def _blocks(sentence: str) -> tuple[set[str], dict[str, int], set[str]]:
    """Word 1-2-grams, character 3-5-gram counts and cue features of a sentence, unprefixed.

    A character n-gram counts the distinct tokens (digits read as 0) that contain it, so the block
    is a sum of per-token vectors.
    """
    raw = _SPACE.sub(" ", _DASH_OR_FILLER.sub(" ", sentence)).strip()
    low = raw.lower().replace("’", "'")
    tokens = _TOKEN.findall(low)
    words = [_token_shape(t) for t in tokens]
    bounded = ["<s>", *words, "</s>"]
    word_feats = {f"w:{w}" for w in words}
    word_feats.update(f"b:{a} {b}" for a, b in itertools.pairwise(bounded))
    char_counts: dict[str, int] = {}
    for token in {_DIGIT.sub("0", t) for t in tokens}:
        for gram in _token_grams(token):
            char_counts[gram] = char_counts.get(gram, 0) + 1
    return word_feats, char_counts, set(_hand_features(low, tokens, raw))


def features(sentence: str) -> dict[str, float]:
    """Sparse features of one sentence, each block scaled so no block dominates by size.

    Words and cues are sets, L2-normalised; a character n-gram's value is its count over the
    square root of the block's total count, which keeps the block a sum of per-token parts.
    """
    word_feats, char_counts, cue_feats = _blocks(sentence)
    (_, word_scale), (char_prefix, char_scale), (cue_prefix, cue_scale) = _BLOCKS
    out = dict.fromkeys(word_feats, word_scale / math.sqrt(len(word_feats)))
    if char_counts:
        norm = char_scale / math.sqrt(sum(char_counts.values()))
        out.update((char_prefix + gram, count * norm) for gram, count in char_counts.items())
    out.update(dict.fromkeys([cue_prefix + f for f in cue_feats], cue_scale / math.sqrt(len(cue_feats))))
    return out


_WORD_RUN = re.compile(r"\w+")
_RUN_PATTERNS = (_FUTURE, _HEDGE, _COMPARATIVE, _SUPERLATIVE_SUFFIX, _STAT_WORD, _NUMBER_WORD, _MONTH)
"""Cue patterns whose matches lie within one `\\w+` run, apart from the phrases in `_SPANNING_CUES`."""
_ANY_RUN_PATTERN = re.compile("|".join(f"(?:{p.pattern})" for p in _RUN_PATTERNS))
_FUTURE_BIT, _HEDGE_BIT, _COMPARE_BIT, _SUPERL_BIT, _STAT_BIT, _NUMWORD_BIT, _MONTH_BIT = (
    1 << i for i in range(len(_RUN_PATTERNS))
)
_I_OR_WE_BIT = 1 << 7
_PCT_BIT = 1 << 8
_MONEY_BIT = 1 << 9
_YEAR_BIT = 1 << 10
_REWRITE_BIT = 1 << 11
_PHRASE_BIT = 1 << 12
"""Set for a chunk that may take part in one of the phrases below or in "in my "."""
_DIGIT_BIT = 1 << 13
"""Set for a chunk with a digit; in any other chunk every token is its own shape and normal form."""
_REWRITE_CHARS = frozenset("u-–—")
"""Every dash or filler has one of these; most chunks have none and skip the costlier search."""
_PHRASE_ENDS = ("going", "need", "ought", "expected", "per")
_MONEY = frozenset(("$", "£", "€", "dollars"))
_PCT_OR_MONEY = _MONEY | {"%", "percent"}
_SPANNING_CUES = (
    (_FUTURE, _FUTURE_BIT, "future", ("going to", "need to", "ought to", "'ll")),
    (_HEDGE, _HEDGE_BIT, "hedge", ("expected to",)),
    (_STAT_WORD, _STAT_BIT, "stat", ("per cent",)),
)
"""Pattern, run bit, cue name and the literals of which any match spanning several runs has one."""
_PHRASE_CUE_BITS = _FUTURE_BIT | _HEDGE_BIT | _STAT_BIT
_RUN_CUES = ((_COMPARE_BIT, "compare"), (_SUPERL_BIT, "superl"), (_NUMWORD_BIT, "numword"))
_RUN_CUE_BITS = _COMPARE_BIT | _SUPERL_BIT | _NUMWORD_BIT
_LONG = 200
"""Sentences with more whitespace-separated chunks than this are scored without the memo tables."""
_CACHE_LIMIT = 50_000
"""Entries per memo table; a full table forgets its older half, which bounds memory on any input."""

_ZERO = 0.0
_ZEROS = itertools.repeat(_ZERO)

_K = TypeVar("_K")
_V = TypeVar("_V")


class _Memo(dict[_K, _V]):
    """A dict that fills itself from `compute` on a missing key and drops its older half when full."""

    def __init__(self, compute: Callable[[_K], _V]) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, key: _K) -> _V:
        if len(self) >= _CACHE_LIMIT:
            # Extraction of long texts runs in worker threads that share the tables: the keys are copied
            # in one C call (no other thread can add one halfway), and a key another thread dropped
            # meanwhile is skipped.
            for old in list(self)[: len(self) // 2]:  # the older half
                self.pop(old, None)
        value = self[key] = self.compute(key)
        return value


_Chunk = tuple[tuple[str, ...], tuple[str, ...], int, int]
"""Per whitespace-separated chunk: token shapes, digit-normalised tokens (the same tuple when the
chunk has no digit), cue bits and 1 if the chunk counts as a capitalised word."""
_SHAPES, _NORMS, _BITS, _CAPITAL = map(operator.itemgetter, range(4))

_Token = tuple[float, float, int]
"""Per digit-normalised token: its unigram weight, and the weight sum and number of its character
n-grams."""
_UNIGRAM, _GRAM_WEIGHT, _GRAM_COUNT = map(operator.itemgetter, range(3))


class _Scorer:
    """Scores sentences as `features` and the model weights would, without building the features.

    What the features of a sentence are made of is local, so pieces are memoised: chunks between
    whitespace (tokens, shapes, cue bits), `\\w+` runs (cue bits) and tokens (unigram weight, and
    weight sum and number of their character n-grams, which add up over a sentence's distinct
    tokens).
    """

    def __init__(self, model: ClaimModel) -> None:
        self.bias = model.bias
        self.weights = model.weights
        self.unigrams: dict[str, float] = {}
        self.bigrams: dict[tuple[str, str], float] = {}
        self.chars: dict[str, float] = {}
        self.cues: dict[str, float] = {}
        for name, weight in model.weights.items():
            if name.startswith("w:"):
                self.unigrams[sys.intern(name[2:])] = weight
            elif name.startswith("b:"):
                pair = name[2:].split(" ")
                if len(pair) == 2:
                    self.bigrams[sys.intern(pair[0]), sys.intern(pair[1])] = weight
            elif name.startswith("c:"):
                self.chars[name[2:]] = weight
            elif name.startswith("f:"):
                self.cues[name[2:]] = weight
        self.length_weight = [self.cue(f"len:{_length_bin(n)}") for n in range(34)]
        self.caps_weight = [self.cue(f"caps:{n}") for n in range(5)]
        self.runs: _Memo[str, int] = _Memo(self._run)
        self.chunks: _Memo[str, _Chunk] = _Memo(self._chunk)
        self.pieces: _Memo[str, tuple[str, ...]] = _Memo(self._pieces)
        self.tokens: _Memo[str, _Token] = _Memo(self._token)

    def _logit_in_bulk(self, sentence: str) -> float:
        """`logit` from the feature blocks, for long sentences whose pieces are unlikely to recur."""
        word_feats, char_counts, cue_feats = _blocks(sentence)
        weights = self.weights.get
        z = self.bias + 1.0 / math.sqrt(len(word_feats)) * sum(map(weights, word_feats, _ZEROS))
        if char_counts:
            chars = self.chars.get
            total = sum(count * chars(gram, 0.0) for gram, count in char_counts.items())
            z += 1.0 / math.sqrt(sum(char_counts.values())) * total
        return z + _CUE_SCALE / math.sqrt(len(cue_feats)) * sum(map(self.cue, cue_feats))

    def cue(self, name: str) -> float:
        """Weight of a cue feature."""
        return self.cues.get(name, 0.0)

    @staticmethod
    def _run(run: str) -> int:
        """Cue bits of one `\\w+` run."""
        bits = 0
        if _ANY_RUN_PATTERN.search(run):
            bits = sum(1 << i for i, pattern in enumerate(_RUN_PATTERNS) if pattern.search(run))
        return bits | _I_OR_WE_BIT if run in ("i", "we") else bits

    def _chunk(self, chunk: str) -> _Chunk:
        """Tokens and cue bits of one whitespace-free chunk of a sentence."""
        low = chunk.lower().replace("’", "'")
        # Interned, as are the weight tables' keys, so that table lookups match them by identity.
        tokens = tuple(map(sys.intern, _TOKEN.findall(low)))
        bits = functools.reduce(operator.or_, map(self.runs.__getitem__, _WORD_RUN.findall(low)), 0)
        if not _REWRITE_CHARS.isdisjoint(chunk) and _DASH_OR_FILLER.search(chunk):
            bits |= _REWRITE_BIT
        if low.endswith(_PHRASE_ENDS) or low.startswith("my") or "'ll" in low:
            bits |= _PHRASE_BIT
        if not _PCT_OR_MONEY.isdisjoint(tokens):
            if "%" in tokens or "percent" in tokens:
                bits |= _PCT_BIT
            if not _MONEY.isdisjoint(tokens):
                bits |= _MONEY_BIT
        shapes = norms = tokens
        if _DIGIT.search(low):
            bits |= _DIGIT_BIT
            if any(_DATE_TOKEN.fullmatch(t) for t in tokens):
                bits |= _YEAR_BIT
            shapes = tuple(map(sys.intern, map(_token_shape, tokens)))
            norms = tuple(sys.intern(_DIGIT.sub("0", t)) for t in tokens)
        capital = 1 if chunk[:1].isupper() and chunk != "I" else 0
        return shapes, norms, bits, capital

    @staticmethod
    def _pieces(chunk: str) -> tuple[str, ...]:
        """What a chunk with dashes or fillers splits into once they read as spaces."""
        return tuple(_DASH_OR_FILLER.sub(" ", chunk).split())

    def _token(self, token: str) -> _Token:
        """Unigram weight, and weight sum and number of character n-grams, of a digit-normalised token."""
        grams = _token_grams(token)
        return self.unigrams.get(token, 0.0), sum(map(self.chars.get, grams, _ZEROS)), len(grams)

    def logit(self, sentence: str) -> float:
        """Bias plus the dot product of `features(sentence)` with the weights."""
        chunks = sentence.split()
        if len(chunks) > _LONG:
            return self._logit_in_bulk(sentence)
        infos = list(map(self.chunks.__getitem__, chunks))
        bits = functools.reduce(operator.or_, map(_BITS, infos), 0)
        if bits & _REWRITE_BIT:
            # A dash or filler cannot span whitespace, so rewriting the sentence splits just the
            # chunks that have one.
            rewritten: list[str] = []
            for chunk, info in zip(chunks, infos, strict=True):
                if _BITS(info) & _REWRITE_BIT:
                    rewritten += self.pieces[chunk]
                else:
                    rewritten.append(chunk)
            chunks = rewritten
            infos = list(map(self.chunks.__getitem__, chunks))
            bits = functools.reduce(operator.or_, map(_BITS, infos), 0)
        shapes = list(itertools.chain.from_iterable(map(_SHAPES, infos)))
        unique_words = set(shapes)
        if bits & _DIGIT_BIT:
            unigrams = sum(map(self.unigrams.get, unique_words, _ZEROS))
            tokens = set(itertools.chain.from_iterable(map(_NORMS, infos)))
            parts = list(map(self.tokens.__getitem__, tokens))
        else:  # every token is its own shape and normal form: one lookup serves both blocks
            parts = list(map(self.tokens.__getitem__, unique_words))
            unigrams = sum(map(_UNIGRAM, parts))
        z: float = self.bias

        # Words and word pairs.
        total: float = unigrams
        if len(unique_words) == len(shapes):  # then the word pairs are distinct too
            total += sum(map(self.bigrams.get, zip(["<s>", *shapes], [*shapes, "</s>"], strict=True), _ZEROS))
            size = 2 * len(shapes) + 1
        else:
            pairs = set(zip(["<s>", *shapes], [*shapes, "</s>"], strict=True))
            total += sum(map(self.bigrams.get, pairs, _ZEROS))
            size = len(unique_words) + len(pairs)
        z += 1.0 / math.sqrt(size) * total

        # Character n-grams: a sum over distinct tokens of (weight sum, n-gram count).
        if parts:
            size = sum(map(_GRAM_COUNT, parts))
            z += 1.0 / math.sqrt(size) * sum(map(_GRAM_WEIGHT, parts))

        # Cues, as `_hand_features` finds them.
        cue = self.cue
        count = 2
        total = self.length_weight[min(len(shapes), 33)]
        if bits & _DIGIT_BIT and (digits := shapes.count("<num>") + shapes.count("<year>")):
            count += 2
            total += cue("num:any") + cue("num:many" if digits > 1 else "num:one")
        if bits & _PCT_BIT:
            count += 1
            total += cue("num:pct")
        if bits & _MONEY_BIT:
            count += 1
            total += cue("num:money")
        if bits & (_YEAR_BIT | _MONTH_BIT):
            count += 1
            total += cue("date")
        if bits & (_PHRASE_BIT | _I_OR_WE_BIT):
            low = " ".join(chunks).lower().replace("’", "'")
            if (bits & _I_OR_WE_BIT or "in my " in low) and _FIRST_PERSON_OPINION.search(low):
                count += 1
                total += cue("opinion")
            for pattern, bit, name, phrases in _SPANNING_CUES:
                if bits & bit or (any(p in low for p in phrases) and pattern.search(low)):
                    count += 1
                    total += cue(name)
        elif bits & _PHRASE_CUE_BITS:
            for _, bit, name, _ in _SPANNING_CUES:
                if bits & bit:
                    count += 1
                    total += cue(name)
        if bits & _RUN_CUE_BITS:
            for bit, name in _RUN_CUES:
                if bits & bit:
                    count += 1
                    total += cue(name)
        if chunks and chunks[-1].endswith("?"):
            count += 1
            total += cue("question")
        capitals = sum(map(_CAPITAL, infos[1:]))
        total += self.caps_weight[min(capitals, 4)]
        return z + _CUE_SCALE / math.sqrt(count) * total


@cache
def _scorer() -> _Scorer:
    """Memo tables over the shipped model."""
    return _Scorer(load_model())


def checkworthiness(sentence: str) -> float:
    """Probability-like score in [0, 1] that the sentence states a check-worthy fact.

    Equals the logistic of bias + the dot product of `features(sentence)` with the weights.
    """
    z = _scorer().logit(sentence)
    if z < -35.0:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))


def _claim_id(text: str, start: int, end: int) -> str:
    """Stable id from the claim text and its offsets."""
    return "c_" + hashlib.blake2b(f"{start}:{end}:{text}".encode(), digest_size=8).hexdigest()


def extract_claims(
    text: str, quotes: Sequence[Quote], sentences: list[tuple[int, int]] | None = None
) -> list[Claim]:
    """Return the check-worthy sentences of `text`, attributing those inside a quote to its speaker.

    `sentences` are the `sentence_spans` of `text`, when the caller has them already.
    """
    claims: list[Claim] = []
    spans = sentence_spans(text) if sentences is None else sentences
    for start, end, quote in _spans_with_quotes(text, quotes, spans):
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


def _spans_with_quotes(
    text: str, quotes: Sequence[Quote], sentences: list[tuple[int, int]]
) -> Iterator[tuple[int, int, Quote | None]]:
    """Each sentence, narrowed to the quote overlapping it most (if any), with that quote.

    Fragments are swept in order alongside the sentences so long texts stay linear. A partial quote
    filling less than half the sentence is a borrowed phrase inside the outlet's own statement, so it
    neither narrows nor attributes the sentence; nor does reported speech with no speaker, as without
    quote marks or a speaker it is too often the outlet's own wording; nor a negated attribution (`X did
    not say that …`), whose content nobody is reported to have claimed.
    """
    usable = [
        i
        for i, q in enumerate(quotes)
        if (q.speaker is not None or q.kind == "direct") and not (q.cue and negated_cue(q.cue.text))
    ]
    fragments = sorted((f.start, f.end, i) for i in usable for f in quotes[i].fragments)
    active: list[tuple[int, int, int]] = []
    upcoming = 0
    for start, end in sorted(sentences):
        while upcoming < len(fragments) and fragments[upcoming][0] < end:
            active.append(fragments[upcoming])
            upcoming += 1
        if active:
            active = [f for f in active if f[1] > start]
        if not active:  # most sentences are outside every quote
            yield start, end, None
            continue
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
