"""Who may write, and how often anyone may call: API keys and an atomic per-client rate limit in Redis."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import time
from functools import lru_cache
from typing import Any

from litestar.connection import ASGIConnection
from litestar.enums import ScopeType
from litestar.exceptions import NotAuthorizedException
from litestar.handlers.base import BaseRouteHandler
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from redis.asyncio import Redis
from redis.exceptions import RedisError

from service.api.problems import log, send_problem
from service.settings import Settings
from service.store.keys import Keys

WINDOW_SECONDS = 60


def presented_key(headers: Any) -> str | None:
    """The API key from `Authorization: Bearer KEY` or `X-API-Key: KEY`."""
    auth: str = headers.get("authorization", "")
    if auth[:7].lower() == "bearer ":
        return auth[7:].strip() or None
    key: str | None = headers.get("x-api-key")
    return key.strip() if key else None


async def require_api_key(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """Guard for writes: when keys are configured, one of them must be presented. Async, so that it runs on
    the event loop: litestar hands a plain function guard to a worker thread."""
    settings: Settings = connection.app.state.settings
    if not settings.api_keys:
        return
    key = presented_key(connection.headers)
    if key is None:
        raise NotAuthorizedException(
            "this endpoint needs an API key: `Authorization: Bearer KEY` or `X-API-Key`"
        )
    if not any(hmac.compare_digest(key.encode(), known.encode()) for known in settings.api_keys):
        raise NotAuthorizedException("unknown API key")


async def hit(redis: Redis, keys: Keys, client: str, limit: int, now: float) -> tuple[int, int]:
    """Count one request in the client's fixed window; returns (requests so far, seconds to reset).

    SET NX EX then INCR in one MULTI is atomic across workers and needs nothing newer than Redis 6.2.
    """
    window = int(now // WINDOW_SECONDS)
    key = keys.rate(client, window)
    async with redis.pipeline(transaction=True) as pipe:
        pipe.set(key, 0, ex=WINDOW_SECONDS + 1, nx=True)
        pipe.incr(key)
        _, count = await pipe.execute()
    return int(count), math.ceil((window + 1) * WINDOW_SECONDS - now)


@lru_cache(maxsize=8)
def _networks(cidrs: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(cidr) for cidr in cidrs)


def is_exempt(scope: Scope, cidrs: tuple[str, ...]) -> bool:
    """Whether the client's address lies in one of the exempt networks (`cidrs`)."""
    client = scope.get("client")
    if not client or not cidrs:
        return False
    try:
        address = ipaddress.ip_address(client[0])
    except ValueError:  # not an IP address (a Unix socket peer, a test transport)
        return False
    return any(address in network for network in _networks(cidrs))


def client_identity(scope: Scope, headers: Any) -> str:
    key = presented_key(headers)
    if key:
        return "k:" + hashlib.blake2b(key.encode(), digest_size=8).hexdigest()
    client = scope.get("client")
    return "a:" + (client[0] if client else "unknown")


class RateLimitMiddleware:
    """Limits `/v1/` requests per API key (or client address) per minute and says so in `RateLimit-*`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != ScopeType.HTTP
            or scope["method"] == "OPTIONS"
            or not scope["path"].startswith("/v1/")
        ):
            await self.app(scope, receive, send)
            return
        state = scope["litestar_app"].state
        settings: Settings = state.settings
        limit = settings.rate_limit_per_minute
        if limit <= 0 or is_exempt(scope, settings.rate_limit_exempt):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        try:
            count, reset = await hit(
                state.redis, state.key_builder, client_identity(scope, headers), limit, time.time()
            )
        except RedisError as exc:  # limiting must not take the service down with Redis; reads may still work
            log.warning("rate limit not applied, Redis failed: %s", exc)
            await self.app(scope, receive, send)
            return
        limit_headers = [
            (b"ratelimit-limit", str(limit).encode()),
            (b"ratelimit-remaining", str(max(0, limit - count)).encode()),
            (b"ratelimit-reset", str(reset).encode()),
        ]
        if count > limit:
            detail = f"rate limit of {limit} requests per minute exceeded; retry in {reset} s"
            retry = (b"retry-after", str(reset).encode())
            await send_problem(send, scope["path"], 429, detail, [retry, *limit_headers])
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *limit_headers]
            await send(message)

        await self.app(scope, receive, send_with_headers)
