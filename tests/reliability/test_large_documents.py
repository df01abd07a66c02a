"""A huge document costs a bounded amount at query time: its snippet reads the opening only."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from search_api.backends.sqlite import SqliteBackend
from search_api.highlight import SOURCE_CHARS, snippet
from vanban_app.factory import create_app
from vanban_core.schema import Document
from vanban_core.settings import Settings


def test_the_snippet_reads_no_further_than_its_source_limit() -> None:
    filler = "lorem ipsum " * (SOURCE_CHARS // 12 + 10)
    assert "<mark>" not in snippet(filler + " biên giới", ["bien"])
    assert "<mark>" in snippet("biên giới " + filler, ["bien"])


def test_a_multi_megabyte_document_is_found_with_a_short_snippet(tmp_path: Path) -> None:
    path = tmp_path / "big.db"
    store = SqliteBackend(path, create=True)
    text = "Quyết định về tuần tra biên giới. " + "Điều khoản thi hành chung. " * 100_000
    store.upsert([Document(id="lon", title="Quyết định rất dài", text=text)])
    store.close()
    with TestClient(create_app(Settings(db=path)), base_url="http://127.0.0.1") as client:
        hits = client.get("/api/v1/search", params={"q": "tuần tra biên giới"}).json()["hits"]
        assert [h["id"] for h in hits] == ["lon"]
        assert "<mark>biên</mark>" in hits[0]["snippet"] and len(hits[0]["snippet"]) < 1000
        full = client.get("/api/v1/documents/lon").json()["text"]
        assert len(full) == len(text.strip()), "the document route still returns the whole text"
