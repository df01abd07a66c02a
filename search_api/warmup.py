"""Everything a first search would load, loaded at server start instead.

The analysis resources (:mod:`vanban_core.preload`), then one real search
through the service: it plans a query with words and a number, runs it with
facets and snippets on the store, so the backend's first-use costs (SQLite
pages into the OS cache, the Elasticsearch connection pool) are paid here too.
The time of each step is logged, so a slow start says why.
"""

from __future__ import annotations

import logging
import time

from search_api.backends.base import BackendError
from search_api.models import SearchRequest
from search_api.service import SearchService
from vanban_core.preload import load_resources

log = logging.getLogger("vanban.startup")

WARM_QUERY = "quyết định của Thủ tướng về chuyển đổi số 1016/TB-VPCP"


def warm_up(service: SearchService) -> dict[str, float]:
    """Load, search once, log; seconds of each step by name (``total`` included).

    A store that is down is logged and the server starts anyway: /healthz then
    says so, and searches fail with a clear 503 rather than the server not starting.
    """
    started = time.perf_counter()
    seconds = load_resources()
    before = time.perf_counter()
    try:
        service.search(SearchRequest(q=WARM_QUERY))
        service.backend.settle()  # the facet index that search began, before any user waits
    except BackendError as exc:
        log.warning("vanban: warm-up search failed, the store is not ready: %s", exc)
    seconds["first search"] = time.perf_counter() - before
    seconds["total"] = time.perf_counter() - started
    steps = ", ".join(f"{name} {value:.2f} s" for name, value in seconds.items() if name != "total")
    log.info("vanban: ready in %.2f s (%s)", seconds["total"], steps)
    return seconds
