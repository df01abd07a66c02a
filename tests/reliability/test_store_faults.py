"""A missing, moved or unreadable store: 503 + Retry-After everywhere, never a new empty file,
and the first request after the file returns is answered."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
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


def _assert_unavailable(client: httpx.Client, hidden: str) -> None:
    """Every route is 503 + Retry-After, and no answer names ``hidden`` (a path, a host)."""
    for route, kind in ROUTES:
        response = client.get(route)
        assert response.status_code == 503, (route, response.status_code, response.text[:200])
        assert int(response.headers["retry-after"]) > 0, route
        assert hidden not in response.text, route
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
    _assert_unavailable(client, str(store_path.parent))
    assert not store_path.exists(), "reads must never create an empty store"
    _move(away, store_path)
    for route, _ in ROUTES:
        assert client.get(route).status_code == 200, route


def test_a_server_started_before_the_store_exists_serves_it_once_indexed(
    tmp_path: Path,
) -> None:
    path = tmp_path / "later.db"
    with TestClient(create_app(Settings(db=path)), base_url="http://127.0.0.1") as client:
        _assert_unavailable(client, str(path.parent))
        assert not path.exists()
        writer = SqliteBackend(path, create=True)
        writer.upsert(load_docs())
        writer.close()
        assert client.get("/api/v1/search", params={"q": "thông báo"}).json()["total"] > 0


def test_an_unreadable_store_is_503(client: TestClient, store_path: Path, tmp_path: Path) -> None:
    """A store that cannot be opened: without read permission, or, for root (whom file
    modes do not stop, as in CI), a folder standing where the file should be."""
    if os.geteuid() == 0:
        kept = tmp_path / "kept.db"
        _move(store_path, kept)
        store_path.mkdir()
        try:
            _assert_unavailable(client, str(store_path.parent))
        finally:
            store_path.rmdir()
            _move(kept, store_path)
    else:
        store_path.chmod(0)
        try:
            _assert_unavailable(client, str(store_path.parent))
        finally:
            store_path.chmod(0o644)
    assert client.get("/healthz").status_code == 200


def test_a_file_that_is_not_a_store_is_503_without_internal_names(
    client: TestClient, store_path: Path, tmp_path: Path
) -> None:
    _move(store_path, tmp_path / "kept.db")
    store_path.write_bytes(b"")  # e.g. the empty file older versions left behind
    _assert_unavailable(client, str(store_path.parent))
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


@pytest.mark.elasticsearch
def test_a_server_started_while_elasticsearch_is_down_answers_503_then_serves_it() -> None:
    """`vanban serve` pointed at a cluster that does not answer yet starts, answers 503 +
    Retry-After on every route, and serves the cluster as soon as it answers, no restart."""
    import uuid
    from urllib.parse import urlsplit

    from search_api.backends.elasticsearch import ElasticsearchBackend
    from tests.conftest import require_es
    from tests.reliability.live import free_port, live_server, tcp_forwarder

    real = urlsplit(require_es())
    alias = f"issue-10-down-{uuid.uuid4().hex[:10]}"
    seeded = ElasticsearchBackend(real.geturl(), index=alias, refresh=True)
    seeded.upsert(load_docs())
    port = free_port()  # nothing listens there yet: the cluster is "down"
    store_args = ["--es-url", f"http://127.0.0.1:{port}", "--index", alias]
    try:
        with (
            live_server(Path("unused.db"), store_args=store_args) as base,
            httpx.Client(base_url=base, timeout=30) as http,
        ):
            _assert_unavailable(http, f"127.0.0.1:{port}")
            with tcp_forwarder(port, (str(real.hostname), int(real.port or 9200))):
                deadline = time.monotonic() + 30
                while http.get("/healthz").status_code != 200:
                    assert time.monotonic() < deadline, "the cluster was never picked up"
                    time.sleep(0.5)
                for route, _ in ROUTES:
                    assert http.get(route).status_code == 200, route
    finally:
        seeded.drop()
        seeded.close()
