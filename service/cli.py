"""The `claimtrack` command line."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import msgspec
import yaml

from service.settings import Settings

if TYPE_CHECKING:
    from service.client import Client

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def openapi_document() -> dict[str, object]:
    """The OpenAPI document of the app as the service would serve it."""
    from service.app import contract, create_app

    return contract(create_app(Settings())).to_schema()


def _serve(args: argparse.Namespace) -> int:
    from service.serve import serve

    serve(args.host, args.port, args.workers)
    return 0


def _openapi(args: argparse.Namespace) -> int:
    text = yaml.safe_dump(openapi_document(), sort_keys=True, allow_unicode=True)
    if args.output == "-":
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
    return 0


def _client(args: argparse.Namespace) -> Client:
    from service.client import Client

    return Client(args.server, api_key=args.api_key)


def _print(value: object) -> None:
    sys.stdout.write(msgspec.json.format(msgspec.json.encode(value), indent=2).decode() + "\n")


def _read(path: str) -> str:
    return sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")


def _extract(args: argparse.Namespace) -> int:
    from service.extract import extract

    _print(extract(_read(args.file)))
    return 0


def _ingest(args: argparse.Namespace) -> int:
    published = datetime.fromisoformat(args.published_at) if args.published_at else None
    with _client(args) as client:
        text = _read(args.file) if args.file else None
        _print(client.ingest(args.outlet, text=text, url=args.url, title=args.title, published_at=published))
    return 0


def _seed(args: argparse.Namespace) -> int:
    manifest = json.loads((SEEDS / "manifest.json").read_text(encoding="utf-8"))
    with _client(args) as client:
        for entry in manifest:
            article = client.ingest(
                entry["outlet"],
                text=(SEEDS / entry["file"]).read_text(encoding="utf-8"),
                title=entry["title"],
                published_at=datetime.fromisoformat(entry["published_at"]),
            )
            print(f"{article.id}  {len(article.quotes):3d} quotes  {entry['file']}")
    return 0


def _check(args: argparse.Namespace) -> int:
    with _client(args) as client:
        _print(client.check(args.quote, speaker=args.speaker))
    return 0


def _compare(args: argparse.Namespace) -> int:
    """Compare local files in-process: no server, nothing stored."""
    from service.extract import extract
    from service.ingest.pipeline import article_id
    from service.match.compare import ArticleQuotes, compare_articles

    articles = []
    for spec in args.articles:
        path, _, outlet = spec.partition("=")
        text = _read(path)
        outlet = outlet or Path(path).stem
        quotes = extract(text).quotes
        articles.append(ArticleQuotes(article_id=article_id(outlet, text), outlet=outlet, quotes=quotes))
    _print(compare_articles(articles))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="claimtrack", description="Who said what, and how outlets reported it."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser(
        "serve", help="run the HTTP service (embedded Redis unless CLAIMTRACK_REDIS_URL)"
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    serve.set_defaults(run=_serve)

    extract = commands.add_parser("extract", help="print the quotes and claims of a text file (no server)")
    extract.add_argument("file", help="a text file, or - for standard input")
    extract.set_defaults(run=_extract)

    compare = commands.add_parser(
        "compare", help="compare how text files report the same statements (no server)"
    )
    compare.add_argument("articles", nargs="+", metavar="FILE[=OUTLET]")
    compare.set_defaults(run=_compare)

    remote = argparse.ArgumentParser(add_help=False)
    remote.add_argument("--server", default=os.environ.get("CLAIMTRACK_SERVER", "http://127.0.0.1:8000"))
    remote.add_argument("--api-key", default=os.environ.get("CLAIMTRACK_API_KEY"))

    ingest = commands.add_parser(
        "ingest", parents=[remote], help="ingest an article file or URL into a server"
    )
    ingest.add_argument("file", nargs="?", help="a text file, or - for standard input; omit to fetch --url")
    ingest.add_argument("--outlet", required=True)
    ingest.add_argument("--url")
    ingest.add_argument("--title")
    ingest.add_argument("--published-at", help="ISO 8601 date-time")
    ingest.set_defaults(run=_ingest)

    seed = commands.add_parser("seed", parents=[remote], help="ingest the seed articles into a server")
    seed.set_defaults(run=_seed)

    check = commands.add_parser("check", parents=[remote], help="look a quote up among stored statements")
    check.add_argument("quote")
    check.add_argument("--speaker")
    check.set_defaults(run=_check)

    openapi = commands.add_parser("openapi", help="write the OpenAPI document generated from the app")
    openapi.add_argument("--output", default="openapi.yaml", help="a path, or - for standard output")
    openapi.set_defaults(run=_openapi)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from service.client import ApiError

    args = build_parser().parse_args(argv)
    try:
        result: int = args.run(args)
    except ApiError as exc:
        print(f"claimtrack: the server answered {exc.status}: {exc.detail}", file=sys.stderr)
        return 1
    except (OSError, httpx.HTTPError) as exc:
        print(f"claimtrack: {exc}", file=sys.stderr)
        return 1
    return result


if __name__ == "__main__":
    raise SystemExit(main())
