"""The store alone: CPU, Redis CPU, commands and memory per ingested article, by kind of key.

Usage: python scripts/bench_store.py ARTICLES_JSONL [ARTICLES_JSONL ...] [--articles N]
                                     [--cluster | --callgrind | --callgrind-redis]

Articles are extracted first (not timed); then each is ingested through `Corpus.ingest` one after another
on a private redis-server (or, with --cluster, a private 3-master cluster) that nothing else uses. Prints
the CPU per mention of each window of 150 articles (this process's and Redis's: how it grows with the
corpus), this process's CPU per article spent in the store, the server's CPU per article (`INFO cpu`),
the part of both that the word-index merges took (one at the end of each window), its calls per article
by command (`INFO commandstats`), and its memory per article (`INFO memory`), with the keys and `MEMORY
USAGE` per article of each kind of key: of it, what the marks of done steps hold (they expire minutes after
the write) and what lies outside the postings (what no posting layout can change). Keys carry the
service's own prefix. The garbage collector is tuned as the server tunes it
(`service.app.tune_collector`); with Python's defaults it took a further 3 ms of this process's CPU per
article.

`--callgrind` prints instead the instructions this process spends in the store per ingested article: the
articles are ingested in a child process under `valgrind --tool=callgrind` (hash seed fixed), once with none
and once with all of them, and the difference is divided by their number. A count that does not move with
the load of the machine, for comparing versions of the store and the matcher; use 100–200 articles (a run
takes about a minute per 100).

`--callgrind-redis` prints instead the instructions Redis spends per ingested article, every command
included: a private redis-server runs under callgrind while this process ingests the articles, once none
and once all of them. Redis's CPU time moves with the load of a shared machine by more than the changes
worth measuring; this count does not. Neither callgrind mode merges the word index.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import msgspec
import redis
from redis.asyncio import Redis
from redis.asyncio.cluster import RedisCluster

from benchlib import redis_under_callgrind, redis_under_test
from service.app import tune_collector
from service.extract import extract
from service.ids import article_id
from service.settings import Settings
from service.store import client as store_client
from service.store.corpus import DONE_TTL, ArticleDraft, Corpus
from service.store.keys import Keys

TIMEOUTS = getattr(store_client, "TIMEOUTS", {})
"""The service's Redis timeouts (older versions, measured as a baseline, left redis-py's own)."""

PREFIX = Settings().key_prefix
"""The service's own: key names as long as it makes them (its private server holds nothing else)."""
MERGE_EVERY = 150
"""Articles between word-index merges (about what a server merges every 5 s at 30 articles/s), and the
window the cost per mention is printed for."""


def drafts(paths: list[str], limit: int) -> list[ArticleDraft]:
    rows = [json.loads(line) for path in paths for line in Path(path).read_text("utf-8").splitlines() if line]
    start = datetime(2016, 1, 1, tzinfo=UTC)
    out = []
    for i, row in enumerate(rows[:limit]):
        text, outlet = row["text"], row.get("outlet") or row.get("publisher") or "outlet"
        found = extract(text)
        out.append(
            ArticleDraft(
                id=article_id(outlet, text),
                outlet=outlet,
                text=text,
                quotes=found.quotes,
                claims=found.claims,
                ingested_at=start + timedelta(minutes=i),
            )
        )
    return out


def key_kind(key: bytes) -> str:
    """`statement`, `posting:claim`, … : the key's name with the partition tag and ids left out."""
    name = key.decode(errors="replace")[len(PREFIX) :]
    name = re.sub(r"^\{[^}]*\}:", "", name)
    name = re.sub(r":(st|cl|fc)_[0-9a-f]+", "", name)
    name = re.sub(r"-by-outlet:.*", r"-by-outlet", name)
    name = re.sub(r"^((posting|words):[a-z]+):[0-9]+$", r"\1 buckets", name)
    name = re.sub(r"^([a-z]+-by-(time|speaker)):.*", r"\1", name)
    return re.sub(r"^(article|pending):.*", r"\1", name)


def size(node: redis.Redis, key: bytes) -> int:
    """Fields of a hash, members of a sorted set, items of a list; 1 for a string."""
    kind = node.type(key)
    counts = {b"hash": node.hlen, b"zset": node.zcard, b"list": node.llen}
    return int(counts[kind](key)) if kind in counts else 1


async def ingest_all(
    url: str, cluster: bool, articles: list[ArticleDraft], redis_cpu: Callable[[], float]
) -> tuple[float, float, float]:
    """Ingest the articles in windows of `MERGE_EVERY`, each ending with a word-index merge, printing each
    window's CPU per mention (this process's and Redis's): how the cost grows with the corpus. Returns
    this process's CPU seconds, and of them and of Redis's those the merges took."""
    client = RedisCluster.from_url(url, **TIMEOUTS) if cluster else Redis.from_url(url, **TIMEOUTS)
    corpus = Corpus(client, Keys(PREFIX))
    spent = merging = merging_redis = 0.0
    for first in range(0, len(articles), MERGE_EVERY):
        window = articles[first : first + MERGE_EVERY]
        started, redis_started = time.process_time(), redis_cpu()
        for draft in window:
            await corpus.ingest(draft)
        merge_started, merge_redis_started = time.process_time(), redis_cpu()
        if hasattr(corpus, "merge_words"):  # as the server does every few seconds (not in older baselines)
            await corpus.merge_words()
        merging += time.process_time() - merge_started
        merging_redis += redis_cpu() - merge_redis_started
        took = time.process_time() - started
        spent += took
        mentions = sum(len(a.quotes) + len(a.claims) for a in window) or 1
        redis_took = redis_cpu() - redis_started
        print(
            f"articles {first:>5}-{first + len(window):<5} per mention: store CPU"
            f" {1000 * took / mentions:.3f} ms, Redis CPU {1000 * redis_took / mentions:.3f} ms"
        )
    await client.aclose()
    return spent, merging, merging_redis


async def ingest_only(url: str, articles: list[ArticleDraft]) -> None:
    client = Redis.from_url(url, **TIMEOUTS)
    corpus = Corpus(client, Keys(f"{PREFIX}{os.getpid()}:"))
    for draft in articles:
        await corpus.ingest(draft)
    await client.aclose()


def callgrind_total(out: str) -> int:
    """The instructions a callgrind output file counts in all."""
    with open(out, encoding="utf-8") as file:
        return next(int(line.split()[1]) for line in file if line.startswith(("summary:", "totals:")))


def instructions(url: str, saved: str, count: int, directory: str) -> int:
    """Instructions of a child process that ingests the first `count` saved articles, counted by callgrind."""
    out = os.path.join(directory, f"callgrind.{count}")
    subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, __file__,
         "--ingest-only", saved, url, str(count)],
        env={**os.environ, "PYTHONHASHSEED": "0"}, check=True, capture_output=True,
    )  # fmt: skip
    return callgrind_total(out)


def redis_instructions(articles: list[ArticleDraft], directory: str) -> int:
    """Instructions of a private redis-server run under callgrind, from its start to its shutdown, while this
    process ingests the articles."""
    out = os.path.join(directory, f"callgrind.redis.{len(articles)}")
    with redis_under_callgrind(directory, out) as (_, url):
        asyncio.run(ingest_only(url, articles))
    return callgrind_total(out)


def main() -> None:
    tune_collector()  # as the server does at startup: its collections are part of what it pays
    if sys.argv[1:2] == ["--ingest-only"]:  # the child of --callgrind
        saved, url, count = sys.argv[2:]
        with open(saved, "rb") as file:
            articles = msgspec.msgpack.decode(file.read(), type=list[ArticleDraft])
        asyncio.run(ingest_only(url, articles[: int(count)]))
        return
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--cluster", action="store_true")
    parser.add_argument("--callgrind", action="store_true")
    parser.add_argument("--callgrind-redis", action="store_true")
    args = parser.parse_args()
    articles = drafts(args.paths, args.articles)
    n = len(articles)
    if args.callgrind_redis:
        with tempfile.TemporaryDirectory() as directory:
            counted = redis_instructions(articles, directory) - redis_instructions([], directory)
        print(f"articles {n}, Redis instructions {counted / n / 1e6:.2f}M/article (every command, callgrind)")
        return
    if args.callgrind:
        with redis_under_test("", own=True) as redis, tempfile.TemporaryDirectory() as directory:
            saved = os.path.join(directory, "articles.msgpack")
            with open(saved, "wb") as file:
                file.write(msgspec.msgpack.encode(articles))
            ingested, started = (instructions(redis.url, saved, k, directory) for k in (n, 0))
        counted = ingested - started
        print(f"articles {n}, store instructions {counted / n / 1e6:.2f}M/article (this process, callgrind)")
        return
    with redis_under_test("", own=not args.cluster, cluster=args.cluster) as redis:
        for node in redis.nodes:
            node.config_resetstat()
        cpu, memory = redis.cpu_seconds(), redis.used_memory()
        spent, merging, merging_redis = asyncio.run(
            ingest_all(redis.url, args.cluster, articles, redis.cpu_seconds)
        )
        redis_cpu, used = redis.cpu_seconds() - cpu, redis.used_memory() - memory
        calls: Counter[str] = Counter()
        usec: Counter[str] = Counter()
        for node in redis.nodes:
            for command, stats in node.info("commandstats").items():
                calls[command.removeprefix("cmdstat_")] += int(stats["calls"])
                usec[command.removeprefix("cmdstat_")] += int(stats["usec"])
        keys: Counter[str] = Counter()
        usage: Counter[str] = Counter()
        entries: Counter[str] = Counter()
        for node in redis.nodes:
            for key in node.scan_iter(match=f"{PREFIX}*", count=5000):
                kind = key_kind(key)
                keys[kind] += 1
                usage[kind] += int(node.memory_usage(key, samples=0) or 0)
                entries[kind] += size(node, key)
    mentions = sum(len(a.quotes) + len(a.claims) for a in articles)
    print(f"articles {n}, {mentions / n:.1f} quotes and claims per article")
    print(f"store CPU {1000 * spent / n:.2f} ms/article (this process)")
    print(f"Redis CPU {1000 * redis_cpu / n:.2f} ms/article")
    print(
        f"of which word-index merges (one every {MERGE_EVERY} articles): store CPU {1000 * merging / n:.2f}"
        f" ms/article, Redis CPU {1000 * merging_redis / n:.2f} ms/article"
    )
    print(f"Redis memory {used / n / 1024:.1f} KB/article, {sum(keys.values()) / n:.1f} keys/article")
    marks = usage["applied"] / n / 1024
    posting = [k for k in usage if k.startswith(("posting:statement", "posting:claim"))]
    outside = (used - sum(usage[k] for k in posting)) / n / 1024
    print(
        f"of it: marks of done steps (each dropped {DONE_TTL} s after its write) {marks:.1f} KB/article,"
        f" outside the postings {outside:.1f} KB/article; at rest (the marks dropped)"
        f" {used / n / 1024 - marks:.1f} KB/article"
    )
    print(
        "Redis calls per article (ms/article): "
        + ", ".join(f"{c} {k / n:.1f} ({usec[c] / n / 1000:.2f})" for c, k in calls.most_common(12))
    )
    print(f"{'key kind':<24}{'keys/article':>14}{'entries/article':>17}{'KB/article':>12}")
    for kind, used in usage.most_common():
        print(f"{kind:<24}{keys[kind] / n:>14.2f}{entries[kind] / n:>17.2f}{used / n / 1024:>12.2f}")


if __name__ == "__main__":
    main()
