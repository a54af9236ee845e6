"""Every error leaves the service as `application/problem+json` (RFC 9457), 500s included."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import (
    OpenAPI,
    OpenAPIHeader,
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Reference,
    Schema,
)
from litestar.types import ExceptionHandlersMap, HTTPResponseStartEvent, Send
from redis.exceptions import RedisError

from schemas import PATTERN_MEANINGS
from service import metrics
from service.errors import ProblemError

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("claimtrack")


class Problem(msgspec.Struct, omit_defaults=True):
    """An RFC 9457 problem document."""

    title: str
    status: int
    detail: str
    type: str = "about:blank"
    instance: str | None = None
    errors: list[dict[str, Any]] | None = None


def problem_response(
    request: Request[Any, Any, Any],
    status: int,
    detail: str,
    *,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response[Problem]:
    problem = Problem(
        title=HTTPStatus(status).phrase,
        status=status,
        detail=detail,
        instance=request.url.path,
        errors=errors,
    )
    return Response(problem, status_code=status, media_type=PROBLEM_JSON, headers=headers)


async def send_problem(
    send: Send, path: str, status: int, detail: str, headers: Sequence[tuple[bytes, bytes]] = ()
) -> None:
    """Answer with a problem document straight from ASGI middleware, outside Litestar's handlers."""
    body = msgspec.json.encode(
        Problem(title=HTTPStatus(status).phrase, status=status, detail=detail, instance=path)
    )
    start: HTTPResponseStartEvent = {
        "type": "http.response.start",
        "status": status,
        "headers": [
            (b"content-type", PROBLEM_JSON.encode()),
            (b"content-length", str(len(body)).encode()),
            *headers,
        ],
    }
    await send(start)
    await send({"type": "http.response.body", "body": body, "more_body": False})


def _http_exception(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Problem]:
    errors = exc.extra if isinstance(exc, ValidationException) and isinstance(exc.extra, list) else None
    headers = dict(exc.headers) if exc.headers else None
    detail = exc.detail
    if errors:  # say what failed in the detail too, not only "Validation failed for POST /v1/…"
        detail = f"{detail}: " + "; ".join(_say(error) for error in errors)
    if exc.status_code == 413 and detail == HTTPStatus(413).phrase:  # the framework's body-size refusal
        detail = f"the request body is larger than the limit of {request.app.request_max_body_size:,} bytes"
    return problem_response(request, exc.status_code, detail, errors=errors, headers=headers)


def _say(error: dict[str, Any]) -> str:
    message = str(error.get("message"))
    for pattern, meaning in PATTERN_MEANINGS.items():  # a regex says nothing to most clients
        if message == f"Expected `str` matching regex {pattern!r}":
            message = meaning
    key = error.get("key")
    return message if key in (None, "data") else f"`{key}`: {message}"


def _problem_error(request: Request[Any, Any, Any], exc: ProblemError) -> Response[Problem]:
    headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after is not None else None
    return problem_response(request, exc.status, exc.detail, headers=headers)


def _redis_error(request: Request[Any, Any, Any], exc: RedisError) -> Response[Problem]:
    log.warning("storage unavailable: %s", exc)
    metrics.count_redis_error()
    return problem_response(
        request, 503, "storage is unavailable; retry shortly", headers={"Retry-After": "1"}
    )


def _unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[Problem]:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem_response(request, 500, "internal error; it has been logged")


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    HTTPException: _http_exception,
    ProblemError: _problem_error,
    RedisError: _redis_error,
    Exception: _unexpected,
}

_DESCRIPTIONS = {
    400: "Invalid request",
    401: "Missing or unknown API key",
    404: "Not found",
    413: "Request body or text too large",
    415: "Request body is not JSON",
    422: "Input that cannot be processed",
    429: "Rate limit exceeded",
    500: "Internal error",
    502: "Upstream fetch failed",
    503: "Storage unavailable",
}


def problem_responses(*statuses: int) -> dict[int, ResponseSpec]:
    """OpenAPI entries documenting problem+json for these statuses, and always 400 (invalid parameters),
    500 and 503."""
    return {
        status: ResponseSpec(
            data_container=Problem,
            media_type=PROBLEM_JSON,
            description=_DESCRIPTIONS[status],
            generate_examples=False,
        )
        for status in sorted({*statuses, 400, 500, 503})
    }


def complete_contract(openapi: OpenAPI, closed_objects: Sequence[type[msgspec.Struct]]) -> OpenAPI:
    """Document, in place, what every operation shares and handlers do not declare: 401 (a key is needed, with
    its `WWW-Authenticate` challenge) and 429 on `/v1/`; 400, 413 and 415 wherever a body is read;
    `additionalProperties: false` on the request objects in `closed_objects` (which forbid unknown fields)."""

    def problem(status: int) -> OpenAPIResponse:
        schema = Reference(ref="#/components/schemas/Problem")
        return OpenAPIResponse(
            description=_DESCRIPTIONS[status], content={PROBLEM_JSON: OpenAPIMediaType(schema=schema)}
        )

    challenge = OpenAPIHeader(
        schema=Schema(type=OpenAPIType.STRING),
        required=True,
        description='`Bearer realm="claimtrack"`: send the key as a bearer token or in `X-API-Key`',
    )

    for path, item in (openapi.paths or {}).items():
        for operation in (item.get, item.head, item.post, item.put, item.patch, item.delete):
            if operation is None:
                continue
            statuses = ({401, 429} if path.startswith("/v1/") else set()) | (
                {400, 413, 415} if operation.request_body else set()
            )
            responses = operation.responses if operation.responses is not None else {}
            for status in sorted(statuses):
                responses.setdefault(str(status), problem(status))
            unauthorized = responses.get("401")
            if isinstance(unauthorized, OpenAPIResponse):
                unauthorized.headers = {"WWW-Authenticate": challenge}
            operation.responses = responses
    components = openapi.components.schemas if openapi.components else {}
    for struct in closed_objects:
        if struct.__name__ in components:
            components[struct.__name__].additional_properties = False
    return openapi


__all__ = [
    "EXCEPTION_HANDLERS",
    "PROBLEM_JSON",
    "Problem",
    "complete_contract",
    "problem_response",
    "problem_responses",
    "send_problem",
]
