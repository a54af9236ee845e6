"""A wall-clock limit on every request: past it the request is abandoned with a 503 problem document."""

from __future__ import annotations

import asyncio

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from service.api.problems import log, send_problem
from service.settings import Settings


class DeadlineMiddleware:
    """Cancels a request still running after `request_timeout` seconds. It is also what bounds a request's
    Redis work: commands have no timeout of their own (`service.store.client`), and redis-py closes a
    connection whose read is cancelled, so no later command reads the stalled one's reply.

    Cancellation is safe for writes: an ingest is stored whole or not at all. One cancelled before its
    intent was written stored nothing; one cancelled after is finished by the repair task or by a retry,
    which then answers 200 with the article. Work in a worker thread (extraction of a long text) finishes
    before the cancellation lands; texts are capped, so that wait is bounded too.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        settings: Settings = scope["litestar_app"].state.settings
        seconds = settings.request_timeout
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            async with asyncio.timeout(seconds):
                await self.app(scope, receive, tracking_send)
        except TimeoutError:
            log.warning("%s %s abandoned after %s s", scope["method"], scope["path"], seconds)
            if not started:  # once a response has begun, closing the connection is all that is left
                detail = f"the request took longer than {seconds:g} s and was stopped; retrying is safe"
                await send_problem(send, scope["path"], 503, detail, [(b"retry-after", b"1")])
