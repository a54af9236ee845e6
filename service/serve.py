"""Serving the app with uvicorn, with the limits a server on the open internet needs.

uvicorn bounds keep-alive idleness and concurrency but not the time a client may take to send its request
headers, so 300 connections that each send half a header would be held open for good. `HeaderTimeoutProtocol`
closes a connection whose headers are not complete within `header_timeout` seconds of its start or of its
previous response, and one whose request line and headers run past `MAX_HEAD_BYTES` (431); a body sent too
slowly is cut off by the request deadline (`request_timeout`). Only asyncio's protocol interface and the
parser's callbacks are taken over: what uvicorn answers by itself (400 to bytes it cannot parse, 503 past
`max_connections`) stays its own plain text.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import multiprocessing.process
import os
import signal
import socket
import time
from functools import cache
from http import HTTPStatus
from pathlib import Path

import msgspec
import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from service.api.problems import PROBLEM_JSON, Problem
from service.settings import Settings
from service.store.embedded import stop_unused

__all__ = ["HeaderTimeoutProtocol", "serve"]

APP = "service.app:create_app"
MAX_HEAD_BYTES = 65_536
"""Longest request line and headers taken (431 beyond, counted from the read after the one a request begins
in). The parser keeps no limit of its own, and it grows a header by copying it whole for every piece: a 20 MB
header was read, and one sent in small pieces cost a copy of all of it per piece."""
_FAILED_START = 10.0
"""Seconds within which a worker that exits is taken to have failed to start."""


@cache
def _header_timeout() -> float:
    """Read once per worker process, from the same environment the worker's app reads its settings from."""
    return Settings.from_env().header_timeout


class HeaderTimeoutProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, closing connections that are too slow to send their request headers or
    send more of them than `MAX_HEAD_BYTES`."""

    _header_timer: asyncio.TimerHandle | None = None
    _peer: asyncio.Transport | None = None
    _head_bytes = 0
    _began = False

    def _arm(self) -> None:
        self._disarm()
        self._header_timer = asyncio.get_running_loop().call_later(_header_timeout(), self._too_slow)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _too_slow(self) -> None:
        if self._peer is not None and not self._peer.is_closing():
            self._peer.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._peer = transport
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._arm()
        self._began = True

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()

    def data_received(self, data: bytes) -> None:
        self._began = False
        super().data_received(data)
        if self._header_timer is None or self._peer is None or self._peer.is_closing():  # no head being read
            return
        # The read that began the request may hold the end of the one before: it is not counted.
        self._head_bytes = 0 if self._began else self._head_bytes + len(data)
        if self._head_bytes > MAX_HEAD_BYTES:
            detail = f"the request's line and headers are longer than {MAX_HEAD_BYTES:,} bytes"
            self._refuse(431, detail)

    def _refuse(self, status: int, detail: str) -> None:
        """Answer with a problem document and close the connection, before any request reaches the app."""
        phrase = HTTPStatus(status).phrase
        body = msgspec.json.encode(Problem(title=phrase, status=status, detail=detail))
        head = [
            f"HTTP/1.1 {status} {phrase}\r\n".encode(),
            b"content-type: " + PROBLEM_JSON.encode() + b"\r\n",
            b"content-length: " + str(len(body)).encode() + b"\r\n",
            b"connection: close\r\n\r\n",
        ]
        if self._peer is not None:
            self._peer.write(b"".join(head) + body)
            self._peer.close()


def serve(host: str, port: int, workers: int = 1, app: str = APP) -> None:
    """Run the app in `workers` processes; each builds it with `create_app()` from the environment.

    Each worker listens on a socket of its own on the same port (`SO_REUSEPORT`), so the kernel spreads
    connections over the workers. With one shared socket, the first worker to wake accepts every connection
    waiting, and a client holding a few keep-alive connections is served by that worker alone (measured: 8
    connections, two workers, one of them did all the work). A worker that dies is started again.

    `app` is the factory's import path; benchmarks serve a baseline app through the same server with it.
    Settings that cannot be used stop it here, in one line, before any worker starts.
    """
    try:
        settings = Settings.from_env()
    except ValueError as exc:
        raise SystemExit(f"claimtrack: error: {exc}") from None
    if settings.redis_url is None and app == APP:  # the embedded Redis keeps its files there
        data = Path(settings.data_dir)
        try:
            data.mkdir(parents=True, exist_ok=True)
            (data / "redis.lock").touch()  # the file the embedded Redis locks: a write it must be able to do
        except OSError as exc:
            raise SystemExit(f"claimtrack: error: cannot keep data in {data}: {exc.strerror}") from None
    try:
        _serve(app, host, port, workers)
    finally:
        if settings.redis_url is None and app == APP:
            stop_unused(settings.data_dir)  # one a killed worker started and could not stop


def _serve(app: str, host: str, port: int, workers: int) -> None:
    # A port in use is reported here, once, in one line, before the app starts (uvicorn would report it only
    # after starting the app and its embedded Redis, and a socket bound with SO_REUSEPORT would share it).
    try:
        _socket(host, port, reuse_port=False).close()
    except OSError as exc:
        raise SystemExit(f"claimtrack: error: cannot listen on {host}:{port}: {exc.strerror}") from exc
    if workers <= 1:
        uvicorn.Server(_config(app, host, port)).run()
        return
    context = multiprocessing.get_context("spawn")
    workers_since: list[tuple[multiprocessing.process.BaseProcess, float]] = []
    stopping = False

    def start() -> tuple[multiprocessing.process.BaseProcess, float]:
        process = context.Process(target=_worker, args=(app, host, port))
        process.start()
        return process, time.monotonic()

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True
        for process, _ in workers_since:
            if process.is_alive() and process.pid is not None:
                os.kill(process.pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    workers_since += [start() for _ in range(workers)]
    while not stopping:
        time.sleep(0.5)
        for i, (process, since) in enumerate(workers_since):
            if process.is_alive() or stopping:
                continue
            if process.exitcode and process.exitcode > 0 and time.monotonic() - since < _FAILED_START:
                # It could not start (it was not killed by a signal): starting it again would not help.
                stop(signal.SIGTERM, None)
                raise SystemExit(f"a worker exited {process.exitcode} as it started; see its log")
            workers_since[i] = start()
    for process, _ in workers_since:
        process.join()


def _worker(app: str, host: str, port: int) -> None:
    uvicorn.Server(_config(app, host, port)).run(sockets=[_socket(host, port, reuse_port=True)])


def _socket(host: str, port: int, *, reuse_port: bool) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if reuse_port:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


def _config(app: str, host: str, port: int) -> uvicorn.Config:
    settings = Settings.from_env()
    trusted = list(settings.trusted_proxies)
    return uvicorn.Config(
        app,
        factory=True,
        host=host,
        port=port,
        http=HeaderTimeoutProtocol,
        # uvicorn counts the connection asking among those it limits: one more lets `max_connections` in
        limit_concurrency=settings.max_connections + 1,
        timeout_keep_alive=settings.keepalive_timeout,
        # X-Forwarded-* only from the configured proxies; uvicorn would otherwise trust 127.0.0.1.
        proxy_headers=bool(trusted),
        forwarded_allow_ips=trusted,
        server_header=False,
        log_level="info",
    )
