"""HTML pages: search with facets, document page. Plain links and forms, no JavaScript."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from markupsafe import Markup

from search_api.api.dependencies import ServiceDep
from search_api.api.feeds import feed_query
from search_api.api.params import search_request_dependency
from search_api.backends.base import BadCursor
from search_api.models import MAX_OFFSET, SearchPage, SearchRequest
from search_api.service import PageTooDeep
from vanban_core.facets import FACETS, MAX_FACET_SIZE
from vanban_core.schema import Document, Relation
from vanban_core.text.articles import split_articles
from web import dates
from web.i18n import labels, relation_label, status_label
from web.links import web_link
from web.pages import page_language, render, url_with

_HERE = Path(__file__).parent
router = APIRouter(include_in_schema=False)
# The UI reads dates as dd/mm/yyyy; every other parameter as the API does.
ui_search_request = search_request_dependency(dates.DayMonthYear)
# The page number a link may carry (the API's ``page`` limit); cursors go on without it.
_MAX_PAGE_NUMBER = 1000


def mount_static(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=str(_HERE / "static")), name="static")


def _toggle(request: Request, key: str, value: str) -> str:
    """URL that adds ``value`` to filter ``key``, or removes it if already there."""
    current = request.query_params.getlist(key)
    chosen = [v for v in current if v != value] if value in current else [*current, value]
    return url_with(request, **{key: chosen, "page": None, "cursor": None})


def _pager(request: Request, search: SearchRequest, page: SearchPage) -> dict[str, str | None]:
    """Links to the previous, next and first page.

    Offset pages go up to :data:`MAX_OFFSET` results; past it the next link carries
    the page's cursor (and the page number, for display), so every result can be
    reached by clicking "next". Cursors only go forward: a cursor page links back
    to the first page instead of the previous one.
    """
    links: dict[str, str | None] = {"prev": None, "next": None, "first": None}
    following = page.page + 1
    if search.cursor is None and page.page > 1:
        links["prev"] = url_with(request, page=page.page - 1)
    if search.cursor is not None:
        links["first"] = url_with(request, page=None, cursor=None)
    if not page.hits or page.next_cursor is None:
        return links
    if search.cursor is None and following * search.size <= MAX_OFFSET:
        links["next"] = url_with(request, page=following)
    else:
        number = following if following <= _MAX_PAGE_NUMBER else None
        links["next"] = url_with(request, page=number, cursor=page.next_cursor)
    return links


def _more_facets_url(request: Request, search: SearchRequest) -> str | None:
    """Where "more" leads: the same page asking every facet for its largest list."""
    if search.facet_size >= MAX_FACET_SIZE:
        return None
    return url_with(request, facet_size=MAX_FACET_SIZE)


def _is_home(request: Request) -> bool:
    return not any(k != "lang" for k in request.query_params)


@router.get("/", response_class=HTMLResponse)
def search_page(
    request: Request,
    service: ServiceDep,
    search: Annotated[SearchRequest, Depends(ui_search_request)],
) -> HTMLResponse:
    lang, _ = page_language(request)
    page: SearchPage | None = None
    error: str | None = None
    try:
        page = service.search(search)
    except (PageTooDeep, BadCursor):
        # Only a hand-edited URL gets here: every link the UI writes is reachable.
        error = labels(lang)["bad_request_body"]
    return render(
        request,
        "search.html",
        {
            "search": search,
            "page": page,
            "error": error,
            "home": _is_home(request),
            "date_from": dates.show(search.filters.date_from),
            "date_to": dates.show(search.filters.date_to),
            "date_pattern": dates.HTML_PATTERN,
            "selected": {spec.name: request.query_params.getlist(spec.name) for spec in FACETS},
            "sidebar": sorted(FACETS, key=lambda spec: spec.sidebar_order),
            "pager": _pager(request, search, page) if page else {},
            "more_facets_url": _more_facets_url(request, search),
            "toggle": lambda key, value: _toggle(request, key, str(value)),
            "url_with": lambda **kw: url_with(request, **kw),
            "Markup": Markup,
            "feed_url": feed_query(list(request.query_params.multi_items())),
            "status_label": lambda status: status_label(status, lang),
        },
        status_code=400 if error else 200,
    )


def _relation_groups(doc: Document, lang: str) -> list[tuple[str, str, list[Relation]]]:
    """(label, class, relations) per type and direction: "cites", "cites-incoming" …"""
    groups: dict[tuple[str, str], list[Relation]] = {}
    for relation in doc.relations:
        groups.setdefault((relation.type.value, relation.direction), []).append(relation)
    return [
        (
            relation_label(kind, direction, lang),
            kind if direction == "outgoing" else f"{kind}-incoming",
            items,
        )
        for (kind, direction), items in sorted(groups.items(), key=_group_order)
    ]


def _group_order(item: tuple[tuple[str, str], list[Relation]]) -> tuple[bool, bool, str]:
    (kind, direction), _ = item
    return kind == "cites", direction == "incoming", kind


def text_sections(text: str) -> list[tuple[str | None, str]]:
    """The full text cut at its articles, each piece with the anchor (``dieu-5``) it
    opens with, so a hit's link lands on the article that matched."""
    spans = split_articles(text)
    if not spans:
        return [(None, text)]
    sections: list[tuple[str | None, str]] = [(None, text[: spans[0].start])]
    sections.extend((span.anchor, text[span.start : span.end]) for span in spans)
    return sections


@router.get("/van-ban/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, service: ServiceDep, doc_id: str) -> HTMLResponse:
    lang, _ = page_language(request)
    doc = service.get(doc_id)
    if doc is None:
        raise HTTPException(404)
    return render(
        request,
        "document.html",
        {
            "doc": doc,
            "sections": text_sections(doc.text or ""),
            "relations": _relation_groups(doc, lang),
            "status_label": lambda status: status_label(status, lang),
            "web_link": web_link,
        },
    )
