"""The one Redis client of a process (a configured server, or the embedded one), and an ordered channel."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import hiredis
from redis.asyncio import Redis
from redis.asyncio.connection import AbstractConnection, Connection
from redis.exceptions import ConnectionError, ResponseError
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


class Channel:
    """Commands sent in the caller's order on one connection, their replies read back by one reader task.

    Redis runs one connection's commands in the order it receives them, so a command sent here runs after
    every command sent before it, although the sender need not wait for their replies: a writer can hand
    over its lock as soon as its commit is sent, and the next writer's reads still see that commit.
    """

    def __init__(self, redis: Redis) -> None:
        self._redis = redis
        self._line: _Line | None = None

    async def send(
        self, *args: EncodableT, on_reply: Callable[[Any], None] | None = None
    ) -> asyncio.Future[Any]:
        """Send a command; the future gets its reply (or error). `on_reply` is called with a reply first,
        before any later command's reply is delivered."""
        line = self._line
        if line is None or line.broken:
            # Without a socket timeout, redis-py writes at once: with one, every write runs in a task of its
            # own (`wait_for`), and the writer waits for the event loop to get round to it. Reads keep the
            # timeout; a write can only block on a full buffer, and then a read of an earlier reply times out
            # first and closes the connection.
            pool = self._redis.connection_pool
            settings = pool.connection_kwargs
            connection = pool.connection_class(**{**settings, "socket_timeout": None})
            line = self._line = _Line(connection, settings.get("socket_timeout"))
        return await line.send(args, on_reply)

    async def aclose(self) -> None:
        if self._line is not None:
            await self._line.close()
            self._line = None


class _Line:
    """One connection of a `Channel`; once it fails, every reply still awaited fails and it is replaced."""

    def __init__(self, connection: AbstractConnection, read_timeout: float | None) -> None:
        self.connection = connection
        self.read_timeout = read_timeout
        self.broken = False
        self._awaited: deque[tuple[asyncio.Future[Any], Callable[[Any], None] | None]] = deque()
        self._reader: asyncio.Task[None] | None = None

    async def send(
        self, args: tuple[EncodableT, ...], on_reply: Callable[[Any], None] | None
    ) -> asyncio.Future[Any]:
        # Queued before it is written, so replies and waiters pair up in the order commands were written.
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._awaited.append((future, on_reply))
        try:
            await self.connection.send_packed_command(self.connection.pack_command(*args), check_health=False)
        except BaseException as exc:  # redis-py drops the connection after a failed or cancelled write
            if self._awaited and self._awaited[-1][0] is future:
                self._awaited.pop()  # this one's sender gets the error itself
            self._fail(exc)
            raise
        if self._reader is None or self._reader.done():
            self._reader = asyncio.get_running_loop().create_task(self._read())
        return future

    async def _read(self) -> None:
        while self._awaited and not self.broken:
            try:
                reply: Any = await self.connection.read_response(timeout=self.read_timeout)
            except ResponseError as exc:  # an error reply: this command failed, the connection is fine
                reply = exc
            except BaseException as exc:
                self._fail(exc)
                return
            future, on_reply = self._awaited.popleft()
            if isinstance(reply, ResponseError):
                _settle(future, reply)
                continue
            if on_reply is not None:
                try:
                    on_reply(reply)
                except Exception as exc:  # its sender gets the error; the replies after it still arrive
                    reply = exc
            _settle(future, reply)

    def _fail(self, exc: BaseException) -> None:
        self.broken = True
        error = exc if isinstance(exc, Exception) else ConnectionError("the connection was interrupted")
        while self._awaited:
            _settle(self._awaited.popleft()[0], error)

    async def close(self) -> None:
        self._fail(ConnectionError("the channel was closed"))
        if self._reader is not None:
            self._reader.cancel()
        await self.connection.disconnect()


def _settle(future: asyncio.Future[Any], outcome: Any) -> None:
    if future.done():  # its sender was cancelled and no longer waits
        return
    if isinstance(outcome, BaseException):
        future.set_exception(outcome)
    else:
        future.set_result(outcome)


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
