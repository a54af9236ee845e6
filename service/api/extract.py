"""`POST /v1/extract`: quotes and claims of a text, an HTML page or a fetched URL, nothing stored."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, post
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.params import FromQuery, JSONBody, Parameter

from schemas import ExtractRequest, ExtractResult
from service.api.problems import problem_responses
from service.ingest.pipeline import cached_extract, resolve_source
from service.settings import Settings

Debug = Annotated[
    bool,
    Parameter(
        description="`true` names on each quote the extraction rule that found it (`rule`; its confidence is "
        "`confidence`), for diagnosing extraction"
    ),
]


class ExtractController(Controller):
    path = "/v1/extract"
    tags = ["extract"]  # noqa: RUF012 - litestar reads it as a class attribute

    @post(
        "/",
        status_code=200,
        opt={"access": "compute"},
        summary="Extract attributed quotes and check-worthy claims from a text, an HTML page or a URL",
        description=(
            "Send `text`, or `html` (reduced to its article text as `POST /v1/articles` does), or only `url` "
            "to fetch the page. Offsets refer to the text sent, or else to the returned `text`. "
            "With `debug=true` each quote also names the rule that found it (`rule`)."
        ),
        responses=problem_responses(400, 413, 422, 429, 502),
    )
    async def extract(
        self,
        data: JSONBody[ExtractRequest],
        settings: NamedDependency[Settings],
        state: State,
        debug: FromQuery[Debug] = False,
    ) -> ExtractResult:
        source = await resolve_source(
            data.text, data.html, data.url, settings=settings, client=state.http, policy=state.fetch_policy
        )
        found = await cached_extract(
            source.text,
            redis=state.redis,
            keys=state.key_builder,
            ttl=settings.extract_cache_ttl,
            rules=debug,
        )
        return ExtractResult(
            quotes=found.quotes, claims=found.claims, text=None if data.text is not None else source.text
        )
