"""One way to turn plain user values into a :class:`SearchRequest`.

The API's query parameters, the web UI's form (the same parameters) and the
CLI's options all come here, so a filter or a paging option added once is
accepted by every face, with the same defaults and the same validation
(pydantic raises :class:`ValueError` for what does not fit).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from search_api.models import Filters, SearchRequest, Sort


def make_search_request(
    q: str = "",
    *,
    issuer: Sequence[str] | None = None,
    doc_type: Sequence[str] | None = None,
    year: Sequence[int] | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    gazette: Sequence[str] | None = None,
    sort: Sort = Sort.relevance,
    page: int = 1,
    size: int = 10,
    cursor: str | None = None,
) -> SearchRequest:
    """A validated request; absent lists are empty and an empty cursor is none."""
    return SearchRequest(
        q=q,
        filters=Filters(
            issuer=list(issuer or []),
            doc_type=list(doc_type or []),
            year=list(year or []),
            date_from=date_from,
            date_to=date_to,
            gazette=list(gazette or []),
        ),
        sort=sort,
        page=page,
        size=size,
        cursor=cursor or None,
    )
