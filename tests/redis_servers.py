"""Private `redis-server` processes for fault and cluster tests and for the benchmarks.

Each server listens on a free loopback port and keeps its files in its own directory, so it can be paused
(SIGSTOP/SIGCONT), killed (-9) and restarted on the same port and files while a client stays pointed at it.
`RedisCluster` is three such servers joined as a Redis Cluster of masters with `redis-cli --cluster create`
(each with replicas if asked for), which can grow by a master and fail over while it serves.
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

    def __init__(
        self, directory: Path, *, aof: bool = False, cluster: bool = False, node_timeout: int = 15000
    ) -> None:
        if REDIS_SERVER is None:
            raise RuntimeError(MISSING)
        self.directory = directory
        self.port = free_port()
        self.aof = aof
        self.cluster = cluster
        self.node_timeout = node_timeout
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
            command += ["--cluster-node-timeout", str(self.node_timeout)]
            command += ["--repl-diskless-sync-delay", "0"]  # a replica is in sync at once, not after 5 s
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
    """`masters` cluster-enabled servers on loopback, joined with every slot assigned, each master with
    `replicas` replicas.

    A cluster can grow while it serves, as an operator grows one: `add_master` joins an empty master and
    `rebalance` moves slots onto it with `redis-cli --cluster rebalance`; `failover` has a replica take over
    its master (`CLUSTER FAILOVER`).
    """

    def __init__(
        self, directory: Path, masters: int = 3, replicas: int = 0, node_timeout: int = 15000
    ) -> None:
        if REDIS_CLI is None:
            raise RuntimeError(MISSING)
        self.directory = directory
        self.replicas = replicas
        self.node_timeout = node_timeout
        self.nodes = [self._node(i) for i in range(masters * (1 + replicas))]

    def _node(self, i: int) -> RedisServer:
        return RedisServer(self.directory / f"node{i}", cluster=True, node_timeout=self.node_timeout)

    @property
    def url(self) -> str:
        """A startup node; the cluster client learns the others from it."""
        return self.nodes[0].url

    def start(self, timeout: float = 30.0) -> None:
        for node in self.nodes:
            node.start()
        create = ["--cluster", "create", *(n.address for n in self.nodes)]
        _cli([*create, "--cluster-replicas", str(self.replicas), "--cluster-yes"], timeout)
        self.wait_ok(timeout)

    def wait_ok(self, timeout: float = 30.0) -> None:
        """Wait until every node knows every other and says `cluster_state:ok`, and every replica is in
        sync."""
        deadline = time.monotonic() + timeout
        while not all(
            n.cluster_state() == "ok" and len(_cluster_nodes(n)) == len(self.nodes) for n in self.nodes
        ):
            if time.monotonic() > deadline:
                raise RuntimeError("the cluster did not reach cluster_state:ok")
            time.sleep(0.05)
        replicas = len(self.nodes) - len(self.masters())
        while sum(map(_online_replicas, self.nodes)) < replicas or any(  # and every node knows them all
            sum("slave" in n["flags"] for n in _cluster_nodes(node).values()) < replicas
            for node in self.nodes
        ):
            if time.monotonic() > deadline:
                raise RuntimeError("a replica did not get in sync with its master")
            time.sleep(0.05)

    def masters(self) -> list[RedisServer]:
        """The nodes that are masters now (a failover changes which)."""
        return [n for n in self.nodes if n.info("replication")["role"] == "master"]

    def add_master(self, timeout: float = 30.0) -> RedisServer:
        """Start a node and join it to the cluster as a master without slots (`redis-cli --cluster
        add-node`)."""
        node = self._node(len(self.nodes))
        node.start()
        self.nodes.append(node)
        _cli(["--cluster", "add-node", node.address, self.masters()[0].address], timeout)
        self.wait_ok(timeout)
        return node

    def rebalance(self, timeout: float = 120.0) -> None:
        """Move slots until every master owns a fair share, empty ones included (`redis-cli --cluster
        rebalance --cluster-use-empty-masters`), slot by slot and key by key, as an operator does live."""
        _cli(["--cluster", "rebalance", self.masters()[0].address, "--cluster-use-empty-masters"], timeout)

    def failover(self, master: RedisServer, timeout: float = 30.0) -> RedisServer:
        """Have a replica of `master` take it over (`CLUSTER FAILOVER` on the replica); returns the
        replica."""
        with master.client() as client:
            master_id = client.execute_command("CLUSTER MYID").decode()
        replica = next(n for n in self.nodes if n is not master and _master_of(n) == master_id)
        with replica.client() as client:
            client.execute_command("CLUSTER FAILOVER")
        deadline = time.monotonic() + timeout
        while (
            replica.info("replication")["role"] != "master" or master.info("replication")["role"] != "slave"
        ):
            if time.monotonic() > deadline:
                raise RuntimeError(f"{replica.address} did not take over {master.address}")
            time.sleep(0.05)
        self.wait_ok(timeout)
        return replica

    def slots(self) -> dict[str, int]:
        """How many slots each master owns, by address."""
        owned: dict[str, int] = {}
        with self.nodes[0].client() as client:
            for first, last, *nodes in client.execute_command("CLUSTER SLOTS"):
                host, port = nodes[0][0], nodes[0][1]
                address = f"{host.decode() if isinstance(host, bytes) else host}:{port}"
                owned[address] = owned.get(address, 0) + last - first + 1
        return owned

    def stop(self) -> None:
        for node in self.nodes:
            node.stop()


def _cli(arguments: list[str], timeout: float) -> None:
    assert REDIS_CLI is not None
    done = subprocess.run(
        [REDIS_CLI, *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        timeout=timeout,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"redis-cli {' '.join(arguments[:2])} failed:\n{done.stdout.decode()[-2000:]}")


def _online_replicas(node: RedisServer) -> int:
    """How many replicas are in sync with `node` (none unless it is a master)."""
    replication = node.info("replication").items()
    return sum(
        k.startswith("slave") and isinstance(v, dict) and v["state"] == "online" for k, v in replication
    )


def _cluster_nodes(node: RedisServer) -> dict[str, dict[str, Any]]:
    """`CLUSTER NODES` as `node` sees it, by address."""
    with node.client() as client:
        nodes: dict[str, dict[str, Any]] = client.execute_command("CLUSTER NODES")
        return nodes


def _master_of(node: RedisServer) -> str | None:
    """The id of the master `node` replicates, or None for a master."""
    myself = next(n for n in _cluster_nodes(node).values() if "myself" in n["flags"])
    return None if myself["master_id"] == "-" else str(myself["master_id"])


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
def running_cluster(masters: int = 3, replicas: int = 0, node_timeout: int = 15000) -> Iterator[RedisCluster]:
    """A started cluster in a temporary directory, stopped and removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="ct-cluster-") as directory:
        cluster = RedisCluster(Path(directory), masters, replicas, node_timeout)
        try:
            cluster.start()
            yield cluster
        finally:
            cluster.stop()
