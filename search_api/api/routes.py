"""The versioned JSON API under /api/v1, and the health check at /healthz."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response

from search_api import faults
from search_api.api.conditional import not_modified, validators
from search_api.api.dependencies import ServiceDep
from search_api.api.export import export_response, format_from
from search_api.api.feeds import feed_query
from search_api.api.params import search_request
from search_api.api.selection import parse_fields, select
from search_api.backends.base import BackendError
from search_api.models import Facets, Hit, SearchPage, SearchRequest, Suggestions
from vanban_core import blobs
from vanban_core.schema import Document
from vanban_core.settings import files_dir

API_DESCRIPTION = """
Tìm kiếm văn bản hành chính, pháp luật Việt Nam — gõ có dấu hoặc không dấu,
tra cứu theo số hiệu (ví dụ `1016/TB-VPCP`).

Search Vietnamese administrative and legal documents, with or without diacritics,
and look documents up by number.
"""

router = APIRouter(prefix="/api/v1", tags=["search"])
ops_router = APIRouter(tags=["ops"])
RequestDep = Annotated[SearchRequest, Depends(search_request)]
FieldsQuery = Annotated[
    str | None,
    Query(max_length=500, description="Chỉ các trường này / only these fields: id,number,title"),
]
FormatQuery = Annotated[
    Literal["json", "csv", "jsonl", "atom"] | None,
    Query(
        description="json (one page) | csv, jsonl (every page, streamed) | atom "
        "(redirects to /api/v1/feed); or use Accept"
    ),
]
_EXPORT_MEDIA = {
    "text/csv": {"schema": {"type": "string"}},
    "application/x-ndjson": {"schema": {"type": "string"}},
}


@router.get(
    "/search",
    response_model=SearchPage,
    summary="Tìm kiếm văn bản / full-text search",
    responses={200: {"content": _EXPORT_MEDIA}},
)
def search(
    service: ServiceDep,
    request: RequestDep,
    http: Request,
    fields: FieldsQuery = None,
    format: FormatQuery = None,
) -> Response | SearchPage:
    chosen = parse_fields(fields, Hit)
    kind = format_from(format, http.headers.get("accept", ""))
    if kind == "atom":
        return RedirectResponse(feed_query(list(http.query_params.multi_items())), 307)
    if kind != "json":
        limit = http.app.state.settings.export_max_rows
        return export_response(service, request, kind, chosen, limit)
    page = service.search(request)
    if chosen is None:
        return page
    body = page.model_dump(mode="json")
    body["hits"] = [select(hit, chosen) for hit in page.hits]
    return JSONResponse(body)


@router.get("/facets", response_model=Facets, summary="Đếm theo cơ quan, loại, năm / facets")
def facets(service: ServiceDep, request: RequestDep) -> Facets:
    return service.search(request.model_copy(update={"size": 1, "page": 1})).facets


@router.get(
    "/documents/{doc_id}",
    response_model=Document,
    summary="Một văn bản / one document",
    responses={304: {"description": "Không đổi / not modified (If-None-Match, If-Modified-Since)"}},
)
def document(
    service: ServiceDep, doc_id: str, http: Request, fields: FieldsQuery = None
) -> Response:
    chosen = parse_fields(fields, Document)
    doc = service.get(doc_id)
    if doc is None:
        raise HTTPException(404, detail="Không tìm thấy văn bản (document not found)")
    unchanged = not_modified(http, doc)
    if unchanged is not None:
        return unchanged
    return JSONResponse(select(doc, chosen), headers=validators(doc))


@router.get("/lookup", response_model=SearchPage, summary="Tra cứu theo số hiệu / number lookup")
def lookup(
    service: ServiceDep,
    number: Annotated[str, Query(min_length=1, max_length=200, description="Số hiệu")],
    size: Annotated[int, Query(ge=1, le=100)] = 10,
) -> SearchPage:
    return service.lookup_page(number, size)


@router.get(
    "/suggest", response_model=Suggestions, summary="Gợi ý số hiệu, trích yếu / autocomplete"
)
def suggest(
    service: ServiceDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Đang gõ / typed so far")],
    size: Annotated[int, Query(ge=1, le=20)] = 8,
) -> Suggestions:
    return Suggestions(suggestions=service.suggest(q, size))


# What /healthz may show: no path, URL, index or table name.
_HEALTH_FIELDS = ("backend", "documents", "cluster_status")


@ops_router.get("/healthz", summary="Tình trạng dịch vụ / health")
def healthz(service: ServiceDep) -> JSONResponse:
    try:
        info = service.backend.health()
    except BackendError as exc:
        return faults.unavailable(exc, "/healthz", status="unavailable")
    shown = {k: info[k] for k in _HEALTH_FIELDS if k in info}
    return JSONResponse(content={"status": "ok", **shown})


@router.get(
    "/files/{name}",
    summary="Tệp gốc / original file",
    response_class=FileResponse,
    responses={404: {"description": "Không có tệp / no such file"}},
)
def original_file(request: Request, name: str) -> FileResponse:
    """The file a document was indexed from, by the name its ``original_file`` gives."""
    path = blobs.find(files_dir(request.app.state.settings), name)
    if path is None:
        raise HTTPException(404, detail="Không có tệp gốc (no such original file)")
    return FileResponse(path, media_type=blobs.content_type(name), filename=name)
