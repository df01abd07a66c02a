"""Atom feeds through HTTP on every backend, parsed by feedparser."""

from __future__ import annotations

import datetime as dt

import feedparser
from fastapi.testclient import TestClient

from vanban_core.schema import Document


def parse(client: TestClient, **params: str) -> feedparser.FeedParserDict:
    response = client.get("/api/v1/feed", params=params)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def test_feed_is_valid_atom_with_required_elements(client: TestClient) -> None:
    parsed = parse(client, q="quyết định", doc_type="Quyết định")
    feed = parsed.feed
    assert feed.id and feed.title and feed.updated_parsed
    assert any(link.rel == "self" for link in feed.links)
    assert feed.author == "vanban"
    assert parsed.entries
    for entry in parsed.entries:
        assert entry.id and entry.title and entry.updated_parsed and entry.link
        assert entry.link.startswith("http://127.0.0.1/van-ban/")
        assert entry.tags[0].term == "Quyết định"
    stamps = [e.updated_parsed for e in parsed.entries]
    assert stamps == sorted(stamps, reverse=True)


def test_feed_by_issue_date_is_newest_first(client: TestClient) -> None:
    parsed = parse(client, order="issued", size="100")
    published = [e.published_parsed for e in parsed.entries if "published_parsed" in e]
    assert len(published) > 5 and published == sorted(published, reverse=True)


def test_feed_gains_an_entry_when_a_document_is_written(client: TestClient) -> None:
    backend = client.app.state.service.backend  # type: ignore[attr-defined]
    before = parse(client, doc_type="Thông báo")
    doc = Document(
        id="tb-moi-2026",
        number="99/TB-VPCP",
        doc_type="Thông báo",
        issuer="Văn phòng Chính phủ",
        issued_date=dt.date(2010, 1, 1),  # issued long ago, written just now
        title="Thông báo kết luận <b>mới</b> & khẩn",
        text="Nội dung mới.",
    )
    assert backend.upsert([doc]).indexed == 1
    after = parse(client, doc_type="Thông báo")
    assert len(after.entries) == len(before.entries) + 1
    newest = after.entries[0]
    assert newest.link.endswith("/van-ban/tb-moi-2026")
    assert "<b>mới</b> & khẩn" in newest.title  # escaped in the XML, text again when parsed


def test_results_page_links_its_feed(client: TestClient) -> None:
    html = client.get("/", params={"q": "thông báo", "doc_type": "Thông báo"}).text
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="/api/v1/feed?q=th%C3%B4ng+b%C3%A1o&amp;doc_type=Th%C3%B4ng+b%C3%A1o"' in html
    assert 'class="feed"' in html
