"""Oversize requests get an HTTP answer (414, 413), never a reset connection.

Why in the app and not only in the HTTP parser: when h11 hits its limit on an
incomplete request head, uvicorn answers 400 and closes while the client is
still sending, so the client sees a connection reset. `vanban serve` therefore
lets the parser read heads up to :data:`MAX_REQUEST_HEAD` (1 MiB query strings
included), and this middleware answers a URL longer than :data:`MAX_URL` with
414 and a body longer than :data:`MAX_BODY` with 413, after which the server
closes the connection cleanly.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_URL = 16 * 1024
MAX_BODY = 1024 * 1024
MAX_REQUEST_HEAD = 4 * 1024 * 1024  # uvicorn's h11_max_incomplete_event_size

URL_TOO_LONG = "địa chỉ yêu cầu quá dài (request URL too long)"
BODY_TOO_LARGE = "nội dung yêu cầu quá lớn (request body too large)"


class _TooLarge(Exception):
    pass


class RequestLimits:
    """414 for a URL over ``max_url`` bytes, 413 for a body over ``max_body`` bytes."""

    def __init__(self, app: ASGIApp, *, max_url: int = MAX_URL, max_body: int = MAX_BODY) -> None:
        self.app = app
        self.max_url = max_url
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        url_length = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
        if url_length > self.max_url:
            await _refuse(send, 414, URL_TOO_LONG)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body:
            await _refuse(send, 413, BODY_TOO_LARGE)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:  # a chunked body without a length
                    raise _TooLarge
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except _TooLarge:
            if started:
                raise
            await _refuse(send, 413, BODY_TOO_LARGE)


async def _refuse(send: Send, status: int, message: str) -> None:
    body = json.dumps({"detail": message}, ensure_ascii=False).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
