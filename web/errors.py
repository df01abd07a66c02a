"""HTML error pages for the UI: 400, 404, 503 (with Retry-After) and 500.

The app's exception handlers call :func:`error_page` for every path that is not
the JSON API (:func:`wants_html`), so a person following a link sees a page in
their language with a way back, while API clients keep their JSON errors.
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from typing import Any, cast

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from search_api.backends.base import BackendError, BadCursor
from search_api.service import PageTooDeep
from web.pages import render

# Seconds a client is asked to wait before retrying when the store is down.
RETRY_AFTER_SECONDS = 5
_API_PREFIXES = ("/api/", "/healthz", "/docs")
# Service and store failures the API answers in JSON; the UI answers them with a page.
_STORE_ERRORS = (BackendError, PageTooDeep, BadCursor)
# Title and body label of each status the UI shows; anything else is shown as 500.
_MESSAGES = {
    400: ("bad_request", "bad_request_body"),
    404: ("not_found_title", "not_found_body"),
    422: ("bad_request", "bad_request_body"),
    503: ("unavailable", "unavailable_body"),
}


def wants_html(request: Request) -> bool:
    """Whether an error on this path is for a person (HTML) rather than an API client."""
    return not request.url.path.startswith(_API_PREFIXES)


def error_page(
    request: Request,
    status: int,
    details: Sequence[str] = (),
    headers: dict[str, str] | None = None,
) -> Response:
    title, body = _MESSAGES.get(status, ("server_error", "server_error_body"))
    shown = 400 if status == 422 else status
    if shown == 503:
        headers = {"Retry-After": str(RETRY_AFTER_SECONDS), **(headers or {})}
    return render(
        request,
        "error.html",
        {"status": shown, "title_key": title, "body_key": body, "details": list(details)},
        status_code=shown,
        headers=headers,
    )


def _validation_details(exc: RequestValidationError) -> list[str]:
    details = []
    for error in exc.errors():
        where = str(error.get("loc", ("", ""))[-1])
        message = str(error.get("msg", "")).removeprefix("Value error, ")
        details.append(f"{where}: {message}" if where else message)
    return details


def _page_for(request: Request, exc: Exception) -> Response:
    if isinstance(exc, RequestValidationError):
        return error_page(request, 400, _validation_details(exc))
    if isinstance(exc, StarletteHTTPException):
        return error_page(request, exc.status_code, headers=dict(exc.headers or {}))
    if isinstance(exc, BackendError):
        return error_page(request, 503)
    return error_page(request, 400)  # a page too deep or a bad cursor: the URL's fault


def install_error_pages(app: FastAPI) -> None:
    """Answer errors with HTML pages outside the JSON API; the API's handlers stay.

    Call it after the API installed its handlers: each one (or FastAPI's default)
    is wrapped, so API paths keep whatever JSON the API answers and UI paths get a page.
    """
    for kind in (StarletteHTTPException, RequestValidationError, *_STORE_ERRORS):
        app.add_exception_handler(kind, _dispatch(app.exception_handlers.get(kind)))


def _dispatch(api_handler: Any) -> Any:
    async def handler(request: Request, exc: Exception) -> Response:
        if wants_html(request) or api_handler is None:
            return _page_for(request, exc)
        answer = api_handler(request, exc)
        return cast(Response, await answer if inspect.isawaitable(answer) else answer)

    return handler
