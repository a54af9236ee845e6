"""`/v1/articles`: ingest an article (text, HTML or URL) and read it back with its statement links."""

from __future__ import annotations

from litestar import Controller, Response, delete, get, post
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, JSONBody

from schemas import Article, ArticleIn
from service.api.problems import problem_responses
from service.errors import NotFound
from service.ingest.pipeline import draft_article
from service.settings import Settings
from service.store.corpus import Corpus


class ArticleController(Controller):
    path = "/v1/articles"
    tags = ["articles"]  # noqa: RUF012 - litestar reads it as a class attribute

    @post(
        "/",
        summary="Ingest an article; 201 when new, 200 with the stored article when already ingested",
        responses={
            200: ResponseSpec(Article, description="Already ingested: the stored article"),
            **problem_responses(400, 401, 413, 422, 429, 502),
        },
    )
    async def ingest(
        self,
        data: JSONBody[ArticleIn],
        settings: NamedDependency[Settings],
        corpus: NamedDependency[Corpus],
        state: State,
    ) -> Response[Article]:
        if data.url and data.text is None and data.html is None:
            known = await corpus.article_by_url(data.outlet.strip(), data.url)
            if known is not None:
                return Response(known, status_code=200)
        draft = await draft_article(
            data,
            settings=settings,
            redis=corpus.redis,
            keys=corpus.keys,
            client=state.http,
            policy=state.fetch_policy,
        )
        article, created = await corpus.ingest(draft)
        return Response(article, status_code=201 if created else 200)

    @delete(
        "/{article_id:str}",
        summary="Remove an article; its mentions leave their statements and claims, and those left without "
        "mentions are removed",
        responses=problem_responses(401, 404, 429),
    )
    async def remove(self, article_id: FromPath[str], corpus: NamedDependency[Corpus]) -> None:
        if not await corpus.delete_article(article_id):
            raise NotFound(f"no article {article_id!r}")

    @get("/{article_id:str}", summary="A stored article", responses=problem_responses(404, 429))
    async def article(self, article_id: FromPath[str], corpus: NamedDependency[Corpus]) -> Article:
        article = await corpus.article(article_id)
        if article is None:
            raise NotFound(f"no article {article_id!r}")
        return article
