"""One way to turn plain user values into a :class:`SearchRequest`.

The API's query parameters, the web UI's form (the same parameters) and the
CLI's options all come here, so a filter or a paging option added once is
accepted by every face, with the same defaults and the same validation
(pydantic raises :class:`ValueError` for what does not fit).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from search_api.models import Filters, SearchRequest, Sort
from vanban_core.facets import DEFAULT_FACET_SIZE


def make_search_request(
    q: str = "",
    *,
    facets: Mapping[str, Sequence[str | int] | None] | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    gazette: Sequence[str] | None = None,
    updated_since: dt.datetime | None = None,
    in_force_on: dt.date | None = None,
    sort: Sort = Sort.relevance,
    page: int = 1,
    size: int = 10,
    cursor: str | None = None,
    facet_size: int = DEFAULT_FACET_SIZE,
) -> SearchRequest:
    """A validated request; absent lists are empty and an empty cursor is none.

    ``facets`` maps facet names of the registry (:mod:`vanban_core.facets`) to the
    values chosen; an unknown name is refused. ``gazette`` is the gazette facet's
    values (a separate argument, as the CLI's ``--gazette`` option is).
    """
    chosen = {name: [str(v) for v in values or []] for name, values in (facets or {}).items()}
    if gazette:
        chosen["gazette"] = [*chosen.get("gazette", []), *gazette]
    return SearchRequest(
        q=q,
        filters=Filters(
            facets=chosen,
            date_from=date_from,
            date_to=date_to,
            updated_since=updated_since,
            in_force_on=in_force_on,
        ),
        sort=sort,
        page=page,
        size=size,
        cursor=cursor or None,
        facet_size=facet_size,
    )
