"""Security of the served app, through HTTP: links, headers, errors, limits, CORS."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from search_api.backends.base import SearchBackend
from search_api.backends.sqlite import SqliteBackend
from tests.conformance.test_backend_behaviour import load_docs
from tests.live import live_server
from vanban_app.factory import create_app
from vanban_core.schema import Document
from vanban_core.settings import Settings

HOSTILE_SOURCES = {
    "src-js": "javascript:alert(document.cookie)",
    "src-js-case": " JaVaScRiPt:alert(1)",
    "src-js-tab": "java\tscript:alert(1)",
    "src-data": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "src-vb": "vbscript:msgbox(1)",
    "src-relative": "//evil.example/x",
}
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)


def _doc(doc_id: str, source_url: str) -> Document:
    return Document(
        id=doc_id,
        doc_type="Thông báo",
        issuer="Bộ Tư pháp",
        issued_date=dt.date(2024, 3, 1),
        title=f"Thông báo nguồn {doc_id}",
        text="Nội dung kiểm thử đường dẫn nguồn.",
        source_url=source_url,
    )


@pytest.fixture
def client(backend: SearchBackend, tmp_path: Path) -> Iterator[TestClient]:
    docs = [_doc(i, url) for i, url in HOSTILE_SOURCES.items()]
    docs.append(_doc("src-ok", "https://vbpl.vn/van-ban?id=1&x=<b>"))
    backend.upsert([*load_docs(), *docs])
    app = create_app(Settings(db=tmp_path / "secret-folder" / "store.db"), backend=backend)
    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as c:
        yield c


def test_only_http_source_links_become_links(client: TestClient) -> None:
    for doc_id in HOSTILE_SOURCES:
        html = client.get(f"/van-ban/{doc_id}").text
        assert "Nguồn" in html
        hrefs = re.findall(r'href="([^"]*)"', html)
        assert not [h for h in hrefs if "script" in h.lower() or h.startswith(("data:", "//"))]
        assert 'class="source-text"' in html, doc_id
    ok = client.get("/van-ban/src-ok").text
    assert 'href="https://vbpl.vn/van-ban?id=1&amp;x=&lt;b&gt;"' in ok


def test_every_html_page_carries_the_security_headers(client: TestClient) -> None:
    for path in ["/", "/?q=thong+bao", "/van-ban/tb-1016-vpcp", "/van-ban/missing", "/docs"]:
        response = client.get(path, headers={"Accept": "text/html"})
        assert response.headers["content-type"].startswith("text/html"), path
        policy = response.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy
        script_src = re.search(r"script-src ([^;]*)", policy)
        assert script_src and "unsafe-inline" not in script_src.group(1)
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"]
        assert not INLINE_SCRIPT.search(response.text), path
        assert " on" + "click=" not in response.text
    api = client.get("/api/v1/search", params={"q": "x"})
    assert api.headers["x-content-type-options"] == "nosniff"


def test_health_reveals_no_paths(client: TestClient, tmp_path: Path) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.text
    assert response.json()["status"] == "ok"
    assert "secret-folder" not in body and str(tmp_path) not in body and ".db" not in body
    assert "vanban-test" not in body  # no Elasticsearch index or alias names either


def test_errors_are_problem_json(client: TestClient) -> None:
    missing = client.get("/api/v1/documents/nope")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert {"type", "title", "status", "detail", "instance"} <= set(missing.json())
    assert (
        missing.json()["status"] == 404 and missing.json()["instance"] == "/api/v1/documents/nope"
    )
    invalid = client.get("/api/v1/search", params={"size": 1000, "sort": "random"})
    assert invalid.status_code == 422
    assert invalid.headers["content-type"] == "application/problem+json"
    names = {p["name"] for p in invalid.json()["invalid_params"]}
    assert names == {"query.size", "query.sort"}
    cursor = client.get("/api/v1/search", params={"cursor": "garbage"})
    assert cursor.status_code == 400 and cursor.json()["type"] == "about:blank"
    for response in (client.get("/api/v1/nothing-here"), client.delete("/api/v1/search")):
        assert response.headers["content-type"] == "application/problem+json"
        assert response.status_code in (404, 405)


def test_query_and_body_size_limits(client: TestClient) -> None:
    long = client.get("/api/v1/search", params={"q": "a" * 9000})
    assert long.status_code == 414 and long.headers["content-type"] == "application/problem+json"
    big = client.post(
        "/api/v1/documents", content=b"x" * (21 * 1024 * 1024), headers={"X-API-Key": "k"}
    )
    assert big.status_code == 413


def test_cors_for_reads(client: TestClient) -> None:
    origin = {"Origin": "https://portal.example.gov.vn"}
    read = client.get("/api/v1/search", params={"q": "thong bao"}, headers=origin)
    assert read.headers["access-control-allow-origin"] in ("*", origin["Origin"])
    assert "RateLimit-Remaining" in read.headers["access-control-expose-headers"]
    preflight = client.options(
        "/api/v1/search",
        headers={**origin, "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 200
    assert "GET" in preflight.headers["access-control-allow-methods"]
    write = client.options(
        "/api/v1/documents/x", headers={**origin, "Access-Control-Request-Method": "PUT"}
    )
    assert write.status_code == 400  # writes are not open to other origins


def test_store_faults_reveal_no_internal_names(tmp_path: Path) -> None:
    """A broken store file answers 503 / 500 problems that name no table or path."""
    db = tmp_path / "hidden-dir" / "broken.db"
    store = SqliteBackend(db)
    store.upsert(load_docs())
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TABLE fts")
        conn.execute("UPDATE documents SET body = 'not json' WHERE id = 'tb-1016-vpcp'")
    app = create_app(Settings(db=db, rate_limit=1000), backend=store)
    try:
        with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as c:
            down = c.get("/api/v1/search", params={"q": "thong bao"})
            assert down.status_code == 503 and down.headers["retry-after"]
            assert down.headers["content-type"] == "application/problem+json"
            page = c.get("/", params={"q": "thong bao"}, headers={"Accept": "text/html"})
            assert page.status_code == 503
            bug = c.get("/api/v1/documents/tb-1016-vpcp")
            assert bug.status_code == 500
            assert bug.headers["content-type"] == "application/problem+json"
            assert bug.headers["x-content-type-options"] == "nosniff"
            assert "ratelimit-limit" in bug.headers
            for body in (down.text, page.text, bug.text):
                assert "fts" not in body and "no such table" not in body
                assert "hidden-dir" not in body and "broken.db" not in body
                assert "Traceback" not in body and "ValidationError" not in body
    finally:
        store.close()


def test_a_burst_from_one_client_meets_429_while_another_is_served(tmp_path: Path) -> None:
    store = SqliteBackend(tmp_path / "rate.db")
    store.upsert(load_docs())
    app = create_app(Settings(db=tmp_path / "rate.db", rate_limit=20), backend=store)
    try:
        with live_server(app) as url:
            first = httpx.Client(
                base_url=url, transport=httpx.HTTPTransport(local_address="127.0.0.1")
            )
            second = httpx.Client(
                base_url=url, transport=httpx.HTTPTransport(local_address="127.0.0.2")
            )
            with first, second:
                answers = [
                    first.get("/api/v1/search", params={"q": "thong bao"}) for _ in range(30)
                ]
                served = second.get("/api/v1/search", params={"q": "thong bao"})
    finally:
        store.close()
    codes = [a.status_code for a in answers]
    assert codes[:20] == [200] * 20 and codes[20:] == [429] * 10
    assert [int(a.headers["ratelimit-remaining"]) for a in answers[:20]] == list(range(19, -1, -1))
    assert all(a.headers["ratelimit-limit"] == "20" for a in answers)
    limited = answers[-1]
    assert limited.headers["content-type"] == "application/problem+json"
    assert 1 <= int(limited.headers["retry-after"]) <= 60
    assert int(limited.headers["ratelimit-reset"]) <= 60
    assert served.status_code == 200 and served.headers["ratelimit-remaining"] == "19"
