"""A status derived from an indexed repealing/replacing text is the one the status
facet counts and the ``status=`` filter finds, on both backends, through HTTP:
whichever of the two documents is written first, and undone when the repealing
text is deleted."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from search_api.api_keys import KeyStore
from search_api.backends.base import SearchBackend
from tests.conftest import drop_backend, make_backend, require_es
from vanban_app.factory import create_app
from vanban_core.schema import Document
from vanban_core.settings import Settings

EXPIRED = "Hết hiệu lực toàn bộ"
PARTLY = "Hết hiệu lực một phần"
UNKNOWN = "Không rõ"

OLD: dict[str, Any] = {
    "number": "12/2020/TT-BXD",
    "doc_type": "Thông tư",
    "issuer": "Bộ Xây dựng",
    "issued_date": "2020-05-04",
    "title": "Quy định về định mức vật liệu xây nhà ở tạm",
    "text": "Thông tư này quy định định mức vật liệu xây nhà ở tạm.",
}
NEW: dict[str, Any] = {
    "number": "30/2025/TT-BXD",
    "doc_type": "Thông tư",
    "issuer": "Bộ Xây dựng",
    "issued_date": "2025-09-01",
    "title": "Quy định mới về định mức vật liệu xây nhà ở tạm",
    "text": "Thông tư này thay thế Thông tư số 12/2020/TT-BXD.",
    "cites": ["12/2020/TT-BXD"],
    "relations": [{"type": "replaces", "number": "12/2020/TT-BXD"}],
}
# Only some articles of OLD: the weaker status, and a whole replacement wins over it.
PART: dict[str, Any] = {
    "number": "31/2025/TT-BXD",
    "doc_type": "Thông tư",
    "issuer": "Bộ Xây dựng",
    "issued_date": "2025-10-01",
    "title": "Bãi bỏ Điều 3 Thông tư số 12/2020/TT-BXD",
    "text": "Bãi bỏ Điều 3 Thông tư số 12/2020/TT-BXD.",
    # the number reached through the relation only: no "cites" given
    "relations": [{"type": "repeals", "number": "12/2020/TT-BXD", "partial": True}],
}


@pytest.fixture
def api(backend: SearchBackend, tmp_path: Path) -> Iterator[tuple[TestClient, dict[str, str]]]:
    keys = tmp_path / "keys.db"
    _, key = KeyStore(keys).create("derived status")
    settings = Settings(db=tmp_path / "unused.db", keys_db=keys)
    with TestClient(create_app(settings, backend=backend), base_url="http://127.0.0.1") as client:
        yield client, {"Authorization": f"Bearer {key}"}


def _put(api: tuple[TestClient, dict[str, str]], doc_id: str, body: dict[str, Any]) -> None:
    client, auth = api
    response = client.put(f"/api/v1/documents/{doc_id}", json=body, headers=auth)
    assert response.status_code in (200, 201), response.text


def _statuses(client: TestClient) -> dict[str, int]:
    body = client.get("/api/v1/search", params={"size": 50}).json()
    return {b["value"]: b["count"] for b in body["facets"]["status"]}


def _filtered(client: TestClient, status: str) -> set[str]:
    body = client.get("/api/v1/search", params={"status": status, "size": 50}).json()
    return {h["id"] for h in body["hits"]}


def _shown(client: TestClient, doc_id: str) -> tuple[str, str | None]:
    body = client.get(f"/api/v1/documents/{doc_id}").json()
    return body["status"], body["status_reason"]


@pytest.mark.parametrize("order", [("old", "new"), ("new", "old")])
def test_facet_and_filter_count_the_derived_status(
    api: tuple[TestClient, dict[str, str]], order: tuple[str, str]
) -> None:
    client, _ = api
    for doc_id in order:
        _put(api, doc_id, OLD if doc_id == "old" else NEW)
    # The page, the facet and the filter say the same: replaced, by 30/2025/TT-BXD.
    assert _shown(client, "old") == (EXPIRED, "Bị thay thế bởi 30/2025/TT-BXD")
    assert _statuses(client) == {EXPIRED: 1, UNKNOWN: 1}
    assert _filtered(client, EXPIRED) == {"old"}
    assert _filtered(client, UNKNOWN) == {"new"}
    assert "old" not in {
        h["id"]
        for h in client.get("/api/v1/search", params={"in_force_on": "2026-01-01"}).json()["hits"]
    }


def test_partial_repeal_then_deletes_undo_the_derived_status(
    api: tuple[TestClient, dict[str, str]],
) -> None:
    client, auth = api
    _put(api, "old", OLD)
    _put(api, "part", PART)
    assert _shown(client, "old") == (PARTLY, "Bị bãi bỏ một phần bởi 31/2025/TT-BXD")
    assert _filtered(client, PARTLY) == {"old"}
    _put(api, "new", NEW)  # a whole replacement says more than a partial repeal
    assert _filtered(client, EXPIRED) == {"old"}
    assert _statuses(client) == {EXPIRED: 1, UNKNOWN: 2}
    assert client.delete("/api/v1/documents/new", headers=auth).status_code == 204
    assert _shown(client, "old") == (PARTLY, "Bị bãi bỏ một phần bởi 31/2025/TT-BXD")
    assert _filtered(client, PARTLY) == {"old"}
    assert client.delete("/api/v1/documents/part", headers=auth).status_code == 204
    assert _shown(client, "old") == (UNKNOWN, None)
    assert _statuses(client) == {UNKNOWN: 1}
    assert _filtered(client, UNKNOWN) == {"old"}


def test_a_status_the_source_gives_is_kept(api: tuple[TestClient, dict[str, str]]) -> None:
    client, _ = api
    _put(api, "old", {**OLD, "status": "Còn hiệu lực"})
    _put(api, "new", NEW)
    assert _shown(client, "old") == ("Còn hiệu lực", None)
    assert _filtered(client, "Còn hiệu lực") == {"old"}


@pytest.fixture(params=["sqlite", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)])
def bulk_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SearchBackend]:
    """A store opened as `vanban index` opens it: Elasticsearch writes not made
    searchable one by one (``searchable_writes`` off)."""
    if request.param == "sqlite":
        store: SearchBackend = make_backend("sqlite", tmp_path)
    else:
        from search_api.backends.elasticsearch import ElasticsearchBackend

        store = ElasticsearchBackend(
            require_es(), index=f"vanban-test-{uuid.uuid4().hex[:12]}", refresh=False
        )
    yield store
    drop_backend(store)


@pytest.mark.parametrize("order", [("old", "new"), ("new", "old")])
def test_batches_of_the_indexer_derive_across_batches(
    bulk_store: SearchBackend, tmp_path: Path, order: tuple[str, str]
) -> None:
    bodies: dict[str, dict[str, Any]] = {"old": OLD, "new": NEW}
    for doc_id in order:  # one batch each, as the indexer writes them
        bulk_store.upsert([Document.model_validate({**bodies[doc_id], "id": doc_id})])
    client = getattr(bulk_store, "client", None)
    if client is not None:  # what `vanban index` does once at its end
        client.indices.refresh(index=getattr(bulk_store, "alias"))  # noqa: B009
    settings = Settings(db=tmp_path / "unused.db")
    with TestClient(create_app(settings, backend=bulk_store), base_url="http://127.0.0.1") as api:
        assert _statuses(api) == {EXPIRED: 1, UNKNOWN: 1}
        assert _filtered(api, EXPIRED) == {"old"}
