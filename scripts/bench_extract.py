"""Benchmark in-process extraction (quotes and claims, `service.extract.extract`) on unseen articles.

Usage: python scripts/bench_extract.py ARTICLES_JSONL [--warm WARM_JSONL] [--runs R]

The extractor memoises pieces of text, so timing articles it has already seen reads high. Warm-up
extracts the articles of WARM_JSONL (e.g. PolNeAR train, as a running service would have done), or,
without --warm, the first half of ARTICLES_JSONL; every timed article is then extracted exactly once.
The timed articles are cut into R consecutive slices (default 5); prints the median and every slice's
articles/s by wall clock, and the CPU time per article over all of them (the steadier figure on a
busy machine: one core's throughput is `articles_per_cpu_s`).
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from service.extract import extract


def _texts(path: Path) -> list[str]:
    """The "text" fields of a JSONL file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line.strip()]


def main() -> None:
    """Warm up, then time each unseen article once and print the throughput."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=Path)
    parser.add_argument("--warm", type=Path, help="articles to extract before timing (default: half)")
    parser.add_argument("--runs", type=int, default=5, help="slices the timed articles are cut into")
    args = parser.parse_args()

    texts = _texts(args.articles)
    if args.warm is not None:
        warm = _texts(args.warm)
    else:
        warm, texts = texts[: len(texts) // 2], texts[len(texts) // 2 :]
    unseen = set(warm)
    texts = [t for t in texts if t not in unseen]
    for t in warm:
        extract(t)
    bounds = [len(texts) * i // args.runs for i in range(args.runs + 1)]
    rates = []
    cpu = 0.0
    for lo, hi in itertools.pairwise(bounds):
        c0, t0 = time.process_time(), time.perf_counter()
        for t in texts[lo:hi]:
            extract(t)
        rates.append((hi - lo) / (time.perf_counter() - t0))
        cpu += time.process_time() - c0
    print(
        json.dumps(
            {
                "warm_articles": len(warm),
                "timed_articles": len(texts),
                "mean_chars": round(sum(map(len, texts)) / len(texts)),
                "runs": args.runs,
                "articles_per_s_median": round(statistics.median(rates), 1),
                "articles_per_s_all": [round(r, 1) for r in rates],
                "cpu_ms_per_article": round(1000 * cpu / len(texts), 2),
                "articles_per_cpu_s": round(len(texts) / cpu, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
