"""The store under faults, through real HTTP: the app served by uvicorn on a private redis-server that the
tests pause, kill and restart, and giant inputs that must be stored whole or refused whole."""

from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import httpx
import pytest

from service.ingest.pipeline import article_id
from tests.articles import news_article, reported_speech
from tests.live_server import live_server
from tests.redis_servers import RedisServer

pytestmark = pytest.mark.anyio

Body = dict[str, str]


def assert_problem(response: httpx.Response) -> None:
    assert response.headers["content-type"].startswith("application/problem+json"), response.text[:300]
    assert response.json()["detail"]


def assert_own_article(response: httpx.Response, body: Body) -> None:
    """A 2xx answer to an ingest carries the article that was sent, and no other."""
    article = response.json()
    assert (article["outlet"], article["text"]) == (body["outlet"], body["text"]), "another request's article"
    assert article["id"] == article_id(body["outlet"], body["text"])


async def gather_bounded(jobs: Iterable[Callable[[], Awaitable[Any]]], limit: int) -> list[Any]:
    gate = asyncio.Semaphore(limit)

    async def run(job: Callable[[], Awaitable[Any]]) -> Any:
        async with gate:
            return await job()

    return await asyncio.gather(*(run(job) for job in jobs))


async def read(http: httpx.AsyncClient, path: str, tries: int = 50) -> httpx.Response:
    """GET `path`, retried for a while when it answers 503 ("retry shortly"), as a client would after an
    outage: the question is whether the data is whole, not whether the first read after a restart works."""
    for _ in range(tries):
        response = await http.get(path)
        if response.status_code != 503:
            break
        await asyncio.sleep(0.1)
    return response


async def assert_whole(http: httpx.AsyncClient, article: dict[str, Any]) -> None:
    """The article reads back, and each of its statements and claims reads back, lists it among its
    mentions and compares."""
    stored = await read(http, f"/v1/articles/{article['id']}")
    assert stored.status_code == 200, stored.text[:300]
    assert stored.json()["text"] == article["text"]
    # (a quote stating nothing of its own, `X backed the idea`, belongs to no statement)
    records = {f"/v1/statements/{q['statement_id']}" for q in article["quotes"] if "statement_id" in q} | {
        f"/v1/claims/{c['tracked_claim_id']}" for c in article["claims"]
    }

    async def check(path: str) -> None:
        record = await read(http, path)
        assert record.status_code == 200, f"{path}: {record.status_code} {record.text[:300]}"
        mentions = record.json()["mentions_by_outlet"].get(article["outlet"], [])
        assert article["id"] in {m["article_id"] for m in mentions}, f"{path} lacks {article['id']}"
        if path.startswith("/v1/statements/"):
            compare = await read(http, f"{path}/compare")
            assert compare.status_code == 200, f"{path}/compare: {compare.status_code} {compare.text[:300]}"

    await gather_bounded([functools.partial(check, path) for path in sorted(records)], 16)


async def assert_absent(http: httpx.AsyncClient, body: Body) -> None:
    """Nothing of a refused article can be read: neither the article nor any statement of its outlet."""
    assert (await http.get(f"/v1/articles/{article_id(body['outlet'], body['text'])}")).status_code == 404
    outlets = (await http.get("/v1/outlets")).json()["items"]
    assert body["outlet"] not in {o["name"] for o in outlets}
    for kind in ("statements", "claims"):
        listed = await http.get(f"/v1/{kind}", params={"outlet": body["outlet"]})
        assert listed.json()["items"] == [], f"a refused article left {kind}"


async def wait_ready(http: httpx.AsyncClient, within: float = 5.0) -> int:
    """The status /readyz settles on within `within` seconds (200 as soon as it answers so)."""
    deadline = time.monotonic() + within
    while True:
        status = (await http.get("/readyz")).status_code
        if status == 200 or time.monotonic() > deadline:
            return status
        await asyncio.sleep(0.1)


async def test_a_redis_stall_mid_burst_gives_no_wrong_answer_and_ingest_recovers(
    redis_server: RedisServer, key_prefix: str
) -> None:
    burst = [news_article("stall", i) for i in range(40)]
    after = [news_article("resumed", i) for i in range(12)]
    with live_server(redis_url=redis_server.url, key_prefix=key_prefix) as server:
        async with httpx.AsyncClient(base_url=server.base_url, timeout=60) as http:
            posts = [asyncio.create_task(http.post("/v1/articles", json=body)) for body in burst]
            await asyncio.wait(posts, return_when=asyncio.FIRST_COMPLETED)
            paused_at = time.monotonic()
            redis_server.pause()
            in_flight = sum(not post.done() for post in posts)
            try:
                stalled_ready = []
                while time.monotonic() - paused_at < 7:
                    stalled_ready.append((await http.get("/readyz")).status_code)
                    await asyncio.sleep(1)
            finally:
                redis_server.resume()
            answers = await asyncio.gather(*posts)
            ready_after = await wait_ready(http)
            later = await asyncio.gather(*(http.post("/v1/articles", json=body) for body in after))

    assert stalled_ready, stalled_ready
    assert set(stalled_ready) == {503}, stalled_ready
    assert in_flight > 0, "the stall did not come mid-burst"
    for response, body in zip(answers, burst, strict=True):
        if response.is_success:
            assert_own_article(response, body)
        else:
            assert response.status_code == 503, response.text[:300]
            assert_problem(response)
    assert ready_after == 200
    assert [r.status_code for r in later] == [201] * len(after), [r.text[:200] for r in later]
    for response, body in zip(later, after, strict=True):
        assert_own_article(response, body)


async def test_a_stall_within_the_deadline_delays_an_answer_and_a_longer_one_is_refused_at_it(
    redis_server: RedisServer, key_prefix: str
) -> None:
    """Redis commands have no timeout of their own: a request waits out a stall shorter than its deadline
    and answers, and one that outlasts it gets 503 at the deadline. The rate limiter, which counts every
    request here, holds neither: it lets a request through when Redis is silent."""
    deadline, stall = 8.0, 6.0  # a stall longer than any per-command timeout a client might set (5 s)
    body = news_article("stall within deadline", 0)
    quote = {"quote": body["text"].split("\u201c")[1].split("\u201d")[0].rstrip(",.")}
    with live_server(
        redis_url=redis_server.url,
        key_prefix=key_prefix,
        request_timeout=deadline,
        rate_limit_per_minute=600,
        rate_limit_exempt="",
    ) as server:
        async with httpx.AsyncClient(base_url=server.base_url, timeout=30) as http:
            stored = await http.post("/v1/articles", json=body)
            redis_server.pause()
            try:
                waiting = asyncio.create_task(http.post("/v1/check", json=quote))
                await asyncio.sleep(stall)
                assert not waiting.done(), waiting.result().text[:300]
            finally:
                redis_server.resume()
            delayed = await waiting
            redis_server.pause()
            try:
                started = time.monotonic()
                refused = await http.post("/v1/check", json=quote)
                waited = time.monotonic() - started
            finally:
                redis_server.resume()
            after = await http.post("/v1/check", json=quote)

    assert stored.status_code == 201, stored.text[:300]
    assert "ratelimit-limit" in stored.headers, "the rate limiter does not count these requests"
    assert delayed.status_code == 200, delayed.text[:300]
    assert delayed.json()["verdict"] == "exact"
    assert "ratelimit-limit" not in delayed.headers, "counted by a Redis that did not answer"
    assert refused.status_code == 503, refused.text[:300]
    assert_problem(refused)
    assert refused.headers["retry-after"]
    assert deadline <= waited < deadline + 2, waited
    assert after.status_code == 200, after.text[:300]
    assert after.json()["verdict"] == "exact"


async def test_every_acknowledged_article_is_whole_after_a_crash(
    aof_redis_server: RedisServer, key_prefix: str
) -> None:
    burst = [news_article("crash", i) for i in range(40)]
    with live_server(redis_url=aof_redis_server.url, key_prefix=key_prefix) as server:
        async with httpx.AsyncClient(base_url=server.base_url, timeout=60) as http:
            answered: list[httpx.Response] = []
            some_answered = asyncio.Event()

            async def post(body: Body) -> httpx.Response:
                response = await http.post("/v1/articles", json=body)
                answered.append(response)
                if len(answered) == 6:
                    some_answered.set()
                return response

            async def crash_mid_burst() -> int:
                await some_answered.wait()
                aof_redis_server.kill()
                in_flight = len(burst) - len(answered)
                await asyncio.sleep(1)
                aof_redis_server.restart()
                return in_flight

            answers, in_flight = await asyncio.gather(
                gather_bounded([functools.partial(post, body) for body in burst], 6),
                crash_mid_burst(),
            )
            acknowledged = [(r, b) for r, b in zip(answers, burst, strict=True) if r.is_success]
            assert len(acknowledged) >= 6
            assert in_flight > 0, "the crash did not come mid-burst"
            assert await wait_ready(http) == 200
            for response, body in acknowledged:
                assert_own_article(response, body)
                await assert_whole(http, response.json())
    assert {r.status_code for r in answers if not r.is_success} <= {503}


UNBALANCED = {"outlet": "Unbalanced Wire", "text": 'He said "no ' * 83_000}
LONG_REPORTED = {"outlet": "Long Report", "text": reported_speech(2000)}


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(UNBALANCED, id="1MB-unbalanced-quotes"),
        pytest.param(LONG_REPORTED, id="2000-partial-quotes"),
    ],
)
async def test_a_giant_article_is_stored_whole_or_refused_whole(
    redis_server: RedisServer, key_prefix: str, body: Body
) -> None:
    assert len(UNBALANCED["text"]) > 990_000
    with live_server(redis_url=redis_server.url, key_prefix=key_prefix, max_body_bytes=8 << 20) as server:
        async with httpx.AsyncClient(base_url=server.base_url, timeout=60) as http:
            response = await http.post("/v1/articles", json=body)
            assert response.status_code < 500, response.text[:300]
            if response.is_success:
                assert_own_article(response, body)
                await assert_whole(http, response.json())
            else:
                assert_problem(response)
                await assert_absent(http, body)


async def test_healthz_answers_within_a_second_while_long_articles_are_ingested_and_compared(
    redis_server: RedisServer, key_prefix: str
) -> None:
    article = {"outlet": "Long Wire", "text": reported_speech(1000, seed=4)}
    compare = {
        "articles": [{"outlet": f"Outlet {k}", "text": reported_speech(1000, seed=k)} for k in range(4)]
    }
    with live_server(redis_url=redis_server.url, key_prefix=key_prefix) as server:
        async with httpx.AsyncClient(base_url=server.base_url, timeout=60) as http:
            heavy = asyncio.gather(
                http.post("/v1/articles", json=article), http.post("/v1/compare", json=compare)
            )
            latencies = []
            while not heavy.done():
                start = time.perf_counter()
                assert (await http.get("/healthz")).status_code == 200
                latencies.append(time.perf_counter() - start)
                await asyncio.sleep(0.05)
            ingested, compared = await heavy
    assert ingested.status_code == 201, ingested.text[:300]
    assert compared.is_success, compared.text[:300]
    assert len(latencies) >= 3
    assert max(latencies) < 1.0, f"/healthz took {max(latencies):.2f} s"
