"""The application factory: one backend, one service, the API and the UI around it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from search_api.admission import Admission, default_slots
from search_api.api import feeds, write_routes
from search_api.api.docs import mount_docs
from search_api.api.protection import install_protection
from search_api.api.quick import is_quick_request
from search_api.api.routes import API_DESCRIPTION, ops_router
from search_api.api.routes import router as api_router
from search_api.api_keys import KeyStore
from search_api.backends import open_backend
from search_api.backends.base import SearchBackend
from search_api.rerank import configured_reranker
from search_api.service import SearchService
from search_api.warmup import warm_up
from vanban_app.uploads import convert_upload
from vanban_core.settings import Settings, load_settings
from web.errors import install_error_pages
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
    store = backend or open_backend(
        settings, searchable_writes=True, wait_for_store=True, serving=True
    )
    owns_store = backend is None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.warm_up:  # before the first request is accepted, not during it
            app.state.startup_seconds = warm_up(app.state.service)
        yield
        if owns_store:  # a store passed in belongs to the caller
            store.close()

    app = FastAPI(
        lifespan=lifespan,
        title="vanban",
        version="1.0",
        description=API_DESCRIPTION,
        docs_url=None,  # served from local assets by mount_docs, not from a CDN
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.add_middleware(
        Admission,
        # Each of ``workers`` processes takes its share of the cores.
        slots=settings.search_slots or max(1, default_slots() // settings.workers),
        queue=settings.search_queue,
        wait=settings.search_queue_wait,
        quick=is_quick_request,  # number lookups do not wait behind word queries
    )
    app.state.service = SearchService(store, reranker=configured_reranker(settings))
    app.state.settings = settings
    app.state.keys = KeyStore(settings.keys_db)
    app.state.converter = converter
    app.include_router(api_router)
    app.include_router(feeds.router)
    app.include_router(write_routes.router)
    app.include_router(ops_router)
    install_protection(app, settings)  # problem+json handlers, limits, headers, CORS
    install_error_pages(app)  # after the API's handlers: it wraps them for UI paths
    app.include_router(web_router)
    mount_static(app)
    mount_docs(app)
    return app


def app_from_environment() -> FastAPI:
    """The app of the settings in the environment: what each process of a
    multi-process `vanban serve` builds for itself (uvicorn's factory mode)."""
    return create_app(load_settings())
