"""Query parameters shared by the API and the web UI, validated into a SearchRequest
by the one constructor the CLI uses too (:mod:`search_api.search_request`)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import Query

from search_api.models import MAX_PAGE_SIZE, MAX_QUERY_CHARS, SearchRequest, Sort
from search_api.search_request import make_search_request


def search_request(
    q: Annotated[str, Query(max_length=MAX_QUERY_CHARS, description="Từ khóa / query text")] = "",
    issuer: Annotated[list[str] | None, Query(description="Cơ quan ban hành")] = None,
    doc_type: Annotated[list[str] | None, Query(description="Loại văn bản")] = None,
    year: Annotated[list[int] | None, Query(ge=1900, le=2100, description="Năm ban hành")] = None,
    date_from: Annotated[dt.date | None, Query(alias="from", description="Từ ngày")] = None,
    date_to: Annotated[dt.date | None, Query(alias="to", description="Đến ngày")] = None,
    gazette: Annotated[list[str] | None, Query(description="Số Công báo / gazette issue")] = None,
    sort: Annotated[Sort, Query(description="relevance | date_desc | date_asc")] = Sort.relevance,
    page: Annotated[int, Query(ge=1, le=1000)] = 1,
    size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 10,
    cursor: Annotated[str | None, Query(max_length=512)] = None,
) -> SearchRequest:
    return make_search_request(
        q,
        issuer=issuer,
        doc_type=doc_type,
        year=year,
        date_from=date_from,
        date_to=date_to,
        gazette=gazette,
        sort=sort,
        page=page,
        size=size,
        cursor=cursor,
    )
