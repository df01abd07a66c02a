"""An index made before a field existed gains it on open, and keeps the fields it has."""

from __future__ import annotations

import copy
import uuid

import pytest

from search_api.backends.elasticsearch import ElasticsearchBackend
from search_api.backends.elasticsearch.admin import index_body
from tests.conformance.test_backend_behaviour import load_docs
from tests.conftest import require_es

pytestmark = pytest.mark.elasticsearch


def test_old_index_gains_updated_at() -> None:
    from elasticsearch import Elasticsearch

    url = require_es()
    alias = f"vanban-test-upgrade-{uuid.uuid4().hex[:10]}"
    client = Elasticsearch(url)
    body = copy.deepcopy(index_body())
    del body["mappings"]["properties"]["updated_at"]
    client.indices.create(index=f"{alias}-v1", settings=body["settings"], mappings=body["mappings"])
    client.indices.update_aliases(actions=[{"add": {"index": f"{alias}-v1", "alias": alias}}])
    store = ElasticsearchBackend(url, index=alias, refresh=True)
    try:
        mapped = client.indices.get_mapping(index=f"{alias}-v1")[f"{alias}-v1"]["mappings"]
        assert mapped["properties"]["updated_at"]["type"] == "date"
        assert store.upsert(load_docs()[:2]).failed == {}
        doc = store.get(load_docs()[0].id)
        assert doc is not None and doc.updated_at is not None
    finally:
        store.drop()
        store.close()
        client.close()
