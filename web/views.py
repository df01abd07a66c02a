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

from search_api.backends.base import BackendError, BadCursor
from search_api.dependencies import ServiceDep
from search_api.models import MAX_OFFSET, SearchRequest
from search_api.params import search_request
from search_api.service import PageTooDeep
from vanban_core.facets import FACETS
from vanban_core.schema import Document, Relation
from web.i18n import labels, relation_label, status_label

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
    error, page = None, None
    try:
        page = service.search(search)
    except (PageTooDeep, BadCursor, BackendError) as exc:
        error = str(exc)
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
            "status_label": lambda status: status_label(status, lang),
        },
        status_code=503 if error and "backend" in error else 200,
    )


def _relation_groups(doc: Document, lang: str) -> list[tuple[str, list[Relation]]]:
    """The document's relations grouped under a label per type and direction."""
    groups: dict[tuple[str, str], list[Relation]] = {}
    for relation in doc.relations:
        groups.setdefault((relation.type.value, relation.direction), []).append(relation)
    return [
        (relation_label(kind, direction, lang), items)
        for (kind, direction), items in sorted(groups.items(), key=_group_order)
    ]


def _group_order(item: tuple[tuple[str, str], list[Relation]]) -> tuple[bool, bool, str]:
    (kind, direction), _ = item
    return kind == "cites", direction == "incoming", kind


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
            "relations": _relation_groups(doc, lang),
            "status_label": lambda status: status_label(status, lang),
        },
    )
