"""Stable ids derived from content, cheap to import (the command line computes them without a server)."""

from __future__ import annotations

import hashlib

__all__ = ["article_id"]


def article_id(outlet: str, text: str) -> str:
    """Stable id of one outlet's article text: the same content posted again is the same article."""
    digest = hashlib.blake2b(f"{outlet.strip().casefold()}\n{text}".encode(), digest_size=10).hexdigest()
    return f"ar_{digest}"
