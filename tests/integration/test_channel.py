"""The ordered channel the corpus writers commit on, against a real Redis."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from redis.asyncio import Redis
from redis.exceptions import ConnectionError, ResponseError

from service.app import create_app
from service.settings import Settings
from service.store.client import Channel
from tests.integration.test_statements import VARIANT

pytestmark = pytest.mark.anyio


async def test_replies_pair_with_their_commands_and_on_reply_runs_before_later_ones(
    redis: Redis, key_prefix: str
) -> None:
    channel, seen = Channel(redis), []
    counter = f"{key_prefix}counter"

    def record(tag: str) -> Any:
        def on_reply(reply: Any) -> None:
            seen.append((tag, reply, [f.done() for f in sent]))

        return on_reply

    try:
        sent: list[asyncio.Future[Any]] = []
        for i in range(5):  # sent without waiting, as a writer does before handing over its lock
            sent.append(await channel.send("INCRBY", counter, i + 1, on_reply=record(f"c{i}")))
        replies = [await f for f in sent]
    finally:
        await channel.aclose()
    assert replies == [1, 3, 6, 10, 15]
    assert [tag for tag, _, _ in seen] == ["c0", "c1", "c2", "c3", "c4"]
    # Each callback ran before its own and every later future was resolved.
    assert all(not any(done[i:]) for i, (_, _, done) in enumerate(seen))


async def test_an_error_reply_fails_only_its_own_command(redis: Redis, key_prefix: str) -> None:
    channel = Channel(redis)
    try:
        await redis.set(f"{key_prefix}text", "not a number")
        bad = await channel.send("INCR", f"{key_prefix}text")
        good = await channel.send("INCR", f"{key_prefix}n")
        with pytest.raises(ResponseError):
            await bad
        assert await good == 1
    finally:
        await channel.aclose()


async def test_a_killed_connection_fails_its_waiters_and_the_next_send_reconnects(redis: Redis) -> None:
    channel = Channel(redis)
    try:
        own_id = await (await channel.send("CLIENT", "ID"))
        await redis.client_kill_filter(_id=own_id)
        failures = 0
        for _ in range(3):  # the first send after the kill may still be written before the close is seen
            try:
                assert await (await channel.send("PING")) in (b"PONG", "PONG", True)
                break
            except ConnectionError:
                failures += 1
        else:
            pytest.fail("the channel did not reconnect")
        assert await (await channel.send("CLIENT", "ID")) != own_id
        assert failures <= 1
    finally:
        await channel.aclose()


async def test_writers_in_one_process_see_each_commit_before_its_reply_is_awaited(
    settings: Settings,
) -> None:
    """Eight outlets quoting one remark at once, in one process: each ingest's reads are sent after the
    previous commit without waiting for its reply, and must still find the statement it created."""
    async with AsyncTestClient(create_app(settings)) as client:
        bodies = [{"outlet": f"Outlet {i}", "text": VARIANT} for i in range(8)]
        responses = await asyncio.gather(*(client.post("/v1/articles", json=b) for b in bodies))
        assert all(r.status_code == 201 for r in responses)
        linked = {q["statement_id"] for r in responses for q in r.json()["quotes"] if "no peace" in q["text"]}
        assert len(linked) == 1
        statement = (await client.get(f"/v1/statements/{linked.pop()}")).json()
    assert statement["mention_count"] == 8


async def test_ingest_reloads_scripts_the_server_has_forgotten(settings: Settings, redis: Redis) -> None:
    async with AsyncTestClient(create_app(settings)) as client:
        first = await client.post("/v1/articles", json={"outlet": "Outlet A", "text": VARIANT})
        await redis.script_flush()  # as after a restart of a server that keeps no script cache
        second = await client.post("/v1/articles", json={"outlet": "Outlet B", "text": VARIANT})
    assert (first.status_code, second.status_code) == (201, 201)
    ids = [
        {q["statement_id"] for q in r.json()["quotes"] if "no peace" in q["text"]} for r in (first, second)
    ]
    assert len(ids[0]) == 1
    assert ids[0] == ids[1]


async def test_a_failing_on_reply_fails_its_own_command_only(redis: Redis, key_prefix: str) -> None:
    def broken(_: Any) -> None:
        raise ValueError("bookkeeping failed")

    channel = Channel(redis)
    try:
        first = await channel.send("INCR", f"{key_prefix}n", on_reply=broken)
        second = await channel.send("INCR", f"{key_prefix}n")
        with pytest.raises(ValueError, match="bookkeeping failed"):
            await asyncio.wait_for(first, timeout=5)
        assert await asyncio.wait_for(second, timeout=5) == 2
    finally:
        await channel.aclose()
