"""The FastAPI application: JSON API under /api/v1, the web UI at /, health at /healthz."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from search_api import faults
from search_api.admission import Admission
from search_api.backends import open_backend
from search_api.backends.base import BadCursor, SearchBackend
from search_api.limits import RequestLimits
from search_api.routes import router
from search_api.service import PageTooDeep, SearchService
from vanban_core.settings import Settings, load_settings

API_DESCRIPTION = """
Tìm kiếm văn bản hành chính, pháp luật Việt Nam — gõ có dấu hoặc không dấu,
tra cứu theo số hiệu (ví dụ `1016/TB-VPCP`).

Search Vietnamese administrative and legal documents, with or without diacritics,
and look documents up by number.
"""


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse(status_code=status, content={"detail": message})


def create_app(settings: Settings | None = None, backend: SearchBackend | None = None) -> FastAPI:
    """Build the app around one backend; tests pass their own backend."""
    settings = settings or load_settings()
    store = backend or open_backend(settings)
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
        docs_url="/docs",
        openapi_url="/api/v1/openapi.json",
    )
    app.add_middleware(
        Admission,
        slots=settings.search_slots,
        queue=settings.search_queue,
        wait=settings.search_queue_wait,
    )
    app.add_middleware(RequestLimits)  # outermost: oversize requests never queue
    app.state.service = SearchService(store)
    app.state.settings = settings
    app.include_router(router)

    @app.get("/healthz", tags=["ops"], summary="Tình trạng dịch vụ / health")
    def healthz() -> JSONResponse:
        return JSONResponse(content={"status": "ok", **store.health()})  # 503: search_api.faults

    @app.exception_handler(PageTooDeep)
    def _too_deep(_: Request, exc: PageTooDeep) -> JSONResponse:
        return _error(400, str(exc))

    @app.exception_handler(BadCursor)
    def _bad_cursor(_: Request, exc: BadCursor) -> JSONResponse:
        return _error(400, f"cursor không hợp lệ (invalid cursor): {exc}")

    from web.views import mount_static, unavailable_page
    from web.views import router as web_router

    faults.install(app, unavailable_page)

    app.include_router(web_router)
    mount_static(app)

    return app
