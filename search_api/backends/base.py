"""The contract every storage backend fulfils.

The API, the web UI, the CLI and the conformance suite depend on this Protocol
only. Query understanding (number detection, syntax, analysis) happens above it,
in :mod:`search_api.planner`, so both backends receive the same plan.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple, Protocol, runtime_checkable

from search_api.cursor import BadCursor
from search_api.models import SearchPage, SearchRequest
from search_api.planner import QueryPlan
from vanban_core.schema import Document
from vanban_core.store import BackendError, DocumentStore, UpsertReport


class ReindexResult(NamedTuple):
    """A rebuild: the new version now live, the versions kept for rollback, documents copied."""

    new: str
    previous: list[str]
    documents: int


@runtime_checkable
class SearchBackend(DocumentStore, Protocol):
    """Everything the service, API, UI and CLI ask of a store, admin included."""

    name: str

    def get(self, doc_id: str) -> Document | None: ...

    def lookup(self, number: str, limit: int = 20) -> list[Document]:
        """Documents whose own number matches ``number`` in any common spelling."""
        ...

    def citing(self, number: str, limit: int = 200) -> list[Document]:
        """Documents that cite ``number`` (in any spelling) without being it: the
        other ends of a document's incoming relations, computed at read time."""
        ...

    def search(self, request: SearchRequest, plan: QueryPlan) -> SearchPage: ...

    def count_matches(self, plan: QueryPlan) -> int:
        """How many documents the plan matches: a search without page, facets or snippets."""
        ...

    def settle(self) -> None:
        """Return once what earlier searches started building in the background
        (the embedded store's facet index) is ready; warm-up calls it so the
        first request finds it."""
        ...

    def suggest_numbers(self, key_prefix: str, limit: int) -> list[Document]:
        """Documents whose number key starts with ``key_prefix`` (autocomplete)."""
        ...

    def suggest_titles(self, folded: tuple[str, ...], limit: int) -> list[Document]:
        """Documents whose title contains the folded syllables as a phrase, the last
        one as a prefix (autocomplete while typing)."""
        ...

    def term_counts(self, folded_terms: list[str]) -> dict[str, int]:
        """How many documents contain each folded syllable (for "did you mean")."""
        ...

    def iter_documents(self) -> Iterator[Document]:
        """Every stored document, streamed (exports, reindexing, evaluation baselines)."""
        ...

    def count(self) -> int: ...

    def health(self) -> dict[str, object]: ...

    def reindex(self) -> ReindexResult:
        """Rebuild every document into a new version and make it live atomically;
        the previous version is kept for rollback, and a failure leaves it live."""
        ...

    def drop(self) -> None:
        """Delete the store and every version of it (tests and admin only)."""
        ...

    def close(self) -> None: ...


__all__ = ["BackendError", "BadCursor", "ReindexResult", "SearchBackend", "UpsertReport"]
