"""The interactive API documentation at /docs, from assets the app serves itself.

FastAPI's default page loads Swagger UI from a CDN, so it is blank without
internet. The Swagger UI build here comes from the ``fastapi-offline`` wheel
(Swagger UI 5, which reads the OpenAPI 3.1 document FastAPI writes; the older
``swagger-ui-bundle`` ships 4.x, which cannot). The page has no inline script,
so a strict Content-Security-Policy (``script-src 'self'``) allows it.
"""

from __future__ import annotations

from importlib.resources import files

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

ASSETS_URL = "/docs/assets"
_ASSETS = files("fastapi_offline") / "static"

_PAGE = """<!doctype html>
<html lang="vi">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{title} — API</title>
  <link rel="stylesheet" href="{assets}/swagger-ui.css">
  <link rel="icon" href="{assets}/favicon.png">
</head>
<body>
  <div id="swagger-ui" data-openapi-url="{openapi_url}"></div>
  <script src="{assets}/swagger-ui-bundle.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>
"""

# Starts Swagger UI on the page's element, reading the OpenAPI URL from its data attribute.
_INIT = """(function () {
  "use strict";
  var element = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: element.getAttribute("data-openapi-url"),
    dom_id: "#swagger-ui",
    deepLinking: true,
    showExtensions: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
    layout: "BaseLayout"
  });
})();
"""


def mount_docs(app: FastAPI) -> None:
    """Serve /docs, its start script and the Swagger UI assets from the installed wheel."""
    openapi_url = app.openapi_url or "/openapi.json"
    page = _PAGE.format(title=app.title, assets=ASSETS_URL, openapi_url=openapi_url)
    app.mount(ASSETS_URL, StaticFiles(directory=str(_ASSETS)), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(page)

    @app.get("/docs/init.js", include_in_schema=False)
    def docs_init() -> Response:
        return Response(_INIT, media_type="text/javascript")
