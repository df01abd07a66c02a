"""Per-client request limits, with the IETF ``RateLimit-*`` headers on every answer.

A fixed window per client address: simple, exact to explain in the docs
("120 requests a minute"), and O(1) per request. The window state lives in
this process; behind several workers each has its own budget, which the
documentation states. Past the limit a request is answered 429 with
``Retry-After`` before it reaches the store. Static files and ``/healthz``
(polled by load balancers) are not counted.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from search_api.admission import client_key
from search_api.api.problems import problem_response

# Forget windows of clients not seen lately once this many are tracked.
_MAX_TRACKED = 50_000


@dataclass
class _Window:
    started: float
    used: int


class RateLimiter:
    """How many requests each client has left in its current window."""

    def __init__(
        self, limit: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._windows: dict[str, _Window] = {}

    def take(self, client: str) -> tuple[bool, int, int]:
        """(allowed, remaining, seconds until reset) for one more request of ``client``."""
        now = self.clock()
        current = self._windows.get(client)
        if current is None or now - current.started >= self.window:
            if len(self._windows) >= _MAX_TRACKED:
                self._forget(now)
            current = self._windows[client] = _Window(now, 0)
        reset = max(1, math.ceil(current.started + self.window - now))
        if current.used >= self.limit:
            return False, 0, reset
        current.used += 1
        return True, self.limit - current.used, reset

    def _forget(self, now: float) -> None:
        expired = [k for k, w in self._windows.items() if now - w.started >= self.window]
        for key in expired:
            del self._windows[key]
        if len(self._windows) >= _MAX_TRACKED:  # all active: start over rather than grow
            self._windows.clear()


class RateLimitMiddleware:
    def __init__(self, app: ASGIApp, limiter: RateLimiter) -> None:
        self.app = app
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        exempt = path.startswith("/static/") or path == "/healthz"
        if scope["type"] != "http" or self.limiter.limit <= 0 or exempt:
            await self.app(scope, receive, send)
            return
        allowed, remaining, reset = self.limiter.take(client_key(scope))
        values = {
            "RateLimit-Limit": str(self.limiter.limit),
            "RateLimit-Remaining": str(remaining),
            "RateLimit-Reset": str(reset),
        }
        if not allowed:
            detail = (
                f"quá {self.limiter.limit} yêu cầu trong {self.limiter.window:g} giây, hãy thử lại "
                f"sau {reset} giây (more than {self.limiter.limit} requests in "
                f"{self.limiter.window:g} s; retry in {reset} s)"
            )
            headers = {**values, "Retry-After": str(reset)}
            response = problem_response(Request(scope), 429, detail, headers=headers)
            await response(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in values.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, with_headers)
