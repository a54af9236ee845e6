"""Query parameters an API operation does not declare are refused (400), not ignored.

A misspelt filter (`?speakr=Trump`, `?min_outlets=2`) would otherwise answer 200 with the unfiltered list,
shaped exactly like a broad match: the caller could not tell that the filter was thrown away. The declared
parameters are the operation's in the app's own OpenAPI document, so what is refused is what the contract
leaves out. Only `/v1/` is held to it: the probes (`/healthz`, `/metrics`) and the web pages (`/?q=…`) take
what their callers append.

A time parameter (`since`, `until`) that is a number is refused too: litestar would read `since=2024` as 2,024
seconds after the start of 1970 and answer with everything since then.
"""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.openapi.spec import OpenAPIFormat, Schema

from service.api.bodies import TIME_FORMAT
from service.errors import InvalidInput

__all__ = ["check_query", "declared_queries", "time_queries"]

_METHODS = ("get", "head", "post", "put", "patch", "delete")


def _is_time(schema: object) -> bool:
    if not isinstance(schema, Schema):
        return False
    return schema.format == OpenAPIFormat.DATE_TIME or any(_is_time(s) for s in schema.one_of or ())


def time_queries(app: Litestar) -> dict[tuple[str, str], frozenset[str]]:
    """(method, path template) of each operation → its query parameters that are times (`date-time`)."""
    times: dict[tuple[str, str], frozenset[str]] = {}
    for path, item in (app.openapi_schema.paths or {}).items():
        for method in _METHODS:
            operation = getattr(item, method)
            if operation is not None:
                parameters = operation.parameters or ()
                names = [
                    p.name
                    for p in parameters
                    if getattr(p, "param_in", None) == "query" and _is_time(getattr(p, "schema", None))
                ]
                times[method.upper(), path] = frozenset(names)
    return times


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def declared_queries(app: Litestar) -> dict[tuple[str, str], frozenset[str]]:
    """(method, path template) of each operation → the query parameters its OpenAPI operation declares."""
    declared: dict[tuple[str, str], frozenset[str]] = {}
    for path, item in (app.openapi_schema.paths or {}).items():
        for method in _METHODS:
            operation = getattr(item, method)
            if operation is not None:
                parameters = operation.parameters or ()
                names = [p.name for p in parameters if getattr(p, "param_in", None) == "query"]
                declared[method.upper(), path] = frozenset(names)
    return declared


async def check_query(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    """Guard: a `/v1/` request's query parameters are all declared by its operation."""
    scope = connection.scope
    path = scope["path_template"]
    if not scope["query_string"] or not path.startswith("/v1/"):
        return
    state = connection.app.state
    if "declared_queries" not in state:
        state["declared_queries"] = declared_queries(connection.app)
        state["time_queries"] = time_queries(connection.app)
    method = scope.get("method", "GET")
    known = state["declared_queries"].get((method, path), frozenset())
    unknown = sorted(set(connection.query_params) - known)
    if unknown:
        named = ", ".join(f"`{name}`" for name in unknown)
        takes = ", ".join(f"`{name}`" for name in sorted(known)) if known else "no query parameters"
        raise InvalidInput(f"unknown query parameter {named}: {method} {path} takes {takes}")
    for name in sorted(state["time_queries"].get((method, path), frozenset())):
        if any(_is_number(value) for value in connection.query_params.getall(name, [])):
            raise InvalidInput(f"`{name}` is a number: send {TIME_FORMAT}")
