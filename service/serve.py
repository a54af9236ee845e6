"""Serving the app with uvicorn, with the limits a server on the open internet needs.

uvicorn bounds keep-alive idleness and concurrency but not the time a client may take to send its request
headers, so 300 connections that each send half a header would be held open for good. `HeaderTimeoutProtocol`
closes a connection whose headers are not complete within `header_timeout` seconds of its start or of its
previous response; a body sent too slowly is cut off by the request deadline (`request_timeout`).
"""

from __future__ import annotations

import asyncio
from functools import cache

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from service.settings import Settings

__all__ = ["HeaderTimeoutProtocol", "serve"]

APP = "service.app:create_app"


@cache
def _header_timeout() -> float:
    """Read once per worker process, from the same environment the worker's app reads its settings from."""
    return Settings.from_env().header_timeout


class HeaderTimeoutProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, closing connections that are too slow to send their request headers."""

    _header_timer: asyncio.TimerHandle | None = None
    _peer: asyncio.Transport | None = None

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

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()


def serve(host: str, port: int, workers: int = 1, app: str = APP) -> None:
    """Run the app in `workers` processes; each builds it with `create_app()` from the environment.

    `app` is the factory's import path; benchmarks serve a baseline app through the same server with it.
    """
    settings = Settings.from_env()
    trusted = list(settings.trusted_proxies)
    uvicorn.run(
        app,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        http=HeaderTimeoutProtocol,
        limit_concurrency=settings.max_connections,
        timeout_keep_alive=settings.keepalive_timeout,
        # X-Forwarded-* only from the configured proxies; uvicorn would otherwise trust 127.0.0.1.
        proxy_headers=bool(trusted),
        forwarded_allow_ips=trusted,
        server_header=False,
        log_level="info",
    )
