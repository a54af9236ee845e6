"""From an `ArticleIn` to a stored article: resolve the text (given, from HTML or fetched), extract, store."""

from __future__ import annotations

import asyncio
import functools
import hashlib
from datetime import UTC, datetime

import anyio.to_thread
import httpx
import msgspec

from schemas import Article, ArticleIn, Extraction
from service import metrics
from service.errors import InvalidInput, TooLarge
from service.extract import EXTRACTOR_VERSION, extract, extract_in_steps
from service.ids import article_id
from service.ingest.fetch import FetchPolicy, fetch_url
from service.ingest.html import html_to_article
from service.settings import Settings
from service.store.client import RedisClient
from service.store.corpus import ArticleDraft, Corpus
from service.store.keys import Keys

# Extraction costs about a millisecond per few thousand characters; longer texts leave the event loop.
_INLINE_CHARS = 20_000
_encode = msgspec.json.Encoder().encode
_decode_extraction = msgspec.json.Decoder(Extraction).decode


class ResolvedArticle(msgspec.Struct, frozen=True, kw_only=True):
    text: str
    url: str | None
    title: str | None
    published_at: datetime | None


def fetch_policy(settings: Settings) -> FetchPolicy:
    return FetchPolicy(
        max_bytes=settings.fetch_max_bytes,
        connect_timeout=settings.fetch_timeout,
        read_timeout=settings.fetch_timeout,
        allow_private=settings.fetch_allow_private,
    )


def check_text(text: str, settings: Settings) -> str:
    """The text if it is worth extracting; empty or over-long texts, or texts holding NUL, are refused with a
    clear reason."""
    if not text.strip():
        raise InvalidInput("`text` is empty: send the article's text")
    if len(text) > settings.max_text_chars:
        raise TooLarge(f"`text` has {len(text):,} characters; the limit is {settings.max_text_chars:,}")
    if (nul := text.find("\0")) >= 0:  # no article holds one; stored, it ends the text for C-string readers
        raise InvalidInput(f"the article's text holds a NUL character (U+0000) at character {nul:,}: drop it")
    return text


async def resolve(
    article: ArticleIn, *, settings: Settings, client: httpx.AsyncClient, policy: FetchPolicy
) -> ResolvedArticle:
    """The article's text: `text` as given, else extracted from `html`, else from the page at `url`."""
    if not article.outlet.strip():
        raise InvalidInput("`outlet` is empty: name the publisher")
    resolved = await resolve_source(
        article.text, article.html, article.url, settings=settings, client=client, policy=policy
    )
    return ResolvedArticle(
        text=resolved.text,
        url=resolved.url,
        title=article.title or resolved.title,
        published_at=article.published_at or resolved.published_at,
    )


async def resolve_source(
    text: str | None,
    html: str | None,
    url: str | None,
    *,
    settings: Settings,
    client: httpx.AsyncClient,
    policy: FetchPolicy,
) -> ResolvedArticle:
    """A text as given, else the article text of `html`, else of the page at `url`, with what the page
    says of its title and date."""
    if sum(x is not None for x in (text, html)) > 1:
        raise InvalidInput("send either `text` or `html`, not both")
    if text is not None:
        return ResolvedArticle(text=check_text(text, settings), url=url, title=None, published_at=None)
    if html is None:
        if url is None:
            raise InvalidInput("send the article as `text`, `html` or `url`")
        fetched = await fetch_url(url, client=client, policy=policy)
        if fetched.content_type == "text/plain":
            return ResolvedArticle(
                text=check_text(fetched.text, settings), url=url, title=None, published_at=None
            )
        html = fetched.text
    page = await anyio.to_thread.run_sync(html_to_article, html)  # ~1 ms per KB of HTML
    return ResolvedArticle(
        text=check_text(page.text, settings), url=url, title=page.title, published_at=_date(page.published_at)
    )


async def extract_off_loop(text: str, *, rules: bool = False) -> Extraction:
    """`extract(text, rules=rules)` without holding the event loop: in slices for ordinary texts, in a
    worker thread for long ones."""
    with metrics.time_extraction():
        if len(text) > _INLINE_CHARS:
            return await anyio.to_thread.run_sync(functools.partial(extract, text, rules=rules))
        for step in extract_in_steps(text, rules=rules):
            if step is not None:
                return step
            await asyncio.sleep(0)
    raise AssertionError("extract_in_steps ends with the extraction")


async def cached_extract(
    text: str, *, redis: RedisClient, keys: Keys, ttl: int, rules: bool = False
) -> Extraction:
    """`extract(text, rules=rules)`, remembered in Redis by content hash (and extractor version, and
    whether rules are named) for `ttl` seconds."""
    digest = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
    key = keys.extract_cache(f"{EXTRACTOR_VERSION}:{'rules:' if rules else ''}{digest}")
    raw = await redis.get(key)
    if raw is not None:
        return _decode_extraction(raw)
    result = await extract_off_loop(text, rules=rules)
    await redis.set(key, _encode(result), ex=ttl)
    return result


async def ingest_article(
    article: ArticleIn,
    *,
    settings: Settings,
    corpus: Corpus,
    client: httpx.AsyncClient,
    policy: FetchPolicy,
) -> tuple[Article, bool]:
    """Resolve, extract and store an article: `(stored, True)` when new, `(stored, False)` when it was
    already. A known article (same outlet and text, or outlet and URL) is answered before extraction, and
    ingests are not cached: the stored article is what a repeat finds."""
    if article.url and article.text is None and article.html is None:
        known = await corpus.article_by_url(article.outlet.strip(), article.url)
        if known is not None:
            return known, False
    resolved = await resolve(article, settings=settings, client=client, policy=policy)
    outlet = article.outlet.strip()
    draft_id = article_id(outlet, resolved.text)
    known = await corpus.known(draft_id, outlet, resolved.url)
    if known is not None:
        return known, False
    extraction = await extract_off_loop(resolved.text)
    draft = ArticleDraft(
        id=draft_id,
        outlet=outlet,
        text=resolved.text,
        quotes=extraction.quotes,
        claims=extraction.claims,
        url=resolved.url,
        title=resolved.title,
        published_at=resolved.published_at,
        ingested_at=article.ingested_at or datetime.now(UTC),
    )
    return await corpus.ingest(draft)


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
