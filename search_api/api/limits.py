"""Request size limits: a query string or a body too large is refused before any work.

The body limit is enforced twice: on the declared ``Content-Length``, and while
the body streams in (a chunked upload that never declares its size), so a
client cannot make the server buffer more than the limit.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from search_api.api.problems import problem_response


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
        if len(scope.get("query_string", b"")) > self.max_query:
            detail = f"chuỗi truy vấn quá {self.max_query} byte (query string over the limit)"
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
