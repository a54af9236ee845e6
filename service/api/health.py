"""Liveness and readiness probes."""

from __future__ import annotations

import asyncio

import msgspec
from litestar import Controller, get
from litestar.datastructures import State
from redis.exceptions import RedisError

from service.api.problems import problem_responses
from service.errors import ProblemError
from service.store.client import RedisClient


class Health(msgspec.Struct):
    status: str


class HealthController(Controller):
    tags = ["health"]  # noqa: RUF012 - litestar reads it as a class attribute

    @get("/healthz", summary="The process is up", responses=problem_responses())
    async def healthz(self) -> Health:
        return Health(status="ok")

    @get("/readyz", summary="Redis answers", responses=problem_responses(503))
    async def readyz(self, state: State) -> Health:
        redis: RedisClient = state.redis  # one server's client or a cluster's (no dependency: not a type)
        try:
            await asyncio.wait_for(redis.ping(), timeout=1.0)
        except (RedisError, OSError, TimeoutError) as exc:
            raise ProblemError(f"redis is not answering: {exc or type(exc).__name__}", status=503) from exc
        return Health(status="ready")
