"""The private Redis servers the fault tests use do what the tests take them to do."""

from __future__ import annotations

import pytest
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from tests.redis_servers import RedisCluster, RedisServer


def test_a_paused_server_answers_nothing_until_resumed(redis_server: RedisServer) -> None:
    with redis_server.client(socket_timeout=0.3, retry=Retry(NoBackoff(), 0)) as client:
        client.set("k", "v")
        redis_server.pause()
        try:
            with pytest.raises(redis.TimeoutError):
                client.get("k")
        finally:
            redis_server.resume()
    with redis_server.client() as client:
        assert client.get("k") == b"v"


def test_an_aof_server_keeps_every_acknowledged_write_through_kill_9(aof_redis_server: RedisServer) -> None:
    port = aof_redis_server.port
    with aof_redis_server.client() as client:
        for i in range(20):
            client.set(f"k{i}", i)
    aof_redis_server.kill()
    with pytest.raises(redis.ConnectionError), aof_redis_server.client(retry=Retry(NoBackoff(), 0)) as client:
        client.ping()
    aof_redis_server.restart()
    assert aof_redis_server.port == port
    with aof_redis_server.client() as client:
        assert client.mget([f"k{i}" for i in range(20)]) == [str(i).encode() for i in range(20)]


def test_the_cluster_has_three_masters_sharing_every_slot(redis_cluster: RedisCluster) -> None:
    with redis.RedisCluster.from_url(redis_cluster.url) as client:
        masters = client.get_primaries()
        assert len(masters) == 3
        for i in range(30):
            client.set(f"harness:{i}", i)
        holders = {client.get_node_from_key(f"harness:{i}").name for i in range(30)}
        assert holders == {node.name for node in masters}
        client.delete(*(f"harness:{i}" for i in range(30)))
