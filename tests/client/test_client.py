"""The Python client against a live server (uvicorn on 127.0.0.1), on every backend."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest

from search_api.api_keys import KeyStore, Scope
from search_api.backends.base import SearchBackend
from tests.conformance.test_backend_behaviour import load_docs
from tests.conftest import FIXTURES
from tests.live import live_server
from vanban.client import VanbanClient, VanbanError
from vanban_app.factory import create_app
from vanban_core.schema import Document
from vanban_core.settings import Settings


@pytest.fixture
def server(backend: SearchBackend, tmp_path: Path) -> Iterator[tuple[str, str]]:
    backend.upsert(load_docs())
    keys_db = tmp_path / "keys.db"
    _, key = KeyStore(keys_db).create("client test", Scope.read_write)
    settings = Settings(db=tmp_path / "unused.db", keys_db=keys_db)
    app = create_app(settings, backend=backend)
    with live_server(app) as url:
        yield url, key


def test_reads(server: tuple[str, str]) -> None:
    url, _ = server
    with VanbanClient(url) as api:
        page = api.search("van phong chinh phu thong bao")
        assert page.hits[0].number == "1016/TB-VPCP"
        trimmed = api.search("thong bao", fields=["number"])
        assert trimmed.hits and trimmed.hits[0].title is None and trimmed.hits[0].id
        assert api.lookup("1016 tb vpcp").hits[0].id == "tb-1016-vpcp"
        doc = api.document("tb-1016-vpcp")
        assert isinstance(doc, Document) and doc.signer == "Nguyễn Tiến Dũng"
        everything = list(api.iter_hits(size=3, sort="date_desc"))
        assert len(everything) == len({h.id for h in everything}) == api.search().total
        feed = feedparser.parse(api.feed(doc_type=["Thông báo"]))
        assert not feed.bozo and feed.entries
        rows = list(csv.reader(io.StringIO(b"".join(api.export("quyết định")).decode("utf-8-sig"))))
        assert len(rows) == api.search("quyết định").total + 1
        with pytest.raises(VanbanError) as missing:
            api.document("no-such-document")
        assert missing.value.status == 404 and "not found" in missing.value.title


def test_writes(server: tuple[str, str]) -> None:
    url, key = server
    new = Document(
        id="qd-client-1",
        number="12/QĐ-UBND",
        doc_type="Quyết định",
        issuer="Ủy ban nhân dân tỉnh Lào Cai",
        issued_date=dt.date(2025, 3, 1),
        title="Về việc ban hành quy chế thư viện số",
        text="Ban hành quy chế thư viện số của tỉnh.",
    )
    with VanbanClient(url) as anonymous:
        with pytest.raises(VanbanError) as refused:
            anonymous.put_document(new)
        assert refused.value.status == 401
    with VanbanClient(url, api_key="vb_wrong_key") as wrong, pytest.raises(VanbanError) as bad:
        wrong.delete_document("tb-1016-vpcp")
    assert bad.value.status == 403
    with VanbanClient(url, api_key=key) as api:
        stored = api.put_document(new)
        assert stored.updated_at is not None
        assert [h.id for h in api.search("thư viện số").hits] == ["qd-client-1"]
        created = api.create_document(
            {"title": "Thông báo lịch tiếp dân", "text": "Lịch tiếp dân."}
        )
        assert created.id.startswith("vb-")
        [uploaded] = api.upload(FIXTURES / "files" / "thong-bao-1016.tcvn3.txt")
        assert uploaded.number == "1016/TB-VPCP"
        api.delete_document("qd-client-1")
        assert "qd-client-1" not in [h.id for h in api.search("thư viện số").hits]
        with pytest.raises(VanbanError) as gone:
            api.delete_document("qd-client-1")
        assert gone.value.status == 404
