"""A SQLite store written before ``updated_at`` existed is brought up to date on open."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from search_api.backends.sqlite import SqliteBackend
from search_api.models import Filters, SearchRequest
from search_api.service import SearchService
from tests.conformance.test_backend_behaviour import load_docs


def test_old_store_gains_updated_at(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    store = SqliteBackend(db)
    store.upsert(load_docs())
    store.close()
    with sqlite3.connect(db) as conn:  # make it look like a store from before the column
        conn.execute("DROP INDEX documents_updated")
        conn.execute("ALTER TABLE documents DROP COLUMN updated_at")
        conn.execute("UPDATE documents SET body = json_remove(body, '$.updated_at')")
    reopened = SqliteBackend(db)
    try:
        doc = reopened.get("tb-1016-vpcp")
        assert doc is not None and doc.updated_at is not None
        service = SearchService(reopened)
        since = doc.updated_at.replace(year=2000)
        page = service.search(SearchRequest(filters=Filters(updated_since=since), size=100))
        assert page.total == len(load_docs())
        assert all(h.updated_at == doc.updated_at for h in page.hits)
    finally:
        reopened.close()
