"""The interactive API docs (Swagger UI) without inline script, so they run under CSP.

FastAPI's own page configures Swagger UI in an inline ``<script>``; this page
loads the same bundle and a small script served here instead.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from search_api.api.security_headers import SWAGGER_CDN

router = APIRouter(include_in_schema=False)
_BUNDLE = f"{SWAGGER_CDN}/npm/swagger-ui-dist@5"
_PAGE = f"""<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>vanban API</title>
<link rel="stylesheet" href="{_BUNDLE}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{_BUNDLE}/swagger-ui-bundle.js"></script>
<script src="/api/v1/docs.js"></script>
</body>
</html>
"""
_INIT = 'window.ui = SwaggerUIBundle({url: "/api/v1/openapi.json", dom_id: "#swagger-ui"});\n'


@router.get("/docs")
def docs_page() -> HTMLResponse:
    return HTMLResponse(_PAGE)


@router.get("/api/v1/docs.js")
def docs_script() -> Response:
    return Response(_INIT, media_type="text/javascript")
