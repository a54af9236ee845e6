"""Benchmark in-process quote extraction: articles per second over a JSONL of articles.

Usage: python scripts/bench_extract.py ARTICLES_JSONL [RUNS]
Prints the median articles/s over RUNS (default 5) full passes, after one warm-up pass.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from service.extract.quotes import extract_quotes


def main() -> None:
    """Time repeated passes over every article text and print the median throughput."""
    with open(sys.argv[1], encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    for t in texts:
        extract_quotes(t)
    rates = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for t in texts:
            extract_quotes(t)
        rates.append(len(texts) / (time.perf_counter() - t0))
    chars = sum(len(t) for t in texts) / len(texts)
    print(
        json.dumps(
            {
                "articles": len(texts),
                "mean_chars": round(chars),
                "runs": runs,
                "articles_per_s_median": round(statistics.median(rates), 1),
                "articles_per_s_all": [round(r, 1) for r in rates],
            }
        )
    )


if __name__ == "__main__":
    main()
