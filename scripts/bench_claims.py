"""Measure check-worthiness scoring speed.

Usage: bench_claims.py TRAIN_JSONL [--sentences N] [--runs R]

Scores N sentences of the file R times and prints the median rate, then times `extract_claims` on
~1,000-word articles built from consecutive sentences.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from service.extract.claims import checkworthiness, extract_claims, load_model


def main() -> None:
    """Print sentences per second for the scorer alone and for whole-article extraction."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train", type=Path)
    parser.add_argument("--sentences", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    lines = args.train.read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines[: args.sentences] if line.strip()]
    load_model()
    rates = []
    for _ in range(args.runs):
        start = time.perf_counter()
        for text in texts:
            checkworthiness(text)
        rates.append(len(texts) / (time.perf_counter() - start))
    rate = statistics.median(rates)
    print(f"checkworthiness: {rate:,.0f} sentences/s ({1e6 / rate:.0f} µs/sentence, median of {args.runs})")

    articles, article, words = [], [], 0
    for text in texts:
        article.append(text)
        words += len(text.split())
        if words >= 1000:
            articles.append(" ".join(article))
            article, words = [], 0
    per_article = []
    for _ in range(args.runs):
        start = time.perf_counter()
        for body in articles:
            extract_claims(body, [])
        per_article.append((time.perf_counter() - start) / len(articles))
    seconds = statistics.median(per_article)
    per_sentence = seconds / (len(texts) / len(articles))
    print(
        f"extract_claims: {seconds * 1e3:.1f} ms per 1,000-word article, {per_sentence * 1e6:.0f} µs/sentence"
    )


if __name__ == "__main__":
    main()
