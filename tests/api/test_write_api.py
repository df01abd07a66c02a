"""The write API through HTTP on every backend, with keys made by `vanban keys`."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import feedparser
import httpx
import pytest
from fastapi.testclient import TestClient

from search_api.backends.base import SearchBackend
from tests.conformance.test_backend_behaviour import load_docs
from tests.conftest import FIXTURES, ROOT
from tests.pipeline.helpers import VANBAN
from vanban_app.factory import create_app
from vanban_core.settings import Settings

NEW = {
    "number": "45/2025/TT-BTC",
    "doc_type": "Thông tư",
    "issuer": "Bộ Tài chính",
    "issued_date": "2025-06-30",
    "title": "Quy định về quản lý phí thẩm định dự án xanh",
    "text": "Thông tư này quy định mức thu phí thẩm định dự án xanh hoá.",
}


def keys(*args: str) -> str:
    done = subprocess.run(
        [*VANBAN, "keys", *args], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def key_file(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("keys")
    db = str(folder / "keys.db")
    writer = json.loads(keys("create", "--name", "cổng tỉnh", "--keys-db", db, "--json"))
    reader = json.loads(
        keys("create", "--name", "đọc", "--scope", "read", "--keys-db", db, "--json")
    )
    revoked = json.loads(keys("create", "--name", "cũ", "--keys-db", db, "--json"))
    keys("revoke", revoked["id"], "--keys-db", db)
    return {"db": db, "writer": writer["key"], "reader": reader["key"], "revoked": revoked["key"]}


@pytest.fixture
def api(backend: SearchBackend, tmp_path: Path, key_file: dict[str, str]) -> Iterator[TestClient]:
    backend.upsert(load_docs())
    settings = Settings(db=tmp_path / "unused.db", keys_db=Path(key_file["db"]))
    app = create_app(settings, backend=backend)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        yield client


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def found(api: TestClient, q: str) -> list[str]:
    return [h["id"] for h in api.get("/api/v1/search", params={"q": q}).json()["hits"]]


def test_keys_are_hashed_at_rest_and_listed_without_secrets(key_file: dict[str, str]) -> None:
    stored = Path(key_file["db"]).read_bytes()
    for name in ("writer", "reader", "revoked"):
        assert key_file[name].encode() not in stored
        assert key_file[name].split("_", 2)[2].encode() not in stored  # the secret part
    listed = json.loads(keys("list", "--keys-db", key_file["db"], "--json"))
    assert [k["scope"] for k in listed] == ["read-write", "read", "read-write"]
    assert [k["revoked"] is not None for k in listed] == [False, False, True]
    assert "key" not in listed[0]


def test_writes_without_a_good_key_are_refused_and_change_nothing(
    api: TestClient, key_file: dict[str, str]
) -> None:
    before = api.get("/api/v1/documents/tb-1016-vpcp").json()
    total = api.get("/api/v1/search").json()["total"]

    def put(headers: dict[str, str]) -> httpx.Response:
        answer: httpx.Response = api.put(
            "/api/v1/documents/tb-1016-vpcp", json=NEW, headers=headers
        )
        return answer

    def post(headers: dict[str, str]) -> httpx.Response:
        answer: httpx.Response = api.post("/api/v1/documents", json=NEW, headers=headers)
        return answer

    def delete(headers: dict[str, str]) -> httpx.Response:
        answer: httpx.Response = api.delete("/api/v1/documents/tb-1016-vpcp", headers=headers)
        return answer

    attempts: list[Callable[[dict[str, str]], httpx.Response]] = [put, post, delete]
    for attempt in attempts:
        none = attempt({})
        assert none.status_code == 401
        assert none.headers["www-authenticate"].startswith("Bearer")
        assert none.headers["content-type"] == "application/problem+json"
        for key in ("vb_nope_nope", key_file["reader"], key_file["revoked"], "garbage"):
            assert attempt(auth(key)).status_code == 403
        assert attempt({"X-API-Key": key_file["reader"]}).status_code == 403
    assert api.get("/api/v1/documents/tb-1016-vpcp").json() == before
    assert api.get("/api/v1/search").json()["total"] == total
    assert found(api, "phí thẩm định dự án xanh") == []


def test_put_creates_replaces_and_keeps_updated_at_when_unchanged(
    api: TestClient, key_file: dict[str, str]
) -> None:
    writer = auth(key_file["writer"])
    created = api.put("/api/v1/documents/tt-45-2025", json=NEW, headers=writer)
    assert created.status_code == 201
    assert created.headers["location"] == "/api/v1/documents/tt-45-2025"
    assert found(api, "phí thẩm định dự án xanh") == ["tt-45-2025"]  # searchable at once
    stamp, etag = created.json()["updated_at"], created.headers["etag"]
    time.sleep(0.01)
    same = api.put("/api/v1/documents/tt-45-2025", json=NEW, headers=writer)
    assert same.status_code == 200
    assert same.json()["updated_at"] == stamp and same.headers["etag"] == etag
    changed = api.put(
        "/api/v1/documents/tt-45-2025", json={**NEW, "title": "Phí thẩm định mới"}, headers=writer
    )
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    assert dt.datetime.fromisoformat(changed.json()["updated_at"]) > dt.datetime.fromisoformat(
        stamp
    )
    assert api.get("/api/v1/documents/tt-45-2025").json()["title"] == "Phí thẩm định mới"
    clash = api.put("/api/v1/documents/tt-45-2025", json={**NEW, "id": "other"}, headers=writer)
    assert clash.status_code == 422
    bad = api.put("/api/v1/documents/x", json={"issued_date": "not a date"}, headers=writer)
    assert bad.status_code == 422 and bad.headers["content-type"] == "application/problem+json"


def test_delete_removes_from_search_at_once(api: TestClient, key_file: dict[str, str]) -> None:
    writer = auth(key_file["writer"])
    assert "tb-1016-vpcp" in found(api, "1016/TB-VPCP")
    assert api.delete("/api/v1/documents/tb-1016-vpcp", headers=writer).status_code == 204
    assert "tb-1016-vpcp" not in found(api, "1016/TB-VPCP")
    assert api.get("/api/v1/documents/tb-1016-vpcp").status_code == 404
    assert api.delete("/api/v1/documents/tb-1016-vpcp", headers=writer).status_code == 404


def test_post_json_and_file_upload(api: TestClient, key_file: dict[str, str]) -> None:
    writer = auth(key_file["writer"])
    posted = api.post("/api/v1/documents", json=NEW, headers=writer)
    assert posted.status_code == 201
    [new_id] = posted.json()["ids"]
    assert new_id.startswith("vb-") and found(api, "phí thẩm định dự án xanh") == [new_id]
    assert api.post("/api/v1/documents", json=NEW, headers=writer).status_code == 409
    api.delete("/api/v1/documents/tb-1016-vpcp", headers=writer)
    notice = FIXTURES / "files" / "thong-bao-1016.vni.txt"  # legacy VNI encoding, as the CLI reads
    with notice.open("rb") as handle:
        uploaded = api.post(
            "/api/v1/documents",
            files={"file": ("thong-bao.txt", handle, "text/plain")},
            headers=writer,
        )
    assert uploaded.status_code == 201, uploaded.text
    [doc] = uploaded.json()["documents"]
    assert doc["number"] == "1016/TB-VPCP" and doc["issuer"] == "Văn phòng Chính phủ"
    assert doc["id"] in found(api, "1016/TB-VPCP")
    junk = api.post(
        "/api/v1/documents",
        files={"file": ("x.pdf", b"%PDF-1.4 broken", "application/pdf")},
        headers=writer,
    )
    assert junk.status_code == 422 and junk.headers["content-type"] == "application/problem+json"
    plain = api.post(
        "/api/v1/documents", content=b"hello", headers={**writer, "Content-Type": "text/plain"}
    )
    assert plain.status_code == 415


def test_feed_gains_an_entry_written_through_the_api(
    api: TestClient, key_file: dict[str, str]
) -> None:
    before = feedparser.parse(api.get("/api/v1/feed", params={"doc_type": "Thông tư"}).content)
    response = api.put("/api/v1/documents/tt-45-2025", json=NEW, headers=auth(key_file["writer"]))
    assert response.status_code == 201
    after = feedparser.parse(api.get("/api/v1/feed", params={"doc_type": "Thông tư"}).content)
    assert not after.bozo
    assert len(after.entries) == len(before.entries) + 1
    assert after.entries[0].link.endswith("/van-ban/tt-45-2025")
