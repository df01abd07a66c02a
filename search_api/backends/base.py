"""The contract every storage backend fulfils.

The API, the web UI, the CLI and the conformance suite depend on this Protocol
only. Query understanding (number detection, syntax, analysis) happens above it,
in :mod:`search_api.planner`, so both backends receive the same plan.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol, runtime_checkable

from indexer.schema import Document
from search_api.models import SearchPage, SearchRequest, UpsertReport
from search_api.planner import QueryPlan
from search_api.prepared import PreparedDocument


class BackendError(RuntimeError):
    """The store cannot be reached or refused an operation; the message says which."""


class BadCursor(ValueError):
    """A pagination cursor that this backend did not issue or cannot read."""


@runtime_checkable
class SearchBackend(Protocol):
    name: str

    def upsert(self, documents: Iterable[Document | PreparedDocument]) -> UpsertReport:
        """Insert or replace documents by id, atomically per call."""
        ...

    def delete(self, ids: Iterable[str]) -> int: ...

    def get(self, doc_id: str) -> Document | None: ...

    def lookup(self, number: str, limit: int = 20) -> list[Document]:
        """Documents whose own number matches ``number`` in any common spelling."""
        ...

    def search(self, request: SearchRequest, plan: QueryPlan) -> SearchPage: ...

    def count_matches(self, plan: QueryPlan) -> int:
        """How many documents the plan matches: a search without page, facets or snippets."""
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

    def existing_ids(self, ids: Iterable[str]) -> set[str]: ...

    def iter_documents(self) -> Iterator[Document]:
        """Every stored document, streamed (exports, reindexing, evaluation baselines)."""
        ...

    def count(self) -> int: ...

    def health(self) -> dict[str, object]: ...

    def close(self) -> None: ...
