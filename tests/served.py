"""`claimtrack serve` as a real server process on the test Redis, for what only a real server shows."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping

import httpx

from tests.conftest import REDIS_URL


@contextlib.contextmanager
def served(port: int, key_prefix: str, env: Mapping[str, str], *args: str) -> Iterator[str]:
    """Serve on `port` with `CLAIMTRACK_*` settings from `env` (on top of the test Redis and key prefix);
    yields the base URL once the server answers."""
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("CLAIMTRACK_")},
        "CLAIMTRACK_REDIS_URL": REDIS_URL,
        "CLAIMTRACK_KEY_PREFIX": key_prefix,
        **env,
    }
    command = [sys.executable, "-m", "service.cli", "serve", "--port", str(port), *args]
    process = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(400):
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/readyz").status_code == 200:
                    break
            if process.poll() is not None:
                raise RuntimeError(f"claimtrack serve exited with {process.returncode}")
            time.sleep(0.05)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=15)
