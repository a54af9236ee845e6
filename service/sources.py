"""Articles named on the command line: text and HTML files, directories, JSONL files and URLs.

A JSONL file holds one article per line in the form `POST /v1/articles` takes (`outlet`, `text`, `html` or
`url`, `title`, `published_at`). A source that cannot be read becomes a `Failed` entry with its reason,
so one bad file does not stop a bulk load.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import msgspec

from schemas import ArticleIn

__all__ = [
    "ARTICLE_SUFFIXES",
    "HTML_SUFFIXES",
    "Failed",
    "Source",
    "is_url",
    "read_sources",
    "read_text",
    "split_spec",
]

ARTICLE_SUFFIXES = frozenset({".txt", ".text", ".md", ".html", ".htm", ".jsonl"})
"""What a directory is searched for; a file named directly is read whatever its name."""
HTML_SUFFIXES = frozenset({".html", ".htm"})
"""Files read as HTML pages: their article text is what is extracted, as the service extracts it."""


class Source(msgspec.Struct, frozen=True):
    """An article ready to send, and where it came from (`file`, `file:line` or the URL)."""

    origin: str
    article: ArticleIn


class Failed(msgspec.Struct, frozen=True):
    """A source that could not be read, and why."""

    origin: str
    reason: str


def is_url(spec: str) -> bool:
    return spec.startswith(("http://", "https://"))


def split_spec(spec: str) -> tuple[str, str | None]:
    """`PATH=OUTLET` or `URL=OUTLET` into its parts; the outlet is None when not given.

    The outlet follows the last `=`, unless that `=` belongs to a URL's query (`?id=3` is a URL, while
    `?id=3=Reuters` names the outlet Reuters).
    """
    source, sep, outlet = spec.rpartition("=")
    if not sep or not outlet or not source:
        return spec, None
    if is_url(spec):
        query = urlsplit(source).query
        if query and not all("=" in param for param in query.split("&")):
            return spec, None
    elif Path(spec).exists():
        return spec, None
    return source, outlet


def read_text(path: str) -> str:
    """A UTF-8 text file, or standard input for `-`; a clear `ValueError` for anything else."""
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except IsADirectoryError:
        raise ValueError(f"{path} is a directory") from None
    except OSError as exc:
        raise ValueError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"{path} is not UTF-8 text (byte {exc.start}); convert it, e.g. iconv -f latin1 -t utf-8"
        ) from None


def read_sources(specs: list[str], outlet: str | None) -> Iterator[Source | Failed]:
    """Every article the specs name, in order; `outlet` is the default for those that do not name one."""
    for spec in specs:
        source, named = split_spec(spec)
        if is_url(source):
            yield _article(source, named or outlet, url=source)
            continue
        path = Path(source)
        if source != "-" and path.is_dir():
            files = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in ARTICLE_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            for file in files:
                yield from _file(file, named or outlet)
        else:
            yield from _file(path, named or outlet, name=source)


def _file(path: Path, outlet: str | None, name: str | None = None) -> Iterator[Source | Failed]:
    origin = name or str(path)
    try:
        content = read_text(origin)
    except ValueError as exc:
        yield Failed(origin, str(exc))
        return
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from _lines(origin, content, outlet)
    elif suffix in HTML_SUFFIXES:
        yield _article(origin, outlet, html=content)
    else:
        yield _article(origin, outlet, text=content)


def _lines(origin: str, content: str, outlet: str | None) -> Iterator[Source | Failed]:
    for number, line in enumerate(content.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            raw = msgspec.json.decode(line)
            if not isinstance(raw, dict):
                raise msgspec.ValidationError("expected a JSON object")
            if outlet and "outlet" not in raw:
                raw["outlet"] = outlet
            yield Source(where, msgspec.convert(raw, ArticleIn))
        except msgspec.MsgspecError as exc:
            yield Failed(where, f"not an article: {exc}")


def _article(
    origin: str,
    outlet: str | None,
    *,
    text: str | None = None,
    html: str | None = None,
    url: str | None = None,
) -> Source | Failed:
    if not outlet:
        return Failed(origin, "no outlet: name it with --outlet or as PATH=OUTLET")
    return Source(origin, ArticleIn(outlet=outlet, text=text, html=html, url=url))
