"""Prometheus metrics of the process, and the small API the rest of the service counts with.

With several worker processes, set `PROMETHEUS_MULTIPROC_DIR` to an empty directory shared by them
(before they start): every process then writes its values there and `/metrics` adds them all up.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

__all__ = [
    "CONTENT_TYPE",
    "count_dedup",
    "count_ingest",
    "count_redis_error",
    "count_request",
    "count_store_retry",
    "exposition",
    "time_extraction",
]

CONTENT_TYPE = CONTENT_TYPE_LATEST
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

REQUESTS = Counter(
    "claimtrack_requests",
    "HTTP requests answered, by route template and status",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "claimtrack_request_duration_seconds",
    "Time from a request's arrival to the end of its answer, by route template",
    ["method", "route"],
    buckets=_LATENCY_BUCKETS,
)
INGESTS = Counter("claimtrack_ingests", "Articles posted, by outcome: created or already stored", ["outcome"])
DEDUP = Counter(
    "claimtrack_dedup_mentions",
    "Mentions of stored articles by kind (statement, claim) and outcome: joined an existing cluster or new",
    ["kind", "outcome"],
)
REDIS_ERRORS = Counter("claimtrack_redis_errors", "Requests that failed because Redis did not answer")
STORE_RETRIES = Counter(
    "claimtrack_store_retries", "Store transactions started over, by reason (e.g. conflict)", ["reason"]
)
EXTRACTION = Histogram(
    "claimtrack_extraction_seconds",
    "Time to extract quotes and claims from one article text (cache misses only)",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
)


def count_request(method: str, route: str, status: int, seconds: float) -> None:
    REQUESTS.labels(method, route, str(status)).inc()
    LATENCY.labels(method, route).observe(seconds)


def count_ingest(created: bool) -> None:
    INGESTS.labels("created" if created else "known").inc()


def count_dedup(kind: str, *, joined: int, new: int) -> None:
    """Of one stored article's mentions of `kind`, how many joined a cluster and how many started one."""
    if joined:
        DEDUP.labels(kind, "joined").inc(joined)
    if new:
        DEDUP.labels(kind, "new").inc(new)


def count_redis_error() -> None:
    REDIS_ERRORS.inc()


def count_store_retry(reason: str) -> None:
    STORE_RETRIES.labels(reason).inc()


@contextmanager
def time_extraction() -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        EXTRACTION.observe(time.perf_counter() - started)


def exposition() -> bytes:
    """The text format of every metric: this process's, or all workers' with `PROMETHEUS_MULTIPROC_DIR`."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry)
    return generate_latest(REGISTRY)
