"""How service and backend failures answer over HTTP, for the API and the UI alike."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from search_api import faults
from search_api.backends.base import BackendError, BadCursor
from search_api.service import PageTooDeep


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse(status_code=status, content={"detail": message})


def _too_deep(_: Request, exc: Exception) -> JSONResponse:
    return _error(400, str(exc))


def _bad_cursor(_: Request, exc: Exception) -> JSONResponse:
    return _error(400, f"cursor không hợp lệ (invalid cursor): {exc}")


def _backend_down(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, BackendError)
    return faults.unavailable(exc, request.url.path)  # 503 + Retry-After, no internals


def install_error_handlers(app: FastAPI) -> None:
    """Bad paging input is the client's fault (400); a store that fails is ours (503)."""
    app.add_exception_handler(PageTooDeep, _too_deep)
    app.add_exception_handler(BadCursor, _bad_cursor)
    app.add_exception_handler(BackendError, _backend_down)
