"""A TCP proxy in front of the test Redis that can be cut, or made to drop a connection at a command.

It runs on its own thread and event loop: the test client runs the app on another thread and blocks the
test's loop while it waits for answers.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Coroutine
from typing import Any


class RedisProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        """`cut_on`: a command name; the proxy goes down just before forwarding it."""
        self.target = (target_host, target_port)
        self.port = 0
        self.cut_on: bytes | None = None
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self._run(self._start())

    def stop(self) -> None:
        """Refuse new connections and drop the open ones, as a Redis outage would."""
        self._run(self._stop())

    def close(self) -> None:
        self.stop()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()

    def _run(self, coro: Coroutine[Any, Any, None]) -> None:
        asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout=5)

    async def _start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _stop(self) -> None:
        if self._server is not None:
            self._server.close()
            for writer in list(self._writers):
                writer.close()
            self._writers.clear()
            await self._server.wait_closed()
            self._server = None

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
        self._writers.update((writer, upstream_writer))

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter, watch: bool) -> None:
            with contextlib.suppress(ConnectionError, OSError, asyncio.CancelledError):
                while data := await src.read(65536):
                    if watch and self.cut_on is not None and self.cut_on in data.upper():
                        # The command never reaches Redis: the server "dies" just before it.
                        asyncio.get_running_loop().create_task(self._stop())
                        break
                    dst.write(data)
                    await dst.drain()
            writer.close()
            upstream_writer.close()

        await asyncio.gather(pipe(reader, upstream_writer, True), pipe(upstream_reader, writer, False))
