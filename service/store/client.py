"""The one Redis client of a process: a configured server, a Redis Cluster, or the embedded server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TypeAlias

from redis.asyncio import Redis
from redis.asyncio.cluster import RedisCluster

from service.settings import Settings
from service.store.embedded import EmbeddedRedis

RedisClient: TypeAlias = Redis | RedisCluster
"""A single server's client or a cluster's: the store runs the same code on both."""

SOCKET_TIMEOUT = 5.0
"""Seconds a Redis command may take: a stalled server fails requests (503) instead of holding them."""


@asynccontextmanager
async def open_redis(settings: Settings) -> AsyncIterator[RedisClient]:
    """Yield a client for `settings.redis_url` (a cluster's startup node when `redis_cluster`), or for an
    embedded server when it is unset."""
    embedded: EmbeddedRedis | None = None
    client: RedisClient
    if settings.redis_url and settings.redis_cluster:
        client = RedisCluster.from_url(
            settings.redis_url, socket_timeout=SOCKET_TIMEOUT, socket_connect_timeout=2
        )
    elif settings.redis_url:
        client = Redis.from_url(settings.redis_url, socket_timeout=SOCKET_TIMEOUT, socket_connect_timeout=2)
    else:
        embedded = EmbeddedRedis(settings.data_dir)
        client = Redis(unix_socket_path=embedded.start(), socket_timeout=SOCKET_TIMEOUT)
    try:
        yield client
    finally:
        await client.aclose()
        if embedded is not None:
            embedded.stop()
