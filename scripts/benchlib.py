"""Shared pieces of the service benchmarks: a one-worker server on a private key prefix, and timing."""

from __future__ import annotations

import contextlib
import os
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import redis

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
