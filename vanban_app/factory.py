"""The application factory: one backend, one service, the API and the UI around it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from search_api.api import api_docs, feeds, write_routes
from search_api.api.protection import install_protection
from search_api.api.routes import API_DESCRIPTION, ops_router
from search_api.api.routes import router as api_router
from search_api.api_keys import KeyStore
from search_api.backends import open_backend
from search_api.backends.base import SearchBackend
from search_api.service import SearchService
from vanban_app.uploads import convert_upload
from vanban_core.settings import Settings, load_settings
from web.views import mount_static
from web.views import router as web_router


def create_app(
    settings: Settings | None = None,
    backend: SearchBackend | None = None,
    converter: write_routes.Converter | None = convert_upload,
) -> FastAPI:
    """Build the app around one backend; tests pass their own backend.

    JSON API under /api/v1, the web UI at /, health at /healthz. ``converter``
    turns an uploaded file into documents (the indexer's readers, which the API
    layer may not import); ``None`` makes the write API take JSON only.
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
    app.include_router(api_router)
    app.include_router(feeds.router)
    app.include_router(write_routes.router)
    app.include_router(api_docs.router)
    app.include_router(ops_router)
    install_protection(app, settings)
    app.include_router(web_router)
    mount_static(app)
    return app
