"""Versioned indices behind an alias, on a real Elasticsearch server."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator

import pytest

from search_api.backends.base import BackendError
from search_api.backends.elasticsearch import ElasticsearchBackend, admin
from search_api.models import SearchRequest
from search_api.service import SearchService
from tests.conformance.test_backend_behaviour import load_docs
from tests.conftest import require_es

pytestmark = pytest.mark.elasticsearch


@pytest.fixture
def es() -> Iterator[ElasticsearchBackend]:
    backend = ElasticsearchBackend(
        require_es(), index=f"vanban-test-{uuid.uuid4().hex[:12]}", refresh=True
    )
    backend.upsert(load_docs())
    yield backend
    backend.drop()
    backend.close()


def test_reindex_swaps_the_alias_and_keeps_the_old_index(es: ElasticsearchBackend) -> None:
    before = admin.indices_behind(es.client, es.alias)
    new, old, count = es.reindex()
    assert old == before and new not in before
    assert admin.indices_behind(es.client, es.alias) == [new]
    assert es.client.indices.exists(index=old[0])
    assert count == es.count() == len(load_docs())


def test_searches_never_fail_or_come_back_empty_during_reindex(es: ElasticsearchBackend) -> None:
    service = SearchService(es)
    failures: list[str] = []
    empties: list[str] = []
    searches = 0
    stop = threading.Event()

    def search_loop() -> None:
        nonlocal searches
        while not stop.is_set():
            try:
                page = service.search(SearchRequest(q="văn phòng chính phủ"))
            except Exception as exc:  # recorded, then asserted below
                failures.append(repr(exc))
                continue
            searches += 1
            if page.total == 0:
                empties.append("empty")

    workers = [threading.Thread(target=search_loop) for _ in range(3)]
    for worker in workers:
        worker.start()
    try:
        for _ in range(3):
            es.reindex()
    finally:
        stop.set()
        for worker in workers:
            worker.join(timeout=30)
    assert searches > 10
    assert failures == []
    assert empties == []


def test_failed_reindex_leaves_the_live_alias_untouched(
    es: ElasticsearchBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    live = admin.indices_behind(es.client, es.alias)

    def broken_finish(*_: object) -> None:
        raise BackendError("simulated failure while finishing the new index")

    # The failure is injected after the real new index was built and filled.
    monkeypatch.setattr(admin, "finish_bulk_mode", broken_finish)
    with pytest.raises(BackendError):
        es.reindex()
    assert admin.indices_behind(es.client, es.alias) == live
    leftovers = set(es.client.indices.get(index=f"{es.alias}-v*")) - set(live)
    assert leftovers == set()
    assert SearchService(es).search(SearchRequest(q="văn phòng")).total > 0


def test_unreachable_server_is_a_clear_error() -> None:
    with pytest.raises(BackendError, match="not usable"):
        ElasticsearchBackend("http://127.0.0.1:9", index="vanban-nowhere", timeout=2)
