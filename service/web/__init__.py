"""The web app at `/`: page shells and static ES modules that call the JSON API from the browser.

Pages never touch the store: each is a fixed HTML shell (`layout.html` around one file of `pages/`) whose
script reads `/v1/...` like any other client, so the app works offline with what the package ships.
"""

from __future__ import annotations

from importlib.resources import files
from string import Template

from litestar import Response, Router, get
from litestar.enums import MediaType
from litestar.params import FromPath
from litestar.static_files import create_static_files_router
from litestar.types import ControllerRouterHandler

__all__ = ["PAGES", "web_routes"]

_HERE = files(__name__)

PAGES: dict[str, str] = {
    "index": "Who said what",
    "statement": "Statement",
    "article": "Article",
    "extract": "Extract quotes",
    "check": "Check a quote",
}
"""Page name (its shell in `pages/` and its module in `static/`) → document title."""

# Pages load only what the package serves: no inline script, nothing from another origin.
_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; object-src 'none'; base-uri 'none'; "
        "frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def _render(name: str) -> str:
    layout = Template(_HERE.joinpath("layout.html").read_text(encoding="utf-8"))
    main = _HERE.joinpath("pages", f"{name}.html").read_text(encoding="utf-8")
    return layout.substitute(title=PAGES[name], main=main, script=name)


def web_routes() -> list[ControllerRouterHandler]:
    """The page routes and `/static/`; the shells are rendered once, here."""
    html = {name: _render(name) for name in PAGES}

    def page(name: str) -> Response[str]:
        return Response(html[name], media_type=MediaType.HTML, headers=_HEADERS)

    @get("/", include_in_schema=False, sync_to_thread=False)
    def index() -> Response[str]:
        return page("index")

    @get("/statements/{statement_id:str}", include_in_schema=False, sync_to_thread=False)
    def statement(statement_id: FromPath[str]) -> Response[str]:
        return page("statement")

    @get("/articles/{article_id:str}", include_in_schema=False, sync_to_thread=False)
    def article(article_id: FromPath[str]) -> Response[str]:
        return page("article")

    @get("/extract", include_in_schema=False, sync_to_thread=False)
    def extract() -> Response[str]:
        return page("extract")

    @get("/check", include_in_schema=False, sync_to_thread=False)
    def check() -> Response[str]:
        return page("check")

    return [
        Router("/", route_handlers=[index, statement, article, extract, check]),
        create_static_files_router(
            path="/static", directories=[str(_HERE.joinpath("static"))], include_in_schema=False
        ),
    ]
