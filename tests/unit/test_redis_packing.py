"""Commands packed by hiredis are byte for byte what redis-py's own packing sends."""

from __future__ import annotations

import pytest
from redis.asyncio.connection import Connection

from service.store.client import HiredisPackingConnection


@pytest.mark.parametrize(
    "args",
    [
        ("SET", "key", "välue"),
        ("CONFIG GET", "maxmemory"),
        (b"EVALSHA", b"abc", 2, "k1", b"k2", 1.5, 1700000000.25, -3, "x" * 10_000),
        ("ZADD", "z", "NX", 1e-07, "member"),
    ],
)
def test_packing_matches_redis_py(args: tuple[object, ...]) -> None:
    ours = b"".join(HiredisPackingConnection().pack_command(*args))  # type: ignore[arg-type]
    theirs = b"".join(Connection().pack_command(*args))  # type: ignore[arg-type]
    assert ours == theirs
