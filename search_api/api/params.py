"""Query parameters shared by the API and the web UI, validated into a SearchRequest.

The facet filters are generated from the facet registry: one repeatable query
parameter per facet (``issuer=…&issuer=…``, ``year=2025``), so a new facet is a
filter of the API and the UI without a line here. Item constraints sit on the
list's items (a year is 1000–9999), never on the list itself. The values go
through the one constructor the CLI uses too (:mod:`search_api.search_request`).
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Query
from pydantic import Field

from search_api.models import MAX_PAGE_SIZE, MAX_QUERY_CHARS, SearchRequest, Sort
from search_api.search_request import make_search_request
from vanban_core.facets import (
    DEFAULT_FACET_SIZE,
    FACETS,
    MAX_FACET_SIZE,
    FacetKind,
    FacetSpec,
)

MAX_FILTER_CHARS = 200

_FIXED: dict[str, tuple[Any, Any]] = {
    "q": (
        Annotated[str, Query(max_length=MAX_QUERY_CHARS, description="Từ khóa / query text")],
        "",
    ),
    "in_force_on": (
        Annotated[
            dt.date | None,
            Query(description="Còn hiệu lực vào ngày (YYYY-MM-DD) / in force on this day"),
        ],
        None,
    ),
    "updated_since": (
        Annotated[
            dt.datetime | None,
            Query(description="Chỉ văn bản ghi sau thời điểm này / written after (ISO 8601, UTC)"),
        ],
        None,
    ),
    "sort": (
        Annotated[Sort, Query(description="relevance | date_desc | date_asc | updated_desc")],
        Sort.relevance,
    ),
    "page": (Annotated[int, Query(ge=1, le=1000, description="Trang / page")], 1),
    "size": (
        Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Kết quả mỗi trang / per page")],
        10,
    ),
    "facet_size": (
        Annotated[
            int,
            Query(
                ge=1,
                le=MAX_FACET_SIZE,
                description="Giá trị mỗi nhóm lọc / buckets per facet",
            ),
        ],
        DEFAULT_FACET_SIZE,
    ),
    "cursor": (
        Annotated[str | None, Query(max_length=512, description="next_cursor of a page")],
        None,
    ),
}


def _facet_parameter(spec: FacetSpec) -> Any:
    item: Any
    if spec.kind is FacetKind.year:
        item = Annotated[int, Field(ge=1000, le=9999)]
    else:
        item = Annotated[str, Field(max_length=MAX_FILTER_CHARS)]
    return Annotated[
        list[item] | None,
        Query(description=f"{spec.label_vi} / {spec.label_en} (lặp lại được / repeatable)"),
    ]


def _build(**values: Any) -> SearchRequest:
    return make_search_request(
        values["q"],
        facets={spec.name: values[spec.name] for spec in FACETS},
        date_from=values["date_from"],
        date_to=values["date_to"],
        updated_since=values["updated_since"],
        in_force_on=values["in_force_on"],
        sort=values["sort"],
        page=values["page"],
        size=values["size"],
        cursor=values["cursor"],
        facet_size=values["facet_size"],
    )


def _dates(date: Any) -> dict[str, tuple[Any, Any]]:
    return {
        "date_from": (
            Annotated[date | None, Query(alias="from", description="Từ ngày / from date")],
            None,
        ),
        "date_to": (
            Annotated[date | None, Query(alias="to", description="Đến ngày / to date")],
            None,
        ),
    }


def _signature(date: Any) -> inspect.Signature:
    annotations = {**_FIXED, **_dates(date)}
    for spec in FACETS:
        annotations[spec.name] = (_facet_parameter(spec), None)
    return inspect.Signature(
        [
            inspect.Parameter(
                name, inspect.Parameter.KEYWORD_ONLY, annotation=kind, default=default
            )
            for name, (kind, default) in annotations.items()
        ]
    )


def search_request_dependency(date: Any = dt.date) -> Callable[..., SearchRequest]:
    """A FastAPI dependency reading the query parameters into a :class:`SearchRequest`.

    ``date`` is the type the ``from``/``to`` parameters are validated as: ISO dates for
    the API; the UI passes its own (day/month/year as Vietnamese users write it), so
    both read every other parameter the same way.
    """

    def dependency(**values: Any) -> SearchRequest:
        return _build(**values)

    dependency.__signature__ = _signature(date)  # type: ignore[attr-defined]
    return dependency


search_request = search_request_dependency()
