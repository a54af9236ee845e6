"""The `claimtrack` command line.

Output is tables for people (colour and highlighted differences on a terminal) and JSON with `--json`.
Exit codes: 0 success; 1 a negative answer (`check` found nothing, or some articles of `ingest`,
`seed` or `import` failed); 2 bad usage or input (arguments, unreadable files, unwritable outputs,
malformed exports); 3 the server could not be reached, refused the request or answered other than the
service does; 130 interrupted; 141 the output's reader went away (quietly). Errors are one line on
standard error.
"""

from __future__ import annotations

import argparse
import math
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NoReturn

import msgspec

from service import __version__
from service.settings import Settings

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.progress import Progress

    from schemas import ArticleIn
    from service.bulk import Outcome
    from service.client import AsyncClient, Client
    from service.sources import Failed, Source

EXIT_OK, EXIT_NEGATIVE, EXIT_USAGE, EXIT_SERVER = 0, 1, 2, 3
EXIT_INTERRUPTED, EXIT_PIPE, EXIT_TERMINATED = 130, 141, 143  # as a shell reports SIGINT, SIGPIPE, SIGTERM
SEEDS = Path(__file__).resolve().parent / "seeds"
"""The seed articles, shipped inside the package so `claimtrack seed` works from an installed wheel."""


class UserError(Exception):
    """A mistake in what the command was given: reported as one line, exit code 2."""


def openapi_document() -> dict[str, object]:
    """The OpenAPI document of the app as the service would serve it."""
    from service.app import contract, create_app

    return contract(create_app(Settings())).to_schema()


def _serve(args: argparse.Namespace) -> int:
    from service.serve import serve

    serve(args.host, args.port, args.workers)
    return 0


def _openapi(args: argparse.Namespace) -> int:
    import yaml

    document = openapi_document()
    if args.json:
        text = msgspec.json.format(msgspec.json.encode(document), indent=2).decode() + "\n"
    else:
        text = yaml.safe_dump(document, sort_keys=True, allow_unicode=True)
    if args.output == "-":
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
    return 0


def _server(args: argparse.Namespace) -> str:
    import httpx

    if not args.server.startswith(("http://", "https://")):
        raise UserError(f"--server {args.server!r} is not an http:// or https:// URL")
    try:
        httpx.URL(args.server)
    except httpx.InvalidURL as exc:
        raise UserError(f"--server {args.server!r} is not a valid URL: {exc}") from None
    return str(args.server)


def _client(args: argparse.Namespace) -> Client:
    from service.client import Client

    return Client(_server(args), api_key=args.api_key)


def _async_client(args: argparse.Namespace) -> AsyncClient:
    from service.client import AsyncClient

    return AsyncClient(_server(args), api_key=args.api_key)


def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _show(args: argparse.Namespace, value: object, render: Callable[[], RenderableType]) -> None:
    """`value` as JSON with `--json`, else the table `render` draws."""
    if args.json:
        sys.stdout.write(msgspec.json.format(msgspec.json.encode(value), indent=2).decode() + "\n")
    else:
        _console().print(render())


def _datetime(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not an ISO 8601 date-time") from None
    if parsed.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{value!r} has no time zone, e.g. 2025-05-18T09:00:00+00:00")
    return parsed


def _read(path: str) -> str:
    from service.sources import read_text

    try:
        return read_text(path)
    except ValueError as exc:
        raise UserError(str(exc)) from None


def _article_text(path: str) -> str:
    """A text file as it is; an HTML file's article text, without its markup, head or comments, as the
    service takes it from the same page given as `html` (and as `ingest` sends such a file)."""
    from service.sources import HTML_SUFFIXES

    content = _read(path)
    if Path(path).suffix.lower() not in HTML_SUFFIXES:
        return content
    from service.ingest.html import html_to_article

    return html_to_article(content).text


def _extract(args: argparse.Namespace) -> int:
    from service import render
    from service.extract import extract

    found = extract(_article_text(args.file))
    _show(args, found, lambda: render.extraction(found))
    return EXIT_OK


def _compare(args: argparse.Namespace) -> int:
    """Compare files and pages in-process: no server, nothing stored."""
    from service import render
    from service.extract.quotes import extract_quotes
    from service.ids import article_id
    from service.match.compare import REPEATED_ARTICLE, ArticleQuotes, compare_articles, repeated_article
    from service.sources import is_url, split_spec

    texts: list[tuple[str, str]] = []
    for spec in args.articles:
        source, outlet = split_spec(spec)
        if is_url(source):
            texts.append((outlet or _host(source), _fetch(source)))
        else:
            texts.append((outlet or Path(source).stem, _article_text(source)))
    ids = [article_id(outlet, text) for outlet, text in texts]
    if twice := repeated_article(ids):
        raise UserError(REPEATED_ARTICLE.format(*twice))
    articles = [
        ArticleQuotes(article_id=aid, outlet=outlet, quotes=extract_quotes(text))
        for aid, (outlet, text) in zip(ids, texts, strict=True)
    ]
    result = compare_articles(articles)
    _show(args, result, lambda: render.comparisons(result.statements, len(articles)))
    return EXIT_OK


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return (urlsplit(url).hostname or url).removeprefix("www.")


def _fetch(url: str) -> str:
    """A page's article text, fetched and extracted as the service would."""
    import asyncio

    from schemas import ArticleIn
    from service.ingest.fetch import make_client
    from service.ingest.pipeline import fetch_policy, resolve

    settings = Settings.from_env()
    policy = fetch_policy(settings)

    async def get() -> str:
        async with make_client(policy) as client:
            found = await resolve(
                ArticleIn(outlet="-", url=url), settings=settings, client=client, policy=policy
            )
        return found.text

    return asyncio.run(get())


def _with_defaults(source: Source, args: argparse.Namespace) -> Source:
    """`--title` and `--published-at` for the sources that do not give their own."""
    article: ArticleIn = source.article
    article = msgspec.structs.replace(
        article,
        title=article.title or args.title,
        published_at=article.published_at or args.published_at,
    )
    return msgspec.structs.replace(source, article=article)


def _ingest(args: argparse.Namespace) -> int:
    from service.sources import Failed, read_sources

    if args.concurrency < 1:
        raise UserError("--concurrency must be at least 1")
    found = list(read_sources(args.paths, args.outlet))
    sources = [_with_defaults(s, args) for s in found if not isinstance(s, Failed)]
    unread = [s for s in found if isinstance(s, Failed)]
    return _ingest_sources(args, sources, unread)


def _seed(args: argparse.Namespace) -> int:
    from schemas import ArticleIn
    from service.sources import Source

    manifest = msgspec.json.decode((SEEDS / "manifest.json").read_bytes())
    sources = [
        Source(
            entry["file"],
            ArticleIn(
                outlet=entry["outlet"],
                text=(SEEDS / entry["file"]).read_text(encoding="utf-8"),
                title=entry["title"],
                published_at=datetime.fromisoformat(entry["published_at"]),
            ),
        )
        for entry in manifest
    ]
    return _ingest_sources(args, sources, [])


def _ingest_sources(args: argparse.Namespace, sources: list[Source], unread: Sequence[Failed]) -> int:
    import asyncio

    from service import render
    from service.bulk import Outcome, ingest_all

    async def run(progress: Progress | None) -> list[Outcome]:
        task = progress.add_task("ingesting", total=len(sources)) if progress else None

        def done(_: Outcome) -> None:
            if progress is not None and task is not None:
                progress.advance(task)

        async with _async_client(args) as client:
            return await ingest_all(client, sources, concurrency=args.concurrency, done=done)

    with _progress(args) as progress:
        outcomes = asyncio.run(run(progress))
    results = [*(Outcome(u.origin, "failed", reason=u.reason) for u in unread), *outcomes]
    summary = {
        "ingested": sum(r.status == "ingested" for r in results),
        "skipped": sum(r.status == "skipped" for r in results),
        "failed": sum(r.status == "failed" for r in results),
        "results": results,
    }
    _show(args, summary, lambda: render.outcomes(results))
    return EXIT_NEGATIVE if summary["failed"] else EXIT_OK


def _progress(args: argparse.Namespace) -> AbstractContextManager[Progress | None]:
    """A progress bar with rate and time left on standard error when it is a terminal, else nothing."""
    if args.json or not sys.stderr.isatty():
        return nullcontext()
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        Task,
        TextColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task: Task) -> Text:
            return Text(f"{task.speed:.1f}/s" if task.speed else "-/s", style="progress.data.speed")

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        Rate(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=_console(stderr=True),
    )


def _check(args: argparse.Namespace) -> int:
    from service import render

    with _client(args) as client:
        result = client.check(args.quote, speaker=args.speaker, url=args.url)
    _show(args, result, lambda: render.check_result(result))
    return EXIT_NEGATIVE if result.verdict == "not_found" else EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from service.backup import export_lines

    with _client(args) as client:
        if args.output == "-":
            lines = _write(sys.stdout.buffer, export_lines(client))
        else:
            try:
                lines = _write_file(Path(args.output), export_lines(client))
            except OSError as exc:
                raise UserError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    count = lines - 2  # the header and the end line
    summary = {"records": count, "output": args.output}
    _show(args, summary, lambda: f"exported {count} records (articles and fact-checks) to {args.output}")
    return EXIT_OK


def _write(out: BinaryIO, lines: Iterator[bytes]) -> int:
    """Write the lines; how many."""
    count = 0
    for line in lines:
        out.write(line)
        count += 1
    return count


def _write_file(path: Path, lines: Iterator[bytes]) -> int:
    """Write the lines to a new file beside `path`, renamed over it only once all are written, so that a
    failed export leaves the previous file as it was; how many lines. A device or pipe is written as is."""
    path = path.resolve()  # a symbolic link stays one: the file it points to is replaced
    if path.exists() and not path.is_file():
        with path.open("wb") as out:
            return _write(out, lines)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:  # begun before the file is made, so that a signal the moment after cannot leave it
        with partial.open("xb") as out:
            count = _write(out, lines)
            out.flush()
            os.fsync(out.fileno())  # on disk before the rename, or a crash could leave an empty file
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)
    return count


def _import(args: argparse.Namespace) -> int:
    """Restore an export in file order; a record the server refuses is listed and the rest restored."""
    from service.backup import read_lines, restore
    from service.bulk import Outcome
    from service.client import InvalidRequest

    with _rereadable(args.file) as stream:
        start = stream.tell()
        try:
            total = sum(1 for _ in read_lines(stream))  # the whole file is checked before anything is sent
        except ValueError as exc:
            raise UserError(f"{args.file}: {exc}") from None
        stream.seek(start)
        restored, failures = 0, []
        with _client(args) as client, _progress(args) as progress:
            task = progress.add_task("restoring", total=total) if progress else None
            for number, record in read_lines(stream):
                try:
                    restore(client, record)
                    restored += 1
                except InvalidRequest as exc:  # this record refused: the others may still be restored
                    reason = f"{exc.status}: {exc.detail}"
                    failures.append(Outcome(f"{args.file}:{number}", "failed", reason=reason))
                if progress is not None and task is not None:
                    progress.advance(task)
    summary = {"restored": restored, "failed": len(failures), "input": args.file, "failures": failures}
    _show(args, summary, lambda: _restored(args.file, restored, failures))
    return EXIT_NEGATIVE if failures else EXIT_OK


def _restored(path: str, restored: int, failures: list[Outcome]) -> RenderableType:
    from rich.console import Group
    from rich.text import Text

    refused = f", {len(failures)} refused" if failures else ""
    return Group(
        Text(f"restored {restored} records from {path}{refused}"),
        *(Text.assemble("failed: ", (f.origin, "bold"), ": ", (f.reason or "", "red")) for f in failures),
    )


def _rereadable(path: str) -> BinaryIO:
    """A file, or standard input for `-`, open to be read more than once (a pipe is copied aside)."""
    import shutil
    import tempfile

    try:
        stream = sys.stdin.buffer if path == "-" else Path(path).open("rb")  # noqa: SIM115
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror or exc}") from None
    if stream.seekable():
        return stream
    copy = tempfile.TemporaryFile()  # noqa: SIM115 - the caller closes it
    with stream:
        shutil.copyfileobj(stream, copy)
    copy.seek(0)
    return copy


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line on standard error, exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _option_defaults() -> dict[str, object]:
    """What the shared options mean when given neither before nor after the command."""
    return {
        "json": False,
        "server": os.environ.get("CLAIMTRACK_SERVER", "http://127.0.0.1:8000"),
        "api_key": os.environ.get("CLAIMTRACK_API_KEY"),
    }


def build_parser() -> argparse.ArgumentParser:
    # The options the commands of a kind share may also come before the command (`claimtrack --server URL
    # check …`). None has a default while parsing, or a command's own default would replace the value given
    # before it; `parse_args` fills in what neither place gave.
    output = _Parser(add_help=False)
    output.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="print JSON instead of tables"
    )
    remote = _Parser(add_help=False, parents=[output])
    remote.add_argument("--server", default=argparse.SUPPRESS, help="the service's URL (CLAIMTRACK_SERVER)")
    remote.add_argument("--api-key", default=argparse.SUPPRESS, help="for writes (CLAIMTRACK_API_KEY)")
    parser = _Parser(
        prog="claimtrack",
        description="Who said what, and how outlets reported it.",
        epilog="Exit codes: 0 success; 1 a negative answer (check found nothing, some articles failed); "
        "2 bad usage or input; 3 the server could not be reached or refused the request.",
        parents=[remote],
    )
    parser.add_argument("--version", action="version", version=f"claimtrack {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser(
        "serve", help="run the HTTP service (embedded Redis unless CLAIMTRACK_REDIS_URL)"
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    serve.set_defaults(run=_serve)

    extract = commands.add_parser(
        "extract", parents=[output], help="the quotes and claims of a text file (no server)"
    )
    extract.add_argument(
        "file", help="a UTF-8 text or HTML file (.html, .htm: its article text), or - for standard input"
    )
    extract.set_defaults(run=_extract)

    compare = commands.add_parser(
        "compare",
        parents=[output],
        help="how files or pages report the statements they share (no server, nothing stored)",
    )
    compare.add_argument(
        "articles",
        nargs="+",
        metavar="FILE|URL[=OUTLET]",
        help="text or HTML files (.html, .htm: their article text) or pages; the outlet defaults to the "
        "file name or host",
    )
    compare.set_defaults(run=_compare)

    ingest = commands.add_parser(
        "ingest",
        parents=[remote],
        help="ingest files, directories, JSONL files (one article per line) and URLs into a server",
    )
    ingest.add_argument("paths", nargs="+", metavar="PATH|URL[=OUTLET]")
    ingest.add_argument("--outlet", help="the outlet of sources that do not name one")
    ingest.add_argument("--title", help="the title of sources that do not give one")
    ingest.add_argument("--published-at", type=_datetime, help="ISO 8601 date-time with a time zone")
    ingest.add_argument("--concurrency", type=int, default=4, help="articles in flight at once (4)")
    ingest.set_defaults(run=_ingest)

    seed = commands.add_parser("seed", parents=[remote], help="ingest the seed articles into a server")
    seed.set_defaults(run=_seed, concurrency=1)

    check = commands.add_parser(
        "check", parents=[remote], help="look a quote up among stored statements (exit 1 when not found)"
    )
    check.add_argument("quote")
    check.add_argument("--speaker")
    check.add_argument("--url", help="where the quote was seen")
    check.set_defaults(run=_check)

    export = commands.add_parser(
        "export", parents=[remote], help="write the server's corpus as JSONL (articles, fact-checks)"
    )
    export.add_argument("--output", "-o", default="-", help="a path, or - for standard output")
    export.set_defaults(run=_export)

    restore = commands.add_parser(
        "import", parents=[remote], help="restore an export into a server (again changes nothing)"
    )
    restore.add_argument("file", help="an export file, or - for standard input")
    restore.set_defaults(run=_import)

    openapi = commands.add_parser(
        "openapi", parents=[output], help="write the OpenAPI document generated from the app (YAML, or JSON)"
    )
    openapi.add_argument("--output", default="openapi.yaml", help="a path, or - for standard output")
    openapi.set_defaults(run=_openapi)
    return parser


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    args = build_parser().parse_args(argv)
    for name, default in _option_defaults().items():
        if not hasattr(args, name):
            setattr(args, name, default)
    return args


class _Terminated(BaseException):
    """SIGTERM, raised where the command is, so that what it cleans up on the way out is cleaned up (the
    signal's default ends the process at once: an export's unfinished file stayed)."""


def _terminate(signum: int, frame: object) -> NoReturn:
    raise _Terminated


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    # Where signals can be set; `serve` leaves SIGTERM to uvicorn, which stops gracefully and then ends
    # by the signal, as a supervisor expects of a service it stops.
    own = threading.current_thread() is threading.main_thread() and args.run is not _serve
    previous = signal.signal(signal.SIGTERM, _terminate) if own else None
    try:
        result: int = args.run(args)
        sys.stdout.flush()  # a reader gone away shows here when the output fitted in the buffer
    except KeyboardInterrupt:
        return _fail("interrupted", EXIT_INTERRUPTED)
    except _Terminated:
        return _fail("terminated", EXIT_TERMINATED)
    except Exception as exc:
        return _failure(exc, args)
    finally:
        if own:
            signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)
    return result


def _failure(exc: Exception, args: argparse.Namespace) -> int:
    """The one line and exit code of an expected failure; anything else is a bug and raised as one."""
    from service.client import ApiError, ConnectionFailed, UnexpectedAnswer  # only on failure: fast start
    from service.errors import ProblemError

    if isinstance(exc, UserError):
        return _fail(str(exc), EXIT_USAGE)
    if isinstance(exc, ProblemError):  # a page that could not be fetched or used, in-process
        return _fail(exc.detail, EXIT_USAGE)
    if isinstance(exc, ConnectionFailed):
        return _fail(f"{exc}; is the service running? (--server, CLAIMTRACK_SERVER)", EXIT_SERVER)
    if isinstance(exc, UnexpectedAnswer):  # a proxy, a login page, another service
        answered = f"the server at {args.server} answered {exc}"
        return _fail(f"{answered}; is --server the service's URL?", EXIT_SERVER)
    if isinstance(exc, ApiError):  # 429 and 503 say when to come back: beyond the client's wait, or again
        wait = f"; it asks to be retried in {math.ceil(exc.retry_after)} s" if exc.retry_after else ""
        return _fail(f"the server at {args.server} answered {exc}{wait}", EXIT_SERVER)
    if isinstance(exc, BrokenPipeError):  # the reader went away (`| head`): stop quietly, as SIGPIPE would
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # or flushing at exit complains
        return EXIT_PIPE
    if isinstance(exc, OSError):  # a file that could not be read or written
        reason = exc.strerror or str(exc)
        return _fail(f"{exc.filename}: {reason}" if exc.filename else reason, EXIT_USAGE)
    if isinstance(exc, ValueError):  # an argument or a file that could not be parsed
        return _fail(str(exc), EXIT_USAGE)
    raise exc


def _fail(message: str, code: int) -> int:
    print(f"claimtrack: error: {message}", file=sys.stderr)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
