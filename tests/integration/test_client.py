"""The Python client against a real server process on the test Redis, and against small HTTP servers that
answer what claimtrack never does (an HTML page, a redirect, a conflict, a long `Retry-After`)."""

from __future__ import annotations

import email.utils
import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import anyio.to_thread
import httpx
import pytest
from redis.asyncio import Redis

from service.cli import main
from service.client import (
    ApiError,
    AsyncClient,
    Client,
    Conflict,
    NotFound,
    RateLimited,
    Unavailable,
    UnexpectedAnswer,
)
from tests.conftest import REDIS_URL
from tests.live_server import live_server

ARTICLE = (
    'Mark Carney said "we will build a great many more homes than anyone expects this year" on Monday. '
    "Unemployment rose to 7.5 percent in 2024, up from 6.1 percent a year earlier, according to "
    "Statistics Canada.\n"
)
OUTLETS = ["CBC", "AP", "Reuters"]

Answer = tuple[int, dict[str, str], bytes]
Respond = Callable[[str, str, bytes], Answer]


class Site:
    """A local HTTP server answering every request with `respond(method, raw path, body)`."""

    def __init__(self, respond: Respond) -> None:
        self.requests: list[tuple[str, str]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def answer(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                site.requests.append((self.command, self.path))
                status, headers, content = respond(self.command, self.path, body)
                self.send_response(status)
                for name, value in {"Content-Length": str(len(content)), **headers}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(content)

            do_GET = do_POST = do_DELETE = answer

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site() -> Iterator[Callable[[Respond], Site]]:
    sites: list[Site] = []

    def start(respond: Respond) -> Site:
        sites.append(Site(respond))
        return sites[-1]

    yield start
    for started in sites:
        started.close()


@pytest.fixture
def server(key_prefix: str, redis: Redis) -> Iterator[str]:
    """`claimtrack serve` on this test's key prefix, allowed to fetch pages from loopback."""
    with live_server(
        redis_url=REDIS_URL, key_prefix=key_prefix, api_keys="secret", fetch_allow_private=True
    ) as running:
        yield running.base_url


def page(body: str, status: int = 200, content_type: str = "text/html; charset=utf-8") -> Answer:
    return status, {"Content-Type": content_type}, body.encode()


def problem(status: int, detail: str, headers: dict[str, str] | None = None) -> Answer:
    body = json.dumps({"title": "x", "status": status, "detail": detail}).encode()
    return status, {"Content-Type": "application/problem+json", **(headers or {})}, body


OUTLET_LIST = page(json.dumps({"items": []}), content_type="application/json")
LOGIN_PAGE = "<!DOCTYPE html>\n<html>\n<body><form>Sign in to the network</form></body>\n</html>\n"
HTML = f"text/html; charset=utf-8, {len(LOGIN_PAGE)} bytes"


@pytest.mark.anyio
async def test_an_id_or_a_name_reaches_the_server_as_one_path_segment(server: str) -> None:
    with Client(server, api_key="secret") as client:
        client.ingest("CBC", text=ARTICLE)
        endpoints: dict[str, list[Callable[[str], object]]] = {
            "article": [client.article, client.delete_article],
            "statement": [client.statement, client.compare_statement, client.statement_mentions],
            "claim": [client.claim, client.claim_schema_org, client.claim_mentions],
            "fact-check": [client.factcheck],
        }
        for odd in ["..", ".", "Who?", "x#y", "%41", "a b", "Zoë"]:
            for kind, methods in endpoints.items():
                for method in methods:
                    with pytest.raises(NotFound) as missing:
                        method(odd)
                    assert missing.value.detail == f"no {kind} '{odd}'"
        for name in ["Who?", "x#y", "Zoë"]:
            assert client.speaker_statements(name).items == []
        assert {s.speaker for s in client.speaker_statements("Mark Carney").items} == {"Mark Carney"}
        with pytest.raises(ValueError, match="empty"):
            client.article("")


@pytest.mark.anyio
async def test_the_async_client_encodes_path_segments_too(server: str) -> None:
    async with AsyncClient(server) as client:
        assert (await client.speaker_statements("Who?")).items == []
        with pytest.raises(NotFound, match=r"no statement '\.\.'"):
            await client.statement_mentions("..")


@pytest.mark.anyio
async def test_every_mention_of_a_statement_and_a_claim_pages(server: str) -> None:
    with Client(server, api_key="secret") as client:
        for outlet in OUTLETS:
            article = client.ingest(outlet, text=ARTICLE)
        statement_id = next(q.statement_id for q in article.quotes if q.statement_id)
        claim_id = article.claims[0].tracked_claim_id
        first = client.statement_mentions(statement_id, limit=2)
        assert len(first.items) == 2
        assert first.next_cursor is not None
        rest = client.statement_mentions(statement_id, limit=2, cursor=first.next_cursor)
        assert [m.outlet for m in [*first.items, *rest.items]] == OUTLETS
        assert [m.outlet for m in client.iter_statement_mentions(statement_id, limit=1)] == OUTLETS
        assert [m.outlet for m in client.iter_claim_mentions(claim_id, limit=2)] == OUTLETS
        assert len(client.claim_mentions(claim_id, limit=1).items) == 1


@pytest.mark.anyio
async def test_the_async_client_pages_mentions(server: str) -> None:
    with Client(server, api_key="secret") as client:
        for outlet in OUTLETS:
            article = client.ingest(outlet, text=ARTICLE)
    claim_id = article.claims[0].tracked_claim_id
    async with AsyncClient(server) as client:
        assert [m.outlet async for m in client.iter_claim_mentions(claim_id, limit=1)] == OUTLETS
        assert len((await client.claim_mentions(claim_id)).items) == 3


@pytest.mark.anyio
async def test_extract_takes_a_text_an_html_page_or_a_url_and_names_rules_on_request(
    server: str, site: Callable[[Respond], Site]
) -> None:
    html = f"<html><head><title>Homes</title></head><body><article><p>{ARTICLE}</p></article></body></html>"
    publisher = site(lambda *_: page(html))
    with Client(server, api_key="secret") as client:
        plain = client.extract(ARTICLE)
        assert plain.text is None
        assert plain.quotes
        assert {q.rule for q in plain.quotes} == {None}
        assert all(q.rule for q in client.extract(ARTICLE, debug=True).quotes)
        from_html = client.extract(html=html)
        assert from_html.text is not None
        assert from_html.text.strip() == ARTICLE.strip()
        assert [q.text for q in from_html.quotes] == [q.text for q in plain.quotes]
    async with AsyncClient(server, api_key="secret") as client:
        fetched = await client.extract(url=f"{publisher.url}/homes", debug=True)
    assert fetched.text == from_html.text
    assert all(q.rule for q in fetched.quotes)
    assert publisher.requests == [("GET", "/homes")]


def test_an_html_page_or_a_redirect_is_not_taken_for_an_answer(site: Callable[[Respond], Site]) -> None:
    elsewhere = site(lambda *_: OUTLET_LIST)
    answers = {
        "/v1/outlets": page(LOGIN_PAGE),
        "/v1/statements": (302, {"Location": f"{elsewhere.url}/v1/statements"}, b""),
        "/v1/claims": (308, {"Location": "/v1/claims/"}, b""),
        "/v1/articles": page('{"items": [1, 2]}', content_type="application/json"),
        "/v1/factchecks": page(LOGIN_PAGE, status=502),
    }
    odd = site(lambda method, path, body: answers.get(path.split("?")[0], page(LOGIN_PAGE)))
    with Client(odd.url, api_key="secret") as client:
        with pytest.raises(UnexpectedAnswer) as html:
            client.outlets()
        assert (html.value.status, str(html.value)) == (
            200,
            f"200: the answer is not one claimtrack sends ({HTML})",
        )
        with pytest.raises(UnexpectedAnswer) as moved:
            client.statements()
        assert moved.value.status == 302
        assert f"redirecting to {elsewhere.url}/v1/statements" in str(moved.value)
        with pytest.raises(UnexpectedAnswer, match=r"^308: .*redirecting to /v1/claims/\)$"):
            client.claims()
        with pytest.raises(UnexpectedAnswer, match=r"^200: .*application/json, .*Expected `object`"):
            client.articles()
        with pytest.raises(UnexpectedAnswer, match=r"^200: .*text/html"):
            client.delete_article("ar_1")
        with pytest.raises(ApiError) as gateway:
            client.factchecks()
        assert gateway.value.detail == (
            "Bad Gateway; the answer is not one claimtrack sends (text/html; charset=utf-8)"
        )
    assert elsewhere.requests == []
    assert all("\n" not in str(e.value) for e in (html, moved, gateway))


@pytest.mark.anyio
async def test_the_async_client_and_the_command_line_name_an_html_answer(
    site: Callable[[Respond], Site], capsys: pytest.CaptureFixture[str]
) -> None:
    portal = site(lambda *_: page(LOGIN_PAGE))
    async with AsyncClient(portal.url) as client:
        with pytest.raises(UnexpectedAnswer, match=rf"^200: .*\({HTML}\)$"):
            await client.check("very good and productive")
    argv = ["check", "very good and productive", "--server", portal.url]
    assert await anyio.to_thread.run_sync(main, argv) == 3
    err = capsys.readouterr().err
    assert err == (
        f"claimtrack: error: the server at {portal.url} answered 200: the answer is not one claimtrack "
        f"sends ({HTML}); is --server the service's URL?\n"
    )


@pytest.mark.anyio
async def test_an_ingest_answered_409_is_retried_and_finds_the_article_stored(
    server: str, site: Callable[[Respond], Site]
) -> None:
    """A proxy passes the first ingest on to the server but answers it 409, as a server does when concurrent
    writes kept changing its records; the retry finds the article stored."""
    passed: list[int] = []

    def conflicting(method: str, path: str, body: bytes) -> Answer:
        headers = {"Content-Type": "application/json", "Authorization": "Bearer secret"}
        answer = httpx.request(method, server + path, content=body or None, headers=headers)
        passed.append(answer.status_code)
        if len(passed) == 1:
            detail = "the records of this write kept changing under concurrent writes; retry"
            return problem(409, detail, {"Retry-After": "0"})
        return answer.status_code, {"Content-Type": answer.headers["Content-Type"]}, answer.content

    proxy = site(conflicting)
    with Client(proxy.url, api_key="secret") as client:
        article = client.ingest("CBC", text=ARTICLE)
    assert passed == [201, 200]
    with Client(server) as client:
        assert client.article(article.id).outlet == "CBC"


@pytest.mark.anyio
@pytest.mark.parametrize("status", [409, 503])  # 503: this server's answer to a write it will finish
async def test_a_delete_answered_409_that_went_through_is_not_reported_missing(
    status: int, server: str, site: Callable[[Respond], Site]
) -> None:
    with Client(server, api_key="secret") as client:
        article = client.ingest("CBC", text=ARTICLE)
    answers: list[int] = []

    def conflicting(method: str, path: str, body: bytes) -> Answer:
        answer = httpx.request(method, server + path, headers={"Authorization": "Bearer secret"})
        answers.append(answer.status_code)
        if len(answers) == 1:
            return problem(status, "the records of this write kept changing under concurrent writes; retry")
        return answer.status_code, {"Content-Type": answer.headers["Content-Type"]}, answer.content

    async with AsyncClient(site(conflicting).url, api_key="secret", backoff=0) as client:
        assert await client.delete_article(article.id) is None
        with pytest.raises(NotFound):
            await client.delete_article(article.id)
    assert answers == [204, 404, 404]


def test_409_is_retried_with_backoff_and_raised_as_conflict_when_retries_run_out(
    site: Callable[[Respond], Site],
) -> None:
    busy = site(lambda *_: problem(409, "the article kept being written by other requests; retry"))
    started = time.monotonic()
    with Client(busy.url, retries=2, backoff=0.2) as client, pytest.raises(Conflict) as conflict:
        client.ingest("CBC", text=ARTICLE)
    assert time.monotonic() - started >= 0.2 + 0.4
    assert len(busy.requests) == 3
    assert (conflict.value.status, conflict.value.retry_after) == (409, None)
    assert str(conflict.value) == "409: the article kept being written by other requests; retry"


@pytest.mark.anyio
async def test_the_async_client_retries_409_after_its_retry_after(site: Callable[[Respond], Site]) -> None:
    answers = iter([problem(409, "retry", {"Retry-After": "0.3"}), OUTLET_LIST])
    busy = site(lambda *_: next(answers))
    started = time.monotonic()
    async with AsyncClient(busy.url, backoff=0) as client:
        assert (await client.outlets()).items == []
    assert time.monotonic() - started >= 0.3
    assert len(busy.requests) == 2


@pytest.mark.parametrize(("status", "error"), [(503, Unavailable), (429, RateLimited), (409, Conflict)])
def test_a_retry_after_longer_than_max_wait_is_raised_at_once(
    site: Callable[[Respond], Site], status: int, error: type[ApiError]
) -> None:
    later = site(lambda *_: problem(status, "come back later", {"Retry-After": "20"}))
    started = time.monotonic()
    with Client(later.url, max_wait=2, retries=1) as client, pytest.raises(error) as raised:
        client.outlets()
    assert time.monotonic() - started < 2
    assert raised.value.retry_after == 20
    assert len(later.requests) == 1


def test_by_default_a_retry_after_beyond_a_minute_is_raised_at_once(site: Callable[[Respond], Site]) -> None:
    later = site(lambda *_: problem(503, "storage is unavailable", {"Retry-After": "61"}))
    started = time.monotonic()
    with Client(later.url, retries=1) as client, pytest.raises(Unavailable) as raised:
        client.outlets()
    assert time.monotonic() - started < 2
    assert str(raised.value) == "503: storage is unavailable"
    assert raised.value.retry_after == 61


def test_a_retry_after_given_as_a_date_is_honoured(site: Callable[[Respond], Site]) -> None:
    in_an_hour = email.utils.formatdate(time.time() + 3600, usegmt=True)
    later = site(lambda *_: problem(503, "down for maintenance", {"Retry-After": in_an_hour}))
    with Client(later.url, retries=1) as client, pytest.raises(Unavailable) as raised:
        client.outlets()
    assert raised.value.retry_after is not None
    assert 3590 < raised.value.retry_after <= 3600
    assert len(later.requests) == 1


@pytest.mark.anyio
async def test_max_wait_caps_the_async_clients_wait_too(site: Callable[[Respond], Site]) -> None:
    answers = iter(
        [problem(503, "busy", {"Retry-After": "0.2"}), problem(503, "busy", {"Retry-After": "20"})]
    )
    later = site(lambda *_: next(answers))
    started = time.monotonic()
    async with AsyncClient(later.url, max_wait=1) as client:
        with pytest.raises(Unavailable) as raised:
            await client.outlets()
    assert 0.2 <= time.monotonic() - started < 1
    assert raised.value.retry_after == 20
    assert len(later.requests) == 2
