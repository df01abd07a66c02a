"""Query parameters shared by the API and the web UI, validated into a SearchRequest."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import Query

from search_api.models import MAX_PAGE_SIZE, MAX_QUERY_CHARS, Filters, SearchRequest, Sort


def search_request(
    q: Annotated[str, Query(max_length=MAX_QUERY_CHARS, description="Từ khóa / query text")] = "",
    issuer: Annotated[list[str] | None, Query(description="Cơ quan ban hành")] = None,
    doc_type: Annotated[list[str] | None, Query(description="Loại văn bản")] = None,
    year: Annotated[list[int] | None, Query(ge=1900, le=2100, description="Năm ban hành")] = None,
    date_from: Annotated[dt.date | None, Query(alias="from", description="Từ ngày")] = None,
    date_to: Annotated[dt.date | None, Query(alias="to", description="Đến ngày")] = None,
    gazette: Annotated[list[str] | None, Query(description="Số Công báo / gazette issue")] = None,
    updated_since: Annotated[
        dt.datetime | None,
        Query(description="Chỉ văn bản ghi sau thời điểm này / written after (ISO 8601, UTC)"),
    ] = None,
    sort: Annotated[
        Sort, Query(description="relevance | date_desc | date_asc | updated_desc")
    ] = Sort.relevance,
    page: Annotated[int, Query(ge=1, le=1000)] = 1,
    size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 10,
    cursor: Annotated[str | None, Query(max_length=512)] = None,
) -> SearchRequest:
    return SearchRequest(
        q=q,
        filters=Filters(
            issuer=issuer or [],
            doc_type=doc_type or [],
            year=year or [],
            date_from=date_from,
            date_to=date_to,
            gazette=gazette or [],
            updated_since=updated_since,
        ),
        sort=sort,
        page=page,
        size=size,
        cursor=cursor or None,
    )
