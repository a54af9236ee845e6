"""Ingest throughput through HTTP on one worker with real Redis, against `/v1/extract` as the baseline.

    python scripts/bench_ingest.py POLNEAR.jsonl [MORE.jsonl ...] [--redis URL] [--runs 3] [--concurrency 8]

Each run starts a fresh one-worker server on its own key prefix (cold caches, empty corpus), posts every
article once, and reports articles/s; the figures printed are medians over the runs. The baseline posts
the same texts to `/v1/extract` (extraction and caching, no corpus writes) in the same run. The server's
CPU time per article is reported too: on a shared machine it varies less than throughput.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from pathlib import Path

import httpx

from benchlib import server, server_cpu_seconds


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
    args = parser.parse_args()

    articles = [
        json.loads(line)
        for path in args.corpus
        for line in Path(path).read_text(encoding="utf-8").splitlines()
    ]
    ingest = [{"outlet": a.get("publisher", "unknown"), "text": a["text"]} for a in articles]
    extract = [{"text": a["text"]} for a in articles]
    rates: dict[str, list[float]] = {"/v1/extract": [], "/v1/articles": []}
    cpu_ms: dict[str, list[float]] = {"/v1/extract": [], "/v1/articles": []}
    for _ in range(args.runs):
        for path, bodies in (("/v1/extract", extract), ("/v1/articles", ingest)):
            with server(args.redis) as (base, _prefix):
                cpu = server_cpu_seconds(base)
                rates[path].append(len(bodies) / asyncio.run(post_all(base, path, bodies, args.concurrency)))
                cpu_ms[path].append((server_cpu_seconds(base) - cpu) * 1000 / len(bodies))
    ingest_rates, extract_rates = rates["/v1/articles"], rates["/v1/extract"]
    ingest_median, extract_median = statistics.median(ingest_rates), statistics.median(extract_rates)
    print(
        json.dumps(
            {
                "articles": len(articles),
                "runs": args.runs,
                "concurrency": args.concurrency,
                "ingest_articles_per_s": round(ingest_median, 1),
                "extract_articles_per_s_baseline": round(extract_median, 1),
                "ingest_over_extract": round(ingest_median / extract_median, 3),
                "ingest_server_cpu_ms_per_article": round(statistics.median(cpu_ms["/v1/articles"]), 2),
                "extract_server_cpu_ms_per_article": round(statistics.median(cpu_ms["/v1/extract"]), 2),
                "ingest_runs": [round(r, 1) for r in ingest_rates],
                "extract_runs": [round(r, 1) for r in extract_rates],
            }
        )
    )


if __name__ == "__main__":
    main()
