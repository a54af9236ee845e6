"""The only wiring module: `create_app(settings)` builds the Litestar application."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar
from litestar.config.cors import CORSConfig
from litestar.di import Provide
from litestar.openapi.config import OpenAPIConfig
from redis.asyncio import Redis

from service.api.health import HealthController
from service.api.problems import EXCEPTION_HANDLERS
from service.settings import Settings
from service.store.client import open_redis
from service.store.keys import Keys

__all__ = ["create_app"]


def create_app(settings: Settings | None = None) -> Litestar:
    """Build the app; without `settings` they are read from the environment now, not at import."""
    settings = settings or Settings.from_env()
    redis_holder: dict[str, Redis] = {}

    @asynccontextmanager
    async def redis_lifespan(_: Litestar) -> AsyncIterator[None]:
        async with open_redis(settings) as client:
            redis_holder["client"] = client
            yield

    async def provide_redis() -> Redis:
        return redis_holder["client"]

    return Litestar(
        route_handlers=[HealthController],
        lifespan=[redis_lifespan],
        dependencies={
            "redis": Provide(provide_redis, use_cache=True),
            "settings": Provide(lambda: settings, use_cache=True, sync_to_thread=False),
            "keys": Provide(lambda: Keys(settings.key_prefix), use_cache=True, sync_to_thread=False),
        },
        exception_handlers=EXCEPTION_HANDLERS,
        request_max_body_size=settings.max_body_bytes,
        cors_config=CORSConfig(
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Authorization", "X-API-Key", "Content-Type"],
            expose_headers=["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "Retry-After"],
        ),
        openapi_config=OpenAPIConfig(title="claimtrack", version="0.1.0", description=_DESCRIPTION),
    )


_DESCRIPTION = (
    "Who said what, and how each outlet reported it: attributed quotes and check-worthy claims extracted "
    "from news articles, deduplicated across outlets into statements and compared side by side. "
    "Every error is an RFC 9457 `application/problem+json` document."
)
