"""Which requests may take admission's quick lane (search_api.admission): number lookups.

Decided from the path and the raw query string before the request is admitted,
so it reads no body and plans no query: a bare document number, typed in the
API's or the UI's search box or sent to the lookup route, costs a key lookup
(about 2 ms), whatever the size of the store.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from starlette.types import Scope

from search_api.planner import is_number_lookup

LOOKUP_PATHS = frozenset({"/api/v1/lookup"})
SEARCH_PATHS = frozenset({"/api/v1/search", "/"})  # "/": the UI's search page
_MAX_FIELDS = 32  # more parameters than any search form sends: not a quick request


def is_quick_request(scope: Scope) -> bool:
    if scope.get("method") not in ("GET", "HEAD"):
        return False
    path = scope.get("path", "")
    if path in LOOKUP_PATHS:
        return True
    if path not in SEARCH_PATHS:
        return False
    raw = bytes(scope.get("query_string", b"")).decode("latin-1")
    try:
        values = parse_qs(raw, max_num_fields=_MAX_FIELDS).get("q", [])
    except ValueError:
        return False
    return len(values) == 1 and is_number_lookup(values[0])
