"""A small Python client for the claimtrack HTTP API, returning the wire Structs of `schemas`."""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

import httpx
import msgspec

from schemas import (
    Article,
    ArticleIn,
    CheckRequest,
    CheckResult,
    CompareRequest,
    CompareResult,
    Comparison,
    Extraction,
    ExtractRequest,
    OutletList,
    Statement,
    StatementList,
)

__all__ = ["ApiError", "Client"]

T = TypeVar("T")


class ApiError(Exception):
    """An error answer from the service, with its problem document's status and detail."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(f"{status}: {detail}")
        self.status = status
        self.detail = detail


class Client:
    """`Client("http://127.0.0.1:8000", api_key=...)`; pass `transport=` to talk to an app in-process."""

    def __init__(
        self,
        base_url: str = "http://127.0.0.1:8000",
        *,
        api_key: str | None = None,
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._http = httpx.Client(base_url=base_url, headers=headers, timeout=timeout, transport=transport)

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def extract(self, text: str) -> Extraction:
        return self._call("POST", "/v1/extract", Extraction, ExtractRequest(text))

    def ingest(
        self,
        outlet: str,
        *,
        text: str | None = None,
        html: str | None = None,
        url: str | None = None,
        title: str | None = None,
        published_at: datetime | None = None,
    ) -> Article:
        article = ArticleIn(
            outlet=outlet, text=text, html=html, url=url, title=title, published_at=published_at
        )
        return self._call("POST", "/v1/articles", Article, article)

    def article(self, article_id: str) -> Article:
        return self._call("GET", f"/v1/articles/{article_id}", Article)

    def statements(self, **filters: Any) -> StatementList:
        """`speaker`, `q`, `outlet`, `since`, `until`, `limit`, `cursor`."""
        params = {k: v for k, v in filters.items() if v is not None}
        return self._call("GET", "/v1/statements", StatementList, params=params)

    def statement(self, statement_id: str) -> Statement:
        return self._call("GET", f"/v1/statements/{statement_id}", Statement)

    def compare_statement(self, statement_id: str) -> Comparison:
        return self._call("GET", f"/v1/statements/{statement_id}/compare", Comparison)

    def compare(self, articles: list[ArticleIn]) -> CompareResult:
        return self._call("POST", "/v1/compare", CompareResult, CompareRequest(articles))

    def check(self, quote: str, *, speaker: str | None = None, url: str | None = None) -> CheckResult:
        return self._call(
            "POST", "/v1/check", CheckResult, CheckRequest(quote=quote, speaker=speaker, url=url)
        )

    def outlets(self) -> OutletList:
        return self._call("GET", "/v1/outlets", OutletList)

    def _call(
        self,
        method: str,
        path: str,
        type_: type[T],
        body: object = None,
        params: dict[str, Any] | None = None,
    ) -> T:
        content = msgspec.json.encode(body) if body is not None else None
        headers = {"Content-Type": "application/json"} if content is not None else None
        response = self._http.request(method, path, content=content, headers=headers, params=params)
        if response.is_error:
            try:
                detail = str(response.json().get("detail", response.text))
            except ValueError:
                detail = response.text
            raise ApiError(response.status_code, detail)
        return msgspec.json.decode(response.content, type=type_)
