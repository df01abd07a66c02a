"""Request size limits: a URL or a body too large is refused before any work.

Oversize requests get an HTTP answer (414, 413), never a reset connection. When
h11 hits its limit on an incomplete request head, uvicorn answers 400 and closes
while the client is still sending, so the client sees a reset; `vanban serve`
therefore lets the parser read heads up to :data:`MAX_REQUEST_HEAD` (1 MiB
query strings included) and this middleware answers with 414 instead.

The body limit is enforced twice: on the declared ``Content-Length``, and while
the body streams in (a chunked upload that never declares its size), so a
client cannot make the server buffer more than the limit.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from search_api.api.problems import problem_response

MAX_REQUEST_HEAD = 4 * 1024 * 1024  # uvicorn's h11_max_incomplete_event_size


class _TooLarge(BaseException):
    """Raised from ``receive``; a BaseException so no body parser turns it into a 400."""


class SizeLimitMiddleware:
    def __init__(self, app: ASGIApp, *, max_query_bytes: int, max_body_bytes: int) -> None:
        self.app = app
        self.max_query = max_query_bytes
        self.max_body = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        url = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
        if url > self.max_query:
            detail = (
                f"địa chỉ yêu cầu quá dài, tối đa {self.max_query} byte "
                f"(request URL too long, over {self.max_query} bytes)"
            )
            await problem_response(Request(scope), 414, detail)(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body:
            await self._refuse(scope, receive, send)
            return
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise _TooLarge
            return message

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, tracked)
        except _TooLarge:
            if started:
                raise
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        detail = f"nội dung quá {self.max_body:,} byte (request body over the limit)"
        await problem_response(Request(scope), 413, detail)(scope, receive, send)
