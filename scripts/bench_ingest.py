"""Ingest throughput through HTTP on one worker with real Redis, against `/v1/extract` as the baseline.

    python scripts/bench_ingest.py POLNEAR.jsonl [MORE.jsonl ...] [--redis URL] [--runs 3] [--concurrency 8]
                                   [--fill 0 10000 100000 1000000]

Each run starts a fresh one-worker server on its own key prefix (cold caches), posts every article once,
and reports articles/s; the figures printed are medians over the runs. The baseline posts the same texts
to `/v1/extract` (extraction and caching, no corpus writes) in the same run. The server's CPU time per
article is reported too: on a shared machine it varies less than throughput. `--fill` sizes start the
corpus with that many synthetic statements (real quote wordings re-mixed, as `bench_check.py` uses), one
line of output per size, to show how ingest grows with the corpus; the default is an empty corpus.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import time
from pathlib import Path

import httpx

from benchlib import load_statements, server, server_cpu_seconds, synthesize, wordings


async def post_all(base: str, path: str, bodies: list[dict[str, str]], concurrency: int) -> float:
    """Seconds to post every body, `concurrency` at a time; any non-2xx answer aborts the run."""
    queue = list(reversed(bodies))

    async def worker(client: httpx.AsyncClient) -> None:
        while queue:
            body = queue.pop()
            response = await client.post(path, json=body)
            if response.status_code >= 300:
                raise SystemExit(f"{path} answered {response.status_code}: {response.text[:300]}")

    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        start = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", nargs="+")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--fill", type=int, nargs="+", default=[0], help="statements stored beforehand")
    args = parser.parse_args()

    articles = [
        json.loads(line)
        for path in args.corpus
        for line in Path(path).read_text(encoding="utf-8").splitlines()
    ]
    ingest = [{"outlet": a.get("publisher", "unknown"), "text": a["text"]} for a in articles]
    extract = [{"text": a["text"]} for a in articles]
    filler = synthesize(wordings(args.corpus[0]), max(args.fill), random.Random(7)) if max(args.fill) else []
    extract_rates, extract_cpu = [], []
    rates: dict[int, list[float]] = {size: [] for size in args.fill}
    cpu_ms: dict[int, list[float]] = {size: [] for size in args.fill}
    for _ in range(args.runs):  # the baseline and each size in turn, so machine load hits all alike
        with server(args.redis) as (base, _prefix):
            rate, cpu = post_timed(base, "/v1/extract", extract, args.concurrency)
            extract_rates.append(rate)
            extract_cpu.append(cpu)
        for size in args.fill:
            with server(args.redis) as (base, prefix):
                load_statements(args.redis, prefix, filler[:size])
                rate, cpu = post_timed(base, "/v1/articles", ingest, args.concurrency)
                rates[size].append(rate)
                cpu_ms[size].append(cpu)
    extract_median = statistics.median(extract_rates)
    for size in args.fill:
        median = statistics.median(rates[size])
        print(
            json.dumps(
                {
                    "articles": len(articles),
                    "stored_statements_before": size,
                    "runs": args.runs,
                    "concurrency": args.concurrency,
                    "ingest_articles_per_s": round(median, 1),
                    "extract_articles_per_s_baseline": round(extract_median, 1),
                    "ingest_over_extract": round(median / extract_median, 3),
                    "ingest_server_cpu_ms_per_article": round(statistics.median(cpu_ms[size]), 2),
                    "extract_server_cpu_ms_per_article": round(statistics.median(extract_cpu), 2),
                    "ingest_runs": [round(r, 1) for r in rates[size]],
                    "extract_runs": [round(r, 1) for r in extract_rates],
                }
            ),
            flush=True,
        )


def post_timed(base: str, path: str, bodies: list[dict[str, str]], concurrency: int) -> tuple[float, float]:
    """(articles/s, server CPU ms per article) of posting every body once to a running server."""
    cpu = server_cpu_seconds(base)
    rate = len(bodies) / asyncio.run(post_all(base, path, bodies, concurrency))
    return rate, (server_cpu_seconds(base) - cpu) * 1000 / len(bodies)


if __name__ == "__main__":
    main()
