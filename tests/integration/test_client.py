"""The Python client against a real server process on the test Redis."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from redis.asyncio import Redis

from service.client import AsyncClient, Client, NotFound
from tests.conftest import REDIS_URL
from tests.live_server import live_server

ARTICLE = (
    'Mark Carney said "we will build a great many more homes than anyone expects this year" on Monday. '
    "Unemployment rose to 7.5 percent in 2024, up from 6.1 percent a year earlier, according to "
    "Statistics Canada.\n"
)


@pytest.fixture
def server(key_prefix: str, redis: Redis) -> Iterator[str]:
    """`claimtrack serve` on this test's key prefix."""
    with live_server(redis_url=REDIS_URL, key_prefix=key_prefix, api_keys="secret") as running:
        yield running.base_url


@pytest.mark.anyio
async def test_an_id_or_a_name_reaches_the_server_as_one_path_segment(server: str) -> None:
    with Client(server, api_key="secret") as client:
        client.ingest("CBC", text=ARTICLE)
        endpoints: dict[str, list[Callable[[str], object]]] = {
            "article": [client.article, client.delete_article],
            "statement": [client.statement, client.compare_statement],
            "claim": [client.claim, client.claim_schema_org],
            "fact-check": [client.factcheck],
        }
        for odd in ["..", ".", "Who?", "x#y", "%41", "a b", "Zoë"]:
            for kind, methods in endpoints.items():
                for method in methods:
                    with pytest.raises(NotFound) as missing:
                        method(odd)
                    assert missing.value.detail == f"no {kind} '{odd}'"
        for name in ["Who?", "x#y", "Zoë"]:
            assert client.speaker_statements(name).items == []
        assert {s.speaker for s in client.speaker_statements("Mark Carney").items} == {"Mark Carney"}
        with pytest.raises(ValueError, match="empty"):
            client.article("")


@pytest.mark.anyio
async def test_the_async_client_encodes_path_segments_too(server: str) -> None:
    async with AsyncClient(server) as client:
        assert (await client.speaker_statements("Who?")).items == []
        with pytest.raises(NotFound, match=r"no statement '\.\.'"):
            await client.compare_statement("..")
