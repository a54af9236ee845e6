"""Ingesting many articles at once: concurrent, resumable, every failure kept with its reason."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Literal

import msgspec

from service.client import ApiError, AsyncClient, NotFound, RateLimited, Unauthorized, UnexpectedAnswer
from service.ids import article_id
from service.sources import Source

__all__ = ["Outcome", "ingest_all"]

Status = Literal["ingested", "skipped", "failed"]


class Outcome(msgspec.Struct, frozen=True, omit_defaults=True):
    """What became of one source: `ingested` (stored, or found stored by the server), `skipped` (already
    held, so not sent again) or `failed` with its reason."""

    origin: str
    status: Status
    article_id: str | None = None
    reason: str | None = None


async def ingest_all(
    client: AsyncClient,
    sources: Sequence[Source],
    *,
    concurrency: int = 4,
    done: Callable[[Outcome], None] = lambda _: None,
) -> list[Outcome]:
    """Ingest every source, `concurrency` at a time, calling `done` as each finishes; outcomes in order.

    Articles given as text whose id the server already holds are skipped without being sent, so a rerun
    after an interruption only sends what is missing. What every other article would meet too stops the
    whole run (raised): a refused API key, an unreachable server, an answer that is not the service's (a
    sign-in page, a proxy) and a rate limit asking for a longer wait than the client takes; any other
    refusal fails only its own article.
    """
    gate = asyncio.Semaphore(max(1, concurrency))

    async def one(source: Source) -> Outcome:
        async with gate:
            outcome = await _ingest(client, source)
        done(outcome)
        return outcome

    try:
        async with asyncio.TaskGroup() as group:  # a fatal error cancels the rest and waits for them
            tasks = [group.create_task(one(s)) for s in sources]
    except ExceptionGroup as failed:
        raise failed.exceptions[0] from None
    return [task.result() for task in tasks]


async def _ingest(client: AsyncClient, source: Source) -> Outcome:
    article = source.article
    try:
        if article.text is not None and article.text.strip():
            known = article_id(article.outlet, article.text)
            try:
                await client.article(known)
                return Outcome(source.origin, "skipped", article_id=known)
            except NotFound:
                pass
        stored = await client.ingest_article(article)
    except (Unauthorized, RateLimited, UnexpectedAnswer):
        raise
    except ApiError as exc:
        return Outcome(source.origin, "failed", reason=f"{exc.status}: {exc.detail}")
    return Outcome(source.origin, "ingested", article_id=stored.id)
