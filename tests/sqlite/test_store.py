"""The compact embedded store: contentless index, compressed bodies and tokens.

Replacing or deleting a document must take every one of its tokens out of the
contentless FTS5 index (it cannot read them back itself). The store's size
against its text is measured by scripts/bench_indexing.py (small fixtures are
dominated by per-page overhead, so a test could not tell).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from search_api.backends.base import BackendError
from search_api.backends.sqlite import SqliteBackend
from search_api.models import SearchRequest
from search_api.planner import plan_query
from vanban_core.schema import Document


def _vocabulary(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        return {t: int(d) for t, d in conn.execute("SELECT term, doc FROM fts_vocab")}


def _hits(backend: SqliteBackend, q: str) -> list[str]:
    request = SearchRequest(q=q)
    return [h.id for h in backend.search(request, plan_query(request)).hits]


def test_replace_and_delete_leave_nothing_in_the_index(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    backend = SqliteBackend(path)
    backend.upsert([Document(id="a", title="Quyết định về đê điều", text="Bảo vệ đê điều")])
    backend.upsert([Document(id="b", title="Thông báo", text="Lịch họp tuần")])
    assert _hits(backend, "đê điều") == ["a"]
    backend.upsert([Document(id="a", title="Quyết định về rừng", text="Bảo vệ rừng")])
    assert _hits(backend, "đê điều") == []
    assert _hits(backend, "rung") == ["a"]
    vocabulary = _vocabulary(path)
    assert "đê" not in vocabulary and "de" not in vocabulary
    assert backend.get("a") is not None and backend.get("a").title == "Quyết định về rừng"  # type: ignore[union-attr]
    assert backend.delete(["a", "b"]) == 2
    assert _vocabulary(path) == {}
    assert backend.count() == 0


def test_a_store_of_an_older_schema_is_read_but_not_written(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    backend = SqliteBackend(path)
    backend.upsert([Document(id="a", title="Thông báo", text="Lịch họp tuần")])
    backend.close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    old = SqliteBackend(path)
    assert _hits(old, "lich hop") == ["a"]
    with pytest.raises(BackendError, match="reindex"):
        old.upsert([Document(id="b", text="x")])
    assert old.reindex().documents == 1
    assert SqliteBackend(path).schema_version == 3
