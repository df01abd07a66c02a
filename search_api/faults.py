"""The store is down: one 503 answer, with Retry-After, for every route.

A missing, moved, unreadable or overloaded store is an outage the client should
wait out, not a bug: every route answers 503 with a ``Retry-After`` header (JSON
under ``/api`` and ``/healthz``, an HTML page elsewhere), and the next request
tries the store again, so nothing stays broken once it is back. The message
shown is fixed text; the backend's own message, which may name files, tables
or hosts, goes to the log only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from vanban_core.store import BackendError, SearchTimeout

log = logging.getLogger("vanban.faults")

RETRY_AFTER_SECONDS = 5
UNAVAILABLE = (
    "kho dữ liệu tạm thời không sẵn sàng, vui lòng thử lại sau "
    "(the document store is temporarily unavailable; retry later)"
)
TIMED_OUT = "tìm kiếm quá lâu nên đã dừng (the search took too long and was stopped)"

HtmlPage = Callable[[Request, int, str], Response]


def public_message(exc: BackendError) -> str:
    """What a user may read about ``exc``: never its internal details."""
    return TIMED_OUT if isinstance(exc, SearchTimeout) else UNAVAILABLE


def wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path == "/healthz"


def unavailable(request: Request, exc: BackendError, html_page: HtmlPage | None) -> Response:
    """The 503 answer for ``request``, in the form its route speaks."""
    log.warning("store unavailable on %s: %s", request.url.path, exc)
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    message = public_message(exc)
    if html_page is not None and not wants_json(request):
        response = html_page(request, 503, message)
        response.headers.update(headers)
        return response
    content: dict[str, str] = {"detail": message}
    if request.url.path == "/healthz":
        content = {"status": "unavailable", **content}
    return JSONResponse(status_code=503, content=content, headers=headers)


def install(app: FastAPI, html_page: HtmlPage | None = None) -> None:
    """Answer every :class:`BackendError` a route raises with :func:`unavailable`."""

    def handler(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, BackendError)
        return unavailable(request, exc, html_page)

    app.add_exception_handler(BackendError, handler)
