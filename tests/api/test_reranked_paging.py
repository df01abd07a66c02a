"""The learned reranker reorders the first results of a text query; paging stays exact.

Through HTTP on both backends: cursor paging and offset paging walk the same
sequence, every match exactly once, across the border of the reranked window,
and a window cursor is validated like any cursor.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from search_api.backends.base import SearchBackend
from search_api.models import Hit, SearchRequest
from search_api.rerank import DEPTH, FEATURE_NAMES, QueryText, hit_features, shipped_reranker
from search_api.rerank.model import MODEL_PATH, read_model
from search_api.service import SearchService
from tests.api.conftest import serve
from vanban_core.schema import Document

QUERY = "bảo hiểm xã hội bắt buộc"
MATCHES = DEPTH + 17


def _docs() -> list[Document]:
    """More matches than the window, with varied lengths and titles, so the model and
    the engine disagree about some of them."""
    docs = []
    for i in range(MATCHES):
        filler = " ".join(f"quy định khoản {k} về thủ tục hành chính" for k in range(i % 9))
        title = "Quy định về bảo hiểm xã hội bắt buộc" if i % 5 == 0 else f"Văn bản {i}"
        text = f"{title}. {filler} Người lao động tham gia bảo hiểm xã hội. Mức đóng bắt buộc {i}."
        docs.append(Document(id=f"bh-{i:03d}", title=title, text=text))
    return docs


@pytest.fixture
def client(backend: SearchBackend, tmp_path: Path) -> Iterator[TestClient]:
    yield from serve(backend, tmp_path, _docs())


def _by_cursor(client: TestClient, size: int) -> list[str]:
    ids: list[str] = []
    params: dict[str, str | int] = {"q": QUERY, "size": size}
    for _ in range(MATCHES):  # bounded: never more pages than matches
        body = client.get("/api/v1/search", params=params).json()
        ids += [h["id"] for h in body["hits"]]
        if not body["next_cursor"]:
            return ids
        params = {"q": QUERY, "size": size, "cursor": body["next_cursor"]}
    raise AssertionError("cursor paging did not end")


def _by_offset(client: TestClient, size: int) -> list[str]:
    ids: list[str] = []
    for page in range(1, MATCHES + 1):
        hits = client.get("/api/v1/search", params={"q": QUERY, "size": size, "page": page})
        ids += [h["id"] for h in hits.json()["hits"]]
        if len(ids) >= MATCHES:
            break
    return ids


@pytest.mark.parametrize("size", [7, DEPTH, 50])
def test_cursor_and_offset_paging_agree_across_the_window(client: TestClient, size: int) -> None:
    by_cursor = _by_cursor(client, size)
    assert sorted(by_cursor) == sorted(d.id for d in _docs())  # each match exactly once
    assert by_cursor == _by_offset(client, size)


def test_the_window_holds_the_engines_first_results(backend: SearchBackend) -> None:
    backend.upsert(_docs())
    request = SearchRequest(q=QUERY, size=DEPTH + 10)
    engine = [h.id for h in SearchService(backend, reranker=None).search(request).hits]
    reranked = [h.id for h in SearchService(backend).search(request).hits]
    assert set(reranked[:DEPTH]) == set(engine[:DEPTH])
    assert reranked[DEPTH:] == engine[DEPTH:]
    assert reranked != engine  # the model does reorder these


def _cursor(values: list[object]) -> str:
    raw = json.dumps({"o": "relevance", "v": values}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize("position", [0, -1, DEPTH, 10**30, 2.5])
def test_a_forged_window_cursor_is_a_clear_400(client: TestClient, position: object) -> None:
    answer = client.get(
        "/api/v1/search", params={"q": QUERY, "cursor": _cursor([position, "~rerank"])}
    )
    assert answer.status_code == 400


def test_a_window_cursor_is_refused_by_a_number_lookup(client: TestClient) -> None:
    first = client.get("/api/v1/search", params={"q": QUERY, "size": 5}).json()
    answer = client.get(
        "/api/v1/search", params={"q": "06/2013/QĐ-TTg", "cursor": first["next_cursor"]}
    )
    assert answer.status_code == 400


def test_the_shipped_model_matches_the_features() -> None:
    assert read_model(MODEL_PATH)["features"] == list(FEATURE_NAMES)
    assert shipped_reranker() is not None


def test_features_read_the_passage_and_title() -> None:
    hit = Hit(id="a", title="Bảo hiểm xã hội", score=2.0)
    hit._passage = "Người lao động tham gia bảo hiểm xã hội bắt buộc."
    row = dict(
        zip(FEATURE_NAMES, hit_features(QueryText.of("bao hiem xa hoi"), hit, 0, 4.0), strict=True)
    )
    assert row["score_vs_top"] == 0.5
    assert row["coverage"] == 1.0 and row["pair_coverage"] == 1.0 and row["longest_run"] == 1.0
    assert row["title_coverage"] == 1.0 and row["title_in_query"] == 1.0
    assert row["exact_coverage"] == 0.0  # typed without diacritics: no exact syllable
