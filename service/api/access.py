"""Who may call what, and how often: API keys, the open-endpoint policy and an atomic per-client rate limit.

A request is counted against its API key only when the key is valid; otherwise against the client's
address, which is the TCP peer unless the peer is a trusted proxy (`trusted_proxies`), in which case it is
the address that proxy put in `X-Forwarded-For`. IPv6 clients are counted per /64, the block one host gets.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import ipaddress
import math
from functools import lru_cache
from typing import Any

from litestar.connection import ASGIConnection
from litestar.datastructures import Headers
from litestar.enums import ScopeType
from litestar.exceptions import NotAuthorizedException
from litestar.handlers.base import BaseRouteHandler
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from redis.exceptions import RedisError

from service.api.problems import log, send_problem
from service.errors import InvalidInput
from service.settings import Settings
from service.store.client import RedisClient
from service.store.keys import Keys

__all__ = [
    "CHALLENGE",
    "RateLimitMiddleware",
    "RateLimiter",
    "access_class",
    "client_address",
    "presented_keys",
    "require_access",
]

PERIOD_SECONDS = 60
RATE_LIMIT_WAIT = 1.0
"""Seconds a request waits for its rate-limit count; a Redis that does not answer by then lets it through
unlimited, as one that fails does (limiting must not hold the service hostage to Redis)."""
_READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="claimtrack"'}
"""What a 401 must say it asks for (RFC 9110, 11.6.1): a key as a bearer token (or in `X-API-Key`)."""
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def presented_keys(headers: Headers) -> set[str]:
    """Every API key the request presents, in `Authorization: Bearer KEY` or `X-API-Key: KEY` (either may be
    repeated)."""
    keys: set[str] = set()
    for auth in headers.getall("authorization", []):
        if auth[:7].lower() == "bearer " and auth[7:].strip():
            keys.add(auth[7:].strip())
    keys.update(key.strip() for key in headers.getall("x-api-key", []) if key.strip())
    return keys


def presented_key(headers: Headers) -> str | None:
    """The one API key the request presents; None for none, or for two different ones: which counts would
    otherwise depend on who reads the headers (access took the first, the rate limit the last, so a valid key
    followed by a made-up one passed as the key and was counted against the address, doubling the limit)."""
    keys = presented_keys(headers)
    return keys.pop() if len(keys) == 1 else None


def valid_key(headers: Headers, settings: Settings) -> str | None:
    """The presented API key if it is one of the configured keys (compared in constant time)."""
    key = presented_key(headers)
    if key is None:
        return None
    known = [hmac.compare_digest(key.encode(), k.encode()) for k in settings.api_keys]
    return key if any(known) else None


def access_class(handler: BaseRouteHandler) -> str:
    """The handler's access class: its `opt["access"]`, else `read` for GET/HEAD and `write` otherwise."""
    declared: str | None = handler.opt.get("access")
    if declared is not None:
        return declared
    methods: set[str] = getattr(handler, "http_methods", set())
    return "read" if methods <= _READ_METHODS else "write"


async def require_access(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    """Guard for every `/v1/` endpoint: when keys are configured, an endpoint whose access class is not in
    `open_endpoints` needs one. Async, so that it runs on the event loop: litestar hands a plain function
    guard to a worker thread."""
    settings: Settings = connection.app.state.settings
    if not settings.api_keys or not connection.url.path.startswith("/v1/"):
        return
    kind = access_class(handler)
    if kind in settings.open_endpoints:
        return
    presented = presented_keys(connection.headers)
    if len(presented) > 1:
        raise InvalidInput(
            f"the request sends {len(presented)} different API keys (in `Authorization` and `X-API-Key`, or "
            "one of them twice): send one"
        )
    if not presented:
        raise NotAuthorizedException(
            f"this endpoint ({kind}) needs an API key: `Authorization: Bearer KEY` or `X-API-Key: KEY`",
            headers=CHALLENGE,
        )
    if valid_key(connection.headers, settings) is None:
        raise NotAuthorizedException("unknown API key", headers=CHALLENGE)


@lru_cache(maxsize=16)
def _networks(cidrs: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(cidr) for cidr in cidrs)


def _within(address: IPAddress, cidrs: tuple[str, ...]) -> bool:
    return any(address in network for network in _networks(cidrs))


def _address(text: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:  # not an IP address (a Unix socket peer, a test transport, a garbled header)
        return None


def client_address(scope: Scope, headers: Any, trusted_proxies: tuple[str, ...]) -> IPAddress | None:
    """The client's address: the peer's, or, when the peer is a trusted proxy, the last address in
    `X-Forwarded-For` that is not itself a trusted proxy (the earlier entries are the client's to forge)."""
    client = scope.get("client")
    peer = _address(client[0]) if client else None
    if peer is None or not trusted_proxies or not _within(peer, trusted_proxies):
        return peer
    for hop in reversed(headers.get("x-forwarded-for", "").split(",")):
        address = _address(hop)
        if address is None:
            return peer
        if not _within(address, trusted_proxies):
            return address
    return peer


def _identity(key: str | None, address: IPAddress | None) -> str:
    """What a request is counted against: a valid key, else the client's address (its /64 for IPv6)."""
    if key is not None:
        return "k:" + hashlib.blake2b(key.encode(), digest_size=8).hexdigest()
    if address is None:
        return "a:unknown"
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is None:
            return "a:" + str(ipaddress.IPv6Network((address, 64), strict=False))
        address = address.ipv4_mapped
    return "a:" + str(address)


class RateLimiter:
    """GCRA (the generic cell rate algorithm) in one Lua script on one key per client.

    A client may spend its whole `limit` at once and then gets one request back every `period / limit`:
    over any `s` seconds at most `limit * (1 + s / period)` pass, and never more than `limit` at one moment
    (a fixed window lets twice the limit through around its edge). The script reads the clock of Redis, so
    every worker counts on the same clock, and touches one key, so it runs on Redis Cluster.
    """

    # KEYS[1]: the client's theoretical arrival time, microseconds on the Redis clock.
    # ARGV[1]: limit, ARGV[2]: period in microseconds.
    # Returns {allowed 1|0, remaining, ms until the whole limit is back, ms until a retry (0 if allowed)}.
    SCRIPT = """
local limit = tonumber(ARGV[1])
local period = tonumber(ARGV[2])
local interval = period / limit
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local tat = math.max(tonumber(redis.call('GET', KEYS[1])) or now, now)
local allow_at = tat + interval - period
if now < allow_at then
  return {0, 0, math.ceil((tat - now) / 1000), math.ceil((allow_at - now) / 1000)}
end
local new_tat = tat + interval
redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', math.ceil((new_tat - now) / 1000))
return {1, math.floor((now - allow_at) / interval), math.ceil((new_tat - now) / 1000), 0}
"""

    def __init__(self, redis: RedisClient, keys: Keys) -> None:
        self._script = redis.register_script(self.SCRIPT)
        self._keys = keys

    async def hit(
        self, client: str, limit: int, period: float = PERIOD_SECONDS
    ) -> tuple[bool, int, int, int]:
        """Count one request of `client`: (allowed, remaining, seconds until the full limit is back,
        seconds until a refused request may be retried)."""
        async with asyncio.timeout(RATE_LIMIT_WAIT):
            allowed, remaining, reset_ms, retry_ms = await self._script(
                keys=[self._keys.rate(client)], args=[limit, int(period * 1_000_000)]
            )
        return bool(allowed), int(remaining), math.ceil(int(reset_ms) / 1000), math.ceil(int(retry_ms) / 1000)


def _limit_headers(limit: int, remaining: int, reset: int) -> list[tuple[bytes, bytes]]:
    return [
        (b"ratelimit-limit", str(limit).encode()),
        (b"ratelimit-remaining", str(remaining).encode()),
        (b"ratelimit-reset", str(reset).encode()),
    ]


class RateLimitMiddleware:
    """Limits `/v1/` requests per valid API key, else per client address, and says so in `RateLimit-*` on
    every `/v1/` answer; exempt clients see their full limit, never used up."""

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
        if limit <= 0:
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        address = client_address(scope, headers, settings.trusted_proxies)
        if address is not None and _within(address, settings.rate_limit_exempt):
            limit_headers = _limit_headers(limit, limit, 0)
        else:
            identity = _identity(valid_key(Headers.from_scope(scope), settings), address)
            try:
                allowed, remaining, reset, retry = await state.rate_limiter.hit(identity, limit)
            except (RedisError, TimeoutError) as exc:  # limiting must not take the service down with Redis
                log.warning("rate limit not applied, Redis failed: %r", exc)
                await self.app(scope, receive, send)
                return
            limit_headers = _limit_headers(limit, remaining, reset)
            if not allowed:
                detail = f"rate limit of {limit} requests per minute exceeded; retry in {retry} s"
                retry_after = (b"retry-after", str(retry).encode())
                await send_problem(send, scope["path"], 429, detail, [retry_after, *limit_headers])
                return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *limit_headers]
            await send(message)

        await self.app(scope, receive, send_with_headers)
