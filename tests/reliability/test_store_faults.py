"""A missing, moved or unreadable store: 503 + Retry-After everywhere, never a new empty file,
and the first request after the file returns is answered."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from search_api.backends.sqlite import SqliteBackend
from tests.conformance.test_backend_behaviour import load_docs
from vanban_app.factory import create_app
from vanban_core.settings import Settings

ROUTES = [
    ("/api/v1/search?q=thong+bao", "json"),
    ("/api/v1/search?q=", "json"),
    ("/api/v1/documents/tb-1016-vpcp", "json"),
    ("/api/v1/lookup?number=1016/TB-VPCP", "json"),
    ("/api/v1/suggest?q=thong", "json"),
    ("/api/v1/facets", "json"),
    ("/healthz", "json"),
    ("/?q=thong+bao", "html"),
    ("/", "html"),
    ("/van-ban/tb-1016-vpcp", "html"),
]


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "vanban.db"
    writer = SqliteBackend(path, create=True)
    writer.upsert(load_docs())
    writer.checkpoint()
    writer.close()
    return path


@pytest.fixture
def client(store_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db=store_path)), base_url="http://127.0.0.1") as c:
        yield c


def _move(path: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        source = path.with_name(path.name + suffix)
        if source.exists():
            os.replace(source, target.with_name(target.name + suffix))


def _assert_unavailable(client: TestClient, store_path: Path) -> None:
    for route, kind in ROUTES:
        response = client.get(route)
        assert response.status_code == 503, (route, response.status_code, response.text[:200])
        assert int(response.headers["retry-after"]) > 0, route
        assert str(store_path.parent) not in response.text, route
        for internal in ("fts", "sqlite", "table", ".db"):
            assert internal not in response.text.lower(), (route, internal)
        if kind == "html":
            assert response.headers["content-type"].startswith("text/html"), route
            assert "tạm thời" in response.text, route
        else:
            assert "tạm thời" in response.json()["detail"], route


def test_a_moved_store_is_503_everywhere_and_the_next_request_after_it_returns_works(
    client: TestClient, store_path: Path, tmp_path: Path
) -> None:
    assert client.get("/api/v1/search", params={"q": "thông báo"}).status_code == 200
    away = tmp_path / "elsewhere.db"
    _move(store_path, away)
    _assert_unavailable(client, store_path)
    assert not store_path.exists(), "reads must never create an empty store"
    _move(away, store_path)
    for route, _ in ROUTES:
        assert client.get(route).status_code == 200, route


def test_a_server_started_before_the_store_exists_serves_it_once_indexed(
    tmp_path: Path,
) -> None:
    path = tmp_path / "later.db"
    with TestClient(create_app(Settings(db=path)), base_url="http://127.0.0.1") as client:
        _assert_unavailable(client, path)
        assert not path.exists()
        writer = SqliteBackend(path, create=True)
        writer.upsert(load_docs())
        writer.close()
        assert client.get("/api/v1/search", params={"q": "thông báo"}).json()["total"] > 0


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file whatever its mode")
def test_an_unreadable_store_is_503(client: TestClient, store_path: Path) -> None:
    store_path.chmod(0)
    try:
        _assert_unavailable(client, store_path)
    finally:
        store_path.chmod(0o644)
    assert client.get("/healthz").status_code == 200


def test_a_file_that_is_not_a_store_is_503_without_internal_names(
    client: TestClient, store_path: Path, tmp_path: Path
) -> None:
    _move(store_path, tmp_path / "kept.db")
    store_path.write_bytes(b"")  # e.g. the empty file older versions left behind
    _assert_unavailable(client, store_path)
    assert store_path.stat().st_size == 0, "reads never write"


def test_a_replaced_store_is_read_by_the_next_request(
    client: TestClient, store_path: Path, tmp_path: Path
) -> None:
    assert client.get("/api/v1/search", params={"q": "thông báo"}).json()["total"] > 0
    other = tmp_path / "other.db"
    fresh = SqliteBackend(other, create=True)
    fresh.upsert(load_docs()[:1])
    fresh.checkpoint()
    fresh.close()
    _move(other, store_path)  # an atomic swap, as `vanban reindex` does
    assert client.get("/healthz").json()["documents"] == 1
