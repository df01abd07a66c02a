"""The compact embedded store: contentless index, compressed bodies and tokens.

Replacing or deleting a document must take every one of its tokens out of the
contentless FTS5 index (it cannot read them back itself), and the whole store
must stay a small multiple of the text it holds.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from search_api.backends.base import BackendError
from search_api.backends.sqlite import SqliteBackend
from search_api.models import SearchRequest
from search_api.planner import plan_query
from vanban_core.schema import Document

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


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


def test_store_is_under_three_times_the_text(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    backend = SqliteBackend(path)
    backend.checkpoint()
    empty = path.stat().st_size  # one page per table and index, whatever the content
    lines = (FIXTURES / "conformance_docs.jsonl").read_text(encoding="utf-8").splitlines()
    docs = [Document.model_validate(json.loads(line)) for line in lines]
    texts = [p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "extract").glob("*.txt"))]
    docs.extend(Document(id=f"x{i}", text=t) for i, t in enumerate(texts))
    backend.upsert(docs)
    backend.checkpoint()
    backend.close()
    text_bytes = sum(len(d.text.encode("utf-8")) for d in docs)
    assert path.stat().st_size - empty <= 3 * text_bytes


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
