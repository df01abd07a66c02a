"""Atom feeds (RFC 4287) for any query and filter set: ``/api/v1/feed?q=…&doc_type=…``.

A feed is a saved search a reader polls: the same parameters as
``/api/v1/search``, newest first — by default the newest *written* (what
appeared since the reader last looked, ``order=updated``), or the newest
issued (``order=issued``). Entry ids are the document ids, so a reader shows a
changed document as updated, not as new. The XML is built with ElementTree,
which escapes every value.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from urllib.parse import quote, urlencode
from xml.etree import ElementTree as ET

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from search_api.api.dependencies import ServiceDep
from search_api.api.params import search_request
from search_api.models import Hit, SearchPage, SearchRequest, Sort
from vanban_core.facets import FACETS

ATOM = "http://www.w3.org/2005/Atom"
MEDIA = "application/atom+xml; charset=utf-8"
# A feed keeps what selects documents, never paging or sorting.
FEED_PARAMS = ("q", *(spec.name for spec in FACETS), "from", "to", "in_force_on")
router = APIRouter(prefix="/api/v1", tags=["feeds"])
_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def feed_query(params: list[tuple[str, str]]) -> str:
    """The feed URL (path and query) for a search's parameters, for links from pages."""
    kept = [(k, v) for k, v in params if k in FEED_PARAMS and v]
    return "/api/v1/feed" + ("?" + urlencode(kept) if kept else "")


def _stamp(moment: dt.datetime | None) -> str:
    return (moment or _EPOCH).astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _text(parent: ET.Element, tag: str, value: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    element.text = value
    return element


def _entry_title(hit: Hit) -> str:
    head = " ".join(p for p in (hit.doc_type, hit.number) if p)
    if hit.title:
        return f"{head}: {hit.title}" if head else hit.title
    return head or hit.id


def render_feed(page: SearchPage, base: str, self_path: str, title: str) -> bytes:
    """The Atom document of one page of hits; ``base`` is the site's absolute URL."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "vi"})
    _text(feed, "id", base + self_path)
    _text(feed, "title", title)
    _text(feed, "subtitle", "vanban — văn bản hành chính, pháp luật Việt Nam")
    newest = max((h.updated_at for h in page.hits if h.updated_at), default=None)
    _text(feed, "updated", _stamp(newest))
    ET.SubElement(
        feed, f"{{{ATOM}}}link", rel="self", type=MEDIA.split(";")[0], href=base + self_path
    )
    page_query = self_path.split("?", 1)[1] if "?" in self_path else ""
    alternate = base + "/" + ("?" + page_query if page_query else "")
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=alternate)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "vanban")
    _text(feed, "generator", "vanban")
    for hit in page.hits:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", f"{base}/van-ban/{quote(hit.id, safe='')}")
        _text(entry, "title", _entry_title(hit))
        _text(entry, "updated", _stamp(hit.updated_at))
        if hit.issued_date:
            published = dt.datetime.combine(hit.issued_date, dt.time(), tzinfo=dt.UTC)
            _text(entry, "published", _stamp(published))
        link = f"{base}/van-ban/{quote(hit.id, safe='')}"
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=link)
        api = f"{base}/api/v1/documents/{quote(hit.id, safe='')}"
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="related", type="application/json", href=api)
        if hit.issuer:
            entry_author = ET.SubElement(entry, f"{{{ATOM}}}author")
            _text(entry_author, "name", hit.issuer)
        if hit.doc_type:
            ET.SubElement(entry, f"{{{ATOM}}}category", term=hit.doc_type)
        summary = " · ".join(
            p
            for p in (hit.issuer, hit.issued_date.strftime("%d/%m/%Y") if hit.issued_date else None)
            if p
        )
        _text(entry, "summary", summary or _entry_title(hit))
    data: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return data


@router.get(
    "/feed",
    summary="Nguồn tin Atom cho một tìm kiếm / Atom feed of a search",
    response_class=Response,
    responses={200: {"content": {"application/atom+xml": {"schema": {"type": "string"}}}}},
)
def feed(
    service: ServiceDep,
    http: Request,
    search: Annotated[SearchRequest, Depends(search_request)],
    order: Annotated[
        Literal["updated", "issued"],
        Query(description="updated: mới ghi nhất / newest written; issued: mới ban hành nhất"),
    ] = "updated",
) -> Response:
    sort = Sort.updated_desc if order == "updated" else Sort.date_desc
    size = min(search.size if "size" in http.query_params else 50, 100)
    page = service.search(
        search.model_copy(update={"sort": sort, "size": size, "page": 1, "cursor": None})
    )
    base = str(http.base_url).rstrip("/")
    params = list(http.query_params.multi_items())
    self_path = feed_query(params)
    if order == "issued":
        self_path += ("&" if "?" in self_path else "?") + "order=issued"
    title = "vanban: " + (search.q or "văn bản mới / new documents")
    return Response(render_feed(page, base, self_path, title), media_type=MEDIA)
