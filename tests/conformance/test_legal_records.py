"""Complete legal records, through the indexing pipeline and the HTTP API, on both backends.

Real corpus records (cut to their header and final article) and two written
ones go through ``Indexer`` exactly as ``vanban index`` runs it, plus a vbpl.vn
HTML page that is a second source of one record and a Công báo PDF whose
original file is kept; every assertion is made through /api/v1 or the pages.
"""

from __future__ import annotations

import datetime as dt
import gzip
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from indexer.pipeline import Indexer
from indexer.state import IndexState
from search_api.backends.base import SearchBackend
from tests.conftest import FIXTURES
from vanban_app.factory import create_app
from vanban_core.settings import Settings
from vanban_core.validity import STATUSES, in_force_on

RECORDS = FIXTURES / "records"
HTML_249 = FIXTURES / "files" / "vbpl-187193.html.gz"
PDF = FIXTURES / "files" / "congbao-tt-02-2026.pdf"


@pytest.fixture
def api(backend: SearchBackend, tmp_path: Path) -> Iterator[TestClient]:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("legal_records.jsonl", "written.jsonl"):
        (folder / name).write_bytes((RECORDS / name).read_bytes())
    (folder / "vbpl-187193.html").write_bytes(gzip.decompress(HTML_249.read_bytes()))
    (folder / "thong-tu-02-2026.pdf").write_bytes(PDF.read_bytes())
    blobs = tmp_path / "blobs"
    state = IndexState(tmp_path / "state.db")
    report = Indexer(backend, state, workers=1, blob_dir=blobs).run([folder])
    assert report.failed == []
    settings = Settings(db=tmp_path / "unused.db", blob_dir=blobs)
    with TestClient(create_app(settings, backend=backend), base_url="http://127.0.0.1") as client:
        yield client


def _search(api: TestClient, **params: object) -> dict[str, object]:
    response = api.get("/api/v1/search", params={"size": 100, **params})
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


def _hits(api: TestClient, **params: object) -> list[dict[str, object]]:
    hits = _search(api, **params)["hits"]
    assert isinstance(hits, list)
    return hits


def _one(api: TestClient, number: str) -> dict[str, Any]:
    [hit] = [h for h in _hits(api, q=number) if h["number"] == number]
    body: dict[str, Any] = api.get(f"/api/v1/documents/{hit['id']}").json()
    return body


def test_status_is_one_closed_vocabulary_in_hits_facet_and_filter(api: TestClient) -> None:
    page = _search(api)
    facets = page["facets"]
    assert isinstance(facets, dict)
    buckets = {b["value"]: b["count"] for b in facets["status"]}
    assert set(buckets) <= set(STATUSES)
    # "Còn", "Đang hiệu lực", con_hieu_luc and "Còn hiệu lực" are one value.
    assert buckets["Còn hiệu lực"] >= 6
    assert {"Hết hiệu lực toàn bộ", "Chưa có hiệu lực", "Không rõ"} <= set(buckets)
    hits = _hits(api)
    assert all(h["status"] in STATUSES for h in hits)
    narrowed = _hits(api, status="Chưa có hiệu lực")
    assert 0 < len(narrowed) < len(hits)
    assert {h["status"] for h in narrowed} == {"Chưa có hiệu lực"}
    assert len(_hits(api, status="chua co hieu luc")) == len(narrowed)


def test_effective_and_expiry_dates_and_in_force_on(api: TestClient) -> None:
    expired = _one(api, "77/2006/QĐ-TTg")
    assert (expired["effective_date"], expired["expiry_date"]) == ("2006-05-12", "2025-12-08")
    decree = _one(api, "334/2025/NĐ-CP")
    assert decree["effective_date"] == decree["issued_date"]  # "có hiệu lực … kể từ ngày ký"
    sonla = _one(api, "47/2026/QĐ-UBND")
    assert sonla["effective_date"] == "2026-08-12"
    hits = _hits(api)
    for day in ("2020-01-01", "2025-12-07", "2025-12-08", "2026-09-01"):
        found = {h["id"] for h in _hits(api, in_force_on=day)}
        expected = {
            h["id"]
            for h in hits
            if in_force_on(
                dt.date.fromisoformat(day),
                str(h["status"]),
                _date(h["issued_date"]),
                _date(h["effective_date"]),
                _date(h["expiry_date"]),
            )
        }
        assert found == expected, day
    assert expired["id"] in {h["id"] for h in _hits(api, in_force_on="2025-12-07")}
    assert expired["id"] not in {h["id"] for h in _hits(api, in_force_on="2025-12-08")}
    assert api.get("/api/v1/search", params={"in_force_on": "2025-13-01"}).status_code == 422


def _date(value: object) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else None


def test_relations_both_ways_and_derived_status(api: TestClient) -> None:
    decree = _one(api, "334/2025/NĐ-CP")
    replaced = _one(api, "29/2024/NĐ-CP")
    outgoing = [r for r in decree["relations"] if r["type"] == "replaces"]
    assert outgoing == [
        {
            "type": "replaces",
            "direction": "outgoing",
            "number": "29/2024/NĐ-CP",
            "id": replaced["id"],
            "partial": False,
        }
    ]
    incoming = [r for r in replaced["relations"] if r["direction"] == "incoming"]
    assert {(r["type"], r["id"]) for r in incoming} == {("replaces", decree["id"])}
    assert replaced["cited_by"] == [decree["id"]]
    # The source gave no status: the indexed replacing decree gives it, with the reason.
    assert replaced["status"] == "Hết hiệu lực toàn bộ"
    assert replaced["status_reason"] == "Bị thay thế bởi 334/2025/NĐ-CP"
    # A cited number that is not indexed has no id (the page links a search for it).
    cites = [r for r in decree["relations"] if r["type"] == "cites"]
    assert cites and all(r["id"] is None for r in cites)


def test_cited_by_the_law_on_social_insurance(api: TestClient) -> None:
    law = _one(api, "41/2024/QH15")
    resolution = _one(api, "78/2025/UBTVQH15")
    assert resolution["id"] in law["cited_by"]


def test_gazette_from_running_headers_as_a_facet(api: TestClient) -> None:
    law = _one(api, "41/2024/QH15")
    assert law["gazette"] == {"issues": [987, 988], "date": "2024-08-25", "pages": "3-4"}
    assert "CÔNG BÁO/Số" not in str(law["text"])
    for value in ("987", "988/2024", "Số 987"):
        assert law["id"] in {h["id"] for h in _hits(api, gazette=value)}, value
    assert _hits(api, gazette="987/2023") == []
    facets = _search(api)["facets"]
    assert isinstance(facets, dict)
    assert {"value": "Số 987/2024", "count": 1} in facets["gazette"]


def test_issuers_name_their_province_and_field_is_a_facet(api: TestClient) -> None:
    assert _one(api, "1182/QĐ-UBND")["issuer"] == "Ủy ban nhân dân tỉnh Sơn La"
    assert _one(api, "21/NQ-HĐND")["issuer"] == "Hội đồng nhân dân xã Chiềng Mai, tỉnh Sơn La"
    facets = _search(api)["facets"]
    assert isinstance(facets, dict)
    assert {"value": "Tài nguyên-Môi trường", "count": 1} in facets["field"]
    [hit] = _hits(api, field="tai nguyen-moi truong")
    assert hit["number"] == "19/2026/NQ-HĐND"
    sonla = _one(api, "1182/QĐ-UBND")
    assert sonla["file_urls"] and str(sonla["file_urls"][0]).endswith(".pdf")
    # The signer is searchable.
    assert any(h["number"] == "1182/QĐ-UBND" for h in _hits(api, q="Nguyễn Thành Công"))


def test_english_translation(api: TestClient) -> None:
    [translation] = _hits(api, language="en")
    assert (translation["number"], translation["doc_type"]) == ("25/2021/TT-BTC", "Thông tư")
    assert translation["language"] == "en"
    found = _hits(api, q="Circular 25/2021/TT-BTC")
    assert found[0]["id"] == translation["id"]
    document = api.get(f"/api/v1/documents/{translation['id']}").json()
    [original] = document["translations"]
    assert api.get(f"/api/v1/documents/{original}").json()["language"] == "vi"
    page = api.get(f"/van-ban/{translation['id']}").text
    assert '<article class="document" lang="en">' in page


def test_a_second_source_merges_into_one_record(api: TestClient) -> None:
    hits = [h for h in _hits(api, q="249/2025/NĐ-CP") if h["number"] == "249/2025/NĐ-CP"]
    assert len(hits) == 1
    record = api.get(f"/api/v1/documents/{hits[0]['id']}").json()
    assert "https://vbpl.vn/van-ban/chi-tiet/187193" in record["sources"]
    assert any(str(s).endswith("vbpl-187193.html") for s in record["sources"])


def test_original_file_is_kept_and_downloadable(api: TestClient) -> None:
    circular = _one(api, "02/2026/TT-BTC")
    url = str(circular["original_file"])
    assert url.startswith("/api/v1/files/")
    response = api.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content == PDF.read_bytes()
    assert api.get("/api/v1/files/..%2F..%2Fetc%2Fpasswd").status_code == 404
    page = api.get(f"/van-ban/{circular['id']}").text
    assert f'href="{url}"' in page


def test_text_and_snippets_carry_no_debris(api: TestClient) -> None:
    written = _one(api, "29/2024/NĐ-CP")
    text = str(written["text"])
    assert "**" not in text and "____" not in text and "-----" not in text
    assert "Hà Nội" in text
    for hit in _hits(api, q="hà nội"):
        assert "**" not in str(hit["snippet"]) and "CÔNG BÁO/Số" not in str(hit["snippet"])


def test_document_page_shows_status_dates_and_relations(api: TestClient) -> None:
    decree = _one(api, "334/2025/NĐ-CP")
    page = api.get(f"/van-ban/{decree['id']}").text
    assert "Thay thế" in page and "Còn hiệu lực" in page and "Ngày có hiệu lực" in page
    # A cited number that is not indexed is a search for it.
    assert 'class="search" href="/?q=63/2025/QH15"' in page
    replaced = _one(api, "29/2024/NĐ-CP")
    page = api.get(f"/van-ban/{replaced['id']}").text
    assert "Bị thay thế bởi" in page and f'href="/van-ban/{decree["id"]}"' in page
    results = api.get("/", params={"q": "29/2024/NĐ-CP"}).text
    assert 'class="status"' in results
