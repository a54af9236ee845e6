"""The `claimtrack` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import yaml

from service.settings import Settings


def openapi_document() -> dict[str, object]:
    """The OpenAPI document of the app as the service would serve it."""
    from service.app import create_app

    return create_app(Settings()).openapi_schema.to_schema()


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from service.app import create_app

    uvicorn.run(create_app(Settings.from_env()), host=args.host, port=args.port, log_level="info")
    return 0


def _openapi(args: argparse.Namespace) -> int:
    text = yaml.safe_dump(openapi_document(), sort_keys=True, allow_unicode=True)
    if args.output == "-":
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
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
    serve.set_defaults(run=_serve)

    openapi = commands.add_parser("openapi", help="write the OpenAPI document generated from the app")
    openapi.add_argument("--output", default="openapi.yaml", help="a path, or - for standard output")
    openapi.set_defaults(run=_openapi)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    result: int = args.run(args)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
