"""The service on a 3-master Redis Cluster on loopback (`redis_cluster=True`), through real HTTP: it must
read back what one server reads back, and spread the corpus over every master."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.articles import news_article
from tests.integration.test_statements import SEEDS, VARIANT
from tests.live_server import live_server
from tests.redis_servers import RedisCluster, RedisServer

pytestmark = pytest.mark.anyio

# Seconds a request may take: a small article takes well under one, and a store that cannot use the
# cluster then fails fast.
DEADLINE = 10


def seed_articles() -> list[dict[str, Any]]:
    """The seed articles, and another outlet's variant that shares remarks with both."""
    manifest = json.loads((SEEDS / "manifest.json").read_text(encoding="utf-8"))
    return [
        {
            "outlet": entry["outlet"],
            "text": (SEEDS / entry["file"]).read_text(encoding="utf-8"),
            "title": entry["title"],
            "published_at": entry["published_at"],
        }
        for entry in manifest
    ] + [{"outlet": "Daily Planet", "text": VARIANT, "published_at": "2025-05-20T09:00:00Z"}]


async def corpus_view(base_url: str, bodies: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """Ingest the articles one by one, then read back what the corpus says of them, free of generated ids:
    each statement's text, speaker, (article, quote) mentions, and each rendering's class."""
    async with httpx.AsyncClient(base_url=base_url, timeout=60) as http:
        articles = []
        for body in bodies:
            response = await http.post("/v1/articles", json=body)
            assert response.status_code == 201, response.text[:300]
            articles.append(response.json())
        for article in articles:
            assert (await http.get(f"/v1/articles/{article['id']}")).json() == article
        listed, cursor = [], None
        while True:  # one at a time, oldest ingest first
            params = {"limit": 1, **({"cursor": cursor} if cursor else {})}
            page = (await http.get("/v1/articles", params=params)).json()
            listed += [a["id"] for a in page["items"]]
            if not (cursor := page["next_cursor"]):
                break
        assert listed == [a["id"] for a in articles]
        view = []
        for statement_id in {q["statement_id"] for a in articles for q in a["quotes"] if "statement_id" in q}:
            statement = await http.get(f"/v1/statements/{statement_id}")
            compare = await http.get(f"/v1/statements/{statement_id}/compare")
            assert (statement.status_code, compare.status_code) == (200, 200)
            mentions = statement.json()["mentions_by_outlet"].values()
            view.append(
                (
                    statement.json()["text"],
                    statement.json()["speaker"],
                    sorted((m["article_id"], m["quote_id"]) for outlet in mentions for m in outlet),
                    sorted(
                        (r["mention"]["article_id"], r["mention"]["quote_id"], r["classification"])
                        for r in compare.json()["renderings"]
                    ),
                )
            )
    return sorted(view)


async def test_readiness_and_extraction_answer_on_a_cluster(
    redis_cluster: RedisCluster, key_prefix: str
) -> None:
    with live_server(redis_url=redis_cluster.url, redis_cluster=True, key_prefix=key_prefix) as server:
        async with httpx.AsyncClient(base_url=server.base_url) as http:
            ready = await http.get("/readyz")
            extracted = await http.post("/v1/extract", json={"text": VARIANT})
    assert ready.status_code == 200, ready.text[:300]
    assert extracted.is_success, extracted.text[:300]


async def test_the_seeds_read_back_on_a_cluster_as_on_one_server(
    redis_cluster: RedisCluster, redis_server: RedisServer, key_prefix: str
) -> None:
    with live_server(redis_url=redis_server.url, key_prefix=key_prefix, request_timeout=DEADLINE) as single:
        expected = await corpus_view(single.base_url, seed_articles())
    assert any(len(mentions) > 1 for _, _, mentions, _ in expected), "no statement links two articles"
    with live_server(
        redis_url=redis_cluster.url, redis_cluster=True, key_prefix=key_prefix, request_timeout=DEADLINE
    ) as clustered:
        assert await corpus_view(clustered.base_url, seed_articles()) == expected


async def test_every_master_holds_a_fair_share_of_the_corpus(
    redis_cluster: RedisCluster, key_prefix: str
) -> None:
    bodies = [news_article("spread", i) for i in range(36)]
    with live_server(
        redis_url=redis_cluster.url, redis_cluster=True, key_prefix=key_prefix, request_timeout=DEADLINE
    ) as server:
        async with httpx.AsyncClient(base_url=server.base_url, timeout=60) as http:
            for body in bodies:
                response = await http.post("/v1/articles", json=body)
                assert response.status_code == 201, response.text[:300]
    per_master = []
    for node in redis_cluster.nodes:
        with node.client() as client:
            per_master.append(sum(1 for _ in client.scan_iter(match=f"{key_prefix}*", count=1000)))
    assert min(per_master) >= 0.2 * sum(per_master), f"keys per master: {per_master}"
