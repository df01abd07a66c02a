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
from search_api.backends.sqlite.schema import LEAD_CHARS, SCHEMA_VERSION
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


def _as_schema_3(path: Path) -> None:
    """Turn a store into what schema 3 wrote: the text inside the body's JSON, no texts."""
    with sqlite3.connect(path) as conn:
        conn.execute(
            "UPDATE documents SET body = json_set(body, '$.text', "
            "(SELECT lead || rest FROM texts t WHERE t.rowid = documents.rowid))"
        )
        conn.execute("DROP TABLE texts")
        conn.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")


def test_a_store_of_an_older_schema_is_read_but_not_written(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    backend = SqliteBackend(path)
    long_text = "Lịch họp tuần. " + "Nội dung chung. " * 5_000  # past the stored opening
    backend.upsert([Document(id="a", title="Thông báo", text=long_text)])
    backend.close()
    _as_schema_3(path)
    old = SqliteBackend(path, create=False)
    assert old.schema_version == 3
    assert _hits(old, "lich hop") == ["a"]
    request = SearchRequest(q="lich hop")
    [hit] = old.search(request, plan_query(request)).hits
    assert "<mark>" in (hit.snippet or "")
    assert [d.text for d in old.iter_documents()] == [long_text.strip()]
    assert old.get("a").text == long_text.strip()  # type: ignore[union-attr]
    with pytest.raises(BackendError, match="reindex"):
        old.upsert([Document(id="b", text="x")])
    assert old.reindex().documents == 1
    rebuilt = SqliteBackend(path, create=False)
    assert rebuilt.schema_version == SCHEMA_VERSION
    assert rebuilt.get("a").text == long_text.strip()  # type: ignore[union-attr]
    assert _hits(rebuilt, "lich hop") == ["a"]
    rebuilt.close()


def test_the_text_is_stored_apart_from_the_body(tmp_path: Path) -> None:
    """A hit reads the body and the text's opening only: neither grows with the text."""
    path = tmp_path / "store.db"
    backend = SqliteBackend(path)
    text = "Quyết định về tuần tra biên giới. " + "Điều khoản thi hành chung. " * 40_000
    backend.upsert([Document(id="lon", title="Quyết định rất dài", text=text)])
    backend.close()
    with sqlite3.connect(path) as conn:
        body, lead, rest = conn.execute(
            "SELECT length(body), length(lead), length(rest) "
            "FROM documents d JOIN texts t ON t.rowid = d.rowid"
        ).fetchone()
    assert body < 2_000, "the body's JSON holds no text"
    assert lead == LEAD_CHARS and lead + rest == len(text.strip())
