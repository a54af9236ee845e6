"""How domain errors reach clients: status, problem document and, for an unfinished write, when to retry."""

from __future__ import annotations

from litestar import Litestar, post
from litestar.testing import TestClient

from service.api.problems import EXCEPTION_HANDLERS
from service.errors import Unfinished


@post("/write")
async def write() -> None:
    raise Unfinished("concurrent writes kept changing this write's records; it will be finished shortly")


def test_an_unfinished_write_is_a_503_to_retry_not_a_conflict_to_resolve() -> None:
    with TestClient(Litestar([write], exception_handlers=EXCEPTION_HANDLERS)) as client:
        answer = client.post("/write")
    assert answer.status_code == 503
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.headers["retry-after"] == "2"
    assert "finished shortly" in answer.json()["detail"]
