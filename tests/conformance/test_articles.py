"""Hits name their best-matching article and the page jumps to it, on both backends.

Two real laws from the ALQAC corpus (Luật Viên chức, Luật Thanh niên), each
indexed as one document with its articles as the law prints them ("Điều 29.
Đơn phương chấm dứt hợp đồng làm việc"), asked a real ALQAC question through
/api/v1/search and the HTML pages. The two laws' articles are copied, as they are,
from the shared corpus's ``alqac_law_corpus/articles.jsonl`` (ALQAC 2023/2024,
``pynterest83/ALQAC2024``) into ``tests/fixtures/alqac_two_laws.jsonl``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from search_api.backends.base import SearchBackend
from tests.conftest import ROOT
from vanban_app.factory import create_app
from vanban_core.schema import Document
from vanban_core.settings import Settings

ARTICLES = ROOT / "tests" / "fixtures" / "alqac_two_laws.jsonl"
QUESTION = (
    "Khi đơn phương chấm dứt hợp đồng làm việc (trừ trường hợp buộc thôi việc), người đứng "
    "đầu đơn vị sự nghiệp công lập phải báo cho viên chức biết trước ít nhất bao nhiêu ngày?"
)


def _law(code: str) -> Document:
    rows = [json.loads(line) for line in ARTICLES.read_text(encoding="utf-8").splitlines()]
    articles = [r for r in rows if r["law_code"] == code]
    text = "\n\n".join(f"Điều {a['article_id']}. {a['text']}" for a in articles)
    return Document(id=code.lower(), doc_type="Luật", title=articles[0]["law_id"], text=text)


@pytest.fixture
def api(backend: SearchBackend, tmp_path: Path) -> Iterator[TestClient]:
    backend.upsert([_law("LVC"), _law("LTN")])
    settings = Settings(db=tmp_path / "unused.db")
    with TestClient(create_app(settings, backend=backend), base_url="http://127.0.0.1") as client:
        yield client


def test_hit_carries_the_matching_article(api: TestClient) -> None:
    response = api.get("/api/v1/search", params={"q": QUESTION})
    assert response.status_code == 200, response.text
    first = response.json()["hits"][0]
    assert first["id"] == "lvc"
    assert first["article"] == {
        "number": "29",
        "heading": "Đơn phương chấm dứt hợp đồng làm việc",
        "anchor": "dieu-29",
    }
    # The snippet is cut from that article, not from the law's opening.
    assert "<mark>" in first["snippet"]
    assert "Phạm vi điều chỉnh" not in first["snippet"]


def test_folded_question_finds_the_same_article(api: TestClient) -> None:
    from vanban_core.analysis import fold

    hits = api.get("/api/v1/search", params={"q": fold(QUESTION)}).json()["hits"]
    assert (hits[0]["id"], hits[0]["article"]["number"]) == ("lvc", "29")


def test_document_without_articles_has_none(api: TestClient, backend: SearchBackend) -> None:
    backend.upsert([Document(id="plain", title="Thông báo", text="Thông báo về viên chức.")])
    hits = api.get("/api/v1/search", params={"q": "thông báo viên chức"}).json()["hits"]
    plain = next(h for h in hits if h["id"] == "plain")
    assert plain["article"] is None


def test_result_links_to_the_article_anchor_on_the_page(api: TestClient) -> None:
    results = api.get("/", params={"q": QUESTION})
    assert results.status_code == 200
    assert 'href="/van-ban/lvc#dieu-29"' in results.text
    assert "Điều 29. Đơn phương chấm dứt hợp đồng làm việc" in results.text
    page = api.get("/van-ban/lvc")
    assert page.status_code == 200
    assert page.text.count('id="dieu-') == 62  # every article of the law, once
    start = page.text.index('id="dieu-29"')
    assert page.text[start : start + 80].startswith('id="dieu-29">Điều 29. Đơn phương')
