"""The in-memory facet index counts what SQL counts, at the edges too."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from search_api.backends.sqlite import SqliteBackend
from search_api.backends.sqlite.facet_index import FacetCache, FacetIndex, read_generation
from vanban_core.schema import Document


def _store(tmp_path: Path, docs: list[Document]) -> sqlite3.Connection:
    backend = SqliteBackend(tmp_path / "v.db", create=True)
    backend.upsert(docs)
    backend.close()
    return sqlite3.connect(tmp_path / "v.db")


def _load(conn: sqlite3.Connection) -> FacetIndex:
    generation = read_generation(conn)
    assert generation is not None, "a store written by this version has a generation"
    index = FacetIndex.load(conn, generation, lambda: False)
    assert index is not None
    return index


def test_an_empty_store_and_an_empty_hit_list_count_nothing(tmp_path: Path) -> None:
    index = _load(_store(tmp_path, []))
    assert index.count([]) == []
    assert index.count([1, 2, 3]) == []


def test_counts_per_document_and_rowids_past_the_last(tmp_path: Path) -> None:
    docs = [
        Document(id=f"d{i}", doc_type=t, issuer="Bộ Tài chính", title=f"Văn bản {i}", text="x")
        for i, t in enumerate(["Quyết định", "Quyết định", "Thông tư"])
    ]
    conn = _store(tmp_path, docs)
    index = _load(conn)
    rowids = [r for (r,) in conn.execute("SELECT rowid FROM documents ORDER BY rowid")]
    counts = {(f, shown): c for f, _, shown, c in index.count(rowids)}
    assert counts[("doc_type", "Quyết định")] == 2
    assert counts[("doc_type", "Thông tư")] == 1
    assert counts[("issuer", "Bộ Tài chính")] == 3
    one = {(f, shown): c for f, _, shown, c in index.count([rowids[2], max(rowids) + 100])}
    assert one[("doc_type", "Thông tư")] == 1
    assert ("doc_type", "Quyết định") not in one


def test_a_cancelled_load_gives_nothing(tmp_path: Path) -> None:
    conn = _store(tmp_path, [Document(id="a", doc_type="Quyết định", title="A", text="x")])
    assert FacetIndex.load(conn, "g", lambda: True) is None


def test_rebuilds_rest_after_a_build_and_settle_does_not(tmp_path: Path) -> None:
    path = tmp_path / "v.db"
    store = SqliteBackend(path, create=True)
    store.upsert([Document(id="a", doc_type="Quyết định", title="A", text="x")])
    now = [100.0]
    cache = FacetCache(store._pool.read, clock=lambda: now[0])

    def generation() -> str | None:
        with store._pool.read() as conn:
            return read_generation(conn)

    cache.settle(generation())  # built at once, whatever the rest
    assert cache.holds(generation())
    store.upsert([Document(id="b", doc_type="Thông tư", title="B", text="y")])
    now[0] = 99.0  # before the rest the last build earned has passed
    assert cache.current(generation()) is None
    cache.wait()
    assert not cache.holds(generation()), "no build while resting: searches count in SQL"
    now[0] = 100.0
    assert cache.current(generation()) is None  # starts the build
    cache.wait()
    assert cache.holds(generation())
    cache.close()
    store.close()
