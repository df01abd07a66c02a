"""Read API for integrators, through HTTP on every backend: fields, exports, sync, 304."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from fastapi.testclient import TestClient

from vanban_core.schema import Document


def test_fields_selects_hit_and_document_fields(client: TestClient) -> None:
    body = client.get("/api/v1/search", params={"q": "thong bao", "fields": "number,title"}).json()
    assert body["total"] > 0
    assert all(set(hit) == {"id", "number", "title"} for hit in body["hits"])
    doc = client.get("/api/v1/documents/tb-1016-vpcp", params={"fields": "signer,issuer"}).json()
    assert doc == {
        "id": "tb-1016-vpcp",
        "issuer": "Văn phòng Chính phủ",
        "signer": "Nguyễn Tiến Dũng",
    }
    wrong = client.get("/api/v1/search", params={"fields": "number,colour"})
    assert wrong.status_code == 422
    assert wrong.headers["content-type"] == "application/problem+json"
    assert "colour" in wrong.json()["detail"]


def test_csv_export_has_every_hit_and_a_bom(client: TestClient) -> None:
    total = client.get("/api/v1/search", params={"q": "quyết định"}).json()["total"]
    assert total > 3
    response = client.get("/api/v1/search", params={"q": "quyết định", "format": "csv"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"].startswith("attachment")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["id", "number", "doc_type"] and "snippet" not in rows[0]
    assert len(rows) == total + 1
    assert any("Quyết định" in cell for row in rows[1:] for cell in row)
    by_accept = client.get(
        "/api/v1/search", params={"q": "quyết định"}, headers={"Accept": "text/csv"}
    )
    assert by_accept.content == response.content
    chosen = client.get("/api/v1/search", params={"format": "csv", "fields": "number"}).text
    assert chosen.lstrip("\ufeff").splitlines()[0] == "id,number"


def test_jsonl_export_walks_every_page(client: TestClient) -> None:
    total = client.get("/api/v1/search").json()["total"]
    response = client.get("/api/v1/search", params={"format": "jsonl", "sort": "date_desc"})
    assert response.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert len(lines) == total == len({line["id"] for line in lines})
    dates = [line["issued_date"] or "" for line in lines if line["issued_date"]]
    assert dates == sorted(dates, reverse=True)


def test_updated_since_and_updated_at(client: TestClient) -> None:
    hits = client.get("/api/v1/search", params={"size": 100}).json()["hits"]
    stamps = {dt.datetime.fromisoformat(h["updated_at"]) for h in hits}
    assert all(s.tzinfo is not None for s in stamps)
    newest = max(stamps)
    later = client.get("/api/v1/search", params={"updated_since": newest.isoformat()}).json()
    assert later["total"] == 0
    earlier = (newest - dt.timedelta(seconds=1)).isoformat()
    assert client.get("/api/v1/search", params={"updated_since": earlier}).json()["total"] > 0
    bad = client.get("/api/v1/search", params={"updated_since": "yesterday"})
    assert bad.status_code == 422


def test_document_etag_and_last_modified(client: TestClient) -> None:
    first = client.get("/api/v1/documents/tb-1016-vpcp")
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert etag.startswith('"') and modified.endswith("GMT")
    again = client.get("/api/v1/documents/tb-1016-vpcp", headers={"If-None-Match": etag})
    assert again.status_code == 304 and not again.content and again.headers["etag"] == etag
    since = client.get("/api/v1/documents/tb-1016-vpcp", headers={"If-Modified-Since": modified})
    assert since.status_code == 304
    stale = client.get("/api/v1/documents/tb-1016-vpcp", headers={"If-None-Match": '"other"'})
    assert stale.status_code == 200 and stale.json()["id"] == "tb-1016-vpcp"
    old = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert (
        client.get("/api/v1/documents/tb-1016-vpcp", headers={"If-Modified-Since": old}).status_code
        == 200
    )


def test_csv_cells_never_run_as_formulas(client: TestClient) -> None:
    backend = client.app.state.service.backend  # type: ignore[attr-defined]
    hostile = Document(id="csv-formula", title='=HYPERLINK("http://evil.example","x")', text="ô")
    assert backend.upsert([hostile]).indexed == 1
    text = client.get("/api/v1/search", params={"q": "hyperlink evil", "format": "csv"}).text
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    [row] = [r for r in rows if r[0] == "csv-formula"]
    assert row[rows[0].index("title")] == "'" + hostile.title  # type: ignore[operator]


def test_format_atom_leads_to_the_feed(client: TestClient) -> None:
    response = client.get(
        "/api/v1/search", params={"q": "thong bao", "format": "atom"}, follow_redirects=False
    )
    assert response.status_code == 307
    assert response.headers["location"] == "/api/v1/feed?q=thong+bao"
    followed = client.get(
        "/api/v1/search", params={"q": "thong bao"}, headers={"Accept": "application/atom+xml"}
    )
    assert followed.headers["content-type"].startswith("application/atom+xml")
