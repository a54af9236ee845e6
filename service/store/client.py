"""The one Redis client of a process: a configured server, a Redis Cluster, or the embedded server."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, TypeAlias, TypedDict

import anyio
import anyio.to_thread
from redis.asyncio import Redis
from redis.asyncio.cluster import RedisCluster
from redis.exceptions import ClusterError
from redis.typing import EncodableT

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


MOVE_WAIT = 5.0
"""Seconds a command waits for a slot to finish moving to a master the client has not met
(`MovingCluster`)."""
MOVE_PAUSE = 0.05


class MovingCluster(RedisCluster):
    """redis-py's cluster client, waiting out a slot moving to a master it has not met.

    While a slot moves (`redis-cli --cluster rebalance` or `reshard`), its old master answers a command on
    keys it no longer holds with ASK: ask the new master. redis-py follows ASK only to a node in its slot
    map, and a master joined since the map was read, or owning no slot yet, is not in it: the command fails
    with AttributeError before anything is sent (redis-py 8.2, redis/redis-py#4015), which the service
    would answer 500. Once the slot has moved, the old master answers MOVED instead, which puts the new
    master in the map; so the command is sent again until then, for `MOVE_WAIT` seconds at most, and then
    fails as a Redis error (503, `Retry-After`). Every command goes through here: a pipeline's redirected
    commands and scripts too."""

    async def execute_command(self, *args: EncodableT, **kwargs: Any) -> Any:
        deadline = time.monotonic() + MOVE_WAIT
        while True:
            try:
                return await super().execute_command(*args, **kwargs)
            except AttributeError as exc:  # the redirect to a node it lacks (None); see above
                if "NoneType" not in str(exc):
                    raise
                if time.monotonic() > deadline:
                    raise ClusterError(f"a slot is moving to a master not met yet: {exc}") from exc
            await anyio.sleep(MOVE_PAUSE)


@asynccontextmanager
async def open_redis(settings: Settings) -> AsyncIterator[RedisClient]:
    """Yield a client for `settings.redis_url` (a cluster's startup node when `redis_cluster`), or for an
    embedded server when it is unset."""
    embedded: EmbeddedRedis | None = None
    client: RedisClient
    if settings.redis_url and settings.redis_cluster:
        client = MovingCluster.from_url(settings.redis_url, **TIMEOUTS)
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
