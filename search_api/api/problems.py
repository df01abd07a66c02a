"""Errors as RFC 9457 problem details (``application/problem+json``), everywhere.

Every error the API answers — a validation failure, a missing document, a bad
cursor, the store down, a bug — has one shape, so integrators parse one
format. Details are written for the caller: an internal message (a file path,
a table name, an engine's stack) is logged here and never sent.
HTML pages get a plain page instead; the UI owns its own look.
"""

from __future__ import annotations

import logging
from html import escape
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from search_api import faults
from search_api.backends.base import BackendError, BadCursor
from search_api.service import PageTooDeep

PROBLEM_JSON = "application/problem+json"
# RFC 9457 §4.2.1: "about:blank" says the status code is the whole story; its
# title is then the status phrase, which the RFC allows localized.
PROBLEM_TYPE = "about:blank"

log = logging.getLogger("vanban.api")

TITLES = {
    400: "Yêu cầu không hợp lệ (bad request)",
    401: "Cần khóa API (API key required)",
    403: "Khóa API không được chấp nhận (forbidden)",
    404: "Không tìm thấy (not found)",
    405: "Phương thức không được hỗ trợ (method not allowed)",
    406: "Định dạng không được hỗ trợ (not acceptable)",
    409: "Xung đột (conflict)",
    413: "Yêu cầu quá lớn (content too large)",
    414: "Địa chỉ quá dài (URI too long)",
    415: "Kiểu nội dung không được hỗ trợ (unsupported media type)",
    422: "Tham số không hợp lệ (validation failed)",
    429: "Quá nhiều yêu cầu (too many requests)",
    500: "Lỗi máy chủ (internal server error)",
    503: "Dịch vụ tạm thời không sẵn sàng (service unavailable)",
}


class InvalidParam(BaseModel):
    """One rejected parameter: where it was and why (no echo of the value sent)."""

    name: str
    reason: str


class Problem(BaseModel):
    """RFC 9457 problem details; ``invalid_params`` only for validation failures."""

    type: str = Field(description="URI naming the kind of problem; about:blank here")
    title: str = Field(description="Short summary, the same for every problem of this type")
    status: int = Field(description="HTTP status code")
    detail: str | None = Field(default=None, description="This occurrence, for a human")
    instance: str | None = Field(default=None, description="The path that was asked for")
    invalid_params: list[InvalidParam] | None = Field(default=None)


def problem_response(
    request: Request | None,
    status: int,
    detail: str | None = None,
    *,
    headers: dict[str, str] | None = None,
    invalid: list[InvalidParam] | None = None,
) -> Response:
    """The problem as JSON for API callers, or as a plain page for a browser."""
    title = TITLES.get(status, "Lỗi (error)")
    if request is not None and _wants_html(request):
        body = f"<!doctype html><meta charset=utf-8><title>{status}</title>"
        body += f"<h1>{escape(title)}</h1><p>{escape(detail or '')}</p>"
        return HTMLResponse(body, status_code=status, headers=headers)
    problem = Problem(
        type=PROBLEM_TYPE,
        title=title,
        status=status,
        detail=detail,
        instance=request.url.path if request is not None else None,
        invalid_params=invalid,
    )
    return JSONResponse(
        problem.model_dump(exclude_none=True),
        status_code=status,
        headers=headers,
        media_type=PROBLEM_JSON,
    )


def _wants_html(request: Request) -> bool:
    if request.url.path.startswith("/api/") or request.url.path == "/healthz":
        return False
    return "text/html" in request.headers.get("accept", "")


def _invalid(exc: RequestValidationError) -> list[InvalidParam]:
    params = []
    for error in exc.errors():
        location = [str(part) for part in error.get("loc", ())]
        params.append(InvalidParam(name=".".join(location), reason=str(error.get("msg", ""))))
    return params


def install_problem_handlers(app: FastAPI) -> None:
    """Route every error of ``app`` through :func:`problem_response`."""

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        detail = exc.detail if isinstance(exc.detail, str) else None
        headers = dict(exc.headers) if exc.headers else None
        return problem_response(request, exc.status_code, detail, headers=headers)

    async def validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        detail = "tham số không hợp lệ (invalid parameters)"
        return problem_response(request, 422, detail, invalid=_invalid(exc))

    async def too_deep(request: Request, exc: Exception) -> Response:
        return problem_response(request, 400, str(exc))

    async def bad_cursor(request: Request, exc: Exception) -> Response:
        return problem_response(request, 400, f"cursor không hợp lệ (invalid cursor): {exc}")

    async def backend_down(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, BackendError)
        log.warning("store unavailable on %s: %s", request.url.path, exc)
        detail = faults.public_message(exc)  # fixed text: the store's message is logged only
        headers = {"Retry-After": str(faults.RETRY_AFTER_SECONDS)}
        return problem_response(request, 503, detail, headers=headers)

    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation)
    app.add_exception_handler(PageTooDeep, too_deep)
    app.add_exception_handler(BadCursor, bad_cursor)
    app.add_exception_handler(BackendError, backend_down)


class CatchAllMiddleware:
    """A bug becomes a problem+json 500 *inside* the other middleware.

    Starlette answers unhandled exceptions in its outermost layer, past every
    middleware, so that answer would carry no security or rate-limit headers.
    Added first (innermost), this layer answers instead and logs the traceback.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracked)
        except Exception:
            log.exception("unhandled error on %s", scope.get("path"))
            if started:  # too late to answer; the connection is cut
                raise
            request = Request(scope)
            response = problem_response(request, 500, "đã có lỗi, xin thử lại (unexpected error)")
            await response(scope, receive, send)


def openapi_problem(description: str) -> dict[str, Any]:
    """An OpenAPI response object whose body is a :class:`Problem`."""
    return {
        "description": description,
        "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
