"""Admission control: a bounded number of requests at work, a bounded queue, then 503.

Why: every search is CPU work in a thread (FastAPI runs the sync routes off the
event loop). Letting 64 of them run at once on 2 cores makes each one 32 times
slower and some pass the search time limit, so everybody waits and some get
errors. Here at most ``slots`` requests work at a time (default: the core
count), the others wait in order in a queue of ``queue`` places for at most
``wait`` seconds; a request that finds the queue full, or waits too long, gets
503 with Retry-After at once instead of a timeout later. Static files, health
checks and the API description are never queued.

A pure ASGI middleware (no per-request task or body buffering), so the cost of
admitting a request is one semaphore operation.
"""

from __future__ import annotations

import asyncio
import json
import os

from starlette.types import ASGIApp, Receive, Scope, Send

BUSY = "máy chủ đang quá tải, vui lòng thử lại sau (the server is busy; retry later)"
RETRY_AFTER_SECONDS = 1
_EXEMPT = ("/static/", "/healthz", "/docs", "/api/v1/openapi.json", "/favicon.ico")


def default_slots() -> int:
    return max(1, os.cpu_count() or 1)


class Admission:
    """At most ``slots`` requests in the app, ``queue`` waiting, ``wait`` seconds each."""

    def __init__(self, app: ASGIApp, *, slots: int, queue: int, wait: float) -> None:
        self.app = app
        self.slots = slots or default_slots()
        self.queue = queue
        self.wait = wait
        self.waiting = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._semaphore = asyncio.Semaphore(self.slots)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or str(scope["path"]).startswith(_EXEMPT):
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        if self._loop is not loop:  # made in the loop that serves (tests run several)
            self._loop, self._semaphore, self.waiting = loop, asyncio.Semaphore(self.slots), 0
        semaphore = self._semaphore
        if semaphore.locked() and self.waiting >= self.queue:
            await _busy(send)
            return
        self.waiting += 1
        try:
            async with asyncio.timeout(self.wait):
                await semaphore.acquire()
        except TimeoutError:  # a cancelled acquire holds no slot
            await _busy(send)
            return
        finally:
            self.waiting -= 1
        try:
            await self.app(scope, receive, send)
        finally:
            semaphore.release()


async def _busy(send: Send) -> None:
    body = json.dumps({"detail": BUSY}, ensure_ascii=False).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 503,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"retry-after", str(RETRY_AFTER_SECONDS).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
