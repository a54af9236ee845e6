"""The smallest Litestar app that answers a POST with JSON: the baseline `bench_check_load.py` serves beside
the service, through the same server and flags (`service.serve.serve`), to tell the framework's and the
server's cost per request from the service's own.

    python scripts/hello_app.py --host 127.0.0.1 --port 8001 [--workers 1]
"""

from __future__ import annotations

import argparse

import msgspec
from litestar import Litestar, get, post
from litestar.params import JSONBody


class Body(msgspec.Struct, frozen=True):
    """What the baseline reads of a body: a check's quote; other fields are ignored."""

    quote: str = ""


class Answer(msgspec.Struct, frozen=True):
    status: str
    words: int


@post("/v1/check", status_code=200)
async def check(data: JSONBody[Body]) -> Answer:
    return Answer(status="ok", words=len(data.quote.split()))


@get("/healthz")
async def healthz() -> Answer:
    return Answer(status="ok", words=0)


def create_app() -> Litestar:
    return Litestar(route_handlers=[check, healthz])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    from service.serve import serve

    # Run as a script, this file's directory is first on sys.path, so uvicorn imports it as `hello_app`.
    serve(args.host, args.port, args.workers, app="hello_app:create_app")


if __name__ == "__main__":
    main()
