"""Measure check-worthiness scoring and claim extraction speed.

Usage: bench_claims.py ARTICLES_JSONL [--warm JSONL] [--runs R] [--limit N]

ARTICLES_JSONL holds one object with a "text" field per line (e.g. PolNeAR dev). Prints the median,
over R runs, of the milliseconds `extract_claims` takes per article (no quotes) and of the rate of
`checkworthiness` over the articles' sentences. The scorer memoises per-word pieces, so the first
run (cold, from an empty memo or after --warm) is reported separately from the later, warm runs.
--warm first extracts claims from the articles of another file (e.g. PolNeAR train), as a running
service would have done, so the first run over ARTICLES_JSONL shows steady-state cost on unseen text.
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
from service.extract.sentences import sentence_spans


def _texts(path: Path, limit: int | None = None) -> list[str]:
    """The "text" fields of a JSONL file, at most `limit` of them."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [json.loads(line)["text"] for line in lines[:limit]]


def main() -> None:
    """Print ms per article and sentences per second, cold and warm."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=Path)
    parser.add_argument("--warm", type=Path, help="JSONL of other articles to extract claims from first")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--limit", type=int, default=None, help="use at most this many articles")
    args = parser.parse_args()

    articles = _texts(args.articles, args.limit)
    sentences = [a[s:e] for a in articles for s, e in sentence_spans(a)]
    load_model()
    if args.warm:
        for text in _texts(args.warm):
            extract_claims(text, [])

    per_article = []
    for _ in range(args.runs):
        start = time.perf_counter()
        for text in articles:
            extract_claims(text, [])
        per_article.append((time.perf_counter() - start) / len(articles) * 1e3)
    rates = []
    for _ in range(args.runs):
        start = time.perf_counter()
        for sentence in sentences:
            checkworthiness(sentence)
        rates.append(len(sentences) / (time.perf_counter() - start))

    warm = statistics.median(per_article[1:] or per_article)
    rate = statistics.median(rates)
    print(f"{len(articles)} articles, {len(sentences)} sentences ({len(sentences) / len(articles):.1f} each)")
    print(f"extract_claims: first run {per_article[0]:.2f} ms/article, later runs median {warm:.2f}")
    print(f"checkworthiness: median {rate:,.0f} sentences/s ({1e6 / rate:.1f} µs/sentence)")


if __name__ == "__main__":
    main()
