"""Python clients for the claimtrack HTTP API: `Client` and `AsyncClient`, returning the Structs of `schemas`.

Both share one definition of every endpoint: an endpoint builds a `Call` (method, path, body, result
type), and each client only sends it, retrying 409, 429 and 503 answers after their `Retry-After` (a wait
longer than `max_wait` is not waited for). Errors are raised as `ApiError` subclasses carrying the whole
problem document; an answer the service would not send (a redirect, an HTML page, a body that does not
decode) raises `UnexpectedAnswer`, and a server that cannot be reached raises `ConnectionFailed` naming its
URL.
"""

from __future__ import annotations

import asyncio
import email.utils
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, ParamSpec, Protocol, TypeVar, overload
from urllib.parse import quote

import httpx
import msgspec

from schemas import (
    Article,
    ArticleIn,
    ArticleList,
    CheckRequest,
    CheckResult,
    ClaimDetail,
    ClaimList,
    CompareRequest,
    CompareResult,
    Comparison,
    ExtractRequest,
    ExtractResult,
    FactCheck,
    FactCheckList,
    FactCheckPage,
    MentionList,
    OutletList,
    Statement,
    StatementList,
)

__all__ = [
    "ApiError",
    "AsyncClient",
    "Call",
    "Client",
    "ClientError",
    "Conflict",
    "ConnectionFailed",
    "InvalidRequest",
    "NotFound",
    "RateLimited",
    "Unauthorized",
    "Unavailable",
    "UnexpectedAnswer",
]

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
I_co = TypeVar("I_co", covariant=True)
P = ParamSpec("P")

RETRY_STATUSES = frozenset({409, 429, 503})
UNDER_WAY = frozenset({409, 503})
"""Answers after which a write may have been done all the same (the server finishes an unfinished one)."""
MAX_WAIT = 60.0
"""The longest `Retry-After` waited for by default: the server's rate limits count requests per minute."""


class ClientError(Exception):
    """Anything that kept a call from returning its result."""


class ConnectionFailed(ClientError):
    """The server could not be reached (refused, timed out, name not found); `url` says where."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"cannot reach {url}: {reason}")
        self.url = url


class ApiError(ClientError):
    """An error answer: `problem` is the whole RFC 9457 document (`detail`, `errors`, ...)."""

    def __init__(self, status: int, problem: Mapping[str, Any], retry_after: float | None = None) -> None:
        self.status = status
        self.problem = dict(problem)
        self.detail = str(problem.get("detail") or problem.get("title") or f"HTTP {status}")
        self.errors: list[dict[str, Any]] = list(problem.get("errors") or [])
        self.retry_after = retry_after
        """Seconds the server asked to wait before retrying, when it said so."""
        super().__init__(f"{status}: {self.detail}")


class InvalidRequest(ApiError):
    """400, 413 or 422: the request itself was refused; `errors` lists the fields when known."""


class Unauthorized(ApiError):
    """401: a write without a valid API key."""


class NotFound(ApiError):
    """404: no such article, statement, claim or fact-check."""


class Conflict(ApiError):
    """409 after every retry: the records of a write kept changing under concurrent writes."""


class RateLimited(ApiError):
    """429 after every retry (or a `Retry-After` beyond `max_wait`): `retry_after` says when to come back."""


class Unavailable(ApiError):
    """503 after every retry (or a `Retry-After` beyond `max_wait`): the server is unavailable for now."""


class UnexpectedAnswer(ApiError):
    """An answer the service does not send: a redirect (never followed), a success that is not JSON or does
    not decode to the endpoint's result. Often another server (a proxy, a login page) at `base_url`."""

    def __init__(self, response: httpx.Response, reason: str | None = None) -> None:
        content_type = response.headers.get("Content-Type") or "no content type"
        found = [content_type, f"{len(response.content)} bytes"]
        if location := response.headers.get("Location"):
            found.append(f"redirecting to {location}")
        if reason:
            found.append(reason)
        detail = f"the answer is not one claimtrack sends ({', '.join(found)})"
        problem = {"status": response.status_code, "detail": _one_line(detail)}
        super().__init__(response.status_code, problem, _retry_after(response))


_ERRORS: dict[int, type[ApiError]] = {
    400: InvalidRequest,
    401: Unauthorized,
    404: NotFound,
    409: Conflict,
    413: InvalidRequest,
    422: InvalidRequest,
    429: RateLimited,
    503: Unavailable,
}


@dataclass(frozen=True)
class Call(Generic[T]):
    """One API request and the type its answer decodes to (None for answers without a body)."""

    method: str
    path: str
    result: type[T] | None
    body: object = None
    params: dict[str, str] = field(default_factory=dict)

    def decode(self, response: httpx.Response, *, under_way: bool = False) -> T:
        """The result of `response`; `under_way` when an earlier try was answered as a write under way."""
        if under_way and self.method == "DELETE" and response.status_code == 404:
            return None  # type: ignore[return-value]  # the earlier try deleted it after all
        if response.is_error:
            raise api_error(response)
        if not response.is_success:  # a redirect: followed, it could lead anywhere, another origin included
            raise UnexpectedAnswer(response)
        if response.content and _not_json(response):
            raise UnexpectedAnswer(response)
        if self.result is None:
            return None  # type: ignore[return-value]
        try:
            return msgspec.json.decode(response.content, type=self.result)
        except msgspec.DecodeError as exc:  # a ValidationError too
            raise UnexpectedAnswer(response, str(exc)) from exc

    def request(self) -> dict[str, Any]:
        """Keyword arguments for `httpx.Client.request`."""
        content = msgspec.json.encode(self.body) if self.body is not None else None
        headers = {"Content-Type": "application/json"} if content is not None else None
        return {
            "method": self.method,
            "url": self.path,
            "content": content,
            "headers": headers,
            "params": self.params,
        }


def _not_json(response: httpx.Response) -> bool:
    """Said to be something else than `application/json` or a JSON type such as `application/ld+json`."""
    media = str(response.headers.get("Content-Type", "")).split(";")[0].strip().lower()
    json = media == "application/json" or (media.startswith("application/") and media.endswith("+json"))
    return bool(media) and not json


def _one_line(text: str, limit: int = 300) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def api_error(response: httpx.Response) -> ApiError:
    try:
        problem = response.json()
    except ValueError:
        problem = None
    if not isinstance(problem, dict):
        text = response.text.strip()
        if not text or "\n" in text or len(text) > 300 or text.startswith("<"):  # a page, not a message
            media = response.headers.get("Content-Type") or "no content type"
            text = f"{response.reason_phrase}; the answer is not one claimtrack sends ({media})"
        problem = {"status": response.status_code, "detail": text}
    kind = _ERRORS.get(response.status_code, ApiError)
    return kind(response.status_code, problem, _retry_after(response))


def _retry_after(response: httpx.Response) -> float | None:
    value: str | None = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None  # unreadable: fall back to backoff
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def retry_delay(
    response: httpx.Response, attempt: int, retries: int, backoff: float, max_wait: float
) -> float | None:
    """Seconds to wait before trying again, or None when this answer is final: after `retries` retries, or
    when the server asks for a wait longer than `max_wait` (its `retry_after` then says how long)."""
    if response.status_code not in RETRY_STATUSES or attempt >= retries:
        return None
    after = _retry_after(response)
    if after is None:
        return min(backoff * 2.0**attempt, max_wait)
    return after if after <= max_wait else None


def _segment(value: str) -> str:
    """`value` as one path segment: `/`, `?`, `#`, `%` and the rest percent-encoded, and `.` or `..` as
    `%2E`, which would otherwise be resolved as a step in the path (`/v1/speakers/../statements`)."""
    if not value:
        raise ValueError("an empty id or name cannot be part of a path")
    encoded = quote(value, safe="")
    return encoded.replace(".", "%2E") if encoded in {".", ".."} else encoded


def _params(**values: object) -> dict[str, str]:
    return {name: _param(value) for name, value in values.items() if value is not None}


def _param(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class _Page(Protocol[I_co]):
    @property
    def items(self) -> Sequence[I_co]: ...

    @property
    def next_cursor(self) -> str | None: ...


class Endpoint(Generic[P, T_co]):
    """An API endpoint: on `Client` a method returning the result, on `AsyncClient` a coroutine method."""

    def __init__(self, build: Callable[P, Call[T_co]]) -> None:
        self.build = build
        self.__doc__ = build.__doc__

    @overload
    def __get__(self, client: None, owner: type[Any]) -> Endpoint[P, T_co]: ...
    @overload
    def __get__(self, client: Client, owner: type[Any]) -> Callable[P, T_co]: ...
    @overload
    def __get__(self, client: AsyncClient, owner: type[Any]) -> Callable[P, Awaitable[T_co]]: ...
    def __get__(self, client: Client | AsyncClient | None, owner: type[Any]) -> Any:
        if client is None:
            return self
        build, send = self.build, client.send
        return lambda *args, **kwargs: send(build(*args, **kwargs))


class Pages(Generic[P, I_co]):
    """Every item of a paged list: on `Client` an iterator, on `AsyncClient` an async iterator."""

    def __init__(self, endpoint: Endpoint[P, _Page[I_co]]) -> None:
        self.build = endpoint.build

    @overload
    def __get__(self, client: None, owner: type[Any]) -> Pages[P, I_co]: ...
    @overload
    def __get__(self, client: Client, owner: type[Any]) -> Callable[P, Iterator[I_co]]: ...
    @overload
    def __get__(self, client: AsyncClient, owner: type[Any]) -> Callable[P, AsyncIterator[I_co]]: ...
    def __get__(self, client: Client | AsyncClient | None, owner: type[Any]) -> Any:
        if client is None:
            return self
        build, pages = self.build, client.pages
        return lambda *args, **kwargs: pages(lambda cursor: _with_cursor(build(*args, **kwargs), cursor))


def _unseen(items: Sequence[T], seen: set[str]) -> Iterator[T]:
    """The items whose `id` is not in `seen`, adding theirs. A list paged by a time that can move (a
    statement's first appearance goes back when an older article carrying it is stored) hands an item
    already yielded to a later page again; items without an `id` (mentions) are all yielded."""
    for item in items:
        key = getattr(item, "id", None)
        if isinstance(key, str):
            if key in seen:
                continue
            seen.add(key)
        yield item


def _with_cursor(call: Call[T], cursor: str | None) -> Call[T]:
    params = dict(call.params)
    if cursor:
        params["cursor"] = cursor
    return Call(call.method, call.path, call.result, call.body, params)


class _Endpoints:
    """Every endpoint, defined once for both clients."""

    @Endpoint
    def extract(
        text: str | None = None, *, html: str | None = None, url: str | None = None, debug: bool = False
    ) -> Call[ExtractResult]:
        """Quotes and claims of a `text`, an `html` page or the page at `url`; nothing is stored. Given `html`
        or `url`, the result's `text` is what its offsets refer to; `debug` names each quote's rule."""
        request = ExtractRequest(text=text, html=html, url=url)
        return Call("POST", "/v1/extract", ExtractResult, request, _params(debug=debug or None))

    @Endpoint
    def ingest(
        outlet: str,
        *,
        text: str | None = None,
        html: str | None = None,
        url: str | None = None,
        title: str | None = None,
        published_at: datetime | None = None,
        ingested_at: datetime | None = None,
    ) -> Call[Article]:
        """Store an article given as `text`, `html` or only `url`; the stored one if already known."""
        article = ArticleIn(
            outlet=outlet,
            text=text,
            html=html,
            url=url,
            title=title,
            published_at=published_at,
            ingested_at=ingested_at,
        )
        return Call("POST", "/v1/articles", Article, article)

    @Endpoint
    def ingest_article(article: ArticleIn) -> Call[Article]:
        return Call("POST", "/v1/articles", Article, article)

    @Endpoint
    def article(article_id: str) -> Call[Article]:
        return Call("GET", f"/v1/articles/{_segment(article_id)}", Article)

    @Endpoint
    def delete_article(article_id: str) -> Call[None]:
        return Call("DELETE", f"/v1/articles/{_segment(article_id)}", None)

    @Endpoint
    def articles(*, limit: int | None = None, cursor: str | None = None) -> Call[ArticleList]:
        """One page of articles (without text), oldest first."""
        return Call("GET", "/v1/articles", ArticleList, params=_params(limit=limit, cursor=cursor))

    @Endpoint
    def statements(
        *,
        speaker: str | None = None,
        q: str | None = None,
        outlet: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Call[StatementList]:
        """One page of statements, newest first appearance first (`q` keeps those whose wording has it)."""
        params = _params(
            speaker=speaker, q=q, outlet=outlet, since=since, until=until, limit=limit, cursor=cursor
        )
        return Call("GET", "/v1/statements", StatementList, params=params)

    @Endpoint
    def speaker_statements(
        name: str, *, limit: int | None = None, cursor: str | None = None
    ) -> Call[StatementList]:
        params = _params(limit=limit, cursor=cursor)
        return Call("GET", f"/v1/speakers/{_segment(name)}/statements", StatementList, params=params)

    @Endpoint
    def statement(statement_id: str) -> Call[Statement]:
        return Call("GET", f"/v1/statements/{_segment(statement_id)}", Statement)

    @Endpoint
    def statement_mentions(
        statement_id: str, *, limit: int | None = None, cursor: str | None = None
    ) -> Call[MentionList]:
        """One page of every mention of a statement (its earliest by time first)."""
        path = f"/v1/statements/{_segment(statement_id)}/mentions"
        return Call("GET", path, MentionList, params=_params(limit=limit, cursor=cursor))

    @Endpoint
    def compare_statement(statement_id: str) -> Call[Comparison]:
        """How each outlet rendered a stored statement."""
        return Call("GET", f"/v1/statements/{_segment(statement_id)}/compare", Comparison)

    @Endpoint
    def compare(articles: Sequence[ArticleIn]) -> Call[CompareResult]:
        """Statements the given articles share, compared; nothing is stored."""
        return Call("POST", "/v1/compare", CompareResult, CompareRequest(list(articles)))

    @Endpoint
    def claims(
        *,
        q: str | None = None,
        min_score: float | None = None,
        speaker: str | None = None,
        outlet: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Call[ClaimList]:
        params = _params(
            q=q,
            min_score=min_score,
            speaker=speaker,
            outlet=outlet,
            since=since,
            until=until,
            limit=limit,
            cursor=cursor,
        )
        return Call("GET", "/v1/claims", ClaimList, params=params)

    @Endpoint
    def claim(claim_id: str) -> Call[ClaimDetail]:
        return Call("GET", f"/v1/claims/{_segment(claim_id)}", ClaimDetail)

    @Endpoint
    def claim_mentions(
        claim_id: str, *, limit: int | None = None, cursor: str | None = None
    ) -> Call[MentionList]:
        """One page of every mention of a claim (its earliest by time first)."""
        path = f"/v1/claims/{_segment(claim_id)}/mentions"
        return Call("GET", path, MentionList, params=_params(limit=limit, cursor=cursor))

    @Endpoint
    def claim_schema_org(claim_id: str) -> Call[dict[str, Any]]:
        return Call("GET", f"/v1/claims/{_segment(claim_id)}/schema.org", dict[str, Any])

    @Endpoint
    def add_factchecks(claim_reviews: Mapping[str, Any] | Sequence[Any]) -> Call[FactCheckList]:
        """Store every schema.org ClaimReview of a JSON-LD object, list or `@graph`."""
        return Call("POST", "/v1/factchecks", FactCheckList, claim_reviews)

    @Endpoint
    def factcheck(factcheck_id: str) -> Call[FactCheck]:
        return Call("GET", f"/v1/factchecks/{_segment(factcheck_id)}", FactCheck)

    @Endpoint
    def factchecks(*, limit: int | None = None, cursor: str | None = None) -> Call[FactCheckPage]:
        return Call("GET", "/v1/factchecks", FactCheckPage, params=_params(limit=limit, cursor=cursor))

    @Endpoint
    def outlets() -> Call[OutletList]:
        return Call("GET", "/v1/outlets", OutletList)

    @Endpoint
    def check(quote: str, *, speaker: str | None = None, url: str | None = None) -> Call[CheckResult]:
        """Look a quote up among stored statements: verdict and best matches."""
        return Call("POST", "/v1/check", CheckResult, CheckRequest(quote=quote, speaker=speaker, url=url))

    iter_articles = Pages(articles)
    iter_statements = Pages(statements)
    iter_claims = Pages(claims)
    iter_factchecks = Pages(factchecks)
    iter_statement_mentions = Pages(statement_mentions)
    iter_claim_mentions = Pages(claim_mentions)


def _headers(api_key: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_key}"} if api_key else {}


class Client(_Endpoints):
    """`Client("http://127.0.0.1:8000", api_key=...)`; every endpoint is a method returning its Struct.

    `retries` is how many times a 409, 429 or 503 answer is retried, after its `Retry-After` or an
    exponential backoff from `backoff` seconds; a `Retry-After` longer than `max_wait` seconds (a minute)
    is not waited for but raised at once. Pass `transport=` to talk to an app in-process.
    """

    def __init__(
        self,
        base_url: str = "http://127.0.0.1:8000",
        *,
        api_key: str | None = None,
        timeout: float = 30.0,
        retries: int = 3,
        backoff: float = 0.5,
        max_wait: float = MAX_WAIT,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url, self.retries, self.backoff = base_url, retries, backoff
        self.max_wait = max_wait
        self._http = httpx.Client(
            base_url=base_url, headers=_headers(api_key), timeout=timeout, transport=transport
        )

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def send(self, call: Call[T]) -> T:
        """Send one call, retrying 409, 429 and 503 answers; its decoded result or an `ApiError`."""
        attempt, under_way = 0, False
        while True:
            try:
                response = self._http.request(**call.request())
            except httpx.TransportError as exc:
                raise ConnectionFailed(self.base_url, str(exc) or type(exc).__name__) from exc
            delay = retry_delay(response, attempt, self.retries, self.backoff, self.max_wait)
            if delay is None:
                return call.decode(response, under_way=under_way)
            under_way = under_way or response.status_code in UNDER_WAY
            time.sleep(delay)
            attempt += 1

    def pages(self, page: Callable[[str | None], Call[_Page[T]]]) -> Iterator[T]:
        cursor: str | None = None
        seen: set[str] = set()
        while True:
            found = self.send(page(cursor))
            yield from _unseen(found.items, seen)
            if not (cursor := found.next_cursor):
                return


class AsyncClient(_Endpoints):
    """The asynchronous twin of `Client`: the same methods, awaited; `async with AsyncClient(...)`."""

    def __init__(
        self,
        base_url: str = "http://127.0.0.1:8000",
        *,
        api_key: str | None = None,
        timeout: float = 30.0,
        retries: int = 3,
        backoff: float = 0.5,
        max_wait: float = MAX_WAIT,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url, self.retries, self.backoff = base_url, retries, backoff
        self.max_wait = max_wait
        self._http = httpx.AsyncClient(
            base_url=base_url, headers=_headers(api_key), timeout=timeout, transport=transport
        )

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def send(self, call: Call[T]) -> T:
        attempt, under_way = 0, False
        while True:
            try:
                response = await self._http.request(**call.request())
            except httpx.TransportError as exc:
                raise ConnectionFailed(self.base_url, str(exc) or type(exc).__name__) from exc
            delay = retry_delay(response, attempt, self.retries, self.backoff, self.max_wait)
            if delay is None:
                return call.decode(response, under_way=under_way)
            under_way = under_way or response.status_code in UNDER_WAY
            await asyncio.sleep(delay)
            attempt += 1

    async def pages(self, page: Callable[[str | None], Call[_Page[T]]]) -> AsyncIterator[T]:
        cursor: str | None = None
        seen: set[str] = set()
        while True:
            found = await self.send(page(cursor))
            for item in _unseen(found.items, seen):
                yield item
            if not (cursor := found.next_cursor):
                return
