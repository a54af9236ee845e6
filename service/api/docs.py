"""The API documentation at `/schema`: Swagger UI served from files in the package, so it works offline."""

from __future__ import annotations

from pathlib import Path

from litestar.datastructures import CacheControlHeader
from litestar.openapi.config import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.router import Router
from litestar.static_files import create_static_files_router

__all__ = ["ASSETS_PATH", "assets_router", "openapi_config"]

ASSETS = Path(__file__).resolve().parent.parent / "static" / "swagger-ui"
"""swagger-ui-dist's bundle, standalone preset and stylesheet (see VERSION there)."""
ASSETS_PATH = "/schema-assets"


def openapi_config(
    *, title: str, version: str, description: str, openapi_router: Router | None = None
) -> OpenAPIConfig:
    """OpenAPI at `/schema/openapi.json` and `.yaml`; Swagger UI at `/schema` and `/schema/swagger`."""
    swagger = SwaggerRenderPlugin(
        js_url=f"{ASSETS_PATH}/swagger-ui-bundle.js",
        css_url=f"{ASSETS_PATH}/swagger-ui.css",
        standalone_preset_js_url=f"{ASSETS_PATH}/swagger-ui-standalone-preset.js",
        favicon="",
    )
    return OpenAPIConfig(
        title=title,
        version=version,
        description=description,
        render_plugins=[swagger],
        openapi_router=openapi_router,
    )


def assets_router() -> Router:
    return create_static_files_router(
        path=ASSETS_PATH,
        directories=[ASSETS],
        include_in_schema=False,
        cache_control=CacheControlHeader(max_age=86400, public=True),
    )
