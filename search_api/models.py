"""Backend-neutral request and response types.

The API, the web UI and the CLI speak only these types; each backend turns a
:class:`SearchRequest` into its own engine's request and answers with a
:class:`SearchPage`, so the two backends are interchangeable.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from pydantic import (
    BaseModel,
    Field,
    PrivateAttr,
    create_model,
    field_validator,
    model_validator,
)

from vanban_core.facets import DEFAULT_FACET_SIZE, FACETS, FACETS_BY_NAME, MAX_FACET_SIZE
from vanban_core.schema import Document, Gazette
from vanban_core.store import UpsertReport
from vanban_core.validity import UNKNOWN

MAX_QUERY_CHARS = 1000
MAX_PAGE_SIZE = 100
# Offset paging stops here; deeper results are reached through cursors.
MAX_OFFSET = 1000


class Sort(StrEnum):
    relevance = "relevance"
    date_desc = "date_desc"
    date_asc = "date_asc"
    updated_desc = "updated_desc"  # newest written first: feeds and sync


class Filters(BaseModel):
    """Exact-value filters; every list is OR within itself, AND across fields.

    ``facets`` holds one list per facet of the registry (:mod:`vanban_core.facets`),
    compared by the facet's folded key; ``Filters(issuer=[…], year=[2014])`` is
    accepted as a shorthand for ``Filters(facets={"issuer": […], "year": ["2014"]})``.
    """

    facets: dict[str, list[str]] = Field(default_factory=dict)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    in_force_on: dt.date | None = Field(
        default=None, description="Only documents in force (có hiệu lực) on this day"
    )
    number: list[str] = Field(default_factory=list, description="Number lookup keys")
    updated_since: dt.datetime | None = Field(
        default=None, description="Only documents written after this instant (exclusive)"
    )

    @model_validator(mode="before")
    @classmethod
    def _facet_shorthand(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        facets = {k: [str(v) for v in vs] for k, vs in dict(data.get("facets") or {}).items()}
        rest = {}
        for key, value in data.items():
            if key in FACETS_BY_NAME:
                facets[key] = [str(v) for v in value or []]
            elif key != "facets":
                rest[key] = value
        return {**rest, "facets": facets}

    @field_validator("facets")
    @classmethod
    def _known_facets(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        unknown = set(value) - set(FACETS_BY_NAME)
        if unknown:
            raise ValueError(f"unknown facet: {', '.join(sorted(unknown))}")
        return {name: values for name, values in value.items() if values}

    def values(self, name: str) -> list[str]:
        """The filter values given for facet ``name`` (empty when none)."""
        return self.facets.get(name, [])

    def is_empty(self) -> bool:
        return not (
            any(self.facets.values())
            or self.date_from
            or self.date_to
            or self.in_force_on
            or self.number
            or self.updated_since
        )


class SearchRequest(BaseModel):
    """What a user asked for, before any backend sees it."""

    q: str = Field(default="", max_length=MAX_QUERY_CHARS)
    filters: Filters = Field(default_factory=Filters)
    sort: Sort = Sort.relevance
    page: int = Field(default=1, ge=1)
    size: int = Field(default=10, ge=1, le=MAX_PAGE_SIZE)
    cursor: str | None = Field(default=None, max_length=512)
    facet_size: int = Field(default=DEFAULT_FACET_SIZE, ge=1, le=MAX_FACET_SIZE)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size


class HitArticle(BaseModel):
    """The article (Điều) of a hit that best matches the query (see search_api.passages)."""

    number: str = Field(description="Số điều, e.g. '5' or '5a'")
    heading: str = Field(default="", description="Tên điều")
    anchor: str = Field(description="Fragment id on the document page: 'dieu-5'")


class Hit(BaseModel):
    id: str
    number: str | None = None
    doc_type: str | None = None
    issuer: str | None = None
    issued_date: dt.date | None = None
    title: str | None = None
    updated_at: dt.datetime | None = None
    status: str = Field(default=UNKNOWN, description="Tình trạng hiệu lực")
    effective_date: dt.date | None = None
    expiry_date: dt.date | None = None
    language: str = "vi"
    gazette: Gazette | None = None
    snippet: str = Field(default="", description="HTML-escaped text with <mark> around matches")
    article: HitArticle | None = Field(
        default=None, description="Điều khớp nhất với truy vấn / best-matching article"
    )
    score: float = Field(
        default=0.0,
        description="Điểm của công cụ tìm kiếm / the engine's score; the first hits of a "
        "text query are ordered by the learned reranker, not by this score",
    )
    # The text the snippet was cut from (best article or bounded opening), kept
    # for the reranker's features and never serialized.
    _passage: str = PrivateAttr(default="")
    # The folded query syllables the snippet marks, while the snippet is not yet cut.
    _snippet_terms: frozenset[str] = PrivateAttr(default=frozenset())

    @property
    def passage(self) -> str:
        return self._passage


class FacetBucket(BaseModel):
    value: str
    count: int


class FacetsBase(BaseModel):
    """Buckets per facet of the registry; one field each, so OpenAPI names them."""

    def __getitem__(self, name: str) -> list[FacetBucket]:
        buckets: list[FacetBucket] = getattr(self, name)
        return buckets


if TYPE_CHECKING:

    class Facets(FacetsBase):
        def __init__(self, **buckets: list[FacetBucket]) -> None: ...

        def __getattr__(self, name: str) -> list[FacetBucket]: ...

else:
    Facets = create_model(
        "Facets",
        __base__=FacetsBase,
        **{
            spec.name: (
                list[FacetBucket],
                Field(default_factory=list, description=f"{spec.label_vi} / {spec.label_en}"),
            )
            for spec in FACETS
        },
    )


class SearchPage(BaseModel):
    """One page of results; the JSON body of /api/v1/search."""

    total: int
    hits: list[Hit]
    facets: Facets
    page: int = 1
    size: int = 10
    next_cursor: str | None = None
    suggestion: str | None = None
    facets_truncated: list[str] = Field(
        default_factory=list,
        description="Facets that have more values than the buckets returned (ask a larger "
        "facet_size to see them)",
    )


class Suggestion(BaseModel):
    """One autocomplete entry: a document number or a title, with its document."""

    text: str
    kind: str = Field(description="number | title")
    id: str
    number: str | None = None
    doc_type: str | None = None


class Suggestions(BaseModel):
    suggestions: list[Suggestion]


__all__ = [
    "MAX_OFFSET",
    "MAX_PAGE_SIZE",
    "MAX_QUERY_CHARS",
    "Document",
    "FacetBucket",
    "Facets",
    "Filters",
    "Hit",
    "SearchPage",
    "SearchRequest",
    "Sort",
    "Suggestion",
    "Suggestions",
    "UpsertReport",
]
