"""What a request body must be before it is parsed: JSON by its Content-Type and not compressed (else 415),
not empty, nested at most `MAX_JSON_DEPTH` levels deep (else 400, before any recursion can run out of stack),
each value of the type its field declares, as sent (else 400: no number is read as a time), and no object
giving one name twice (else 400: parsers differ on which value counts)."""

from __future__ import annotations

import codecs
import json
from typing import Any

import anyio.to_thread
import msgspec
from litestar import Request
from litestar.connection import ASGIConnection
from litestar.exceptions import SerializationException
from litestar.handlers.base import BaseRouteHandler

from service.errors import InvalidInput, ProblemError

__all__ = ["MAX_JSON_DEPTH", "check_body"]

MAX_JSON_DEPTH = 32
_INLINE_BYTES = 20_000
TIME_FORMAT = "an RFC 3339 time with its offset from UTC (`2025-05-18T09:00:00Z`), not seconds since 1970"


def _is_json(content_type: str) -> bool:
    media_type = content_type.partition(";")[0].strip().lower()
    return media_type == "application/json" or (
        media_type.startswith("application/") and media_type.endswith("+json")
    )


def _deeper_than(document: Any, limit: int) -> bool:
    """Whether `document` nests objects and arrays more than `limit` levels deep (walked level by level)."""
    level = [document] if isinstance(document, dict | list) else []
    for _ in range(limit):
        level = [
            child
            for node in level
            for child in (node.values() if isinstance(node, dict) else node)
            if isinstance(child, dict | list)
        ]
        if not level:
            return False
    return True


def _what_to_send(annotation: Any) -> str:
    if isinstance(annotation, type) and issubclass(annotation, msgspec.Struct):
        fields = msgspec.structs.fields(annotation)
        required = [f"`{f.encode_name}`" for f in fields if f.required]
        named = " and ".join(required) or " or ".join(f"`{f.encode_name}`" for f in fields)
        return f"a JSON object with {named} ({annotation.__name__} in the API schema)"
    return "a JSON document"


async def check_body(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    """Guard for endpoints that take a body. The body decoded here is the one the handler receives."""
    data = handler.parsed_fn_signature.parameters.get("data")
    if data is None or not isinstance(connection, Request):
        return
    content_types = connection.headers.getall("content-type", [])
    if len(set(content_types)) > 1:  # the first was checked and the body taken, whatever the others said
        raise ProblemError(
            f"the request has {len(content_types)} Content-Type headers: send one, `application/json`",
            status=415,
        )
    content_type = content_types[0] if content_types else ""
    if not _is_json(content_type):
        sent = content_type or "no Content-Type"
        raise ProblemError(
            f"send the body as JSON with `Content-Type: application/json`, not {sent}", status=415
        )
    encoding = connection.headers.get("content-encoding", "").strip().lower()
    if encoding not in ("", "identity"):  # read as it came, a gzip body was "malformed JSON at byte 0"
        raise ProblemError(
            f"the body is sent with `Content-Encoding: {encoding}`, which this service does not decode: "
            "send it uncompressed",
            status=415,
        )
    body = await connection.body()
    if not body.strip():
        raise InvalidInput(f"the request body is empty: send {_what_to_send(data.annotation)}")
    too_deep = f"the JSON body nests more than {MAX_JSON_DEPTH} levels of objects and arrays"
    try:
        document = await connection.json()
    except RecursionError as exc:
        raise InvalidInput(too_deep) from exc
    except SerializationException:
        _check_utf8(body, content_type)
        return  # not JSON at all: the handler's parser says where
    if _deeper_than(document, MAX_JSON_DEPTH):
        raise InvalidInput(too_deep)
    # Python's parser takes some 4.5 ms per MB: a longer body is read in a worker thread.
    if len(body) <= _INLINE_BYTES:
        repeated = _repeated_name(body)
    else:
        repeated = await anyio.to_thread.run_sync(_repeated_name, body)
    if repeated is not None:
        raise InvalidInput(
            f"the JSON body gives {json.dumps(repeated)} twice in one object: send each name once"
        )
    _check_as_sent(document, data.annotation)


def _repeated_name(body: bytes) -> str | None:
    """The first name an object of `body` gives twice, if any. The parser keeps the last value silently, and
    a proxy or a client library that checked the first one saw another request than the one answered."""
    repeated: list[str] = []

    def names(pairs: list[tuple[str, Any]]) -> None:
        if not repeated and len({name for name, _ in pairs}) < len(pairs):
            seen: set[str] = set()
            for name, _ in pairs:
                if name in seen:
                    repeated.append(name)
                    return
                seen.add(name)

    try:
        json.loads(body, object_pairs_hook=names)
    except ValueError:  # what the service's parser took, Python's may not (a number of 5,000 digits)
        return None
    return repeated[0] if repeated else None


def _check_utf8(body: bytes, content_type: str) -> None:
    """For a body the parser refused: what it was sent as, when that is why (the parser only says "invalid
    character (byte 0)" or "Invalid UTF-8 encoded string"). JSON is UTF-8 without a byte-order mark (RFC 8259,
    8.1)."""
    if body.startswith(codecs.BOM_UTF8):
        raise InvalidInput("the body starts with a byte-order mark (U+FEFF): send JSON in UTF-8 without one")
    if body[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) or b"\x00" in body[:4]:
        raise ProblemError("the body is UTF-16 or UTF-32: send JSON in UTF-8", status=415)
    charset = next(
        (
            value.strip().strip('"').lower()
            for name, _, value in (p.partition("=") for p in content_type.split(";")[1:])
            if name.strip().lower() == "charset"
        ),
        "utf-8",
    )
    if charset not in ("utf-8", "utf8"):
        try:
            body.decode()
        except UnicodeDecodeError:
            raise ProblemError(
                f"the body is sent as charset={charset}, and JSON is read as UTF-8: send it in UTF-8",
                status=415,
            ) from None


def _check_as_sent(document: Any, annotation: Any) -> None:
    """400 for a value the handler's parser would accept only by converting it. litestar converts a body as
    leniently as a query string, and so reads a number where a time belongs (`"published_at": 2024`) as
    seconds since 1970: a time in January 1970, stored without a word. Read strictly, it is refused."""
    try:
        msgspec.convert(document, annotation, strict=True)
    except msgspec.ValidationError as strict:
        try:
            msgspec.convert(document, annotation, strict=False)
        except msgspec.ValidationError:
            return  # invalid however it is read: the handler's parser says where
        message, _, where = str(strict).rpartition(" - at `")
        field = where.rstrip("`").removeprefix("$").removeprefix(".")
        detail = f"`{field}`: {message}" if field else message
        if "datetime" in message:
            detail += f"; send {TIME_FORMAT}"
        raise InvalidInput(detail) from None
