"""Private `redis-server` processes for fault and cluster tests and for the benchmarks.

Each server listens on a free loopback port and keeps its files in its own directory, so it can be paused
(SIGSTOP/SIGCONT), killed (-9) and restarted on the same port and files while a client stays pointed at it.
`RedisCluster` is three such servers joined as a Redis Cluster of masters with `redis-cli --cluster create`.
"""

from __future__ import annotations

import contextlib
import random
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import redis

REDIS_SERVER = shutil.which("redis-server")
REDIS_CLI = shutil.which("redis-cli")
MISSING = "needs the redis-server and redis-cli binaries (Debian: apt-get install redis-server redis-tools)"


LISTEN_PORTS = range(10_000, 22_000)
"""Where servers listen: below the kernel's ephemeral range (32768 and up by default) with their cluster bus
port (+10000) too, so no client connection is given either as its own port between the check and the
server's bind, which made a node of the test cluster exit at start now and then."""


_given: set[int] = set()
"""Ports already handed out: servers made together are started one after another."""
_random = random.SystemRandom()  # not the tests' seeded generator, which gives every test the same ports


def free_port() -> int:
    """A loopback port free now and never handed out before, whose cluster bus port (+10000) is free too."""
    while True:
        port = _random.choice(LISTEN_PORTS)
        with socket.socket() as sock, socket.socket() as bus, contextlib.suppress(OSError):
            sock.bind(("127.0.0.1", port))
            bus.bind(("127.0.0.1", port + 10000))
            if port not in _given:
                _given.add(port)
                return port


class RedisServer:
    """One `redis-server` on 127.0.0.1:`port` with its files in `directory`.

    `aof` persists every write before answering it (`appendfsync always`), so whatever a client saw
    acknowledged survives a kill -9.
    """

    def __init__(self, directory: Path, *, aof: bool = False, cluster: bool = False) -> None:
        if REDIS_SERVER is None:
            raise RuntimeError(MISSING)
        self.directory = directory
        self.port = free_port()
        self.aof = aof
        self.cluster = cluster
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"redis://{self.address}/0"

    @property
    def pid(self) -> int:
        assert self._process is not None, "the server is not running"
        return self._process.pid

    def start(self, timeout: float = 10.0) -> None:
        """Start the server and wait until it answers PING."""
        assert REDIS_SERVER is not None
        self.directory.mkdir(parents=True, exist_ok=True)
        command = [
            REDIS_SERVER,
            "--port", str(self.port),
            "--bind", "127.0.0.1",
            "--dir", str(self.directory),
            "--logfile", "redis.log",
            "--save", "",
            "--appendonly", "yes" if self.aof else "no",
            "--appendfsync", "always",
        ]  # fmt: skip
        if self.cluster:
            command += ["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf"]
        self._process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while True:
            if self._process.poll() is not None:
                raise RuntimeError(f"redis-server exited; see {self.directory / 'redis.log'}")
            with contextlib.suppress(redis.RedisError), self.client() as client:
                if client.ping():
                    return
            if time.monotonic() > deadline:
                raise RuntimeError(f"redis-server on {self.address} did not answer in {timeout} s")
            time.sleep(0.02)

    def pause(self) -> None:
        """Freeze the server (SIGSTOP): connections stay open, nothing is answered."""
        self._signal(signal.SIGSTOP)

    def resume(self) -> None:
        self._signal(signal.SIGCONT)

    def kill(self) -> None:
        """Kill -9: no shutdown, no final write; only what the AOF already holds survives."""
        self._signal(signal.SIGKILL)
        assert self._process is not None
        self._process.wait()
        self._process = None

    def restart(self) -> None:
        """Kill the server if it runs, then start it again on the same port and files."""
        if self._process is not None:
            self.kill()
        self.start()

    def stop(self) -> None:
        if self._process is None:
            return
        self._signal(signal.SIGCONT)  # a paused server cannot act on SIGTERM
        self._process.terminate()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process = None

    def client(self, **options: Any) -> redis.Redis:
        return redis.Redis(**{"host": "127.0.0.1", "port": self.port, "socket_timeout": 5, **options})

    def info(self, section: str) -> dict[str, Any]:
        with self.client() as client:
            info: dict[str, Any] = client.info(section)
            return info

    def cluster_state(self) -> str:
        with self.client() as client:
            info: dict[str, Any] = client.execute_command("CLUSTER INFO")
            return str(info["cluster_state"])

    def _signal(self, signum: signal.Signals) -> None:
        assert self._process is not None, "the server is not running"
        self._process.send_signal(signum)


class RedisCluster:
    """`masters` cluster-enabled servers on loopback, joined with every slot assigned and no replicas."""

    def __init__(self, directory: Path, masters: int = 3) -> None:
        if REDIS_CLI is None:
            raise RuntimeError(MISSING)
        self.nodes = [RedisServer(directory / f"node{i}", cluster=True) for i in range(masters)]

    @property
    def url(self) -> str:
        """A startup node; the cluster client learns the others from it."""
        return self.nodes[0].url

    def start(self, timeout: float = 30.0) -> None:
        assert REDIS_CLI is not None
        for node in self.nodes:
            node.start()
        create = [REDIS_CLI, "--cluster", "create", *(n.address for n in self.nodes)]
        subprocess.run(
            [*create, "--cluster-replicas", "0", "--cluster-yes"],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=timeout,
        )
        deadline = time.monotonic() + timeout
        while not all(n.cluster_state() == "ok" for n in self.nodes):
            if time.monotonic() > deadline:
                raise RuntimeError("the cluster did not reach cluster_state:ok")
            time.sleep(0.05)

    def stop(self) -> None:
        for node in self.nodes:
            node.stop()


@contextlib.contextmanager
def running_server(*, aof: bool = False) -> Iterator[RedisServer]:
    """A started server in a temporary directory, stopped and removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="ct-redis-") as directory:
        server = RedisServer(Path(directory), aof=aof)
        try:
            server.start()
            yield server
        finally:
            server.stop()


@contextlib.contextmanager
def running_cluster(masters: int = 3) -> Iterator[RedisCluster]:
    """A started cluster in a temporary directory, stopped and removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="ct-cluster-") as directory:
        cluster = RedisCluster(Path(directory), masters)
        try:
            cluster.start()
            yield cluster
        finally:
            cluster.stop()
