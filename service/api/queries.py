"""Query parameters an API operation does not declare are refused (400), not ignored.

A misspelt filter (`?speakr=Trump`, `?min_outlets=2`) would otherwise answer 200 with the unfiltered list,
shaped exactly like a broad match: the caller could not tell that the filter was thrown away. The declared
parameters are the operation's in the app's own OpenAPI document, so what is refused is what the contract
leaves out. Only `/v1/` is held to it: the probes (`/healthz`, `/metrics`) and the web pages (`/?q=…`) take
what their callers append.
"""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from service.errors import InvalidInput

__all__ = ["check_query", "declared_queries"]

_METHODS = ("get", "head", "post", "put", "patch", "delete")


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
    method = scope.get("method", "GET")
    known = state["declared_queries"].get((method, path), frozenset())
    unknown = sorted(set(connection.query_params) - known)
    if unknown:
        named = ", ".join(f"`{name}`" for name in unknown)
        takes = ", ".join(f"`{name}`" for name in sorted(known)) if known else "no query parameters"
        raise InvalidInput(f"unknown query parameter {named}: {method} {path} takes {takes}")
