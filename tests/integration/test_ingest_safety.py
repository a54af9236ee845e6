"""Ingest under concurrency and failure, and the limits that protect the service."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Iterator
from urllib.parse import urlparse

import httpx
import pytest
from litestar.testing import AsyncTestClient
from msgspec.structs import replace
from redis.asyncio import Redis

import service.store.corpus as corpus_module
from service.app import create_app
from service.ids import article_id
from service.settings import Settings
from tests.conftest import REDIS_URL
from tests.integration.test_statements import G7, VARIANT
from tests.proxy import RedisProxy

pytestmark = pytest.mark.anyio

# Every write step of an ingest is a call of this script (the first writes its intent); its SHA-1 names it
# on the wire.
APPLY_SHA = hashlib.sha1(corpus_module.APPLY_SCRIPT.encode()).hexdigest().upper().encode()


async def corpus_keys(redis: Redis, prefix: str) -> list[bytes]:
    """The corpus keys: those in a partition (a hash tag)."""
    return [key async for key in redis.scan_iter(match=f"{prefix}{{*")]


async def test_concurrent_duplicate_ingest_on_two_workers_stores_one_article(
    settings: Settings, redis: Redis, key_prefix: str
) -> None:
    async with AsyncTestClient(create_app(settings)) as one, AsyncTestClient(create_app(settings)) as two:
        body = {"outlet": "Global News", "text": G7}
        responses = await asyncio.gather(*(c.post("/v1/articles", json=body) for c in [one, two] * 4))
    assert sorted(r.status_code for r in responses) == [200] * 7 + [201]
    assert len({r.json()["id"] for r in responses}) == 1
    article = responses[0].json()
    mentioned: list[str] = []
    async with AsyncTestClient(create_app(settings)) as reader:
        for statement_id in {q["statement_id"] for q in article["quotes"] if "statement_id" in q}:
            page = (await reader.get(f"/v1/statements/{statement_id}/mentions", params={"limit": 200})).json()
            assert page["items"], f"statement {statement_id} has no mention"
            mentioned += [m["quote_id"] for m in page["items"]]
    assert len(mentioned) == len(set(mentioned))


async def test_concurrent_outlets_quoting_one_remark_share_one_statement(settings: Settings) -> None:
    async with AsyncTestClient(create_app(settings)) as one, AsyncTestClient(create_app(settings)) as two:
        bodies = [{"outlet": f"Outlet {i}", "text": VARIANT} for i in range(6)]
        responses = await asyncio.gather(
            *((one if i % 2 else two).post("/v1/articles", json=b) for i, b in enumerate(bodies))
        )
    assert all(r.status_code == 201 for r in responses)
    linked = {q["statement_id"] for r in responses for q in r.json()["quotes"] if "no peace" in q["text"]}
    assert len(linked) == 1


async def test_a_worker_sees_what_another_committed_since_its_own_last_ingest(settings: Settings) -> None:
    """Each worker keeps the records it last wrote; another worker's commits in between must win."""
    async with AsyncTestClient(create_app(settings)) as one, AsyncTestClient(create_app(settings)) as two:
        responses = [
            await (one if i % 2 else two).post(
                "/v1/articles", json={"outlet": f"Outlet {i}", "text": VARIANT}
            )
            for i in range(5)
        ]
        assert all(r.status_code == 201 for r in responses)
        [linked] = {
            q["statement_id"] for r in responses for q in r.json()["quotes"] if "no peace" in q["text"]
        }
        statement = (await one.get(f"/v1/statements/{linked}")).json()
    assert statement["mention_count"] == 5
    assert sorted(statement["mentions_by_outlet"]) == [f"Outlet {i}" for i in range(5)]


@pytest.fixture
def proxy() -> Iterator[RedisProxy]:
    target = urlparse(REDIS_URL)
    proxy = RedisProxy(target.hostname or "127.0.0.1", target.port or 6379)
    proxy.start()
    yield proxy
    proxy.close()


async def test_redis_outage_is_503_and_recovers_without_restart(
    proxy: RedisProxy, key_prefix: str, redis: Redis
) -> None:
    app = create_app(Settings(redis_url=proxy.url, key_prefix=key_prefix))
    async with AsyncTestClient(app) as client:
        assert (await client.get("/readyz")).status_code == 200
        proxy.stop()
        for response in (
            await client.get("/readyz"),
            await client.post("/v1/articles", json={"outlet": "Global News", "text": G7}),
            await client.post("/v1/check", json={"quote": "very good"}),
        ):
            assert response.status_code == 503
            assert response.headers["content-type"].startswith("application/problem+json")
            assert response.json()["detail"]
        proxy.start()
        assert (await client.get("/readyz")).status_code == 200
        assert (
            await client.post("/v1/articles", json={"outlet": "Global News", "text": G7})
        ).status_code == 201


async def test_failure_before_commit_leaves_nothing_that_lasts_and_a_retry_succeeds(
    proxy: RedisProxy, key_prefix: str, redis: Redis
) -> None:
    app = create_app(Settings(redis_url=proxy.url, key_prefix=key_prefix))
    async with AsyncTestClient(app) as client:
        proxy.cut_on = APPLY_SHA
        failed = await client.post("/v1/articles", json={"outlet": "Global News", "text": G7})
        assert failed.status_code == 503, failed.text
        # Nothing was marked pending or written: only the intent's record is left, and it expires.
        [left] = await corpus_keys(redis, key_prefix)
        assert b":intent:" in left
        assert 0 < await redis.ttl(left) <= corpus_module.DONE_TTL
        proxy.cut_on = None
        proxy.start()
        retried = await client.post("/v1/articles", json={"outlet": "Global News", "text": G7})
        assert retried.status_code == 201
        assert await corpus_keys(redis, key_prefix)


async def test_writes_need_a_key_when_keys_are_configured(settings: Settings, redis: Redis) -> None:
    app = create_app(replace(settings, api_keys=("k1", "k2")))
    body = {"outlet": "Daily Planet", "text": VARIANT}
    async with AsyncTestClient(app) as client:
        missing = await client.post("/v1/articles", json=body)
        assert missing.status_code == 401
        assert missing.headers["content-type"].startswith("application/problem+json")
        wrong = await client.post("/v1/articles", json=body, headers={"X-API-Key": "nope"})
        assert wrong.status_code == 401
        ok = await client.post("/v1/articles", json=body, headers={"Authorization": "Bearer k2"})
        assert ok.status_code == 201
        assert (await client.get(f"/v1/articles/{ok.json()['id']}")).status_code == 200


async def test_rate_limit_is_exact_across_workers(settings: Settings, redis: Redis) -> None:
    limited = replace(settings, rate_limit_per_minute=5)
    async with AsyncTestClient(create_app(limited)) as one, AsyncTestClient(create_app(limited)) as two:
        responses = await asyncio.gather(
            *(
                c.post("/v1/check", json={"quote": "very good"}, headers={"X-API-Key": "same"})
                for c in [one, two] * 10
            )
        )
    passed = [r for r in responses if r.status_code == 200]
    refused = [r for r in responses if r.status_code == 429]
    assert (len(passed), len(refused)) == (5, 15)
    assert {r.headers["ratelimit-limit"] for r in passed} == {"5"}
    assert sorted(int(r.headers["ratelimit-remaining"]) for r in passed) == [0, 1, 2, 3, 4]
    assert int(refused[0].headers["retry-after"]) >= 1
    assert refused[0].headers["content-type"].startswith("application/problem+json")


async def test_the_host_itself_is_exempt_from_rate_limits_unless_configured(
    settings: Settings, redis: Redis
) -> None:
    async def statuses(config: Settings, address: str) -> list[int]:
        app = create_app(config)
        async with app.lifespan():  # connects Redis, as a server does at startup
            transport = httpx.ASGITransport(app=app, client=(address, 50000))
            async with httpx.AsyncClient(transport=transport, base_url="http://claimtrack") as client:
                return [
                    (await client.post("/v1/check", json={"quote": "very good"})).status_code
                    for _ in range(4)
                ]

    limited = replace(settings, rate_limit_per_minute=2)
    assert await statuses(limited, "127.0.0.1") == [200] * 4
    assert await statuses(limited, "::1") == [200] * 4
    assert await statuses(limited, "203.0.113.9") == [200, 200, 429, 429]
    assert await statuses(replace(limited, rate_limit_exempt=()), "127.0.0.2") == [200, 200, 429, 429]


async def test_a_request_past_the_time_limit_is_abandoned_and_stores_nothing(
    settings: Settings, redis: Redis
) -> None:
    long_text = "\n\n".join([G7] * 60)
    body = {"outlet": "Slow Wire", "text": long_text}
    async with AsyncTestClient(create_app(replace(settings, request_timeout=0.05))) as hasty:
        late = await hasty.post("/v1/articles", json=body)
        assert late.status_code == 503
        assert late.headers["content-type"].startswith("application/problem+json")
        assert "longer than 0.05 s" in late.json()["detail"]
        assert (await hasty.get(f"/v1/articles/{article_id('Slow Wire', long_text)}")).status_code == 404
    async with AsyncTestClient(create_app(settings)) as patient:
        assert (await patient.get("/v1/outlets")).json()["items"] == []
        assert (await patient.post("/v1/articles", json=body)).status_code == 201


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:6379/",
        "http://169.254.169.254/latest/meta-data/",
        "http://localhost/",
        "http://[::1]/",
        "http://10.0.0.7/",
        "http://2130706433/",
    ],
)
async def test_ssrf_targets_are_refused(client: AsyncTestClient, url: str) -> None:
    response = await client.post("/v1/articles", json={"outlet": "Anyone", "url": url})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "refus" in response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"text": ""}, 400, "`text`"),
        ({"text": " \n "}, 400, "`text`"),
        ({"text": 5}, 400, "str"),
        ({}, 400, "text"),
        ({"text": "x", "extra": 1}, 400, "extra"),
    ],
)
async def test_bad_extract_input_is_a_clear_problem(
    client: AsyncTestClient, body: object, status: int, words: str
) -> None:
    response = await client.post("/v1/extract", json=body)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert words in (problem["detail"] + str(problem.get("errors", ""))).lower()


async def test_size_limits(settings: Settings, redis: Redis) -> None:
    small = replace(settings, max_body_bytes=10_000, max_text_chars=1_000)
    async with AsyncTestClient(create_app(small)) as client:
        too_long = await client.post("/v1/extract", json={"text": "word " * 300})
        assert too_long.status_code == 413
        assert "1,000" in too_long.json()["detail"]
        too_big = await client.post("/v1/extract", json={"text": "word " * 5000})
        assert too_big.status_code == 413
        assert too_big.headers["content-type"].startswith("application/problem+json")
        assert "limit of 10,000 bytes" in too_big.json()["detail"]
        off_scale = await client.get("/v1/claims", params={"min_score": 2})
        assert off_scale.status_code == 400
        garbled = await client.post(
            "/v1/extract", content=b"{not json", headers={"content-type": "application/json"}
        )
        assert garbled.status_code == 400


async def test_cors_allows_only_configured_extension_origins(settings: Settings, redis: Redis) -> None:
    origin = "chrome-extension://abcdefghijklmnop"
    app = create_app(replace(settings, cors_origins=(origin,)))
    async with AsyncTestClient(app) as client:
        headers = {
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        }
        allowed = await client.options("/v1/check", headers=headers)
        assert allowed.headers.get("access-control-allow-origin") == origin
        other = await client.options("/v1/check", headers={**headers, "Origin": "https://evil.example"})
        assert other.headers.get("access-control-allow-origin") is None
