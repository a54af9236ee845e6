"""Shared pieces of the service benchmarks: the app served by uvicorn (one or more workers) on a private key
prefix, the Redis it uses (given, or started here: one server or a 3-master cluster) with its CPU and memory
figures, a synthetic corpus of any size stored through the store's bulk path, and timing."""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import signal
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import redis

# Redis servers and the app's server processes come from the test harness: one place for both.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.live_server import LiveServer, live_server
from tests.redis_servers import free_port, running_cluster, running_server

# A benchmark stopped with SIGTERM unwinds like one stopped with Ctrl-C: the servers it started stop too.
signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


@contextlib.contextmanager
def redis_under_callgrind(directory: str, out: str) -> Iterator[tuple[redis.Redis, str]]:
    """A redis-server run under `valgrind --tool=callgrind` on the data in `directory`: a client and the URL;
    on exit it is shut down, and its counts are in `out`."""
    port = free_port()
    server = subprocess.Popen(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", "redis-server", "--port", str(port),
         "--bind", "127.0.0.1", "--dir", directory, "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    client = redis.Redis(port=port, socket_timeout=600)
    deadline = time.monotonic() + 600
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    try:
        yield client, f"redis://127.0.0.1:{port}/0"
    finally:
        client.shutdown(nosave=True)
        server.wait(timeout=600)


class RedisUnderTest:
    """The Redis a benchmark's servers use: a server at a URL, or a cluster's masters, with CPU time, memory
    and key counts summed over them (`INFO cpu`, `INFO memory`, SCAN)."""

    def __init__(self, url: str, nodes: list[redis.Redis], *, cluster: bool = False) -> None:
        self.url = url
        self.nodes = nodes
        self.cluster = cluster

    @classmethod
    def at(cls, url: str) -> RedisUnderTest:
        return cls(url, [redis.Redis.from_url(url)])

    def cpu_seconds(self) -> float:
        """CPU time (system + user) the servers have used so far, all their threads included."""
        return sum(
            float(info["used_cpu_sys"]) + float(info["used_cpu_user"])
            for info in (node.info("cpu") for node in self.nodes)
        )

    def used_memory(self) -> int:
        return sum(int(node.info("memory")["used_memory"]) for node in self.nodes)

    def count_keys(self, prefix: str) -> int:
        return sum(sum(1 for _ in node.scan_iter(match=f"{prefix}*", count=5000)) for node in self.nodes)

    def drop_prefix(self, prefix: str) -> None:
        for node in self.nodes:
            batch: list[bytes] = []
            for key in node.scan_iter(match=f"{prefix}*", count=5000):
                batch.append(key)
                if len(batch) >= 5000:
                    _unlink(node, batch)
                    batch.clear()
            _unlink(node, batch)


def _unlink(node: redis.Redis, keys: list[bytes]) -> None:
    """UNLINK one key at a time in a pipeline: keys of one batch may lie in different cluster slots."""
    pipe = node.pipeline(transaction=False)
    for key in keys:
        pipe.unlink(key)
    pipe.execute()


@contextlib.contextmanager
def redis_under_test(url: str, *, own: bool = False, cluster: bool = False) -> Iterator[RedisUnderTest]:
    """The Redis at `url`; or, with `own`, a private redis-server started for the benchmark (no other
    client skews its CPU and memory figures); or, with `cluster`, a private 3-master loopback cluster."""
    if cluster:
        with running_cluster() as started:
            nodes = [node.client() for node in started.nodes]
            yield RedisUnderTest(started.url, nodes, cluster=True)
    elif own:
        with running_server() as server:
            yield RedisUnderTest(server.url, [server.client()])
    else:
        yield RedisUnderTest.at(url)


_SERVERS: dict[str, LiveServer] = {}


def server_cpu_seconds(base: str) -> float:
    """CPU time (user + system) the server at `base` and all its worker processes have used so far: on a
    shared machine a steadier measure of cost than throughput."""
    return _SERVERS[base].cpu_seconds()


def server_cpu_seconds_by_process(base: str) -> dict[int, float]:
    """`server_cpu_seconds` of each of the server's processes, by process id."""
    return _SERVERS[base].cpu_seconds_by_process()


def server_worker_pid(base: str) -> int:
    """The process id of the last worker the server at `base` started (the server itself with one worker)."""
    return _SERVERS[base].processes()[-1]


@contextlib.contextmanager
def server(store: str | RedisUnderTest, *, workers: int = 1, **settings: object) -> Iterator[tuple[str, str]]:
    """Serve the app with uvicorn (`workers` processes) on `store` (a URL or a `RedisUnderTest`) and a fresh
    key prefix, rate limits off; yields (base URL, prefix). Every key under the prefix is removed afterwards.
    The prefix is as long as the service's own (`ct:v2:`), so that memory per article reads as it would there.
    """
    store = RedisUnderTest.at(store) if isinstance(store, str) else store
    prefix = f"b{uuid.uuid4().hex[:4]}:"
    with live_server(
        workers=workers,
        redis_url=store.url,
        redis_cluster=store.cluster,
        key_prefix=prefix,
        **settings,
    ) as live:
        _SERVERS[live.base_url] = live
        try:
            yield live.base_url, prefix
        finally:
            _SERVERS.pop(live.base_url, None)
    store.drop_prefix(prefix)


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    return {
        "p50": round(statistics.median(ordered), 2),
        "p90": round(ordered[int(0.90 * (len(ordered) - 1))], 2),
        "p99": round(ordered[int(0.99 * (len(ordered) - 1))], 2),
        "n": len(ordered),
    }


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


def check_queries(statements: list[str], quotes: list[list[str]], n: int, rng: random.Random) -> list[str]:
    """`n` quotes to check, in turn: a stored wording, its first half (truncated), the wording with one word
    changed (altered), and a real quote's words reversed (not stored)."""
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


def load_statements(redis_url: str, prefix: str, statements: list[str]) -> float:
    """Store the statements through the store's own bulk path (each a statement of its own, indexed as
    an ingest would index it), so a server on `prefix` starts with a corpus of that size; returns seconds."""
    from redis.asyncio import Redis

    from schemas import StatementMention
    from service.store.corpus import Corpus
    from service.store.keys import Keys

    now = datetime.now(UTC)

    async def fill() -> None:
        client = Redis.from_url(redis_url)
        corpus = Corpus(client, Keys(prefix))
        for first in range(0, len(statements), 2000):
            await corpus.add_unmatched(
                "statement",
                [
                    StatementMention(
                        article_id=f"ar_bench{i}",
                        outlet=f"outlet {i % 7}",
                        quote_id=f"q{i}",
                        text=text,
                        kind="direct",
                        speaker=None,
                        speaker_mention=None,
                        cue="said",
                        published_at=now + timedelta(seconds=i),
                    )
                    for i, text in enumerate(statements[first : first + 2000], first)
                ],
            )
        await corpus.merge_words()  # as a server long running would have
        await client.aclose()

    start = time.perf_counter()
    asyncio.run(fill())
    return time.perf_counter() - start
