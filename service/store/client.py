"""The one Redis client of a process: a configured server, or the embedded one."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from redis.asyncio import Redis

from service.settings import Settings
from service.store.embedded import EmbeddedRedis


@asynccontextmanager
async def open_redis(settings: Settings) -> AsyncIterator[Redis]:
    """Yield a client for `settings.redis_url`, or for an embedded server when it is unset."""
    embedded: EmbeddedRedis | None = None
    if settings.redis_url:
        client = Redis.from_url(settings.redis_url, socket_timeout=5, socket_connect_timeout=2)
    else:
        embedded = EmbeddedRedis(settings.data_dir)
        client = Redis(unix_socket_path=embedded.start(), socket_timeout=5)
    try:
        yield client
    finally:
        await client.aclose()
        if embedded is not None:
            embedded.stop()
