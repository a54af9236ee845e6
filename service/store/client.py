"""The one Redis client of a process: a configured server, or the embedded one."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import hiredis
from redis.asyncio import Redis
from redis.asyncio.connection import Connection
from redis.typing import EncodableT

from service.settings import Settings
from service.store.embedded import EmbeddedRedis

_NATIVE = (bytes, str)


class HiredisPackingConnection(Connection):
    """A TCP connection that packs commands with hiredis in one C call.

    redis-py's asyncio connection packs in Python, argument by argument; an ingest sends commands with
    hundreds of keys, where that packing was a large share of the process's CPU time.
    """

    def pack_command(self, *args: EncodableT) -> list[bytes]:
        name = args[0]
        if isinstance(name, str):  # "CONFIG GET" and the like go as separate words
            args = (*name.encode().split(), *args[1:])
        elif isinstance(name, bytes) and b" " in name:
            args = (*name.split(), *args[1:])
        encode = self.encoder.encode
        # hiredis takes bytes and str (as UTF-8, as the encoder would); numbers keep redis-py's spelling.
        packed = tuple(arg if type(arg) in _NATIVE else bytes(encode(arg)) for arg in args)  # type: ignore[no-untyped-call]
        return [hiredis.pack_command(packed)]  # type: ignore[arg-type]


@asynccontextmanager
async def open_redis(settings: Settings) -> AsyncIterator[Redis]:
    """Yield a client for `settings.redis_url`, or for an embedded server when it is unset."""
    embedded: EmbeddedRedis | None = None
    if settings.redis_url:
        client = Redis.from_url(
            settings.redis_url,
            socket_timeout=5,
            socket_connect_timeout=2,
            connection_class=HiredisPackingConnection,  # rediss:// and unix:// URLs keep their own
        )
    else:
        embedded = EmbeddedRedis(settings.data_dir)
        client = Redis(unix_socket_path=embedded.start(), socket_timeout=5)
    try:
        yield client
    finally:
        await client.aclose()
        if embedded is not None:
            embedded.stop()
