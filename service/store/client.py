"""The one Redis client of a process: a configured server, a Redis Cluster, or the embedded server."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TypeAlias, TypedDict

import anyio
import anyio.to_thread
from redis.asyncio import Redis
from redis.asyncio.cluster import RedisCluster

from service.settings import Settings
from service.store.embedded import EmbeddedRedis

log = logging.getLogger("claimtrack")

RedisClient: TypeAlias = Redis | RedisCluster
"""A single server's client or a cluster's: the store runs the same code on both."""

CONNECT_TIMEOUT = 2.0
"""Seconds to wait for a connection to Redis.

Commands have no timeout of their own: what bounds them is the operation that sends them, a request by its
deadline (`DeadlineMiddleware`: 503, `Retry-After`), `/readyz`, the rate limiter and the repair task by
their own. A read timeout sets an asyncio timer for every reply, a pipeline's included: without them a
check under load takes 7% less CPU (1.18 -> 1.10 ms) and an ingest 2% less, for a bound the deadline gives
anyway."""


class Timeouts(TypedDict):
    socket_connect_timeout: float
    socket_timeout: float | None


TIMEOUTS = Timeouts(socket_connect_timeout=CONNECT_TIMEOUT, socket_timeout=None)
"""The timeouts of every connection to Redis, the read timeout given explicitly: redis-py's own is 5 s."""


@asynccontextmanager
async def open_redis(settings: Settings) -> AsyncIterator[RedisClient]:
    """Yield a client for `settings.redis_url` (a cluster's startup node when `redis_cluster`), or for an
    embedded server when it is unset."""
    embedded: EmbeddedRedis | None = None
    client: RedisClient
    if settings.redis_url and settings.redis_cluster:
        client = RedisCluster.from_url(settings.redis_url, **TIMEOUTS)
    elif settings.redis_url:
        client = Redis.from_url(settings.redis_url, **TIMEOUTS)
    else:
        embedded = EmbeddedRedis(settings.data_dir)
        client = Redis(unix_socket_path=embedded.start(), **TIMEOUTS)
    try:
        async with anyio.create_task_group() as tasks:
            if embedded is not None:
                tasks.start_soon(_keep_alive, embedded)
            try:
                yield client
            finally:
                tasks.cancel_scope.cancel()
    finally:
        await client.aclose()
        if embedded is not None:
            embedded.stop()


REVIVE_EVERY = 2.0
"""Seconds between looks at whether the embedded server is still running."""


async def _keep_alive(embedded: EmbeddedRedis) -> None:
    """Start the embedded server again whenever it has died (killed, out of memory): nothing else would, and
    every request would fail until the service was restarted."""
    while True:
        await anyio.sleep(REVIVE_EVERY)
        if await anyio.to_thread.run_sync(embedded.revive):
            log.warning("the embedded redis-server had exited; it was started again")
