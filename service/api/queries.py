"""Query parameters an API operation does not declare are refused (400), not ignored.

A misspelt filter (`?speakr=Trump`, `?min_outlets=2`) would otherwise answer 200 with the unfiltered list,
shaped exactly like a broad match: the caller could not tell that the filter was thrown away. The declared
parameters are the operation's in the app's own OpenAPI document, so what is refused is what the contract
leaves out. Only `/v1/` is held to it: the probes (`/healthz`, `/metrics`) and the web pages (`/?q=…`) take
what their callers append.

For the same reason a parameter of one value given twice (`?outlet=CBC&outlet=AP`) is refused: litestar would
use the first and drop the other, where the caller may have meant both. A time parameter (`since`, `until`)
that is a number is refused too: litestar would read `since=2024` as 2,024 seconds after the start of 1970
and answer with everything since then.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from litestar import Litestar
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.openapi.spec import OpenAPIFormat, OpenAPIType, Schema

from service.api.bodies import TIME_FORMAT
from service.errors import InvalidInput

__all__ = ["check_query", "query_kinds"]

_METHODS = ("get", "head", "post", "put", "patch", "delete")


def _kind(schema: object) -> str:
    """`time` for a date-time parameter, `list` for an array, else `one` (one value)."""
    if isinstance(schema, Schema):
        for option in [schema, *(schema.one_of or ())]:
            if isinstance(option, Schema) and option.format == OpenAPIFormat.DATE_TIME:
                return "time"
            if isinstance(option, Schema) and option.type == OpenAPIType.ARRAY:
                return "list"
    return "one"


def query_kinds(app: Litestar) -> dict[tuple[str, str], dict[str, str]]:
    """(method, path template) of each operation → its query parameters, each with its `_kind`."""
    kinds: dict[tuple[str, str], dict[str, str]] = {}
    for path, item in (app.openapi_schema.paths or {}).items():
        for method in _METHODS:
            operation = getattr(item, method)
            if operation is not None:
                parameters = operation.parameters or ()
                kinds[method.upper(), path] = {
                    p.name: _kind(getattr(p, "schema", None))
                    for p in parameters
                    if getattr(p, "param_in", None) == "query"
                }
    return kinds


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


async def check_query(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    """Guard: a `/v1/` request's query parameters are all declared by its operation, each given once unless
    it is a list, and no time is a number."""
    scope = connection.scope
    path = scope["path_template"]
    if not scope["query_string"] or not path.startswith("/v1/"):
        return
    state = connection.app.state
    if "query_kinds" not in state:
        state["query_kinds"] = query_kinds(connection.app)
    method = scope.get("method", "GET")
    kinds: dict[str, str] = state["query_kinds"].get((method, path), {})
    given = Counter(name for name, _ in connection.query_params.multi_items())
    unknown = sorted(set(given) - set(kinds))
    if unknown:
        named = ", ".join(f"`{name}`" for name in unknown)
        takes = ", ".join(f"`{name}`" for name in sorted(kinds)) if kinds else "no query parameters"
        raise InvalidInput(f"unknown query parameter {named}: {method} {path} takes {takes}")
    for name, count in sorted(given.items()):
        if count > 1 and kinds[name] != "list":
            raise InvalidInput(f"`{name}` is given {count} times: it takes one value")
        if kinds[name] == "time" and _is_number(connection.query_params[name]):
            raise InvalidInput(f"`{name}` is a number: send {TIME_FORMAT}")
