from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from redis.asyncio import Redis

from service.app import create_app
from service.settings import Settings
from tests.redis_servers import (
    MISSING,
    REDIS_CLI,
    REDIS_SERVER,
    RedisCluster,
    RedisServer,
    running_cluster,
    running_server,
)

REDIS_URL = os.environ.get("CLAIMTRACK_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def key_prefix() -> str:
    return f"ct-test:{uuid.uuid4().hex[:12]}:"


@pytest.fixture
async def redis(key_prefix: str) -> AsyncIterator[Redis]:
    """A client on the shared test server; every key under this test's prefix is removed afterwards."""
    client = Redis.from_url(REDIS_URL)
    try:
        await client.ping()
    except Exception as exc:  # pragma: no cover - the message is the point
        pytest.fail(f"tests need a Redis server at {REDIS_URL}: {exc}")
    yield client
    keys = [key async for key in client.scan_iter(match=f"{key_prefix}*", count=1000)]
    if keys:
        await client.unlink(*keys)
    await client.aclose()


@pytest.fixture
def settings(key_prefix: str, redis: Redis) -> Settings:
    """Settings on this test's key prefix; taking `redis` means its keys are removed afterwards."""
    return Settings(redis_url=REDIS_URL, key_prefix=key_prefix, fetch_allow_private=False)


@pytest.fixture
def app(settings: Settings) -> Litestar:
    return create_app(settings)


@pytest.fixture
async def client(app: Litestar, redis: Redis) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(app) as test_client:
        yield test_client


@pytest.fixture
def unused_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def _need_redis_binaries() -> None:
    if REDIS_SERVER is None or REDIS_CLI is None:
        pytest.skip(f"fault and cluster tests start their own Redis servers: {MISSING}")


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    """A private redis-server of this test's own, free to pause, kill and restart."""
    _need_redis_binaries()
    with running_server() as server:
        yield server


@pytest.fixture
def aof_redis_server() -> Iterator[RedisServer]:
    """A private redis-server that persists every write to its AOF before acknowledging it."""
    _need_redis_binaries()
    with running_server(aof=True) as server:
        yield server


@pytest.fixture(scope="session")
def redis_cluster() -> Iterator[RedisCluster]:
    """A 3-master Redis Cluster on loopback, shared by the tests (each on its own key prefix)."""
    _need_redis_binaries()
    with running_cluster() as cluster:
        yield cluster
