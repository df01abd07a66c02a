"""The FastAPI application: JSON API under /api/v1, the web UI at /, health at /healthz."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import JSONResponse

from search_api import api_docs, feeds, write_routes
from search_api.api_keys import KeyStore
from search_api.backends import open_backend
from search_api.backends.base import BackendError, SearchBackend
from search_api.protection import install_protection
from search_api.routes import router
from search_api.service import SearchService
from vanban_core.settings import Settings, load_settings

API_DESCRIPTION = """
Tìm kiếm văn bản hành chính, pháp luật Việt Nam — gõ có dấu hoặc không dấu,
tra cứu theo số hiệu (ví dụ `1016/TB-VPCP`).

Search Vietnamese administrative and legal documents, with or without diacritics,
and look documents up by number.
"""


# What /healthz may show: no path, URL, index or table name.
_HEALTH_FIELDS = ("backend", "documents", "cluster_status")


def create_app(
    settings: Settings | None = None,
    backend: SearchBackend | None = None,
    converter: write_routes.Converter | None = None,
) -> FastAPI:
    """Build the app around one backend; tests pass their own backend.

    ``converter`` turns an uploaded file into documents (the indexer's readers,
    given by the top layer); without it the write API takes JSON only.
    """
    settings = settings or load_settings()
    store = backend or open_backend(settings, searchable_writes=True)
    owns_store = backend is None

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        if owns_store:  # a store passed in belongs to the caller
            store.close()

    app = FastAPI(
        lifespan=lifespan,
        title="vanban",
        version="1.0",
        description=API_DESCRIPTION,
        docs_url=None,  # served by api_docs, without inline script
        openapi_url="/api/v1/openapi.json",
    )
    app.state.service = SearchService(store)
    app.state.settings = settings
    app.state.keys = KeyStore(settings.keys_db)
    app.state.converter = converter
    app.include_router(router)
    app.include_router(api_docs.router)
    app.include_router(feeds.router)
    app.include_router(write_routes.router)
    install_protection(app, settings)

    @app.get("/healthz", tags=["ops"], summary="Tình trạng dịch vụ / health")
    def healthz() -> JSONResponse:
        try:
            info = store.health()
        except BackendError:
            return JSONResponse(status_code=503, content={"status": "unavailable"})
        shown = {k: info[k] for k in _HEALTH_FIELDS if k in info}
        return JSONResponse(content={"status": "ok", **shown})

    from web.views import mount_static
    from web.views import router as web_router

    app.include_router(web_router)
    mount_static(app)

    return app
