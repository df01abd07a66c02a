"""The store port: what ingest needs from a store, and nothing about searching.

The indexer writes through this Protocol, so it never imports the search side;
every search backend (``search_api.backends``) fulfils it as part of its wider
contract. Errors a store raises are :class:`BackendError`, whichever engine.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, runtime_checkable

from pydantic import BaseModel, Field

from vanban_core.prepared import PreparedDocument
from vanban_core.schema import Document


class BackendError(RuntimeError):
    """The store cannot be reached or refused an operation; the message says which."""


class StoreUnavailable(BackendError):
    """The store is missing, unreadable or busy right now; retrying later may succeed.

    Servers answer it with 503 and Retry-After. Its message is for logs: it may
    name files, so it is never shown to a user.
    """


class SearchTimeout(BackendError):
    """A search ran past the search time limit and was stopped."""


class UpsertReport(BaseModel):
    """What a batch write did, per document, so a caller can report failures."""

    indexed: int = 0
    updated: int = 0
    failed: dict[str, str] = Field(default_factory=dict)


@runtime_checkable
class DocumentStore(Protocol):
    """Writes by id; each call is atomic for its batch."""

    def upsert(self, documents: Iterable[Document | PreparedDocument]) -> UpsertReport:
        """Insert or replace documents by id, atomically per call."""
        ...

    def delete(self, ids: Iterable[str]) -> int:
        """Remove documents by id; how many existed."""
        ...

    def existing_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` are stored."""
        ...

    def lookup(self, number: str, limit: int = 20) -> list[Document]:
        """Stored documents whose own number matches ``number`` in any common spelling
        (the indexer merges a second source of one document into its record)."""
        ...
