"""What operators see of each request: an id (returned as `X-Request-ID`), a log line, and metrics."""

from __future__ import annotations

import logging
import re
import time
import uuid

from litestar import Controller, Response, get
from litestar.datastructures import MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from service import metrics
from service.api.problems import problem_responses
from service.logs import request_id

REQUEST_ID_HEADER = "X-Request-ID"
_CLIENT_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
log = logging.getLogger("claimtrack.request")


class RequestMiddleware:
    """Gives every request an id (a client's own `X-Request-ID` when it is short and plain), sends it back,
    logs the request with it, and counts it by route template and status."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        given = MutableScopeHeaders(scope).get(REQUEST_ID_HEADER)
        rid = given if given and _CLIENT_ID.fullmatch(given) else uuid.uuid4().hex
        token = request_id.set(rid)
        status = 500
        started = time.perf_counter()

        async def identified_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableScopeHeaders.from_message(message)[REQUEST_ID_HEADER] = rid
            await send(message)

        try:
            await self.app(scope, receive, identified_send)
        finally:
            seconds = time.perf_counter() - started
            route = scope.get("path_template") or "unmatched"
            metrics.count_request(scope["method"], route, status, seconds)
            log.info(
                "%s %s %d %.1f ms",
                scope["method"],
                scope["path"],
                status,
                seconds * 1000,
                extra={
                    "method": scope["method"],
                    "path": scope["path"],
                    "route": route,
                    "status": status,
                    "duration_ms": round(seconds * 1000, 2),
                },
            )
            request_id.reset(token)


class MetricsController(Controller):
    @get(
        "/metrics",
        summary="Prometheus metrics (text exposition format)",
        media_type=metrics.CONTENT_TYPE,
        responses=problem_responses(),
    )
    async def metrics(self) -> Response[bytes]:
        return Response(metrics.exposition(), media_type=metrics.CONTENT_TYPE)
