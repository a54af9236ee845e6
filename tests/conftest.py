from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from redis.asyncio import Redis

from service.app import create_app
from service.settings import Settings

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
