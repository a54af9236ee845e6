"""`POST /v1/extract`: quotes and claims of a text, nothing stored."""

from __future__ import annotations

from litestar import Controller, post
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.params import JSONBody
from redis.asyncio import Redis

from schemas import Extraction, ExtractRequest
from service.api.problems import problem_responses
from service.ingest.pipeline import cached_extract, check_text
from service.settings import Settings


class ExtractController(Controller):
    path = "/v1/extract"
    tags = ["extract"]  # noqa: RUF012 - litestar reads it as a class attribute

    @post(
        "/",
        status_code=200,
        opt={"access": "compute"},
        summary="Extract attributed quotes and check-worthy claims from a text",
        responses=problem_responses(400, 413, 429),
    )
    async def extract(
        self,
        data: JSONBody[ExtractRequest],
        settings: NamedDependency[Settings],
        redis: NamedDependency[Redis],
        state: State,
    ) -> Extraction:
        text = check_text(data.text, settings)
        return await cached_extract(text, redis=redis, keys=state.key_builder, ttl=settings.extract_cache_ttl)
