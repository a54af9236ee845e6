"""Ingest throughput and cost through HTTP with real Redis, against `/v1/extract` as the baseline.

    python scripts/bench_ingest.py POLNEAR.jsonl [MORE.jsonl ...] [--redis URL | --own-redis | --cluster]
                                   [--workers 1 2] [--runs 3] [--concurrency 8] [--fill 0 10000 100000]

Each run starts a fresh server (`uvicorn --workers N`, each N of `--workers` in turn) on its own key prefix
(cold caches), posts every article once and counts the answers by status: a non-2xx answer is counted, never
the end of the run. The baseline posts the same texts to `/v1/extract` (extraction and caching, no corpus
writes) on a server with as many workers. One JSON line per worker count and `--fill` size, with medians
over the runs:

- `ingest_articles_per_s`: articles answered 2xx per second of wall time;
- `ingest_server_cpu_ms_per_article`: CPU time of the server and all its workers per 2xx article (on a shared
  machine it varies less than throughput);
- `redis_cpu_ms_per_article`: Redis CPU time (`INFO cpu` used_cpu_sys + used_cpu_user, before and after);
- `redis_memory_kb_per_article` and `redis_keys_per_article`: growth of `INFO memory` used_memory and of
  the keys under the server's prefix (extraction cache included);
- `ingest_statuses`: answers by status; `conflicts_409` and `errors_5xx` pulled out;
- `ingest_cpu_shares_runs`: each run's split of the server's CPU time over its processes, largest first (with
  several workers, how evenly the client's keep-alive connections landed on them; shares under 1% left out);
- `extract_*`: the same figures of the `/v1/extract` baseline.

`--redis URL` (default 127.0.0.1:6379) shares a server whose other clients skew the Redis figures;
`--own-redis` starts a private redis-server, `--cluster` a private 3-master loopback Redis Cluster (the server
then runs with `CLAIMTRACK_REDIS_CLUSTER=true`; CPU and memory are summed over the masters). `--fill` sizes
start the corpus with that many synthetic statements (real quote wordings re-mixed, as `bench_check.py`
uses), to show how ingest grows with the corpus; the default is an empty corpus; not with `--cluster`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import random
import statistics
import time
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import httpx

from benchlib import (
    RedisUnderTest,
    load_statements,
    redis_under_test,
    server,
    server_cpu_seconds,
    server_cpu_seconds_by_process,
    synthesize,
    wordings,
)


class Measure(NamedTuple):
    articles_per_s: float
    server_cpu_ms: float
    redis_cpu_ms: float
    redis_memory_kb: float
    redis_keys: float
    statuses: Counter[int]
    cpu_shares: list[float]
    """Each server process's share of the server's CPU time, largest first: how evenly workers shared it."""


async def post_all(base: str, path: str, bodies: list[dict[str, str]], concurrency: int) -> list[int]:
    """Post every body, `concurrency` at a time; the answers' statuses (599 for no answer at all)."""
    queue = list(reversed(bodies))
    statuses: list[int] = []

    async def worker(client: httpx.AsyncClient) -> None:
        while queue:
            body = queue.pop()
            try:
                statuses.append((await client.post(path, json=body)).status_code)
            except httpx.HTTPError:
                statuses.append(599)

    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    return statuses


def post_measured(
    base: str, prefix: str, store: RedisUnderTest, path: str, bodies: list[dict[str, str]], concurrency: int
) -> Measure:
    """Post every body once to a running server; rates and costs per article answered 2xx."""
    cpu, redis_cpu = server_cpu_seconds(base), store.cpu_seconds()
    by_process = server_cpu_seconds_by_process(base)
    memory, keys = store.used_memory(), store.count_keys(prefix)
    start = time.perf_counter()
    statuses = Counter(asyncio.run(post_all(base, path, bodies, concurrency)))
    seconds = time.perf_counter() - start
    ok = sum(n for status, n in statuses.items() if 200 <= status < 300) or math.nan  # no cost per nothing
    spent = {pid: t - by_process.get(pid, 0.0) for pid, t in server_cpu_seconds_by_process(base).items()}
    total = sum(spent.values()) or math.nan
    return Measure(
        articles_per_s=0.0 if math.isnan(ok) else ok / seconds,
        server_cpu_ms=(server_cpu_seconds(base) - cpu) * 1000 / ok,
        redis_cpu_ms=(store.cpu_seconds() - redis_cpu) * 1000 / ok,
        redis_memory_kb=(store.used_memory() - memory) / 1024 / ok,
        redis_keys=(store.count_keys(prefix) - keys) / ok,
        statuses=statuses,
        cpu_shares=sorted((round(t / total, 2) for t in spent.values() if t / total >= 0.01), reverse=True),
    )


def summary(measures: list[Measure], path: str) -> dict[str, object]:
    """Medians over the runs, and every answer by status; `path` names the figures of the server alone."""

    def median(field: str, digits: int = 2) -> float | None:
        value = statistics.median(getattr(m, field) for m in measures)
        return None if math.isnan(value) else round(value, digits)

    statuses: Counter[int] = sum((m.statuses for m in measures), Counter())
    server = {
        f"{path}_articles_per_s": median("articles_per_s", 1),
        f"{path}_server_cpu_ms_per_article": median("server_cpu_ms"),
        f"{path}_statuses": {str(status): n for status, n in sorted(statuses.items())},
        f"{path}_runs": [round(m.articles_per_s, 1) for m in measures],
        f"{path}_cpu_shares_runs": [m.cpu_shares for m in measures],
    }
    if path == "extract":
        return server
    return {
        **server,
        "redis_cpu_ms_per_article": median("redis_cpu_ms"),
        "redis_memory_kb_per_article": median("redis_memory_kb", 1),
        "redis_keys_per_article": median("redis_keys", 1),
        "conflicts_409": statuses[409],
        "errors_5xx": sum(n for status, n in statuses.items() if status >= 500),
    }


def ratio(value: float, baseline: float) -> float | None:
    return round(value / baseline, 3) if baseline else None


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", nargs="+")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--own-redis", action="store_true", help="start a private redis-server")
    parser.add_argument("--cluster", action="store_true", help="start a private 3-master Redis Cluster")
    parser.add_argument("--workers", type=int, nargs="+", default=[1], help="uvicorn worker processes")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--fill", type=int, nargs="+", default=[0], help="statements stored beforehand")
    args = parser.parse_args()
    if args.cluster and max(args.fill):
        parser.error("--fill writes to one server; it does not combine with --cluster")

    articles = [
        json.loads(line)
        for path in args.corpus
        for line in Path(path).read_text(encoding="utf-8").splitlines()
    ]
    ingest = [{"outlet": a.get("publisher", "unknown"), "text": a["text"]} for a in articles]
    extract = [{"text": a["text"]} for a in articles]
    filler = synthesize(wordings(args.corpus[0]), max(args.fill), random.Random(7)) if max(args.fill) else []
    extract_runs: dict[int, list[Measure]] = {workers: [] for workers in args.workers}
    ingest_runs: dict[tuple[int, int], list[Measure]] = {
        (workers, size): [] for workers in args.workers for size in args.fill
    }
    with redis_under_test(args.redis, own=args.own_redis, cluster=args.cluster) as store:
        for _ in range(args.runs):  # the baseline, each worker count and size in turn: load hits all alike
            for workers in args.workers:
                with server(store, workers=workers) as (base, prefix):
                    measure = post_measured(base, prefix, store, "/v1/extract", extract, args.concurrency)
                    extract_runs[workers].append(measure)
                for size in args.fill:
                    with server(store, workers=workers) as (base, prefix):
                        if size:
                            load_statements(store.url, prefix, filler[:size])
                        measure = post_measured(base, prefix, store, "/v1/articles", ingest, args.concurrency)
                        ingest_runs[workers, size].append(measure)
    first = args.workers[0]
    for (workers, size), measures in ingest_runs.items():
        rate = statistics.median(m.articles_per_s for m in measures)
        extract_rate = statistics.median(m.articles_per_s for m in extract_runs[workers])
        first_rate = statistics.median(m.articles_per_s for m in ingest_runs[first, size])
        line = {
            "articles": len(articles),
            "redis": "cluster of 3 masters"
            if args.cluster
            else "own server"
            if args.own_redis
            else args.redis,
            "workers": workers,
            "stored_statements_before": size,
            "runs": args.runs,
            "concurrency": args.concurrency,
            **summary(measures, "ingest"),
            "ingest_over_extract": ratio(rate, extract_rate),
            f"ingest_over_{first}_workers": ratio(rate, first_rate),
            **summary(extract_runs[workers], "extract"),
        }
        print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
