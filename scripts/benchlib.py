"""Shared pieces of the service benchmarks: a one-worker server on a private key prefix, a synthetic corpus of
any size written straight into Redis, and timing."""

from __future__ import annotations

import contextlib
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import redis

from schemas import StatementMention
from service.match import index_keys, normalize
from service.store.keys import Keys
from service.store.records import ClusterRecord, encode

_PIDS: dict[str, int] = {}


def server_cpu_seconds(base: str) -> float:
    """CPU time (user + system) the server at `base` has used so far: on a shared machine a steadier
    measure of cost than throughput."""
    fields = Path(f"/proc/{_PIDS[base]}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def server(redis_url: str, **settings: str) -> Iterator[tuple[str, str]]:
    """Run `claimtrack serve` (one uvicorn worker) on a fresh key prefix; yields (base URL, prefix).

    Every key under the prefix is removed afterwards.
    """
    prefix = f"ct-bench:{uuid.uuid4().hex[:8]}:"
    port = free_port()
    env = {
        **os.environ,
        "CLAIMTRACK_REDIS_URL": redis_url,
        "CLAIMTRACK_KEY_PREFIX": prefix,
        "CLAIMTRACK_RATE_LIMIT_PER_MINUTE": "0",
        **{f"CLAIMTRACK_{k.upper()}": v for k, v in settings.items()},
    }
    command = [sys.executable, "-m", "service.cli", "serve", "--port", str(port)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    _PIDS[base] = process.pid
    try:
        for _ in range(200):
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/readyz").status_code == 200:
                    break
            time.sleep(0.05)
        yield base, prefix
    finally:
        _PIDS.pop(base, None)
        process.terminate()
        process.wait()
        drop_prefix(redis_url, prefix)


def drop_prefix(redis_url: str, prefix: str) -> None:
    client = redis.Redis.from_url(redis_url)
    batch: list[bytes] = []
    for key in client.scan_iter(match=f"{prefix}*", count=5000):
        batch.append(key)
        if len(batch) >= 5000:
            client.unlink(*batch)
            batch.clear()
    if batch:
        client.unlink(*batch)
    client.close()


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


def load_statements(redis_url: str, prefix: str, statements: list[str]) -> float:
    """Write the statements straight into Redis as the store would (records, time index, postings), so a
    server on `prefix` starts with a corpus of that size; returns seconds taken."""
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
