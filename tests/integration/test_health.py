from __future__ import annotations

import pytest
from litestar import Litestar, get
from litestar.testing import AsyncTestClient
from redis.asyncio import Redis

from service.app import create_app
from service.settings import Settings

pytestmark = pytest.mark.anyio


async def test_healthz_and_readyz_answer(client: AsyncTestClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready"}


async def test_unknown_route_is_problem_json(client: AsyncTestClient) -> None:
    response = await client.get("/v1/nowhere")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == 404


async def test_readyz_is_503_problem_when_redis_is_down(unused_port: int) -> None:
    app = create_app(Settings(redis_url=f"redis://127.0.0.1:{unused_port}/0"))
    async with AsyncTestClient(app) as client:
        assert (await client.get("/healthz")).status_code == 200
        response = await client.get("/readyz")
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "redis" in response.json()["detail"]


async def test_unexpected_error_is_a_500_problem_without_a_traceback(app: Litestar, redis: Redis) -> None:
    @get("/boom", sync_to_thread=False)
    def boom() -> None:
        raise RuntimeError("secret internals")

    app.register(boom)
    async with AsyncTestClient(app) as client:
        response = await client.get("/boom")
    assert response.status_code == 500
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["detail"] == "internal error; it has been logged"
    assert "secret internals" not in response.text
