"""`POST /v1/check` latency on one worker as the corpus grows, against `GET /healthz` as the baseline.

    python scripts/bench_check.py POLNEAR_TRAIN.jsonl [--sizes 10000 100000 1000000] [--queries 1000]

For each size, a fresh one-worker server gets a corpus of that many statements, written straight into
Redis with the store's own key builders, records and index keys: real quote wordings from the corpus,
re-mixed (seeded) so every statement is distinct. Queries are a mix of exact stored wordings, truncated
and altered ones, and quotes that are not stored, sent one at a time.
"""

from __future__ import annotations

import argparse
import json
import random
import time

import httpx
import redis

from benchlib import check_queries, load_statements, percentiles, server, synthesize, wordings


def time_requests(base: str, requests: list[tuple[str, str, dict[str, str] | None]]) -> list[float]:
    samples = []
    with httpx.Client(base_url=base, timeout=30) as client:
        for method, path, body in requests[:20]:  # warm-up
            client.request(method, path, json=body)
        for method, path, body in requests:
            start = time.perf_counter()
            response = client.request(method, path, json=body)
            samples.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}: {response.text[:300]}")
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=1000)
    args = parser.parse_args()

    rng = random.Random(7)
    quotes = wordings(args.corpus)
    statements = synthesize(quotes, max(args.sizes), rng)
    for size in args.sizes:
        with server(args.redis) as (base, prefix):
            seconds = load_statements(args.redis, prefix, statements[:size])
            asked = check_queries(statements[:size], quotes, args.queries, rng)
            check = time_requests(base, [("POST", "/v1/check", {"quote": q}) for q in asked])
            health = time_requests(base, [("GET", "/healthz", None)] * args.queries)
            memory = redis.Redis.from_url(args.redis).info("memory")["used_memory_human"]
        print(
            json.dumps(
                {
                    "statements": size,
                    "load_s": round(seconds, 1),
                    "redis_used_memory": memory,
                    "check_ms": percentiles(check),
                    "healthz_ms_baseline": percentiles(health),
                    "check_p50_over_healthz_p50": round(
                        percentiles(check)["p50"] / percentiles(health)["p50"], 2
                    ),
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
