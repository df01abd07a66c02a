"""HTML pages: search with facets, document page. Plain links and forms, no JavaScript."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from search_api.api.dependencies import ServiceDep
from search_api.api.feeds import feed_query
from search_api.api.params import search_request
from search_api.backends.base import BackendError, BadCursor
from search_api.models import MAX_OFFSET, SearchRequest
from search_api.service import PageTooDeep, SearchService
from vanban_core.facets import FACETS
from vanban_core.schema import Document
from web.i18n import labels
from web.links import web_link

_HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(_HERE / "templates"))
router = APIRouter(include_in_schema=False)


def mount_static(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=str(_HERE / "static")), name="static")


def _lang(request: Request) -> str:
    return "en" if request.query_params.get("lang") == "en" else "vi"


def _url_with(request: Request, **changes: object) -> str:
    """The current search URL with some parameters replaced (None removes one)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in changes]
    for key, value in changes.items():
        if isinstance(value, list):
            params.extend((key, str(v)) for v in value)
        elif value is not None:
            params.append((key, str(value)))
    return "/?" + urlencode(params)


def _toggle(request: Request, key: str, value: str) -> str:
    """URL that adds ``value`` to filter ``key``, or removes it if already there."""
    current = request.query_params.getlist(key)
    chosen = [v for v in current if v != value] if value in current else [*current, value]
    return _url_with(request, **{key: chosen, "page": None, "cursor": None})


@router.get("/", response_class=HTMLResponse)
def search_page(
    request: Request,
    service: ServiceDep,
    search: Annotated[SearchRequest, Depends(search_request)],
) -> HTMLResponse:
    lang = _lang(request)
    error, page, unavailable = None, None, False
    try:
        page = service.search(search)
    except (PageTooDeep, BadCursor) as exc:
        error = str(exc)
    except BackendError:  # its message may name files or tables: never shown
        error = labels(lang)["unavailable"]
        unavailable = True
    return templates.TemplateResponse(
        request,
        "search.html",
        {
            "t": labels(lang),
            "lang": lang,
            "search": search,
            "page": page,
            "error": error,
            "selected": {spec.name: request.query_params.getlist(spec.name) for spec in FACETS},
            "sidebar": sorted(FACETS, key=lambda spec: spec.sidebar_order),
            "max_offset": MAX_OFFSET,
            "toggle": lambda key, value: _toggle(request, key, str(value)),
            "url_with": lambda **kw: _url_with(request, **kw),
            "Markup": Markup,
            "feed_url": feed_query(list(request.query_params.multi_items())),
        },
        status_code=503 if unavailable else 200,
    )


def _cited_links(service: SearchService, doc: Document) -> list[tuple[str, str | None]]:
    """Each cited number with the id of the indexed document it names, if any."""
    links: list[tuple[str, str | None]] = []
    for number in doc.cites:
        found = service.lookup(number, 1)
        links.append((number, found[0].id if found else None))
    return links


@router.get("/van-ban/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, service: ServiceDep, doc_id: str) -> HTMLResponse:
    lang = _lang(request)
    doc = service.get(doc_id)
    if doc is None:
        raise HTTPException(404, detail=labels(lang)["not_found"])
    return templates.TemplateResponse(
        request,
        "document.html",
        {
            "t": labels(lang),
            "lang": lang,
            "doc": doc,
            "cites": _cited_links(service, doc),
            "web_link": web_link,
        },
    )
