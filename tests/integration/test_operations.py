"""What operators rely on: metrics, request ids, JSON logs, offline API docs, and the listing endpoints."""

from __future__ import annotations

import io
import json
import logging
import re

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from prometheus_client.parser import text_string_to_metric_families

from service.app import create_app
from service.logs import JsonFormatter, configure_logging, describe_storage, request_id
from service.settings import Settings
from tests.integration.test_statements import G7, VARIANT, ingest

pytestmark = pytest.mark.anyio


async def samples(client: AsyncTestClient[Litestar]) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(found: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str, **labels: str) -> float:
    return found.get((name, tuple(sorted(labels.items()))), 0.0)


async def test_metrics_count_requests_ingests_and_dedup_outcomes(client: AsyncTestClient[Litestar]) -> None:
    before = await samples(client)
    first = await ingest(client, "Global News", G7)
    await ingest(client, "Global News", G7)
    variant = await ingest(client, "Daily Planet", VARIANT)
    assert (await client.get("/v1/statements/st_missing")).status_code == 404
    after = await samples(client)

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    route = {"method": "POST", "route": "/v1/articles"}
    assert delta("claimtrack_requests_total", status="201", **route) == 2
    assert delta("claimtrack_requests_total", status="200", **route) == 1
    statement = {"method": "GET", "route": "/v1/statements/{statement_id}"}
    assert delta("claimtrack_requests_total", status="404", **statement) == 1
    assert delta("claimtrack_request_duration_seconds_count", **route) == 3
    assert delta("claimtrack_ingests_total", outcome="created") == 2
    assert delta("claimtrack_ingests_total", outcome="known") == 1
    joined = delta("claimtrack_dedup_mentions_total", kind="statement", outcome="joined")
    new = delta("claimtrack_dedup_mentions_total", kind="statement", outcome="new")
    mentions = [q for article in (first, variant) for q in article["quotes"] if "statement_id" in q]
    assert new == len({q["statement_id"] for q in mentions})  # each statement started once; a repeat none
    assert new + joined <= len(mentions)  # reported speech carried by its partial quote is no mention
    assert joined >= 1  # the variant's `productive.` joins the G7 article's `very good and productive.`
    assert delta("claimtrack_extraction_seconds_count") >= 1


async def test_every_answer_carries_a_request_id(client: AsyncTestClient[Litestar]) -> None:
    first = await client.get("/healthz")
    second = await client.get("/v1/statements/st_missing")
    ids = {first.headers["x-request-id"], second.headers["x-request-id"]}
    assert len(ids) == 2
    assert all(re.fullmatch(r"[0-9a-f]{32}", rid) for rid in ids)
    echoed = await client.get("/healthz", headers={"X-Request-ID": "trace-42"})
    assert echoed.headers["x-request-id"] == "trace-42"
    hostile = await client.get("/healthz", headers={"X-Request-ID": "a b" * 30})
    assert re.fullmatch(r"[0-9a-f]{32}", hostile.headers["x-request-id"])


def test_json_logs_are_one_object_per_line_with_the_request_id() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    log = logging.getLogger("claimtrack.test-json")
    log.addHandler(handler)
    log.propagate = False
    try:
        log.info("POST %s %d", "/v1/articles", 201, extra={"status": 201, "request_id": "abc123"})
        log.warning('plain "quoted"\nline')
    finally:
        log.removeHandler(handler)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["message"] == "POST /v1/articles 201"
    assert first["request_id"] == "abc123"
    assert first["status"] == 201
    assert first["level"] == "info"
    assert second["message"] == 'plain "quoted"\nline'
    assert "request_id" not in second


def test_configured_json_logging_adds_the_request_id_itself(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("json")
    try:
        token = request_id.set("rid-7")
        logging.getLogger("claimtrack").info("hello")
        request_id.reset(token)
        logging.getLogger("claimtrack").info("outside")
    finally:
        configure_logging("text")
    inside, outside = (json.loads(line) for line in capsys.readouterr().err.splitlines())
    assert (inside["message"], inside["request_id"]) == ("hello", "rid-7")
    assert "request_id" not in outside


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        (
            Settings(redis_url="redis://:s3cret@db.internal:6380/2"),
            "Redis at redis://:***@db.internal:6380/2",
        ),
        (Settings(redis_url="redis://127.0.0.1:6379/0"), "Redis at redis://127.0.0.1:6379/0"),
        (
            Settings(redis_url="unix:///run/redis.sock?db=2&password=s3cret"),
            "Redis at unix:///run/redis.sock?db=2&password=***",
        ),
        (Settings(data_dir="/srv/claimtrack"), "embedded Redis keeping its data in /srv/claimtrack"),
    ],
)
def test_the_start_up_line_names_the_store_without_its_password(settings: Settings, expected: str) -> None:
    described = describe_storage(settings)
    assert described.startswith(expected)
    assert "s3cret" not in described


async def test_the_api_docs_load_nothing_from_elsewhere(client: AsyncTestClient[Litestar]) -> None:
    page = await client.get("/schema")
    assert page.status_code == 200
    head = page.text.split("<body>")[0]
    assets = re.findall(r'(?:src|href)="([^"]+)"', head)
    assert len(assets) == 3
    assert not re.search(r"(?:src|href)=[\"'](?:https?:)?//", page.text)
    for asset in assets:
        served = await client.get(asset)
        assert served.status_code == 200, asset
        assert len(served.content) > 10_000


async def test_articles_and_fact_checks_are_listed_in_pages(client: AsyncTestClient[Litestar]) -> None:
    await ingest(client, "Daily Planet", VARIANT)
    await ingest(client, "Global News", G7, published_at="2025-03-14T09:00:00+00:00", title="G7")
    for n in range(3):
        review = {"@type": "ClaimReview", "claimReviewed": f"claim {n}", "url": f"https://fc.example/{n}"}
        assert (await client.post("/v1/factchecks", json=review)).status_code == 201
    first = (await client.get("/v1/articles", params={"limit": 1})).json()
    second = (await client.get("/v1/articles", params={"limit": 1, "cursor": first["next_cursor"]})).json()
    assert [a["outlet"] for a in first["items"] + second["items"]] == ["Daily Planet", "Global News"]
    assert second["next_cursor"] is None
    assert set(second["items"][0]) == {"id", "outlet", "url", "title", "published_at", "ingested_at"}
    assert second["items"][0]["title"] == "G7"
    checks = (await client.get("/v1/factchecks", params={"limit": 2})).json()
    rest = (await client.get("/v1/factchecks", params={"cursor": checks["next_cursor"]})).json()
    ids = [f["id"] for f in checks["items"] + rest["items"]]
    assert len(ids) == 3
    assert ids == sorted(ids)
    bad = await client.get("/v1/articles", params={"cursor": "!!"})
    assert bad.status_code == 400
    assert bad.headers["content-type"] == "application/problem+json"


async def test_a_fact_check_stored_between_pages_moves_none_past_the_cursor(
    client: AsyncTestClient[Litestar],
) -> None:
    async def review(n: int) -> str:
        body = {"@type": "ClaimReview", "claimReviewed": f"claim {n}", "url": f"https://fc.example/{n}"}
        stored = await client.post("/v1/factchecks", json=body)
        assert stored.status_code == 201
        return str(stored.json()["items"][0]["id"])

    ids = sorted([await review(n) for n in range(4)])
    first = (await client.get("/v1/factchecks", params={"limit": 2})).json()
    assert [f["id"] for f in first["items"]] == ids[:2]
    later = [await review(4)]
    while later[-1] > ids[1]:  # until one sorts before the page's last
        later.append(await review(4 + len(later)))
    rest = (await client.get("/v1/factchecks", params={"cursor": first["next_cursor"]})).json()
    assert [f["id"] for f in rest["items"]] == sorted(i for i in ids + later if i > ids[1])


async def test_articles_ingested_at_one_time_are_paged_by_id_none_skipped(
    client: AsyncTestClient[Litestar],
) -> None:
    ids = []
    for n in range(40):
        when = "2020-01-01T00:00:00Z" if n < 36 else "2020-01-01T00:00:01Z"
        text = f"The mayor of town number {n} said the bridge would reopen in spring."
        ids.append((when, (await ingest(client, f"Outlet {n}", text, ingested_at=when))["id"]))
    for limit in (1, 3, 50):
        seen, cursor = [], None
        while True:
            params = {"limit": limit, **({"cursor": cursor} if cursor else {})}
            page = (await client.get("/v1/articles", params=params)).json()
            seen += [a["id"] for a in page["items"]]
            if not (cursor := page["next_cursor"]):
                break
        assert seen == [article_id for _, article_id in sorted(ids)], limit


async def test_an_article_restored_keeps_its_ingest_time(client: AsyncTestClient[Litestar]) -> None:
    restored = await ingest(client, "Daily Planet", VARIANT, ingested_at="2024-01-02T03:04:05+00:00")
    assert restored["ingested_at"] == "2024-01-02T03:04:05Z"
    naive = await client.post(
        "/v1/articles", json={"outlet": "X", "text": VARIANT, "ingested_at": "2024-01-02T03:04:05"}
    )
    assert naive.status_code == 400
    assert "ingested_at" in naive.text


async def test_redis_errors_are_counted(unused_port: int, key_prefix: str) -> None:
    settings = Settings(redis_url=f"redis://127.0.0.1:{unused_port}/0", key_prefix=key_prefix)
    async with AsyncTestClient(create_app(settings)) as client:
        before = value(await samples(client), "claimtrack_redis_errors_total")
        answer = await client.get("/v1/statements/st_any")
        assert answer.status_code == 503
        assert answer.headers["content-type"] == "application/problem+json"
        assert value(await samples(client), "claimtrack_redis_errors_total") == before + 1
