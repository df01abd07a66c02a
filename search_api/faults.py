"""The store is down: the API's 503 answer, with Retry-After and fixed text.

A missing, moved, unreadable or overloaded store is an outage the client should
wait out, not a bug: the API answers 503 with ``Retry-After`` (the UI's HTML
page is :mod:`web.errors`, with the same header), and the next request tries
the store again, so nothing stays broken once it is back. The message shown is
fixed text; the backend's own message, which may name files, tables or hosts,
goes to the log only.
"""

from __future__ import annotations

import logging

from fastapi.responses import JSONResponse

from vanban_core.store import BackendError, SearchTimeout

log = logging.getLogger("vanban.faults")

RETRY_AFTER_SECONDS = 5
UNAVAILABLE = (
    "kho dữ liệu tạm thời không sẵn sàng, vui lòng thử lại sau "
    "(the document store is temporarily unavailable; retry later)"
)
TIMED_OUT = "tìm kiếm quá lâu nên đã dừng (the search took too long and was stopped)"


def public_message(exc: BackendError) -> str:
    """What a user may read about ``exc``: never its internal details."""
    return TIMED_OUT if isinstance(exc, SearchTimeout) else UNAVAILABLE


def unavailable(exc: BackendError, where: str, **extra: str) -> JSONResponse:
    """The 503 answer to a request on ``where`` that met ``exc``; its details to the log."""
    log.warning("store unavailable on %s: %s", where, exc)
    return JSONResponse(
        status_code=503,
        content={**extra, "detail": public_message(exc)},
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )
