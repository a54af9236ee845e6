"""Logging of the service: plain text or one JSON object per line, each line with its request's id."""

from __future__ import annotations

import contextvars
import json
import logging
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, TextIO
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from service.settings import Settings

__all__ = ["JsonFormatter", "LogFormat", "configure_logging", "describe_storage", "request_id"]

LogFormat = Literal["text", "json"]

request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
"""The id of the request being answered, set by the request middleware."""

_LOGGERS = ("claimtrack", "uvicorn", "uvicorn.error")
_TEXT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
_RECORD_FIELDS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}
# uvicorn adds `color_message`, the message again with terminal colours.
_DROPPED = frozenset({"request_id", "color_message"})


class _RequestId(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get() or "-"
        return True


class _StandardError(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever `sys.stderr` is at the time, as `logging.lastResort` does."""

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _: TextIO) -> None:
        pass


class JsonFormatter(logging.Formatter):
    """`{"time", "level", "logger", "message", "request_id", ...}`: fields passed in `extra` are kept."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = getattr(record, "request_id", None)
        if rid and rid != "-":
            entry["request_id"] = rid
        entry.update(
            (key, value)
            for key, value in vars(record).items()
            if key not in _RECORD_FIELDS and key not in _DROPPED and not key.startswith("_")
        )
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def configure_logging(log_format: LogFormat) -> None:
    """One handler on standard error for the service's and the server's loggers, in one format.

    The server's own access log is silenced: the service logs every request itself, with its id.
    """
    handler = _StandardError()
    handler.addFilter(_RequestId())
    handler.setFormatter(JsonFormatter() if log_format == "json" else logging.Formatter(_TEXT))
    for name in _LOGGERS:
        logger = logging.getLogger(name)
        logger.handlers = [handler]
        logger.propagate = False
        if logger.level == logging.NOTSET:
            logger.setLevel(logging.INFO)
    logging.getLogger("uvicorn.access").disabled = True


def describe_storage(settings: Settings) -> str:
    """Which Redis the service uses and where its data lives, for the start-up log (no password)."""
    if not settings.redis_url:
        where = Path(settings.data_dir).resolve()
        return f"embedded Redis keeping its data in {where}, keys under {settings.key_prefix!r}"
    shown = settings.redis_url
    url = urlsplit(shown)
    if url.password:
        host = url.hostname or ""
        netloc = f"{url.username or ''}:***@{host}" + (f":{url.port}" if url.port else "")
        shown = urlunsplit(url._replace(netloc=netloc))
    if url.query:  # redis-py also reads a password from the query (`unix:///run/redis.sock?password=…`)
        query = [(k, "***" if k.casefold() == "password" else v) for k, v in parse_qsl(url.query, True)]
        shown = f"{shown.split('?', 1)[0]}?{urlencode(query, safe='*')}"
    return f"Redis at {shown}, keys under {settings.key_prefix!r}"
