"""`/v1/articles`: ingest an article (text, HTML or URL) and read it back with its statement links."""

from __future__ import annotations

from litestar import Controller, Response, delete, get, post
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, FromQuery, JSONBody

from schemas import Article, ArticleIn, ArticleList, ArticleSummary
from service import metrics
from service.api.listing import after_cursor, parse_after
from service.api.problems import problem_responses
from service.api.statements import Limit
from service.errors import NotFound
from service.ingest.pipeline import ingest_article
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
        article, created = await ingest_article(
            data, settings=settings, corpus=corpus, client=state.http, policy=state.fetch_policy
        )
        metrics.count_ingest(created)
        return Response(article, status_code=201 if created else 200)

    @get(
        "/",
        summary="Stored articles without their text, oldest ingest first (the order to replay them in)",
        responses=problem_responses(400, 429),
    )
    async def list_articles(
        self,
        corpus: NamedDependency[Corpus],
        limit: FromQuery[Limit] = 50,
        cursor: FromQuery[str | None] = None,
    ) -> ArticleList:
        found = await corpus.articles_by_ingest(parse_after(cursor), limit + 1)
        articles = await corpus.articles([article_id for _, article_id in found[:limit]])
        items = [
            ArticleSummary(
                id=a.id,
                outlet=a.outlet,
                url=a.url,
                title=a.title,
                published_at=a.published_at,
                ingested_at=a.ingested_at,
            )
            for a in articles
        ]
        after = after_cursor(*found[limit - 1]) if len(found) > limit else None
        return ArticleList(items=items, next_cursor=after)

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
