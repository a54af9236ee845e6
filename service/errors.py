"""Domain errors that reach clients as RFC 9457 problem documents, with no HTTP knowledge beyond a status."""

from __future__ import annotations


class ProblemError(Exception):
    """A failure to report to the client: `status` is the HTTP status, `detail` says what went wrong."""

    status: int = 400

    def __init__(self, detail: str, *, status: int | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        if status is not None:
            self.status = status


class InvalidInput(ProblemError):
    status = 400


class NotFound(ProblemError):
    status = 404


class Conflict(ProblemError):
    status = 409


class TooLarge(ProblemError):
    status = 413
