"""The app served by `claimtrack serve` (uvicorn) in a process of its own, reached over real HTTP: what a
client in production meets, with as many worker processes as asked for. Tests and benchmarks both start it
from here."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import httpx

from tests.redis_servers import free_port

ROOT = Path(__file__).resolve().parent.parent


class LiveServer:
    def __init__(self, base_url: str, process: subprocess.Popen[bytes], log: Path) -> None:
        self.base_url = base_url
        self.process = process
        self.log = log

    def listening(self) -> int:
        """How many sockets listen on the server's port: one per worker that serves (a worker binds its socket
        as it starts and listens once its app has started)."""
        port = f":{int(self.base_url.rsplit(':', 1)[1]):04X}"
        count = 0
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            with contextlib.suppress(OSError):
                for line in Path(table).read_text().splitlines()[1:]:
                    fields = line.split()
                    count += fields[1].endswith(port) and fields[3] == "0A"  # 0A: LISTEN
        return count

    def processes(self) -> list[int]:
        """The uvicorn process and every process it started (its workers)."""
        family, found = [self.process.pid], True
        while found:
            found = False
            for entry in Path("/proc").iterdir():
                with contextlib.suppress(OSError, ValueError, IndexError):
                    pid = int(entry.name)
                    parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                    if parent in family and pid not in family:
                        family.append(pid)
                        found = True
        return family

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by the server and all its workers."""
        return sum(self.cpu_seconds_by_process().values())

    def cpu_seconds_by_process(self) -> dict[int, float]:
        """CPU time (user + system) used so far by each of the server's processes, by process id."""
        found = {}
        for pid in self.processes():
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                found[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return found


def settings_env(**settings: object) -> dict[str, str]:
    """`Settings` fields as the `CLAIMTRACK_*` variables the app reads at startup."""
    return {
        f"CLAIMTRACK_{name.upper()}": str(value).lower() if isinstance(value, bool) else str(value)
        for name, value in settings.items()
    }


@contextlib.contextmanager
def live_server(
    *,
    workers: int = 1,
    ready: str = "/healthz",
    command: Sequence[str] = (sys.executable, "-m", "service.cli", "serve"),
    **settings: object,
) -> Iterator[LiveServer]:
    """Run `claimtrack serve` with `settings` (as `CLAIMTRACK_*` variables, none inherited; rate limits off
    unless set) on a free loopback port.

    `command` replaces `claimtrack serve` with another program taking the same `--host`, `--port` and
    `--workers` (a benchmark's baseline app). Waits until `ready` answers 200 and every worker listens (one
    ready worker is not enough: a test that stops it would find the port closed); stops the server and its
    workers afterwards, forcibly if a blocked event loop keeps them from shutting down.
    """
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("CLAIMTRACK_")},
        **settings_env(**{"rate_limit_per_minute": 0, **settings}),
    }
    command = [*command, "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    with tempfile.TemporaryDirectory(prefix="ct-server-") as directory:
        log = Path(directory) / "server.log"
        with log.open("wb") as sink:
            process = subprocess.Popen(
                command, env=env, cwd=ROOT, stdout=sink, stderr=sink, start_new_session=True
            )
        server = LiveServer(f"http://127.0.0.1:{port}", process, log)
        try:
            _wait_ready(server, ready, workers)
            yield server
        finally:
            _stop(process)


def _wait_ready(server: LiveServer, path: str, workers: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"the server exited:\n{server.log.read_text()[-3000:]}")
        with contextlib.suppress(httpx.HTTPError):
            if (
                httpx.get(server.base_url + path, timeout=2).status_code == 200
                and server.listening() >= workers
            ):
                return
        time.sleep(0.05)
    log = server.log.read_text()[-3000:]
    raise RuntimeError(f"{path} did not answer 200 from {workers} worker(s) in {timeout} s:\n{log}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the server's process group (uvicorn and its workers), then SIGKILL after a grace time."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
