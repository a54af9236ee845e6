"""Service configuration: one immutable Struct, read from `CLAIMTRACK_*` variables when asked to."""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from typing import Annotated, Literal

import msgspec

PREFIX = "CLAIMTRACK_"
Positive = Annotated[int, msgspec.Meta(ge=1)]
NonNegative = Annotated[int, msgspec.Meta(ge=0)]
Seconds = Annotated[float, msgspec.Meta(gt=0)]
"""Bounds a value must keep for the service to work at all: no connection, body or time below them."""
_LIST_FIELDS = frozenset(
    {"api_keys", "cors_origins", "rate_limit_exempt", "trusted_proxies", "open_endpoints"}
)
ACCESS_CLASSES = ("read", "lookup", "compute", "write")
"""What an endpoint does, for deciding whether it needs a key: `read` (GET and HEAD), `lookup` (a POST that
only reads, `/v1/check`), `compute` (a POST that costs CPU or fetches URLs but stores nothing: extract,
compare) and `write` (every other POST or DELETE)."""


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """Everything the service can be told; each field is `CLAIMTRACK_<FIELD>` in the environment."""

    redis_url: str | None = None
    """A Redis URL; unset starts a private embedded Redis with its data under `data_dir`."""
    redis_cluster: bool = False
    """Treat `redis_url` as a startup node of a Redis Cluster."""
    data_dir: str = "./data"
    key_prefix: str = "ct:v2:"
    api_keys: tuple[str, ...] = ()
    """Accepted API keys; empty leaves every endpoint open."""
    open_endpoints: tuple[str, ...] = ("read", "lookup")
    """Access classes (`ACCESS_CLASSES`) that need no key when keys are configured."""
    cors_origins: tuple[str, ...] = ()
    max_body_bytes: Positive = 2 * 1024 * 1024
    max_text_chars: Positive = 1_000_000
    max_request_chars: Positive = 2_000_000
    """Characters one request may have extracted in all (the texts of a comparison added up)."""
    max_request_fetches: NonNegative = 5
    """URLs one request may have fetched (the articles of a comparison sent as `url` only)."""
    rate_limit_per_minute: NonNegative = 600
    """Requests per key (or client address) in any 60 s; 0 turns limiting off."""
    rate_limit_exempt: tuple[str, ...] = ("127.0.0.0/8", "::1/128")
    """Client networks that are never limited: by default the host itself (its scripts and bulk loads);
    set but empty limits every client."""
    trusted_proxies: tuple[str, ...] = ()
    """Networks of reverse proxies whose `X-Forwarded-For` names the client; empty trusts no header."""
    extract_cache_ttl: NonNegative = 24 * 3600
    request_timeout: Seconds = 30.0
    """Seconds a request may run, reading its body included, before it is abandoned with 503."""
    fetch_allow_private: bool = False
    """Allow fetching URLs on loopback and private addresses (tests, intranets); link-local and cloud
    metadata addresses stay refused."""
    fetch_timeout: Seconds = 10.0
    fetch_max_bytes: Positive = 5 * 1024 * 1024
    log_format: Literal["text", "json"] = "text"
    """`json` writes one JSON object per line, each with its request's id."""
    max_connections: Positive = 256
    """Concurrent connections (and requests) one worker process serves; more get 503 (`claimtrack serve`)."""
    header_timeout: Seconds = 10.0
    """Seconds a client may take to send a request's headers before the connection is closed."""
    keepalive_timeout: NonNegative = 5
    """Seconds an idle keep-alive connection stays open."""

    def __post_init__(self) -> None:
        if self.redis_url is not None and not self.redis_url.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError(f"redis_url: {self.redis_url!r} is not a redis://, rediss:// or unix:// URL")
        for name in ("rate_limit_exempt", "trusted_proxies"):
            for network in getattr(self, name):
                try:
                    ipaddress.ip_network(network)
                except ValueError as exc:
                    raise ValueError(f"{name}: {exc}") from exc
        unknown = sorted(set(self.open_endpoints) - set(ACCESS_CLASSES))
        if unknown:
            raise ValueError(f"open_endpoints: unknown {unknown}; choose from {', '.join(ACCESS_CLASSES)}")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read the `CLAIMTRACK_*` variables; lists are comma-separated, and a list set to the empty string
        is empty (not the default); other empty values and unknown fields are ignored."""
        env = os.environ if environ is None else environ
        raw: dict[str, object] = {}
        for field in cls.__struct_fields__:
            value = env.get(PREFIX + field.upper())
            if value is None:
                continue
            if field in _LIST_FIELDS:
                raw[field] = tuple(item.strip() for item in value.split(",") if item.strip())
            elif value != "":
                raw[field] = value
        try:
            return msgspec.convert(raw, cls, strict=False)
        except msgspec.ValidationError as exc:
            # msgspec names the field (`$.max_connections`); a user set the variable
            message = re.sub(r"\$\.(\w+)", lambda m: PREFIX + m.group(1).upper(), str(exc))
            raise ValueError(f"invalid setting: {message}") from exc
