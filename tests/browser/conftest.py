"""Browser tests: a real server process on the test Redis, Debian's Chromium driven by Playwright.

They skip when Chromium is not installed, except in CI (`CI` set), where `.ci/run` installs it. axe-core
comes from the npm package that `.ci/run` installs (`CLAIMTRACK_AXE_JS`, or the default cache path).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis

from tests.browser.scenario import ARTICLES, HEAVY_HTML, PAGE_HTML, REVIEW, STADIUM_HTML
from tests.conftest import REDIS_URL

CHROMIUM = os.environ.get("CLAIMTRACK_CHROMIUM", "/usr/bin/chromium")
AXE_JS = Path(
    os.environ.get(
        "CLAIMTRACK_AXE_JS", Path.home() / ".cache/claimtrack-npm/node_modules/axe-core/axe.min.js"
    )
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
EXTENSION = Path(__file__).parents[2] / "extension"
API_KEY = "browser-test-key"
SCREENSHOTS = os.environ.get("CLAIMTRACK_SCREENSHOT_DIR")
"""Where tests leave the screenshots the README shows (`docs`), when set."""


def _needed(path: Path, what: str) -> None:
    if path.exists():
        return
    reason = f"{what} not found at {path}"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: .ci/run installs it")
    pytest.skip(f"{reason}; install it to run the browser tests")


@dataclass
class Tab:
    """A page and what went wrong in it: uncaught exceptions, console errors and refused (4xx) or failed (5xx)
    answers."""

    page: Any
    errors: list[str] = field(default_factory=list)

    def watch(self) -> Tab:
        self.page.on("pageerror", lambda exc: self.errors.append(f"exception: {exc}"))
        self.page.on(
            "console",
            lambda msg: (
                self.errors.append(f"console: {msg.text}")
                # failed loads are judged by their answers below
                if msg.type == "error" and not msg.text.startswith("Failed to load resource")
                else None
            ),
        )
        self.page.on(
            "response",
            lambda r: self.errors.append(f"{r.status} from {r.url}") if r.status >= 400 else None,
        )
        return self


def screenshot(target: Any, name: str, **options: Any) -> bytes:
    """A PNG of a page or element, also kept under `CLAIMTRACK_SCREENSHOT_DIR` when that is set."""
    path = Path(SCREENSHOTS) / name if SCREENSHOTS else None
    png: bytes = target.screenshot(path=path, **options)
    return png


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """`claimtrack serve` on a free port and a key prefix of its own, removed afterwards."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    prefix = f"ct-test:{uuid.uuid4().hex[:12]}:"
    env = {
        **os.environ,
        "CLAIMTRACK_REDIS_URL": REDIS_URL,
        "CLAIMTRACK_KEY_PREFIX": prefix,
        "CLAIMTRACK_API_KEYS": API_KEY,
        # A newsroom's own deployment: anyone may extract and compare, only writes need the key.
        "CLAIMTRACK_OPEN_ENDPOINTS": "read,lookup,compute",
    }
    command = [sys.executable, "-m", "service.cli", "serve", "--port", str(port)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(400):
            try:
                if httpx.get(f"{base}/readyz").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.05)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
        if keys:
            client.unlink(*keys)
        client.close()


@pytest.fixture(scope="module")
def scenario(server: str) -> dict[str, Any]:
    """The four outlets' articles and a fact-check stored; the statement they share and each outlet's
    article id."""
    articles = {}
    for article in ARTICLES:
        response = httpx.post(f"{server}/v1/articles", json=article, headers={"X-API-Key": API_KEY})
        assert response.status_code == 201, response.text
        articles[article["outlet"]] = response.json()
    review = httpx.post(f"{server}/v1/factchecks", json=REVIEW, headers={"X-API-Key": API_KEY})
    assert review.status_code in (200, 201), review.text
    ids = {q["statement_id"] for a in articles.values() for q in a["quotes"] if "winter storms" in q["text"]}
    assert len(ids) == 1, ids
    return {"statement_id": ids.pop(), "articles": {outlet: a["id"] for outlet, a in articles.items()}}


@pytest.fixture(scope="module")
def playwright() -> Iterator[Any]:
    _needed(Path(CHROMIUM), "Chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(playwright: Any) -> Iterator[Any]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def tab(browser: Any) -> Iterator[Tab]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    yield Tab(context.new_page()).watch()
    context.close()


@pytest.fixture(scope="module")
def axe() -> Callable[[Any], list[dict[str, Any]]]:
    """Runs axe-core in a page and returns its violations of serious or critical impact."""
    _needed(AXE_JS, "axe-core (npm)")
    source = AXE_JS.read_text(encoding="utf-8")

    def grave(page: Any) -> list[dict[str, Any]]:
        page.evaluate(source)  # evaluated by the driver, so the page's script policy does not block it
        violations: list[dict[str, Any]] = page.evaluate("async () => (await axe.run()).violations")
        return [
            {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]]}
            for v in violations
            if v["impact"] in ("serious", "critical")
        ]

    return grave


@contextlib.contextmanager
def local_server(answer: Callable[[BaseHTTPRequestHandler], tuple[int, str, bytes]]) -> Iterator[str]:
    """A web server on a free local port; `answer(request)` gives each reply's status, type and body."""

    class Handler(BaseHTTPRequestHandler):
        def reply(self) -> None:
            status, content_type, body = answer(self)
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = reply

        def log_message(self, *_: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


NEWS_PAGES = {
    "/news/bridge.html": PAGE_HTML,
    "/news/stadium.html": STADIUM_HTML,
    "/news/heavy.html": HEAVY_HTML,
}
"""The publisher's pages by path."""


@pytest.fixture(scope="module")
def publisher() -> Iterator[str]:
    """A local web server with news pages on it (`NEWS_PAGES`), for the extension to read; the address of
    the first, beside the others."""

    def page(request: BaseHTTPRequestHandler) -> tuple[int, str, bytes]:
        html = NEWS_PAGES.get(request.path)
        return (200, "text/html; charset=utf-8", html.encode()) if html else (404, "text/plain", b"")

    with local_server(page) as base:
        yield f"{base}/news/bridge.html"
