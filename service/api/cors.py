"""Cross-origin access for the configured origins (browser extensions), with refusals as problem documents."""

from __future__ import annotations

import msgspec
from litestar.config.cors import CORSConfig
from litestar.datastructures import Headers
from litestar.types import Message, Scope

from service.api.problems import PROBLEM_JSON, Problem
from service.settings import Settings

__all__ = ["cors_config", "refusal_as_problem", "vary_on_origin"]

_STATE_KEY = "claimtrack.cors_refusal"


def cors_config(settings: Settings) -> CORSConfig:
    return CORSConfig(
        allow_origins=list(settings.cors_origins),
        allow_methods=["GET", "POST", "DELETE", "OPTIONS"],
        allow_headers=["Authorization", "X-API-Key", "Content-Type", "X-Request-ID"],
        expose_headers=[
            "RateLimit-Limit",
            "RateLimit-Remaining",
            "RateLimit-Reset",
            "Retry-After",
            "X-Request-ID",
        ],
    )


async def refusal_as_problem(message: Message, scope: Scope) -> None:
    """`before_send` hook: litestar refuses a disallowed preflight with a 400 text/plain answer of its own;
    every other answer of this service is JSON, so that one is rewritten as a problem document."""
    if message["type"] == "http.response.start":
        headers = Headers.from_scope(scope)
        content_type = dict(message.get("headers", [])).get(b"content-type", b"")
        if message["status"] != 400 or not content_type.startswith(b"text/plain") or "origin" not in headers:
            return
        config: CORSConfig | None = scope["litestar_app"].cors_config
        if config is None:
            return
        origin = headers["origin"]
        detail = (
            f"cross-origin requests from {origin} are not allowed; allowed origins are set by "
            "CLAIMTRACK_CORS_ORIGINS"
            if not config.is_origin_allowed(origin)
            else f"this cross-origin request asks for a method or headers not allowed: methods "
            f"{', '.join(config.allow_methods)}; headers {', '.join(config.allow_headers)}"
        )
        problem = Problem(title="Bad Request", status=400, detail=detail, instance=scope["path"])
        body = msgspec.json.encode(problem)
        scope.setdefault("state", {})[_STATE_KEY] = body
        message["headers"] = [
            (b"content-type", PROBLEM_JSON.encode()),
            (b"content-length", str(len(body)).encode()),
        ]
    elif message["type"] == "http.response.body" and _STATE_KEY in scope.get("state", {}):
        message["body"] = scope["state"].pop(_STATE_KEY)


async def vary_on_origin(message: Message, scope: Scope) -> None:
    """`before_send` hook: with origins configured, every answer says it varies by `Origin`. Litestar says so
    only to an allowed origin, so a shared cache could keep an answer made for a request of no or another
    origin (no `Access-Control-Allow-Origin`) and hand it to the extension, which would then be refused."""
    if message["type"] != "http.response.start":
        return
    config: CORSConfig | None = scope["litestar_app"].cors_config
    if config is None or not config.allow_origins or config.is_allow_all_origins:
        return
    headers = list(message.get("headers", []))
    vary = [value for name, value in headers if name.lower() == b"vary"]
    if not any(b"origin" in value.lower() for value in vary):
        message["headers"] = [*headers, (b"vary", b"Origin")]
