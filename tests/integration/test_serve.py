"""`claimtrack serve --workers N`: a worker that dies is replaced, and a port in use is said once."""

from __future__ import annotations

import os
import signal
import socket
import time
from pathlib import Path

import httpx
import pytest
import redis

from service.serve import serve
from tests.conftest import REDIS_URL
from tests.live_server import live_server


def test_a_worker_that_dies_is_started_again(key_prefix: str) -> None:
    with live_server(workers=2, ready="/readyz", redis_url=REDIS_URL, key_prefix=key_prefix) as server:
        workers = set(server.processes()[1:])
        os.kill(max(workers), signal.SIGKILL)
        deadline = time.monotonic() + 20
        while not set(server.processes()[1:]) - workers and time.monotonic() < deadline:
            time.sleep(0.1)
        replaced = set(server.processes()[1:]) - workers
        assert replaced, "no worker was started in place of the killed one"
        assert all(httpx.get(f"{server.base_url}/healthz").status_code == 200 for _ in range(20))


def test_a_port_in_use_is_refused_in_one_line_before_any_worker_starts(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CLAIMTRACK_DATA_DIR", str(tmp_path))  # nothing left in the working directory
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        for workers in (1, 2):
            refused = f"^claimtrack: error: cannot listen on 127.0.0.1:{port}: Address already in use$"
            with pytest.raises(SystemExit, match=refused):
                serve("127.0.0.1", port, workers=workers)


def test_settings_the_service_cannot_use_stop_it_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMTRACK_MAX_CONNECTIONS", "-5")
    with pytest.raises(SystemExit, match=r"^claimtrack: error: invalid setting.*CLAIMTRACK_MAX_CONNECTIONS"):
        serve("127.0.0.1", 0, workers=2)


def test_a_worker_limited_to_one_connection_serves_it(key_prefix: str) -> None:
    settings = {"redis_url": REDIS_URL, "key_prefix": key_prefix, "max_connections": 1}
    with live_server(**settings) as server:
        assert httpx.get(f"{server.base_url}/healthz").status_code == 200


def test_a_data_directory_that_cannot_be_written_stops_it_in_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "taken").write_text("a file, not a directory")
    monkeypatch.delenv("CLAIMTRACK_REDIS_URL", raising=False)
    monkeypatch.setenv("CLAIMTRACK_DATA_DIR", str(tmp_path / "taken" / "data"))
    with pytest.raises(SystemExit, match=r"^claimtrack: error: cannot keep data in .*: Not a directory$"):
        serve("127.0.0.1", 0)


def _alive(pid: int) -> bool:
    """Running, not a zombie waiting for its parent."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.parametrize("workers", [1, 2])
def test_sigterm_stops_the_server_as_a_supervisor_expects(key_prefix: str, workers: int) -> None:
    """Gracefully, ending by the signal (as a service a supervisor stops does), and with no error line."""
    with live_server(workers=workers, redis_url=REDIS_URL, key_prefix=key_prefix) as server:
        os.kill(server.process.pid, signal.SIGTERM)
        assert server.process.wait(timeout=20) in (-signal.SIGTERM, 0)
        assert "error" not in server.log.read_text().casefold().replace("uvicorn.error", "")


def test_the_embedded_redis_stops_with_the_server_after_the_worker_that_started_it_died(
    tmp_path: Path,
) -> None:
    """The worker that starts the embedded Redis stops it as it exits; one killed (out of memory) cannot, and
    the server it started, serving the other workers, outlived `claimtrack serve` by itself."""
    with live_server(workers=2, ready="/readyz", data_dir=tmp_path) as server:
        socket_path = str(tmp_path / "redis.sock")
        pid = int(redis.Redis(unix_socket_path=socket_path).info("server")["process_id"])
        starter = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        workers = set(server.processes()[1:])
        assert starter in workers
        os.kill(starter, signal.SIGKILL)
        deadline = time.monotonic() + 20
        while (len(set(server.processes()[1:]) - workers) < 1 or server.listening() < 2) and (
            time.monotonic() < deadline
        ):
            time.sleep(0.1)
        assert httpx.get(f"{server.base_url}/readyz").status_code == 200
        os.kill(server.process.pid, signal.SIGTERM)  # as a supervisor stops it: its own process only
        server.process.wait(timeout=20)
        deadline = time.monotonic() + 5
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        try:
            assert not _alive(pid), "the embedded redis-server outlived claimtrack serve"
        finally:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
    assert (tmp_path / "appendonly.aof").exists() or (tmp_path / "appendonlydir").exists()
