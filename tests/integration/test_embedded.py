from __future__ import annotations

import os
import signal
from pathlib import Path

import anyio
import pytest
import redis
from litestar.testing import AsyncTestClient
from redis.asyncio import Redis

from service.app import create_app
from service.settings import Settings
from service.store.client import REVIVE_EVERY
from service.store.embedded import EmbeddedRedis

pytestmark = pytest.mark.anyio


async def test_embedded_server_keeps_data_across_restart(tmp_path: Path) -> None:
    server = EmbeddedRedis(tmp_path)
    client = Redis(unix_socket_path=server.start())
    await client.set("kept", "yes")
    await client.aclose()
    server.stop()

    again = EmbeddedRedis(tmp_path)
    client = Redis(unix_socket_path=again.start())
    try:
        assert await client.get("kept") == b"yes"
    finally:
        await client.aclose()
        again.stop()


async def test_second_process_joins_the_running_server(tmp_path: Path) -> None:
    owner, joiner = EmbeddedRedis(tmp_path), EmbeddedRedis(tmp_path)
    owner.start()
    try:
        client = Redis(unix_socket_path=joiner.start())
        assert await client.ping()
        await client.aclose()
        joiner.stop()  # does not own the server: it must keep running for the owner
        client = Redis(unix_socket_path=owner.socket_path)
        assert await client.ping()
        await client.aclose()
    finally:
        owner.stop()


async def test_app_is_ready_on_embedded_redis_without_a_url(tmp_path: Path) -> None:
    app = create_app(Settings(redis_url=None, data_dir=str(tmp_path)))
    async with AsyncTestClient(app) as client:
        assert (await client.get("/readyz")).json() == {"status": "ready"}
    assert (tmp_path / "appendonly.aof").exists() or (tmp_path / "appendonlydir").exists()


def test_a_server_that_dies_is_started_again_by_its_owner(tmp_path: Path) -> None:
    server = EmbeddedRedis(tmp_path)
    server.start()
    try:
        assert not server.revive()  # alive: nothing to do
        assert server._process is not None
        server._process.kill()
        server._process.wait()
        assert server.revive()
        assert redis.Redis(unix_socket_path=server.socket_path).ping()
    finally:
        server.stop()


async def test_the_app_answers_again_after_its_embedded_server_died(tmp_path: Path) -> None:
    app = create_app(Settings(redis_url=None, data_dir=str(tmp_path)))
    async with AsyncTestClient(app) as client:
        await client.post("/v1/articles", json={"outlet": "AP", "text": '"We will win," Jane Doe said.'})
        pid = redis.Redis(unix_socket_path=str(tmp_path / "redis.sock")).info("server")["process_id"]
        os.kill(int(pid), signal.SIGKILL)
        statuses = []
        for _ in range(int(10 * REVIVE_EVERY / 0.2)):
            statuses.append((await client.get("/readyz")).status_code)
            if statuses[-1] == 200 and 503 in statuses:
                break
            await anyio.sleep(0.2)
        assert statuses[-1] == 200, statuses
        assert (await client.get("/v1/articles")).json()["items"], "the data kept on disk is back"
