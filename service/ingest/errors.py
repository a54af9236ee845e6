"""Ingest failures, each carrying the HTTP status the API reports it with and a human-readable detail."""

from __future__ import annotations

from service.errors import ProblemError

__all__ = ["ContentError", "FetchError", "RefusedURL", "UnacceptableContent", "UnknownHost", "UpstreamError"]


class FetchError(ProblemError):
    """Fetching a URL failed; subclasses say whose fault it was."""

    status = 502


class RefusedURL(FetchError):
    """The URL is malformed or points somewhere the service must not connect to (SSRF guard)."""

    status = 422


class UnacceptableContent(FetchError):
    """The upstream answered, but with a content type or size the service does not ingest."""

    status = 422


class UnknownHost(FetchError):
    """The URL's host name does not exist: the resolver said so (it did not fail)."""

    status = 422


class UpstreamError(FetchError):
    """The upstream could not be resolved or reached, timed out, or answered with an error status."""

    status = 502


class ContentError(ProblemError):
    """The document holds no extractable article text."""

    status = 422
