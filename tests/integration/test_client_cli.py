"""The Python client and the command line against a real server process on the test Redis."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from redis.asyncio import Redis

from service.cli import main
from service.client import ApiError, Client
from tests.conftest import REDIS_URL
from tests.integration.test_statements import SEEDS, VARIANT


@pytest.fixture
def server(key_prefix: str, unused_port: int, redis: Redis) -> Iterator[str]:
    """A server process of its own: the synchronous client may block the test's event loop."""
    env = {
        **os.environ,
        "CLAIMTRACK_REDIS_URL": REDIS_URL,
        "CLAIMTRACK_KEY_PREFIX": key_prefix,
        "CLAIMTRACK_API_KEYS": "secret",
    }
    command = [sys.executable, "-m", "service.cli", "serve", "--port", str(unused_port)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{unused_port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(f"{base}/readyz").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.05)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.anyio
async def test_client_ingests_checks_and_compares(server: str) -> None:
    with Client(server, api_key="secret") as client:
        seeds = {e["file"]: e for e in json.loads((SEEDS / "manifest.json").read_text(encoding="utf-8"))}
        g7 = client.ingest("Global News", text=(SEEDS / next(iter(seeds))).read_text(encoding="utf-8"))
        variant = client.ingest("Daily Planet", text=VARIANT)
        assert variant.quotes
        checked = client.check("very good and productive")
        assert checked.verdict == "exact"
        statement_id = checked.matches[0].statement_id
        assert statement_id in {q.statement_id for q in g7.quotes}
        comparison = client.compare_statement(statement_id)
        assert {r.mention.outlet for r in comparison.renderings} == {"Global News", "Daily Planet"}
        assert client.outlets().items
    with Client(server) as anonymous, pytest.raises(ApiError) as refused:
        anonymous.ingest("Nobody", text=VARIANT)
    assert refused.value.status == 401


@pytest.mark.anyio
async def test_cli_seeds_a_server_and_checks_a_quote(server: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["seed", "--server", server, "--api-key", "secret"]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 2
    assert main(["check", "This is about laying down markers", "--server", server]) == 0
    assert json.loads(capsys.readouterr().out)["matches"][0]["speaker"] == "Roland Paris"


def test_cli_compares_files_without_a_server(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "variant.txt").write_text(VARIANT, encoding="utf-8")
    carney = SEEDS / "2025-05-zelenskyy-carney-rome.txt"
    assert main(["compare", f"{carney}=CBC", f"{tmp_path / 'variant.txt'}=Daily Planet"]) == 0
    statements = json.loads(capsys.readouterr().out)["statements"]
    assert any(s["speaker"] == "Mark Carney" and s["outlets"] == ["CBC", "Daily Planet"] for s in statements)


def test_cli_reports_an_unreachable_server(capsys: pytest.CaptureFixture[str], unused_port: int) -> None:
    assert main(["check", "anything", "--server", f"http://127.0.0.1:{unused_port}"]) == 1
    assert "claimtrack:" in capsys.readouterr().err
