"""The UI's pages are not in the OpenAPI document, so schemathesis cannot reach them:
here Hypothesis writes hand-edited URLs (any value for every parameter the UI reads,
facets from the registry included) and every answer must be an HTML page below 500."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search_api.backends.sqlite import SqliteBackend
from tests.conformance.test_backend_behaviour import load_docs
from vanban_app.factory import create_app
from vanban_core.facets import FACETS
from vanban_core.settings import Settings

NAMES = ["q", "from", "to", "sort", "page", "size", "facet_size", "cursor", "lang", "gazette"]
NAMES += [spec.name for spec in FACETS]
VALUES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", "0", "-1", "1001", "99999999999999999999", "31/02/2024", "2014-02-30",
                     "date_asc", "en", "zh", "eyJvIjoicmVsZXZhbmNlIiwidiI6WzEsMl19"]),
)  # fmt: skip
PARAMS = st.lists(st.tuples(st.sampled_from(NAMES), VALUES), max_size=6)


@pytest.fixture(scope="module")
def ui(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("ui-fuzz")
    store = SqliteBackend(folder / "ui.db")
    store.upsert(load_docs())
    app = create_app(Settings(db=folder / "unused.db"), backend=store)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        yield client
    store.close()


@settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(params=PARAMS)
def test_any_search_url_answers_an_html_page(ui: TestClient, params: list[tuple[str, str]]) -> None:
    response = ui.get("/", params=params)
    assert response.status_code < 500, (params, response.text[:300])
    assert response.headers["content-type"].startswith("text/html"), params
    assert response.status_code in (200, 400), params


@settings(max_examples=30, deadline=None, derandomize=True, database=None)
@given(doc_id=st.text(min_size=1, max_size=60))
def test_any_document_url_answers_an_html_page(ui: TestClient, doc_id: str) -> None:
    response = ui.get("/van-ban/" + quote(doc_id, safe=""))
    assert response.status_code < 500, doc_id
    assert response.headers["content-type"].startswith("text/html"), doc_id
