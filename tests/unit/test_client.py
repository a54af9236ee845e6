"""The client's retries, errors and pages, against `httpx.MockTransport` servers."""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable

import httpx
import pytest

import service.client
from service.client import (
    ApiError,
    AsyncClient,
    Client,
    ConnectionFailed,
    InvalidRequest,
    NotFound,
    RateLimited,
    Unavailable,
)

PROBLEM = "application/problem+json"
Handler = Callable[[httpx.Request], httpx.Response]


def problem(
    status: int, detail: str, headers: dict[str, str] | None = None, **extra: object
) -> httpx.Response:
    body = {"title": "x", "status": status, "detail": detail, **extra}
    return httpx.Response(status, json=body, headers={"content-type": PROBLEM, **(headers or {})})


def sync_client(handler: Handler, **options: float) -> Client:
    return Client("http://claimtrack.test", transport=httpx.MockTransport(handler), **options)  # type: ignore[arg-type]


def outlets(names: list[str]) -> dict[str, object]:
    return {"items": [{"name": n, "articles": 1, "statements": 2} for n in names]}


def test_the_module_exports_what_it_names() -> None:
    for name in service.client.__all__:
        assert getattr(service.client, name).__module__ == "service.client"


def test_both_clients_have_every_endpoint() -> None:
    endpoints = {
        name
        for name, value in vars(service.client._Endpoints).items()
        if isinstance(value, service.client.Endpoint | service.client.Pages)
    }
    assert {
        "ingest",
        "delete_article",
        "articles",
        "statements",
        "compare",
        "claims",
        "factchecks",
    } <= endpoints
    assert {"speaker_statements", "outlets", "check", "extract", "iter_statements"} <= endpoints
    for name in endpoints:
        assert callable(getattr(Client("http://x"), name))
        assert callable(getattr(AsyncClient("http://x"), name))


def test_a_503_is_retried_after_its_retry_after() -> None:
    seen: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(1)
        if len(seen) < 3:
            return problem(503, "storage is unavailable", {"Retry-After": "0"})
        return httpx.Response(200, json=outlets(["CBC"]))

    with sync_client(handler) as client:
        assert [o.name for o in client.outlets().items] == ["CBC"]
    assert len(seen) == 3


def test_a_429_after_every_retry_carries_its_retry_after_and_problem() -> None:
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return problem(429, "rate limit exceeded", {"Retry-After": "0"})

    with sync_client(handler, retries=2) as client, pytest.raises(RateLimited) as refused:
        client.check("anything")
    assert len(calls) == 3
    assert refused.value.retry_after == 0
    assert refused.value.problem["detail"] == "rate limit exceeded"


def test_errors_are_typed_and_carry_the_whole_problem() -> None:
    errors = [{"key": "outlet", "message": "Field required"}]

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/v1/statements/"):
            return problem(404, "no statement 'st_x'")
        return problem(400, "Validation failed for POST /v1/articles", errors=errors)

    with sync_client(handler) as client:
        with pytest.raises(NotFound) as missing:
            client.statement("st_x")
        assert missing.value.status == 404
        assert missing.value.detail == "no statement 'st_x'"
        with pytest.raises(InvalidRequest) as invalid:
            client.ingest("", text="x")
        assert invalid.value.errors == errors
        assert isinstance(invalid.value, ApiError)


def test_a_non_json_error_still_has_a_detail() -> None:
    with (
        sync_client(lambda _: httpx.Response(502, text="Bad Gateway from the proxy")) as client,
        pytest.raises(ApiError) as failed,
    ):
        client.outlets()
    assert failed.value.status == 502
    assert failed.value.detail == "Bad Gateway from the proxy"


def test_an_unreachable_server_is_named() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    with sync_client(handler) as client, pytest.raises(ConnectionFailed) as failed:
        client.outlets()
    assert "http://claimtrack.test" in str(failed.value)
    assert "Connection refused" in str(failed.value)


def page_handler(request: httpx.Request) -> httpx.Response:
    """Three statements in pages of two, following the cursor."""
    items = [
        {
            "id": f"st_{n}",
            "text": "t",
            "speaker": None,
            "first_appearance": {
                "article_id": "ar",
                "outlet": "CBC",
                "quote_id": None,
                "text": "t",
                "kind": None,
                "speaker": None,
                "speaker_mention": None,
                "cue": None,
            },
            "mention_count": 1,
            "outlets": ["CBC"],
        }
        for n in range(3)
    ]
    start = int(request.url.params.get("cursor", "0"))
    assert request.url.params["speaker"] == "Ann"
    rest = items[start : start + 2]
    after = str(start + 2) if start + 2 < len(items) else None
    return httpx.Response(200, content=json.dumps({"items": rest, "next_cursor": after}))


def test_a_page_iterator_follows_the_cursor() -> None:
    with sync_client(page_handler) as client:
        assert [s.id for s in client.iter_statements(speaker="Ann")] == ["st_0", "st_1", "st_2"]


@pytest.mark.anyio
async def test_the_async_client_has_the_same_methods_awaited() -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        if len(calls) == 1:
            return problem(503, "busy", {"Retry-After": "0"})
        if request.url.path == "/v1/outlets":
            return httpx.Response(200, json=outlets(["AP", "CBC"]))
        return page_handler(request)

    async with AsyncClient("http://claimtrack.test", transport=httpx.MockTransport(handler)) as client:
        found = client.outlets()
        assert inspect.isawaitable(found)
        assert [o.name for o in (await found).items] == ["AP", "CBC"]
        assert [s.id async for s in client.iter_statements(speaker="Ann")] == ["st_0", "st_1", "st_2"]
    assert calls[:2] == ["/v1/outlets", "/v1/outlets"]


@pytest.mark.anyio
async def test_the_async_client_wraps_connection_errors() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectTimeout("timed out", request=request)

    async with AsyncClient("http://claimtrack.test", transport=httpx.MockTransport(handler)) as client:
        with pytest.raises(ConnectionFailed, match=r"cannot reach http://claimtrack.test: timed out"):
            await client.check("x")


def test_unavailable_is_raised_when_retries_run_out() -> None:
    with (
        sync_client(lambda _: problem(503, "storage is unavailable"), retries=0) as client,
        pytest.raises(Unavailable),
    ):
        client.outlets()
