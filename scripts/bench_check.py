"""`POST /v1/check` latency on one worker as the corpus grows, against `GET /healthz` as the baseline.

    python scripts/bench_check.py POLNEAR_TRAIN.jsonl [--sizes 10000 100000 1000000] [--queries 1000]
        [--redis URL] [--cpu-runs R]

For each size, a fresh one-worker server gets a corpus of that many statements, written straight into
Redis with the store's own key builders, records and index keys: real quote wordings from the corpus,
re-mixed (seeded) so every statement is distinct. Queries are a mix of exact stored wordings, truncated
and altered ones, and quotes that are not stored, sent one at a time.

`--cpu-runs R` also runs `check_quote` in this process on the same corpus, the Redis client's work included,
R times over as many other queries each (none asked before), and prints the CPU µs a check of each run: on a
busy machine a steadier figure than latency. Run it with `PYTHONPATH=OTHER_CHECKOUT` to time another
version's checks on the same corpus.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
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


def check_cpu(redis_url: str, prefix: str, warm: list[str], runs: list[list[str]]) -> list[float]:
    """CPU µs per `check_quote` in this process on the corpus under `prefix`, for each list of `runs`."""
    from redis.asyncio import Redis

    from service.api.check import check_quote
    from service.store.corpus import Corpus
    from service.store.keys import Keys

    async def timed() -> list[float]:
        client = Redis.from_url(redis_url)
        corpus = Corpus(client, Keys(prefix))
        for quote in warm:  # connections, scripts, the first records decoded
            await check_quote(corpus, quote, None)
        out = []
        for asked in runs:
            start = time.process_time()
            for quote in asked:
                await check_quote(corpus, quote, None)
            out.append(round(1e6 * (time.process_time() - start) / len(asked), 1))
        await client.aclose()
        return out

    return asyncio.run(timed())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--cpu-runs", type=int, default=0, help="also time checks in process, this many runs")
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
            cpu = {}
            if args.cpu_runs:
                sets = [
                    check_queries(statements[:size], quotes, args.queries, rng) for _ in range(args.cpu_runs)
                ]
                runs = check_cpu(args.redis, prefix, asked[:200], sets)
                cpu = {"check_cpu_us_in_process": runs, "check_cpu_us_median": statistics.median(runs)}
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
                    **cpu,
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
