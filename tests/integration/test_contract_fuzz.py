"""schemathesis over the served schema with keys on: no server error, no status the schema leaves out."""

from __future__ import annotations

import sys
from pathlib import Path

import anyio
import pytest
from redis.asyncio import Redis

from tests.served import served

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
EXAMPLES_PER_OPERATION = 40


@pytest.mark.anyio
async def test_fuzzed_requests_get_documented_answers_and_no_server_error(
    key_prefix: str, unused_port: int, redis: Redis, tmp_path: Path
) -> None:
    env = {
        "CLAIMTRACK_API_KEYS": "fuzz-key",
        "CLAIMTRACK_RATE_LIMIT_PER_MINUTE": "0",  # thousands of requests from one address
        "CLAIMTRACK_FETCH_TIMEOUT": "2",
    }
    with served(unused_port, key_prefix, env) as base:
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
