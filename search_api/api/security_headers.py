"""Security headers on every response; a strict Content-Security-Policy on HTML.

The UI runs no inline script and loads nothing from elsewhere, so its policy
allows only its own origin; ``frame-ancestors 'none'`` keeps it out of other
sites' frames (clickjacking). The API docs (/docs) are served from local assets
without inline script, so the same policy holds there.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
ALWAYS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in ALWAYS.items():
                    headers.setdefault(name, value)
                kind = headers.get("content-type", "")
                if kind.startswith("text/html") or "Content-Security-Policy" not in headers:
                    # Every response gets a policy; for JSON it costs nothing and
                    # stops a sniffed or framed response from running anything.
                    headers["Content-Security-Policy"] = PAGE_POLICY
            await send(message)

        await self.app(scope, receive, with_headers)
