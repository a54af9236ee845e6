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
from datetime import UTC, datetime
from pathlib import Path

import httpx
import redis

from benchlib import percentiles, server
from schemas import StatementMention
from service.match import index_keys, normalize
from service.store.keys import Keys
from service.store.records import ClusterRecord, encode


def wordings(corpus: str) -> list[list[str]]:
    quotes = []
    for line in Path(corpus).read_text(encoding="utf-8").splitlines():
        for quote in json.loads(line)["quotes"]:
            words = quote["text"].split()
            if 4 <= len(words) <= 80:
                quotes.append(words)
    return quotes


def synthesize(quotes: list[list[str]], n: int, rng: random.Random) -> list[str]:
    """`n` distinct statements: real quotes with about a quarter of their words swapped for others'."""
    vocabulary = [w for q in quotes for w in q]
    out, seen = [], set()
    while len(out) < n:
        words = list(rng.choice(quotes))
        for i in rng.sample(range(len(words)), k=max(1, len(words) // 4)):
            words[i] = rng.choice(vocabulary)
        text = " ".join(words)
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out


def load(redis_url: str, prefix: str, statements: list[str]) -> float:
    """Write the statements as the store would; returns seconds taken."""
    keys, client = Keys(prefix), redis.Redis.from_url(redis_url)
    now = datetime.now(UTC)
    start = time.perf_counter()
    pipe = client.pipeline(transaction=False)
    for i, text in enumerate(statements):
        sid, norm = f"st_bench{i:08d}", normalize(text)
        mention = StatementMention(
            article_id=f"ar_bench{i}",
            outlet=f"outlet {i % 7}",
            quote_id=f"q{i}",
            text=text,
            kind="direct",
            speaker=None,
            speaker_mention=None,
            cue="said",
            published_at=now,
        )
        record = ClusterRecord(
            id=sid,
            canonical=text,
            canonical_norm=norm,
            speaker=None,
            renderings=[norm],
            recent_texts=[text],
            first=mention,
            first_time=now.timestamp() + i,
            mention_count=1,
            outlets=[mention.outlet],
        )
        pipe.set(keys.cluster("statement", sid), encode(record))
        pipe.zadd(keys.by_time("statement"), {sid: record.first_time})
        for key in index_keys(norm):
            pipe.sadd(keys.posting("statement", key), sid)
        if i % 2000 == 1999:
            pipe.execute()
    pipe.execute()
    client.close()
    return time.perf_counter() - start


def queries(statements: list[str], quotes: list[list[str]], n: int, rng: random.Random) -> list[str]:
    out = []
    for i in range(n):
        words = rng.choice(statements).split()
        kind = i % 4
        if kind == 1:  # truncated
            cut = max(3, len(words) // 2)
            words = words[:cut]
        elif kind == 2:  # one word changed
            words[rng.randrange(len(words))] = "altered"
        elif kind == 3:  # not stored
            words = list(rng.choice(quotes))[::-1]
        out.append(" ".join(words))
    return out


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
            seconds = load(args.redis, prefix, statements[:size])
            asked = queries(statements[:size], quotes, args.queries, rng)
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
