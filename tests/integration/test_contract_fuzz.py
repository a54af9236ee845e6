"""schemathesis over the served schema with keys on: no server error, no status the schema leaves out."""

from __future__ import annotations

import sys
from pathlib import Path

import anyio
import pytest
from redis.asyncio import Redis

from tests.conftest import REDIS_URL
from tests.live_server import live_server

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
EXAMPLES_PER_OPERATION = 40


@pytest.mark.anyio
async def test_fuzzed_requests_get_documented_answers_and_no_server_error(
    key_prefix: str, redis: Redis, tmp_path: Path
) -> None:
    with live_server(
        ready="/readyz",
        redis_url=REDIS_URL,
        key_prefix=key_prefix,
        api_keys="fuzz-key",
        rate_limit_per_minute=0,  # thousands of requests from one address
        fetch_timeout=2,
    ) as server:
        base = server.base_url
        with anyio.fail_after(600):
            run = await anyio.run_process(
                [
                    str(SCHEMATHESIS),
                    "run",
                    f"{base}/schema/openapi.json",
                    "--header",
                    "X-API-Key: fuzz-key",
                    "--checks",
                    "not_a_server_error,status_code_conformance",
                    "--max-examples",
                    str(EXAMPLES_PER_OPERATION),
                    "--generation-database",
                    "none",
                    "--request-timeout",
                    "30",
                ],
                check=False,
                cwd=tmp_path,  # schemathesis keeps a cache in its working directory
            )
    report = run.stdout.decode(errors="replace")
    assert run.returncode == 0, report[-6000:] + run.stderr.decode(errors="replace")[-2000:]
