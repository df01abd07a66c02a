"""Backend-neutral request and response types.

The API, the web UI and the CLI speak only these types; each backend turns a
:class:`SearchRequest` into its own engine's request and answers with a
:class:`SearchPage`, so the two backends are interchangeable.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, Field

from vanban_core.schema import Document
from vanban_core.store import UpsertReport

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
    """Exact-value filters; every list is OR within itself, AND across fields."""

    issuer: list[str] = Field(default_factory=list)
    doc_type: list[str] = Field(default_factory=list)
    year: list[int] = Field(default_factory=list)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    gazette: list[str] = Field(default_factory=list)
    number: list[str] = Field(default_factory=list, description="Number lookup keys")
    updated_since: dt.datetime | None = Field(
        default=None, description="Only documents written after this instant (exclusive)"
    )

    def is_empty(self) -> bool:
        return not (
            self.issuer
            or self.doc_type
            or self.year
            or self.date_from
            or self.date_to
            or self.gazette
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
    facet_size: int = Field(default=20, ge=1, le=200)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size


class Hit(BaseModel):
    id: str
    number: str | None = None
    doc_type: str | None = None
    issuer: str | None = None
    issued_date: dt.date | None = None
    title: str | None = None
    updated_at: dt.datetime | None = None
    snippet: str = Field(default="", description="HTML-escaped text with <mark> around matches")
    score: float = 0.0


class FacetBucket(BaseModel):
    value: str
    count: int


class Facets(BaseModel):
    issuer: list[FacetBucket] = Field(default_factory=list)
    doc_type: list[FacetBucket] = Field(default_factory=list)
    year: list[FacetBucket] = Field(default_factory=list)


class SearchPage(BaseModel):
    """One page of results; the JSON body of /api/v1/search."""

    total: int
    hits: list[Hit]
    facets: Facets
    page: int = 1
    size: int = 10
    next_cursor: str | None = None
    suggestion: str | None = None


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
