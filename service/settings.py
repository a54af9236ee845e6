"""Service configuration: one immutable Struct, read from `CLAIMTRACK_*` variables when asked to."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping

import msgspec

PREFIX = "CLAIMTRACK_"
_LIST_FIELDS = frozenset({"api_keys", "cors_origins", "rate_limit_exempt"})


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """Everything the service can be told; each field is `CLAIMTRACK_<FIELD>` in the environment."""

    redis_url: str | None = None
    """A Redis URL; unset starts a private embedded Redis with its data under `data_dir`."""
    redis_cluster: bool = False
    """Treat `redis_url` as a startup node of a Redis Cluster."""
    data_dir: str = "./data"
    key_prefix: str = "ct:v2:"
    api_keys: tuple[str, ...] = ()
    """Keys accepted for writes; empty leaves writes open."""
    cors_origins: tuple[str, ...] = ()
    max_body_bytes: int = 2 * 1024 * 1024
    max_text_chars: int = 1_000_000
    rate_limit_per_minute: int = 600
    """Requests per key (or client address) per minute; 0 turns limiting off."""
    rate_limit_exempt: tuple[str, ...] = ("127.0.0.0/8", "::1/128")
    """Client networks that are never limited: by default the host itself (its scripts and bulk loads);
    empty limits every client."""
    extract_cache_ttl: int = 24 * 3600
    request_timeout: float = 30.0
    """Seconds a request may run before it is abandoned with 503."""
    fetch_allow_private: bool = False
    """Allow fetching URLs that resolve to loopback or private addresses (tests, intranets)."""
    fetch_timeout: float = 10.0
    fetch_max_bytes: int = 5 * 1024 * 1024

    def __post_init__(self) -> None:
        for network in self.rate_limit_exempt:
            try:
                ipaddress.ip_network(network)
            except ValueError as exc:
                raise ValueError(f"rate_limit_exempt: {exc}") from exc

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read the `CLAIMTRACK_*` variables; lists are comma-separated; unknown fields are ignored."""
        env = os.environ if environ is None else environ
        raw: dict[str, object] = {}
        for field in cls.__struct_fields__:
            value = env.get(PREFIX + field.upper())
            if value is None or value == "":
                continue
            if field in _LIST_FIELDS:
                raw[field] = tuple(item.strip() for item in value.split(",") if item.strip())
            else:
                raw[field] = value
        try:
            return msgspec.convert(raw, cls, strict=False)
        except msgspec.ValidationError as exc:
            raise ValueError(f"invalid {PREFIX}* setting: {exc}") from exc
