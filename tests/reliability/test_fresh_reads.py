"""Every request reads the latest commit, whoever wrote it, on both backends.

The server and the writer are separate backend objects on the same store, as
with `vanban serve` running while `vanban index` adds documents.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from search_api.backends.base import SearchBackend
from search_api.backends.sqlite import SqliteBackend
from tests.conformance.test_backend_behaviour import load_docs
from tests.conftest import require_es
from vanban_app.factory import create_app
from vanban_core.schema import Document
from vanban_core.settings import Settings

NEW = Document(
    id="moi-ve-tuan-tra-bien",
    number="77/QĐ-UBND",
    doc_type="Quyết định",
    issuer="Ủy ban nhân dân tỉnh Sơn La",
    title="Quyết định về tuần tra biên giới đêm khuya",
    text="Tuần tra biên giới đêm khuya được tăng cường.",
)


@pytest.fixture
def served(store_path: Path) -> Iterator[TestClient]:
    """The app as `vanban serve` builds it: from settings, owning its store."""
    app = create_app(Settings(db=store_path))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        yield client


def _total(client: TestClient, q: str) -> int:
    response = client.get("/api/v1/search", params={"q": q})
    assert response.status_code == 200, response.text
    return int(response.json()["total"])


def test_no_transaction_is_left_open_after_a_search(served: TestClient) -> None:
    assert _total(served, "thông báo") > 0
    served.get("/api/v1/lookup", params={"number": "1016/TB-VPCP"})
    served.get("/api/v1/suggest", params={"q": "thong"})
    store = served.app.state.service.backend  # type: ignore[attr-defined]
    assert isinstance(store, SqliteBackend)
    assert store.connections(), "the pool keeps its connections for the next request"
    assert not any(conn.in_transaction for conn in store.connections())


def test_a_document_committed_by_another_writer_is_found_by_the_next_request(
    served: TestClient, store_path: Path
) -> None:
    assert _total(served, "tuần tra biên giới đêm khuya") == 0
    before = served.get("/healthz").json()["documents"]
    other = SqliteBackend(store_path, create=True)  # another process's connection, in effect
    other.upsert([NEW])
    other.close()
    assert _total(served, "tuần tra biên giới đêm khuya") == 1
    assert served.get("/healthz").json()["documents"] == before + 1


def test_concurrent_requests_all_see_the_same_new_total(
    served: TestClient, store_path: Path
) -> None:
    _total(served, "tuần tra biên giới")  # every pooled connection has read once
    other = SqliteBackend(store_path, create=True)
    other.upsert([NEW])
    other.close()

    async def burst() -> list[int]:
        transport = httpx.ASGITransport(app=served.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
            answers = await asyncio.gather(
                *(http.get("/api/v1/search", params={"q": "tuần tra biên giới"}) for _ in range(30))
            )
        return [int(a.json()["total"]) for a in answers]

    assert Counter(asyncio.run(burst())) == Counter({1: 30})


def _descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_connections_are_bounded_and_closed_on_shutdown(store_path: Path) -> None:
    app = create_app(Settings(db=store_path))

    async def cycle() -> None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
            await asyncio.gather(
                *(http.get("/api/v1/search", params={"q": f"quyết định {i}"}) for i in range(40))
            )

    before = _descriptors()
    with TestClient(app, base_url="http://127.0.0.1"):
        counts = []
        for _ in range(3):
            asyncio.run(cycle())
            counts.append(_descriptors())
        store = app.state.service.backend
        assert len(store.connections()) <= store._pool.size
    assert counts[2] <= counts[0] + 2, counts  # flat across cycles
    assert _descriptors() <= before + 2, "shutdown closes every connection"


def test_elasticsearch_writes_are_visible_to_the_next_request(tmp_path: Path) -> None:
    url = require_es()
    from search_api.backends.elasticsearch import ElasticsearchBackend

    alias = f"vanban-test-{uuid.uuid4().hex[:12]}"
    reader: SearchBackend = ElasticsearchBackend(url, index=alias)
    writer = ElasticsearchBackend(url, index=alias)  # as `vanban index` does
    try:
        app = create_app(Settings(db=tmp_path / "unused.db"), backend=reader)
        with TestClient(app, base_url="http://127.0.0.1") as client:
            writer.upsert(load_docs())  # a batch: refreshed before the call returns
            assert _total(client, "thông báo") > 0
            writer.upsert([NEW])  # a single write: refresh=wait_for
            assert _total(client, "tuần tra biên giới đêm khuya") == 1
            assert writer.delete([NEW.id]) == 1
            assert _total(client, "tuần tra biên giới đêm khuya") == 0
    finally:
        reader.drop()
        reader.close()
        writer.close()
