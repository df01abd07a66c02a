"""Query parameters shared by the API and the web UI, validated into a SearchRequest.

The facet filters are generated from the facet registry: one repeatable query
parameter per facet (``issuer=…&issuer=…``, ``year=2025``), so a new facet is a
filter of the API and the UI without a line here. Item constraints sit on the
list's items (a year is 1000–9999), never on the list itself.
"""

from __future__ import annotations

import datetime as dt
import inspect
from typing import Annotated, Any

from fastapi import Query
from pydantic import Field

from search_api.models import MAX_PAGE_SIZE, MAX_QUERY_CHARS, Filters, SearchRequest, Sort
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
    "date_from": (
        Annotated[dt.date | None, Query(alias="from", description="Từ ngày / from date")],
        None,
    ),
    "date_to": (
        Annotated[dt.date | None, Query(alias="to", description="Đến ngày / to date")],
        None,
    ),
    "in_force_on": (
        Annotated[
            dt.date | None,
            Query(description="Còn hiệu lực vào ngày (YYYY-MM-DD) / in force on this day"),
        ],
        None,
    ),
    "sort": (
        Annotated[Sort, Query(description="relevance | date_desc | date_asc")],
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
    return SearchRequest(
        q=values["q"],
        filters=Filters(
            facets={spec.name: values[spec.name] or [] for spec in FACETS},
            date_from=values["date_from"],
            date_to=values["date_to"],
            in_force_on=values["in_force_on"],
        ),
        sort=values["sort"],
        page=values["page"],
        size=values["size"],
        cursor=values["cursor"] or None,
        facet_size=values["facet_size"],
    )


def _signature() -> inspect.Signature:
    annotations = {name: spec for name, spec in _FIXED.items()}
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


def search_request(**values: Any) -> SearchRequest:
    """FastAPI dependency: the request's query parameters as a :class:`SearchRequest`."""
    return _build(**values)


search_request.__signature__ = _signature()  # type: ignore[attr-defined]
