"""The only wiring module: `create_app(settings)` builds the Litestar application."""

from __future__ import annotations

import asyncio
import gc
import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
import msgspec
from litestar import Litestar, Request, Router
from litestar.connection import ASGIConnection
from litestar.datastructures import State
from litestar.di import Provide
from litestar.handlers.base import BaseRouteHandler
from litestar.openapi.spec import OpenAPI
from redis.exceptions import RedisError

import schemas
from service import __version__
from service.api.access import RateLimiter, RateLimitMiddleware, require_access
from service.api.articles import ArticleController
from service.api.bodies import check_body
from service.api.check import CheckController
from service.api.claims import ClaimController
from service.api.cors import cors_config, refusal_as_problem, vary_on_origin
from service.api.deadline import DeadlineMiddleware
from service.api.docs import assets_router, openapi_config
from service.api.extract import ExtractController
from service.api.head import HeadAsGet
from service.api.health import HealthController
from service.api.observe import MetricsController, RequestMiddleware
from service.api.problems import EXCEPTION_HANDLERS, complete_contract
from service.api.queries import check_query
from service.api.statements import StatementController
from service.ingest.fetch import make_client
from service.ingest.pipeline import fetch_policy
from service.logs import configure_logging, describe_storage
from service.settings import Settings
from service.store.client import open_redis
from service.store.corpus import REPAIR_AFTER, Corpus
from service.store.keys import Keys
from service.web import web_routes

__all__ = ["contract", "create_app", "tune_collector"]

log = logging.getLogger("claimtrack")

_DESCRIPTION = (
    "Who said what, and how each outlet reported it: attributed quotes and check-worthy claims extracted "
    "from news articles, deduplicated across outlets into statements and compared side by side. "
    "Every error is an RFC 9457 `application/problem+json` document."
)


GIL_SWITCH_SECONDS = 0.001


def tune_collector() -> None:
    """Tune the garbage collector for this service's workload (the server does at startup, and so do the
    benchmarks that time the store in process, to measure what the server pays).

    An ingest allocates tens of thousands of short-lived containers; with the default threshold (700) the
    collector ran dozens of times per request and took a fifth of its time. What was built before (models,
    lexicons, the app) lives as long as the process, so it is left out of every collection."""
    gc.freeze()
    gc.set_threshold(50_000, 10, 10)


@asynccontextmanager
async def _resources(app: Litestar) -> AsyncIterator[None]:
    """One Redis client and one outbound HTTP client per process, closed on shutdown; the collector and the
    interpreter lock tuned for the process's workload."""
    state = app.state
    configure_logging(state.settings.log_format)
    log.info("claimtrack %s starting: %s", __version__, describe_storage(state.settings))
    tune_collector()
    # Long articles and comparisons are matched in worker threads. Each time the event loop comes back
    # from I/O it waits for a busy thread to hand over the interpreter lock, up to the switch interval
    # (5 ms by default), and answering one request takes many such waits: /healthz took about 1 s during a
    # 1,000-sentence ingest and compare, and 0.3 s with 1 ms.
    sys.setswitchinterval(GIL_SWITCH_SECONDS)
    async with open_redis(state.settings) as redis, make_client(state.fetch_policy) as http:
        state.redis, state.http = redis, http
        state.rate_limiter = RateLimiter(redis, state.key_builder)
        state.corpus = Corpus(redis, state.key_builder)
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(_repair, state.corpus)
            try:
                yield
            finally:
                tasks.cancel_scope.cancel()


REPAIR_ROUND_SECONDS = 30.0
"""Longest a repair round may wait on Redis; a round cut off loses nothing (each finished step and merge is
kept), so the next one goes on from there."""


async def _repair(corpus: Corpus) -> None:
    """Finish the writes other processes left unfinished (a crash, an outage) and merge the word index, now
    and every few seconds."""
    while True:
        try:
            async with asyncio.timeout(REPAIR_ROUND_SECONDS):
                finished = await corpus.repair()
                await corpus.merge_words()
        except (RedisError, TimeoutError) as exc:  # Redis is away or stalled: the next round tries again
            logging.getLogger("claimtrack").warning("repair: %r", exc)
        else:
            if finished:
                logging.getLogger("claimtrack").info("repair: finished %d unfinished writes", finished)
        await anyio.sleep(REPAIR_AFTER / 2)


def _corpus(state: State) -> Corpus:
    corpus: Corpus = state.corpus
    return corpus


_CLOSED_OBJECTS = [
    struct
    for struct in vars(schemas).values()
    if isinstance(struct, type)
    and issubclass(struct, msgspec.Struct)
    and struct.__struct_config__.forbid_unknown_fields
]


def contract(app: Litestar) -> OpenAPI:
    """The app's OpenAPI document, completed with what every operation shares (`complete_contract`)."""
    return complete_contract(app.openapi_schema, _CLOSED_OBJECTS)


def _complete_contract(request: Request[object, object, State]) -> None:
    contract(request.app)


async def _guard(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    """Every request's checks as one guard: litestar copies the route handler for each guard it runs, and
    each copy took over 1% of a check's CPU (`POST /v1/check` under load)."""
    await require_access(connection, handler)
    await check_query(connection, handler)
    await check_body(connection, handler)


def create_app(settings: Settings | None = None) -> Litestar:
    """Build the app; without `settings` they are read from the environment now, not at import."""
    settings = settings or Settings.from_env()
    state = State(
        {
            "settings": settings,
            "key_builder": Keys(settings.key_prefix),
            "fetch_policy": fetch_policy(settings),
        }
    )
    app = Litestar(
        route_handlers=[
            HealthController,
            ExtractController,
            ArticleController,
            StatementController,
            CheckController,
            ClaimController,
            MetricsController,
            assets_router(),
            *web_routes(),
        ],
        state=state,
        lifespan=[_resources],
        dependencies={
            "corpus": Provide(_corpus, sync_to_thread=False),
            "settings": Provide(lambda: settings, use_cache=True, sync_to_thread=False),
        },
        # The deadline bounds the rate limiter's Redis call too: Redis commands have no timeout of their own.
        middleware=[RequestMiddleware, DeadlineMiddleware, RateLimitMiddleware],
        guards=[_guard],
        exception_handlers=EXCEPTION_HANDLERS,
        request_max_body_size=settings.max_body_bytes,
        cors_config=cors_config(settings),
        before_send=[refusal_as_problem, vary_on_origin],
        openapi_config=openapi_config(
            title="claimtrack",
            version=__version__,
            description=_DESCRIPTION,
            openapi_router=Router(
                "/schema", route_handlers=[], before_request=_complete_contract, include_in_schema=False
            ),
        ),
    )
    app.asgi_handler = HeadAsGet(app.asgi_handler)
    return app
