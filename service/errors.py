"""Domain errors that reach clients as RFC 9457 problem documents, with no HTTP knowledge beyond a status."""

from __future__ import annotations


class ProblemError(Exception):
    """A failure to report to the client: `status` is the HTTP status, `detail` says what went wrong."""

    status: int = 400
    retry_after: int | None = None
    """Seconds to send as `Retry-After`, for a failure a retry will not meet."""

    def __init__(self, detail: str, *, status: int | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        if status is not None:
            self.status = status


class InvalidInput(ProblemError):
    status = 400


class NotFound(ProblemError):
    status = 404


class Unfinished(ProblemError):
    """A write that another request is doing, or that concurrent writes kept from finishing in time: what
    was decided is stored and will be finished (by that request or the repair task), so a retry shortly
    finds it done. Not a conflict for the client to resolve: 503 with `Retry-After`."""

    status = 503
    retry_after = 2


class TooLarge(ProblemError):
    status = 413
