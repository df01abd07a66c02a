"""Admission control: a bounded number of requests at work, a bounded queue, then 503.

Why: every search is CPU work in a thread (FastAPI runs the sync routes off the
event loop). Letting 64 of them run at once on 2 cores makes each one 32 times
slower and some pass the search time limit, so everybody waits and some get
errors. Here at most ``slots`` requests work at a time (default: the core
count), the others wait in a queue of ``queue`` places for at most ``wait``
seconds; a request that finds the queue full, or waits too long, gets 503 with
Retry-After at once instead of a timeout later. Static files, health checks and
the API description are never queued.

Quick requests have a lane of their own: a request the ``quick`` test accepts
(a document-number lookup, about 2 ms of work) takes one of ``quick_slots``
extra slots when one is free instead of queueing, so an official looking a
number up does not wait behind word queries that cost 20-100 times more (it
waited 30-380 times its own cost at 16 clients). The lane oversubscribes the
cores by at most ``quick_slots`` cheap requests; when it is full, a quick
request waits in the lane's own fair lines, behind other lookups only (each
about 2 ms), never behind word queries: in the main lines, lookups from a
client that was also sending word queries waited behind that client's backlog.

The queue is fair across clients: each client (its address, the key the rate
limiter counts by) has its own line, and a freed slot goes to the next client
in turn, round-robin, to that client's oldest request. A client flooding the
server with eight slow queries at a time so waits behind its own backlog,
while another client's request waits for about one slot to free, not for the
flood (in one shared first-come line it waited for all of it: ~3 s).

A pure ASGI middleware (no per-request task or body buffering); admitting a
request is a counter check, or one future when it has to wait.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections import OrderedDict, deque
from collections.abc import Callable

from starlette.types import ASGIApp, Receive, Scope, Send

BUSY = "máy chủ đang quá tải, vui lòng thử lại sau (the server is busy; retry later)"
RETRY_AFTER_SECONDS = 1
_EXEMPT = ("/static/", "/healthz", "/docs", "/api/v1/openapi.json", "/favicon.ico")


def default_slots() -> int:
    return max(1, os.cpu_count() or 1)


def client_key(scope: Scope) -> str:
    """Who sent the request: its peer address (what uvicorn resolved, proxies included)."""
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


class _Lane:
    """``slots`` places and the fair lines of requests waiting for one.

    Each client (its address) has its own line, and a freed place goes to the
    next client in turn, round-robin, to that client's oldest request.
    """

    def __init__(self, slots: int) -> None:
        self.slots = slots
        self.busy = 0  # requests holding a place
        self.waiting = 0  # requests in the lines, all clients together
        # client -> its waiting requests, oldest first; dict order is the turn order
        self._lines: OrderedDict[str, deque[asyncio.Future[None]]] = OrderedDict()

    def enter(self) -> bool:
        """Take a free place at once, if one is free and nobody waits for it."""
        if self.busy < self.slots and not self.waiting:
            self.busy += 1
            return True
        return False

    async def wait_turn(self, loop: asyncio.AbstractEventLoop, client: str, wait: float) -> bool:
        """Wait in ``client``'s line until a place is handed over: True, or False on timeout."""
        turn: asyncio.Future[None] = loop.create_future()
        self._lines.setdefault(client, deque()).append(turn)
        self.waiting += 1
        try:
            async with asyncio.timeout(wait):
                await turn
            return True
        except BaseException as error:
            if turn.done() and not turn.cancelled():  # handed a place as time ran out
                self.release()
            else:
                self._withdraw(client, turn)
            if isinstance(error, TimeoutError):
                return False
            raise  # the client went away

    def _withdraw(self, client: str, turn: asyncio.Future[None]) -> None:
        line = self._lines.get(client)
        if line is None or turn not in line:
            return  # already taken out by release
        line.remove(turn)
        self.waiting -= 1
        if not line:
            del self._lines[client]

    def release(self) -> None:
        """Hand the freed place to the next client in turn, or free it."""
        while self._lines:
            client, line = next(iter(self._lines.items()))
            turn = line.popleft()
            self.waiting -= 1
            if line:
                self._lines.move_to_end(client)  # its next request waits for the others
            else:
                del self._lines[client]
            if not turn.done():
                turn.set_result(None)  # the place passes over: busy stays the same
                return
        self.busy -= 1


class Admission:
    """At most ``slots`` requests in the app, ``queue`` waiting, ``wait`` seconds each,
    and up to ``quick_slots`` more of those ``quick`` accepts, which wait only for
    each other."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        slots: int,
        queue: int,
        wait: float,
        quick: Callable[[Scope], bool] | None = None,
        quick_slots: int = 1,
    ) -> None:
        self.app = app
        self.slots = slots or default_slots()
        self.queue = queue
        self.wait = wait
        self.quick = quick
        self.quick_slots = quick_slots
        self._reset(None)

    def _reset(self, loop: asyncio.AbstractEventLoop | None) -> None:
        """State for the loop that serves (tests run several loops in one process)."""
        self._loop = loop
        self._main = _Lane(self.slots)
        self._quick = _Lane(self.quick_slots)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or str(scope["path"]).startswith(_EXEMPT):
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            self._reset(loop)
        lane = self._main
        if self.quick is not None and self.quick(scope):
            lane = self._quick
        admitted = lane.enter() or (
            lane.waiting < self.queue and await lane.wait_turn(loop, client_key(scope), self.wait)
        )
        if not admitted:
            await _busy(send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            lane.release()


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
