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
from search_api.rerank import (
    DEPTH,
    FEATURE_NAMES,
    QueryText,
    candidate_rows,
    hit_features,
    shipped_reranker,
)
from search_api.rerank.features import WINDOW
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


def test_served_hits_carry_the_snippets_the_engine_cuts(
    client: TestClient, backend: SearchBackend
) -> None:
    """The window's hits are built without snippets and only the served ones get
    theirs: each must read as the engine's own hit for that document does."""
    request = SearchRequest(q=QUERY, size=DEPTH)
    engine = {h.id: h for h in SearchService(backend, reranker=None).search(request).hits}
    for page in (1, 2, 3):
        body = client.get("/api/v1/search", params={"q": QUERY, "size": 10, "page": page})
        for hit in body.json()["hits"]:
            assert "<mark>" in hit["snippet"]
            assert hit["snippet"] == engine[hit["id"]].snippet
            assert hit["article"] == engine[hit["id"]].model_dump()["article"]


def test_rerank_off_serves_the_engines_order(backend: SearchBackend, tmp_path: Path) -> None:
    """VANBAN_RERANK=false: the API pages the engine's order, which the model changes."""
    request = SearchRequest(q=QUERY, size=DEPTH)
    for client in serve(backend, tmp_path, _docs(), rerank=False):  # one app, then closed
        off = client.get("/api/v1/search", params={"q": QUERY, "size": DEPTH}).json()
        engine = [h.id for h in SearchService(backend, reranker=None).search(request).hits]
        on = [h.id for h in SearchService(backend).search(request).hits]
        assert [h["id"] for h in off["hits"]] == engine != on


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
    assert row["typed_with_diacritics"] == 0.0 and row["exact_pair_coverage"] == 0.0
    assert row["window_coverage"] == 1.0 and row["title_pair_coverage"] == 1.0


def test_exact_forms_count_only_as_typed() -> None:
    hit = Hit(id="a", title="Luật", score=1.0)
    hit._passage = "Người lao động tham gia bảo hiểm xã hội bắt buộc."
    typed = dict(
        zip(FEATURE_NAMES, hit_features(QueryText.of("bảo hiểm xã hội"), hit, 0, 1.0), strict=True)
    )
    other = dict(
        zip(FEATURE_NAMES, hit_features(QueryText.of("bão hiểm xà hội"), hit, 0, 1.0), strict=True)
    )
    assert typed["typed_with_diacritics"] == 1.0
    assert typed["exact_coverage"] == 1.0 and typed["exact_pair_coverage"] == 1.0
    assert other["coverage"] == 1.0  # the same syllables once folded
    assert other["exact_coverage"] == 0.5 and other["exact_pair_coverage"] == 0.0


def test_window_coverage_wants_the_words_together() -> None:
    filler = " ".join(["khác"] * WINDOW)
    together, apart = Hit(id="t", score=1.0), Hit(id="a", score=1.0)
    together._passage = f"{filler} thuế thu nhập cá nhân {filler}"
    apart._passage = f"thuế thu {filler} nhập cá nhân"
    query = QueryText.of("thue thu nhap ca nhan")
    shares = [
        dict(zip(FEATURE_NAMES, hit_features(query, h, 0, 1.0), strict=True))
        for h in (together, apart)
    ]
    assert shares[0]["window_coverage"] == 1.0 and shares[0]["coverage"] == 1.0
    assert (
        shares[1]["window_coverage"] == 0.6
    )  # "nhập cá nhân": 3 of 5 and shares[1]["coverage"] == 1.0


def test_score_gap_reads_the_next_hit() -> None:
    hits = [Hit(id=str(i), score=s) for i, s in enumerate((4.0, 3.0, 1.0))]
    rows = candidate_rows(QueryText.of("luat"), hits)
    gaps = [dict(zip(FEATURE_NAMES, r, strict=True))["score_gap"] for r in rows]
    assert gaps == [0.25, 0.5, 0.25]
