"""The memoised scorer gives the same scores as the plain feature dot product it stands in for."""

from __future__ import annotations

import math
import random
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from service.extract import claims
from service.extract.claims import checkworthiness, features, load_model
from service.extract.sentences import sentence_spans

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

TRICKY = [
    "",
    " \t\n ",
    "?",
    "—",
    "I",
    "a",
    "I think we'll win.",
    "We’ll see; I’d rather not — uh — say.",
    "In my view the 1990s were better than the 2000s.",
    "within my view, she's going to vote; they need to; you ought to.",
    "Sales are expected to fall 3.5 per cent, or $1,200,000, by March 2024.",
    "The U.S. spent £40bn (€45bn) in 1999-2001 -- 12% more.",
    "Um, uh, uhh... well-known co-chairs say 'uh-huh'.",
    "ΣΟΦΟΣ Straße İstanbul naïve café 12½ ¹²³ ٣٤ x_y __init__",
    "Largest, biggest, fastest; the longest ever? Twice as many, a third, 40 percent",
    "It's   spaced\u00a0out\u2003with\u2028odd\x1cwhitespace ?",
    "a b c d e f g h i j k l m n o p q r s t u v w x y z 0 1 2 3 4 5 6 7 8 9 $ % ? £ €",
    "covid19 g7 2a 19th 1,000,000 3.14.15 2025 1899 12 007",
    "date 2025-03-14 at 10:32, 10:32:45 or 9:05pm; 2025-03-145, 1999-2001, 3-2 -- 5 - 6 —7 8— x-9",
]


def _reference(sentence: str) -> float:
    """Logistic of the bias plus the dot product of the feature dict with the model weights."""
    model = load_model()
    z = model.bias + sum(model.weights.get(name, 0.0) * value for name, value in features(sentence).items())
    return 0.0 if z < -35.0 else 1.0 / (1.0 + math.exp(-z))


def _sample() -> list[str]:
    """Seed-article sentences, hand-made edge cases and shuffled-word sentences."""
    sentences = list(TRICKY)
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        sentences += [text[s:e] for s, e in sentence_spans(text)]
    rng = random.Random(7)
    words = " ".join(sentences).split()
    for _ in range(200):
        sentences.append(" ".join(rng.choices(words, k=rng.randint(1, 40))))
    for size in (150, 199, 200, 201, 202, 500, 3000):  # around and past the length scored in bulk
        sentences.append(" ".join(rng.choices(words, k=size)))
    return sentences


def test_fast_scores_equal_the_feature_dot_product() -> None:
    sample = _sample()
    assert len(sample) > 250
    for sentence in sample:
        assert checkworthiness(sentence) == pytest.approx(_reference(sentence), abs=1e-12), sentence


def test_scores_survive_memo_eviction(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(claims, "_CACHE_LIMIT", 5)
    scorer = claims._Scorer(load_model())
    sample = _sample()[:120]
    for sentence in sample + sample:
        z = scorer.logit(sentence)
        expected = _reference(sentence)
        assert (0.0 if z < -35.0 else 1.0 / (1.0 + math.exp(-z))) == pytest.approx(expected, abs=1e-12)
    assert all(len(table) <= 5 for table in (scorer.chunks, scorer.runs, scorer.pieces, scorer.tokens))


def test_scorer_shared_by_threads_while_evicting(monkeypatch: pytest.MonkeyPatch) -> None:
    """Long texts are extracted in worker threads that share one scorer: evictions must not collide."""
    monkeypatch.setattr(claims, "_CACHE_LIMIT", 8)
    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible, so racing evictions happen
    try:
        scorer = claims._Scorer(load_model())
        sample = _sample()[:200]
        expected = [scorer.logit(s) for s in sample]
        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(lambda _: [scorer.logit(s) for s in sample], range(16)))
    finally:
        sys.setswitchinterval(switch)
    assert all(r == pytest.approx(expected, abs=1e-12) for r in results)
