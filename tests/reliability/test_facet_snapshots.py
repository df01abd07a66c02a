"""Facet counts from the embedded store's in-memory index are those SQL counts, and
they follow every commit, whoever makes it (`vanban index` beside `vanban serve`).

A server with ``VANBAN_FACET_INDEX=false`` counts in SQL; one with the default
builds the index at warm-up and after each commit rebuilds it in the
background, counting in SQL until the rebuilt index holds the snapshot a
search reads.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from search_api.backends.sqlite import SqliteBackend
from tests.reliability.test_fresh_reads import NEW
from vanban_app.factory import create_app
from vanban_core.settings import Settings

REQUESTS: list[dict[str, Any]] = [
    {},
    {"q": "quyết định"},
    {"q": "quyet dinh"},
    {"q": "thông báo", "facet_size": 2},
    {"q": "quyết định", "doc_type": "Quyết định"},
    {"q": "quyết định", "year": "2014"},
    {"q": "1016/TB-VPCP"},
    {"q": "không có văn bản nào nói điều này xyzzy"},
]


@contextmanager
def served(store_path: Path, *, facet_index: bool = True) -> Iterator[TestClient]:
    settings = Settings(db=store_path, facet_index=facet_index)
    with TestClient(create_app(settings), base_url="http://127.0.0.1") as client:
        yield client


def store_of(client: TestClient) -> SqliteBackend:
    store = client.app.state.service.backend  # type: ignore[attr-defined]
    assert isinstance(store, SqliteBackend)
    return store


def facets(client: TestClient, params: dict[str, Any]) -> dict[str, Any]:
    response = client.get("/api/v1/search", params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    return {"total": body["total"], "facets": body["facets"], "more": body["facets_truncated"]}


def warmed(client: TestClient) -> None:
    """Search once, let the index of this snapshot be built, and check it is in use."""
    client.get("/api/v1/search", params={"q": "quyết định"})
    store = store_of(client)
    store.settle()
    assert store.facets_in_memory(), "the index of the current snapshot is built"


def test_warm_up_builds_the_index(store_path: Path) -> None:
    with served(store_path) as client:
        assert store_of(client).facets_in_memory()
    with served(store_path, facet_index=False) as client:
        assert not store_of(client).facets_in_memory()


def test_counts_from_memory_equal_the_counts_of_sql(store_path: Path) -> None:
    with served(store_path, facet_index=False) as client:
        from_sql = [facets(client, params) for params in REQUESTS]
    with served(store_path) as client:
        warmed(client)
        from_memory = [facets(client, params) for params in REQUESTS]
        assert store_of(client).facets_in_memory()
    assert from_memory == from_sql
    assert any(f["facets"]["doc_type"] for f in from_sql), "the requests count something"


def _doc_type_count(client: TestClient, doc_type: str) -> int:
    buckets = facets(client, {"q": "quyết định", "facet_size": 50})["facets"]["doc_type"]
    return next((b["count"] for b in buckets if b["value"] == doc_type), 0)


def test_counts_follow_commits_of_another_writer(store_path: Path) -> None:
    with served(store_path) as client:
        warmed(client)
        decisions = _doc_type_count(client, "Quyết định")
        directives = _doc_type_count(client, "Chỉ thị")
        other = SqliteBackend(store_path, create=True)  # another process's connection, in effect
        try:
            other.upsert([NEW])
            assert _doc_type_count(client, "Quyết định") == decisions + 1  # right at once
            warmed(client)  # and from the rebuilt index
            assert _doc_type_count(client, "Quyết định") == decisions + 1

            # Same number of facet rows, another value: a count of rows would not see it.
            other.upsert([NEW.model_copy(update={"doc_type": "Chỉ thị"})])
            assert _doc_type_count(client, "Quyết định") == decisions
            assert _doc_type_count(client, "Chỉ thị") == directives + 1
            warmed(client)
            assert _doc_type_count(client, "Chỉ thị") == directives + 1

            assert other.delete([NEW.id]) == 1
            assert _doc_type_count(client, "Chỉ thị") == directives
            warmed(client)
            assert _doc_type_count(client, "Chỉ thị") == directives
        finally:
            other.close()


def test_a_reindexed_store_is_counted_from_its_own_snapshot(store_path: Path) -> None:
    with served(store_path) as client:
        warmed(client)
        before = facets(client, {"q": "quyết định"})
        other = SqliteBackend(store_path, create=True)
        try:
            other.upsert([NEW])
            other.reindex()  # a new file swapped in with a rename
        finally:
            other.close()
        after = facets(client, {"q": "quyết định"})
        assert after["total"] == before["total"] + 1
        warmed(client)
        assert facets(client, {"q": "quyết định"}) == after
