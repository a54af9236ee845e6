"""`/v1/articles`: ingest an article (text, HTML or URL) and read it back with its statement links."""

from __future__ import annotations

from litestar import Controller, Response, get, post
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody

from schemas import Article, ArticleIn, ArticleList, ArticleSummary
from service import metrics
from service.api.access import require_api_key
from service.api.listing import _cursor, _offset
from service.api.problems import problem_responses
from service.api.statements import Limit
from service.errors import NotFound
from service.ingest.pipeline import draft_article
from service.settings import Settings
from service.store.corpus import Corpus, new_cluster_id


def count_stored(article: Article, created: bool) -> None:
    """Count the ingest, and for a new article how many of its mentions joined a cluster or started one."""
    metrics.count_ingest(created)
    if not created:
        return
    statements = [new_cluster_id("statement", article.id, q.id) == q.statement_id for q in article.quotes]
    claims = [new_cluster_id("claim", article.id, c.id) == c.tracked_claim_id for c in article.claims]
    for kind, new in (("statement", statements), ("claim", claims)):
        metrics.count_dedup(kind, joined=new.count(False), new=new.count(True))


class ArticleController(Controller):
    path = "/v1/articles"
    tags = ["articles"]  # noqa: RUF012 - litestar reads it as a class attribute

    @post(
        "/",
        guards=[require_api_key],
        summary="Ingest an article; 201 when new, 200 with the stored article when already ingested",
        responses=problem_responses(400, 401, 413, 422, 429, 502),
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
        count_stored(article, created)
        return Response(article, status_code=201 if created else 200)

    @get(
        "/",
        summary="Stored articles without their text, oldest first by when they appeared",
        responses=problem_responses(400, 429),
    )
    async def list_articles(
        self,
        corpus: NamedDependency[Corpus],
        limit: FromQuery[Limit] = 50,
        cursor: FromQuery[str | None] = None,
    ) -> ArticleList:
        offset = _offset(cursor)
        articles = await corpus.articles(await corpus.article_ids(offset, limit + 1))
        items = [
            ArticleSummary(
                id=a.id,
                outlet=a.outlet,
                url=a.url,
                title=a.title,
                published_at=a.published_at,
                ingested_at=a.ingested_at,
            )
            for a in articles[:limit]
        ]
        after = _cursor(offset + limit) if len(articles) > limit else None
        return ArticleList(items=items, next_cursor=after)

    @get("/{article_id:str}", summary="A stored article", responses=problem_responses(404, 429))
    async def article(self, article_id: FromPath[str], corpus: NamedDependency[Corpus]) -> Article:
        article = await corpus.article(article_id)
        if article is None:
            raise NotFound(f"no article {article_id!r}")
        return article
