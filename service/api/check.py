"""`POST /v1/check`: is this quote on record, and how was it worded? `POST /v1/compare`: nothing stored."""

from __future__ import annotations

from urllib.parse import urldefrag

import anyio.to_thread
from litestar import Controller, post
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.params import JSONBody

from schemas import CheckRequest, CheckResult, CompareRequest, CompareResult, StatementMention
from service.api.problems import problem_responses
from service.api.statements import MENTIONS_SCANNED
from service.errors import InvalidInput, TooLarge
from service.extract import extract
from service.extract.quotes import extract_quotes
from service.ids import article_id
from service.ingest.pipeline import resolve
from service.match import normalize
from service.match.clusters import ClusterRecord
from service.match.compare import (
    REPEATED_ARTICLE,
    ArticleQuotes,
    check_answer,
    check_score,
    compare_articles,
    others_wordings,
    repeated_article,
)
from service.match.wording import reference_wording
from service.settings import Settings
from service.store.corpus import Corpus

MAX_MATCHES = 5
VERDICTS = ("exact", "minor_variation", "altered")
"""Closest first: the answer's verdict is its best match's."""
MAX_COMPARED_ARTICLES = 20


SELECTION_MAX_CHARS = 2_000
"""Longest checked text read as a selection that may hold one quotation with its attribution."""
_QUOTE_MARKS = frozenset('"“”«»„')
QUOTED_SHARE = 0.6
"""Least share of a selected passage its one quotation must fill to be checked alone."""


def quote_in_selection(selection: str, speaker: str | None) -> tuple[str, str | None]:
    """What to check in a selected passage: the words inside its quotation marks when it is one quotation
    with its attribution (`“There can be no peace …,” Carney told reporters.`), with the speaker named
    there when none was given; otherwise the passage as it is. A quotation filling under
    `QUOTED_SHARE` of the passage (`Carney called it “a betrayal” of …`) is part of the writer's sentence,
    and the whole sentence is checked."""
    if len(selection) > SELECTION_MAX_CHARS or _QUOTE_MARKS.isdisjoint(selection):
        return selection, speaker
    marked = [q for q in extract_quotes(selection) if q.kind != "indirect"]
    if len(marked) != 1 or len(marked[0].text) < QUOTED_SHARE * len(selection.strip()):
        return selection, speaker
    found = marked[0]
    return found.text, speaker or (found.speaker.name if found.speaker else None)


async def check_quote(corpus: Corpus, quote: str, speaker: str | None, url: str | None = None) -> CheckResult:
    """The stored statements a quote matches, closest first (a different speaker last), and the verdict of
    the closest; `not_found` when none does. A selection holding one quotation with its attribution is
    checked by the quotation (`quote_in_selection`). With the `url` of the page the quote was read on, the
    page's own mentions are left out of what it is judged against (`on_page`)."""
    quote, speaker = quote_in_selection(quote, speaker)
    ids = (await corpus.candidate_ids("statement", [normalize(quote)]))[0]
    # Most candidates share only a few words with the quote: an answer is built for those that match.
    found = [
        (record, score)
        for record, view in await corpus.clusters_to_match("statement", ids)
        if (score := check_score(quote, view.canonical_norm, view.renderings)) is not None
    ]
    matches = []
    for record, score in found:
        wordings, reference = record.wordings, None
        if url and (split := await on_page(corpus, record, url))[0]:
            wordings = others_wordings(wordings, *split)
            if not wordings:
                continue  # only the page itself printed it
            reference = reference_wording(wordings)
        matches.append(check_answer(quote, speaker, record.statement(), wordings, score, reference=reference))
    matches.sort(key=lambda m: (m.speaker_differs, VERDICTS.index(m.verdict), -m.score))
    matches = matches[:MAX_MATCHES]
    return CheckResult(verdict=matches[0].verdict if matches else "not_found", matches=matches)


async def on_page(
    corpus: Corpus, record: ClusterRecord, url: str
) -> tuple[list[StatementMention], list[StatementMention] | None]:
    """The record's mentions in the article at `url` (its fragment aside), among the first
    `MENTIONS_SCANNED`, and its other mentions when those are all of them (else None)."""
    page = urldefrag(url).url
    mentions = await corpus.mentions("statement", record, 0, MENTIONS_SCANNED)
    here: list[StatementMention] = []
    others: list[StatementMention] = []
    for mention in mentions:
        (here if mention.url and urldefrag(mention.url).url == page else others).append(mention)
    return here, others if record.mention_count <= len(mentions) else None


class CheckController(Controller):
    tags = ["check"]  # noqa: RUF012 - litestar reads it as a class attribute

    @post(
        "/v1/check",
        status_code=200,
        opt={"access": "lookup"},
        summary="Find a quote among stored statements: verdict, score, diff and the outlets carrying it",
        responses=problem_responses(400, 413, 429),
    )
    async def check(self, data: JSONBody[CheckRequest], corpus: NamedDependency[Corpus]) -> CheckResult:
        if not normalize(data.quote):
            raise InvalidInput("`quote` has no words to look for")
        return await check_quote(corpus, data.quote, data.speaker, data.url)

    @post(
        "/v1/compare",
        status_code=200,
        opt={"access": "compute"},
        summary="Compare how several articles report the same statements, without storing anything",
        responses=problem_responses(400, 413, 422, 429, 502),
    )
    async def compare(
        self, data: JSONBody[CompareRequest], settings: NamedDependency[Settings], state: State
    ) -> CompareResult:
        if not 2 <= len(data.articles) <= MAX_COMPARED_ARTICLES:
            raise InvalidInput(f"send between 2 and {MAX_COMPARED_ARTICLES} articles to compare")
        fetches = sum(a.text is None and a.html is None for a in data.articles)
        if fetches > settings.max_request_fetches:
            raise TooLarge(
                f"{fetches} articles to fetch by `url`; one request may fetch {settings.max_request_fetches}"
            )
        resolved = []
        chars = 0
        for article in data.articles:
            found = await resolve(article, settings=settings, client=state.http, policy=state.fetch_policy)
            chars += len(found.text)
            if chars > settings.max_request_chars:
                raise TooLarge(
                    f"the articles add up to more than {settings.max_request_chars:,} characters, "
                    "the limit of one request"
                )
            resolved.append((article, found, article_id(article.outlet, found.text)))
        if twice := repeated_article([identity for _, _, identity in resolved]):
            raise InvalidInput(REPEATED_ARTICLE.format(*twice))
        articles = [
            ArticleQuotes(
                article_id=identity,
                outlet=article.outlet.strip(),
                quotes=(await anyio.to_thread.run_sync(extract, found.text)).quotes,
                url=found.url,
                published_at=found.published_at,
            )
            for article, found, identity in resolved
        ]
        # Matching thousands of quotes takes seconds: a worker thread keeps the event loop answering.
        return await anyio.to_thread.run_sync(compare_articles, articles)
