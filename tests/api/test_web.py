"""The server-rendered UI: plain HTML, forms and links, nothing needing JavaScript."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def test_home_page_has_a_plain_form(client: TestClient) -> None:
    html = client.get("/").text
    assert '<form class="searchbox" method="get" action="/"' in html
    assert "Tìm kiếm" in html
    # Scripts are optional enhancements (autocomplete, layout): files, never inline code.
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts and all(
        re.fullmatch(r'<script src="/static/\w+\.js" defer>', s) for s in scripts
    )
    assert "<script>" not in html
    assert "onclick" not in html and "javascript:" not in html


def test_results_page_lists_hits_with_facets(client: TestClient) -> None:
    html = client.get("/", params={"q": "van phong chinh phu thong bao"}).text
    assert "1016/TB-VPCP" in html
    assert "Cơ quan ban hành" in html and "Loại văn bản" in html and "Năm ban hành" in html
    assert 'href="/van-ban/tb-1016-vpcp"' in html
    assert "<mark>" in html


def test_facet_links_filter_the_results(client: TestClient) -> None:
    html = client.get("/", params={"q": "quyết định"}).text
    link = re.search(r'href="(/\?[^"]*doc_type=[^"]*)"', html)
    assert link is not None
    filtered = client.get(link.group(1).replace("&amp;", "&")).text
    assert 'class="on"' in filtered


def test_english_labels(client: TestClient) -> None:
    html = client.get("/", params={"q": "quyết định", "lang": "en"}).text
    assert "Issuing body" in html


def test_document_page_links_cited_documents_in_the_index(client: TestClient) -> None:
    html = client.get("/van-ban/tb-1016-vpcp").text
    assert "Văn phòng Chính phủ" in html and "Nguyễn Tiến Dũng" in html
    assert "25/02/2014" in html
    # 06/2013/QĐ-TTg is not in the index: shown, but not as a link.
    assert "06/2013/QĐ-TTg" in html and 'href="/van-ban/06' not in html
    assert client.get("/van-ban/missing").status_code == 404
    citing = client.get("/van-ban/xss").text
    assert 'href="/van-ban/tb-1016-vpcp"' in citing


def test_markup_in_documents_is_never_rendered(client: TestClient) -> None:
    html = client.get("/", params={"q": "mã độc hại"}).text
    assert '<script>alert("xss")</script>' not in html
    assert "&lt;script&gt;" in html
    page = client.get("/van-ban/xss").text
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_did_you_mean_when_nothing_is_found(client: TestClient) -> None:
    html = client.get("/", params={"q": "thong bap"}).text
    assert "Có phải bạn muốn tìm" in html
    assert "thong bao" in html
