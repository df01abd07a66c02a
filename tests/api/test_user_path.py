"""What a new user meets in the first minutes, through HTTP: each test here failed
before its fix (see issue 12's "Seen" list)."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from html import unescape
from pathlib import Path

from fastapi.testclient import TestClient

from search_api.backends.base import SearchBackend
from search_api.backends.sqlite import SqliteBackend
from tests.generated import ISSUER_COUNT
from vanban_app.factory import create_app
from vanban_core.facets import FACETS
from vanban_core.schema import Document
from vanban_core.settings import Settings

HREF = re.compile(r'href="([^"]*)"')
SRC = re.compile(r'(?:src|href)="([^"]*)"')


def links(html: str) -> list[str]:
    return [unescape(h) for h in HREF.findall(html)]


def link_to(html: str, rel: str) -> str:
    found = re.search(rf'<a rel="{rel}" href="([^"]*)"', html)
    assert found is not None, f"no {rel} link"
    return unescape(found.group(1))


# -- /docs works without internet -------------------------------------------------


def test_api_docs_load_only_local_assets(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assets = SRC.findall(page.text)
    assert assets, "the docs page loads no script or stylesheet"
    for url in assets:
        assert url.startswith("/") and not url.startswith("//"), url
        loaded = client.get(url)
        assert loaded.status_code == 200 and len(loaded.content) > 100, url
    assert "<script>" not in page.text  # no inline script: a strict CSP allows the page
    openapi = re.search(r'data-openapi-url="([^"]+)"', page.text)
    assert openapi is not None
    assert client.get(openapi.group(1)).json()["openapi"].startswith("3.")
    bundle = client.get("/docs/assets/swagger-ui-bundle.js").text
    assert "SwaggerUIBundle" in bundle


# -- HTML error pages ----------------------------------------------------------------


def test_unknown_document_is_an_html_404_page(client: TestClient) -> None:
    response = client.get("/van-ban/khong-co")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "<h1>Không tìm thấy trang</h1>" in response.text
    assert 'href="/"' in response.text
    english = client.get("/van-ban/khong-co", params={"lang": "en"})
    assert english.status_code == 404 and "<h1>Page not found</h1>" in english.text
    assert 'lang="en"' in english.text
    # The API keeps its JSON error.
    api = client.get("/api/v1/documents/khong-co")
    assert api.status_code == 404 and api.headers["content-type"] == "application/json"
    unknown = client.get("/khong-co-trang-nay")
    assert unknown.status_code == 404 and unknown.headers["content-type"].startswith("text/html")


def _break(store: SearchBackend) -> None:
    """Make the real store fail on every read (a dropped table, a deleted index)."""
    if isinstance(store, SqliteBackend):
        with sqlite3.connect(store.path) as conn:
            conn.execute("DROP TABLE fts")
            conn.execute("DROP TABLE documents")
        return
    client = store.client  # type: ignore[attr-defined]
    indices = list(client.indices.get_alias(name=store.alias))  # type: ignore[attr-defined]
    client.indices.delete(index=",".join(indices))


def test_store_failure_answers_503_with_retry_after(backend: SearchBackend, tmp_path: Path) -> None:
    backend.upsert([Document(id="a", title="Quyết định thử", text="quyết định")])
    app = create_app(Settings(db=tmp_path / "unused.db"), backend=backend)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        _break(backend)
        # Every other route's store faults are issue 10's (they share this page).
        for url in ("/?q=quyet+dinh", "/", "/?q=quyet+dinh&lang=en"):
            response = client.get(url)
            assert response.status_code == 503, url
            assert response.headers["retry-after"].isdigit()
            assert response.headers["content-type"].startswith("text/html")
            assert "<h1>Dịch vụ tạm thời gián đoạn</h1>" in response.text or (
                "<h1>Service temporarily unavailable</h1>" in response.text
            )
        api = client.get("/api/v1/search", params={"q": "quyet dinh"})
        assert api.status_code == 503 and api.headers["content-type"] == "application/json"


# -- results past 1,000, facets with more values, language link ----------------------


def test_next_page_goes_past_one_thousand_results(big: TestClient) -> None:
    url = "/?q=quyet+dinh&sort=date_desc&page=100"
    seen: list[str] = []
    for _ in range(4):  # page 100 (offset), then 101-103 by cursor
        response = big.get(url)
        assert response.status_code == 200, url
        assert "cursor" not in response.text.lower().replace("cursor=", "")
        ids = re.findall(r'href="/van-ban/([^"?]+)"', response.text)
        assert len(ids) == 10
        seen.extend(ids)
        url = link_to(response.text, "next")
    assert "cursor=" in url and "page=104" in url
    assert len(set(seen)) == 40  # no page repeats another
    assert 'start="1031"' in big.get(url).text  # the cursor page is numbered in order


def test_last_results_are_reachable_by_clicking_next(big: TestClient) -> None:
    url, pages, seen = "/?q=quyet+dinh&page=100", 0, 990
    while True:
        response = big.get(url)
        assert response.status_code == 200
        seen += response.text.count('<li class="hit">')
        pages += 1
        if '<a rel="next"' not in response.text:
            break
        url = link_to(response.text, "next")
        assert pages < 20
    assert seen == 1_100


def test_every_issuer_is_reachable_through_more(big: TestClient) -> None:
    html = big.get("/", params={"q": "quyet dinh"}).text
    shown = set(re.findall(r'href="[^"]*(?:\?|&amp;)issuer=([^"&]*)"', html))
    assert len(shown) == 20
    more = re.search(r'<a class="more" href="([^"]*)"', html)
    assert more is not None
    everything = big.get(unescape(more.group(1))).text
    issuers = set(re.findall(r'href="[^"]*(?:\?|&amp;)issuer=([^"&]*)"', everything))
    assert len(issuers) == ISSUER_COUNT
    assert 'class="more"' not in everything.split('id="facet-issuer"')[1].split("</section>")[0]


def test_more_appears_on_every_facet_that_has_more(client: TestClient) -> None:
    html = client.get("/", params={"facet_size": 1}).text
    page = client.get("/api/v1/search", params={"facet_size": 1}).json()
    assert page["facets_truncated"]
    for spec in FACETS:
        section = html.split(f'id="facet-{spec.name}"')
        has_more = len(section) > 1 and 'class="more"' in section[1].split("</section>")[0]
        assert has_more == (spec.name in page["facets_truncated"]), spec.name


def test_language_link_keeps_every_parameter(client: TestClient) -> None:
    query = [("q", "quyết định"), ("doc_type", "Quyết định"), ("year", "2014"),
             ("sort", "date_desc"), ("from", "01/01/2010"), ("page", "1")]  # fmt: skip
    html = client.get("/", params=query).text
    found = re.search(r'href="([^"]*)"[^>]*class="other-lang"', html)
    assert found is not None
    english = unescape(found.group(1))
    for key, value in query:
        assert (key, value) in _pairs(english), key
    assert ("lang", "en") in _pairs(english)
    back = re.search(r'href="([^"]*)"[^>]*class="other-lang"', client.get(english).text)
    assert back is not None
    assert sorted(_pairs(unescape(back.group(1)))) == sorted(query)
    doc = client.get("/van-ban/tb-1016-vpcp").text
    found = re.search(r'href="([^"]*)"[^>]*class="other-lang"', doc)
    assert found is not None and unescape(found.group(1)) == "/van-ban/tb-1016-vpcp?lang=en"


def _pairs(url: str) -> list[tuple[str, str]]:
    from urllib.parse import parse_qsl, urlsplit

    return parse_qsl(urlsplit(url).query)


def test_unsupported_language_falls_back_visibly(client: TestClient) -> None:
    response = client.get("/", params={"q": "quyết định", "lang": "zh"})
    assert response.status_code == 200
    assert response.headers["content-language"] == "vi"
    assert 'lang="vi"' in response.text
    assert "Chưa có giao diện bằng ngôn ngữ “zh”" in response.text
    english = client.get("/", params={"q": "quyết định", "lang": "en"})
    assert english.headers["content-language"] == "en"
    assert "Chưa có giao diện" not in english.text


# -- dates as dd/mm/yyyy ---------------------------------------------------------------


def test_dates_are_shown_and_read_as_day_month_year(client: TestClient) -> None:
    html = client.get("/", params={"from": "24/02/2014", "to": "26/02/2014"}).text
    assert 'name="from" value="24/02/2014"' in html
    assert 'type="date"' not in html
    assert 'pattern="[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}"' in html
    hits = re.findall(r'href="/van-ban/([^"?]+)"', html)
    assert "tb-1016-vpcp" in hits
    for doc_id in hits:
        day = client.get(f"/api/v1/documents/{doc_id}").json()["issued_date"]
        assert dt.date(2014, 2, 24) <= dt.date.fromisoformat(day) <= dt.date(2014, 2, 26)
    # mm/dd/yyyy is not silently misread: 02/24/2014 has no month 24.
    wrong = client.get("/", params={"from": "02/24/2014"})
    assert wrong.status_code == 400 and "ngày không tồn tại" in wrong.text
    unreadable = client.get("/", params={"to": "tháng hai"})
    assert unreadable.status_code == 400 and "dd/mm/yyyy" in unreadable.text
    assert wrong.headers["content-type"].startswith("text/html")
    # The API keeps ISO dates.
    assert client.get("/api/v1/search", params={"from": "2014-02-24"}).status_code == 200
    assert client.get("/api/v1/search", params={"from": "24/02/2014"}).status_code == 422


# -- headings, language of documents, autofocus -----------------------------------------


def test_search_page_has_an_h1(client: TestClient) -> None:
    for params in ({}, {"q": "quyết định"}, {"q": "quyết định", "lang": "en"}):
        html = client.get("/", params=params).text
        assert re.search(r"<h1[^>]*>\s*\S", html), params


def test_english_document_page_has_a_heading_and_its_language(
    backend: SearchBackend, tmp_path: Path
) -> None:
    backend.upsert(
        [Document(id="en-1", language="en", title="Decree on e-commerce", text="Article 1.")]
    )
    app = create_app(Settings(db=tmp_path / "unused.db"), backend=backend)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        html = client.get("/van-ban/en-1").text
        heading = re.search(r"<h1>(.*?)</h1>", html, re.S)
        assert heading is not None and heading.group(1).strip() == "Decree on e-commerce"
        assert '<article class="document" lang="en">' in html
        english_ui = client.get("/van-ban/en-1", params={"lang": "en"}).text
        assert '<html lang="en">' in english_ui


def test_only_the_home_page_autofocuses_the_search_box(client: TestClient) -> None:
    assert "autofocus" in client.get("/").text
    assert "autofocus" in client.get("/", params={"lang": "en"}).text
    for params in ({"q": "quyết định"}, {"doc_type": "Quyết định"}, {"q": "x", "page": 2}):
        assert "autofocus" not in client.get("/", params=params).text, params


def test_search_button_never_wraps_and_filters_sit_in_a_disclosure(client: TestClient) -> None:
    html = client.get("/", params={"q": "quyết định"}).text
    assert '<details class="refine">' in html
    assert html.index('<details class="refine">') < html.index('name="from"')
    css = client.get("/static/style.css").text
    assert re.search(r"button \{[^}]*white-space: nowrap", css)
