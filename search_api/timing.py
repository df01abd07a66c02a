"""Per-stage timings of a search (parse, plan, match, rank, facets, snippets), on demand.

A benchmark opens :func:`recording` around a search and reads where the time
went; outside it :func:`stage` costs one context-variable lookup, so the
service and the backends time their stages unconditionally and nothing changes
in their results or their API.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_current: ContextVar[dict[str, float] | None] = ContextVar("vanban_timings", default=None)


@contextmanager
def recording() -> Iterator[dict[str, float]]:
    """Collect the seconds spent in each stage of the searches run inside."""
    timings: dict[str, float] = {}
    token = _current.set(timings)
    try:
        yield timings
    finally:
        _current.reset(token)


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Time the block as stage ``name`` when :func:`recording` is active."""
    timings = _current.get()
    if timings is None:
        yield
        return
    started = time.perf_counter()
    try:
        yield
    finally:
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - started
