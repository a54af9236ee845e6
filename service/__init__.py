"""claimtrack: who said what, and how each outlet reported it."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("claimtrack")
except PackageNotFoundError:  # pragma: no cover - a checkout that was never installed
    __version__ = "0+unknown"
