"""The service on a 3-master Redis Cluster on loopback (`redis_cluster=True`), through real HTTP: it must
read back what one server reads back, and spread the corpus over every master."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import anyio
import anyio.to_thread
import httpx
import pytest
from redis.crc import key_slot

from service.store.keys import Keys, partition_of
from tests.articles import news_article
from tests.integration.test_statements import SEEDS, VARIANT
from tests.live_server import live_server
from tests.redis_servers import RedisCluster, RedisServer, running_cluster

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


# ---- a cluster that grows, or fails over, while the service writes and reads


def acceptable(response: httpx.Response) -> bool:
    """What a client may meet while the cluster moves: an answer, or 503 with a time to retry after."""
    return response.is_success or (response.status_code == 503 and "retry-after" in response.headers)


async def ingest_all(
    http: httpx.AsyncClient, bodies: list[dict[str, Any]], seen: list[httpx.Response]
) -> list[Any]:
    """Ingest each article until it is acknowledged, retrying after a 503 as a client does; every answer is
    kept in `seen`. Returns the stored articles."""
    stored = []
    for body in bodies:
        while True:
            response = await http.post("/v1/articles", json=body)
            seen.append(response)
            if response.status_code != 503 or not acceptable(response):
                break
            await anyio.sleep(0.2)
        if response.is_success:
            stored.append(response.json())
    return stored


async def read_along(http: httpx.AsyncClient, done: anyio.Event, seen: list[httpx.Response]) -> None:
    """Search, list and check, again and again until `done`."""
    while not done.is_set():
        seen.append(await http.get("/v1/statements", params={"limit": 20}))
        seen.append(await http.get("/v1/statements", params={"q": "deal"}))
        seen.append(await http.post("/v1/check", json={"quote": "We have done everything we promised"}))
        await anyio.sleep(0.02)


async def assert_whole(http: httpx.AsyncClient, stored: list[Any]) -> None:
    """Every acknowledged article reads back as acknowledged, and every statement it links to lists it."""
    for article in stored:
        response = await http.get(f"/v1/articles/{article['id']}")
        assert response.status_code == 200, response.text[:300]
        assert response.json() == article
        for statement_id in {q["statement_id"] for q in article["quotes"] if "statement_id" in q}:
            assert article["id"] in await mentioned(http, statement_id), statement_id


async def mentioned(http: httpx.AsyncClient, statement_id: str) -> set[str]:
    """The articles a statement's mentions are in, every page of them."""
    found: set[str] = set()
    cursor = None
    while True:
        params = {"limit": 200, **({"cursor": cursor} if cursor else {})}
        page = (await http.get(f"/v1/statements/{statement_id}/mentions", params=params)).json()
        found |= {m["article_id"] for m in page["items"]}
        if not (cursor := page["next_cursor"]):
            return found


def pending_intents(cluster: RedisCluster, key_prefix: str) -> list[bytes]:
    found = []
    for node in cluster.masters():
        with node.client() as client:
            found += list(client.scan_iter(match=f"{key_prefix}*pending*", count=1000))
    return found


class SlotMove:
    """One slot moved from its master to another by hand, as `redis-cli --cluster reshard` moves it: both
    ends marked, the keys migrated a batch at a time, then the slot given to its new master everywhere."""

    def __init__(self, cluster: RedisCluster, slot: int, target: RedisServer) -> None:
        self.cluster, self.slot, self.target = cluster, slot, target
        with target.client() as client:
            self.target_id = client.execute_command("CLUSTER MYID").decode()
            for first, last, (_, port, node_id, *_), *_ in client.execute_command("CLUSTER SLOTS"):
                if first <= slot <= last:
                    self.source = next(n for n in cluster.nodes if n.port == port)
                    self.source_id = node_id.decode()

    def begin(self) -> None:
        with self.target.client() as client:
            client.execute_command("CLUSTER SETSLOT", self.slot, "IMPORTING", self.source_id)
        with self.source.client() as client:
            client.execute_command("CLUSTER SETSLOT", self.slot, "MIGRATING", self.target_id)

    def migrate(self, count: int = 100) -> int:
        """Move up to `count` keys of the slot; returns how many moved."""
        with self.source.client() as client:
            keys = client.execute_command("CLUSTER GETKEYSINSLOT", self.slot, count)
            if keys:
                address = ["127.0.0.1", self.target.port, "", 0, 5000]
                client.execute_command("MIGRATE", *address, "REPLACE", "KEYS", *keys)
        return len(keys)

    def finish(self) -> None:
        while self.migrate():
            pass
        for node in self.cluster.masters():
            with node.client() as client:
                client.execute_command("CLUSTER SETSLOT", self.slot, "NODE", self.target_id)


async def wait_no_pending(cluster: RedisCluster, key_prefix: str) -> None:
    """Every write left unfinished is finished by the repair task (intents older than 10 s, every 5 s)."""
    deadline = time.monotonic() + 30
    while pending := pending_intents(cluster, key_prefix):
        assert time.monotonic() < deadline, f"{len(pending)} writes left unfinished: {pending[:3]}"
        await anyio.sleep(0.5)


async def test_a_slot_moving_to_a_new_master_is_read_and_written_meanwhile(key_prefix: str) -> None:
    """A master added and a slot moved onto it key by key: until the slot is given to it, the old master
    sends every command on a key it no longer holds to the new one (ASK), a master the client has not met
    (it owns no slot yet). Reads and writes of that slot are answered, at the latest once it has moved."""
    with (
        running_cluster() as cluster,
        live_server(
            redis_url=cluster.url, redis_cluster=True, key_prefix=key_prefix, request_timeout=DEADLINE
        ) as server,
    ):
        async with httpx.AsyncClient(base_url=server.base_url, timeout=60) as http:
            seen: list[httpx.Response] = []
            stored = await ingest_all(http, [news_article("moving", i) for i in range(12)], seen)
            partition = Counter(partition_of(a["id"]) for a in stored).most_common(1)[0][0]
            moving = [a for a in stored if partition_of(a["id"]) == partition]
            move = SlotMove(
                cluster, key_slot(Keys(key_prefix).article(moving[0]["id"]).encode()), cluster.add_master()
            )
            move.begin()
            while move.migrate():  # every key of the slot on the new master, the slot not yet given to it
                pass
            done = anyio.Event()
            more: list[Any] = []

            async def read_moving() -> None:
                for article in moving:
                    seen.append(await http.get(f"/v1/articles/{article['id']}"))

            async def write() -> None:
                more.extend(await ingest_all(http, [news_article("moved", i) for i in range(12)], seen))
                done.set()

            async with anyio.create_task_group() as tasks:
                tasks.start_soon(read_moving)
                tasks.start_soon(write)
                tasks.start_soon(read_along, http, done, seen)
                await anyio.sleep(1.0)
                await anyio.to_thread.run_sync(move.finish)
            statuses = Counter(r.status_code for r in seen)
            assert all(map(acceptable, seen)), f"answers by status: {statuses}"
            assert len(more) == 12
            await wait_no_pending(cluster, key_prefix)
            await assert_whole(http, stored + more)
            assert (await http.get("/readyz")).status_code == 200


def links(stored: list[Any]) -> list[tuple[str, str, str | None]]:
    """Which statement each quote of each article joined."""
    return sorted((a["id"], q["id"], q.get("statement_id")) for a in stored for q in a["quotes"])


async def ingest_during(
    http: httpx.AsyncClient, bodies: Iterator[dict[str, Any]], change: Callable[[], Awaitable[None]]
) -> tuple[list[httpx.Response], list[Any]]:
    """Every answer and every stored article of ingests, one at a time, and reads, while `change` runs a
    second after they start; then ten more ingests once it is done."""
    seen: list[httpx.Response] = []
    stored: list[Any] = []
    changed, done = anyio.Event(), anyio.Event()

    async def write() -> None:
        while not changed.is_set():
            stored.extend(await ingest_all(http, [next(bodies)], seen))
        stored.extend(await ingest_all(http, [next(bodies) for _ in range(10)], seen))
        done.set()

    async def run_change() -> None:
        await anyio.sleep(1.0)
        await change()
        changed.set()

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(write)
        tasks.start_soon(read_along, http, done, seen)
        tasks.start_soon(run_change)
    return seen, stored


async def test_a_master_added_and_slots_rebalanced_while_ingesting_lose_nothing(
    redis_server: RedisServer, key_prefix: str
) -> None:
    """An operator adds a fourth master and rebalances slots onto it (`redis-cli --cluster add-node`, then
    `rebalance --cluster-use-empty-masters`) while articles keep coming and being read: every answer is
    one a client can act on, every acknowledged article reads back whole, no write is left unfinished, and
    the statements link as on one server."""
    bodies = iter([*seed_articles(), *(news_article("growing", i) for i in range(1000))])
    with (
        running_cluster() as cluster,
        live_server(
            redis_url=cluster.url, redis_cluster=True, key_prefix=key_prefix, request_timeout=DEADLINE
        ) as server,
    ):
        async with httpx.AsyncClient(base_url=server.base_url, timeout=60) as http:

            async def grow() -> None:
                await anyio.to_thread.run_sync(cluster.add_master)
                await anyio.to_thread.run_sync(cluster.rebalance)

            seen, stored = await ingest_during(http, bodies, grow)
            statuses = Counter(r.status_code for r in seen)
            assert all(map(acceptable, seen)), f"answers by status: {statuses}"
            assert sorted(cluster.slots().values()) == [4096] * 4
            await wait_no_pending(cluster, key_prefix)
            await assert_whole(http, stored)
            assert (await http.get("/readyz")).status_code == 200
    ingested = [
        {k: v for k, v in a.items() if k in ("outlet", "text", "title", "published_at")} for a in stored
    ]
    with live_server(redis_url=redis_server.url, key_prefix=key_prefix, request_timeout=DEADLINE) as single:
        async with httpx.AsyncClient(base_url=single.base_url, timeout=60) as http:
            assert links(await ingest_all(http, ingested, [])) == links(stored)


async def test_a_master_failing_over_to_its_replica_while_ingesting_loses_nothing(key_prefix: str) -> None:
    """Each master with a replica; one hands over to its replica (`CLUSTER FAILOVER`) while articles keep
    coming and being read: the client follows the slots to the new master, and nothing is lost."""
    bodies = iter(news_article("failing", i) for i in range(1000))
    with (
        running_cluster(replicas=1) as cluster,
        live_server(
            redis_url=cluster.url, redis_cluster=True, key_prefix=key_prefix, request_timeout=DEADLINE
        ) as server,
    ):
        async with httpx.AsyncClient(base_url=server.base_url, timeout=60) as http:

            async def fail_over() -> None:
                old = cluster.masters()[0]
                new = await anyio.to_thread.run_sync(cluster.failover, old)
                assert new in cluster.masters()
                assert old not in cluster.masters()

            seen, stored = await ingest_during(http, bodies, fail_over)
            statuses = Counter(r.status_code for r in seen)
            assert all(map(acceptable, seen)), f"answers by status: {statuses}"
            await wait_no_pending(cluster, key_prefix)
            await assert_whole(http, stored)
            assert (await http.get("/readyz")).status_code == 200
