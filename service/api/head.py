"""HEAD on every GET endpoint, answered as GET without the body (RFC 9110, 9.3.2).

litestar routes HEAD only to handlers declared for it, and refuses to declare it beside a body, so HEAD on
`/healthz` or `/v1/statements`, which uptime checkers and link checkers send, was 405.
"""

from __future__ import annotations

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["HeadAsGet"]


class HeadAsGet:
    """Wraps the app's handler: a HEAD request is routed, limited and answered as a GET (the same status and
    headers, `Content-Length` included), and the body is left out."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)
