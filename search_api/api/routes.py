"""The versioned JSON API under /api/v1, and the health check at /healthz."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import FileResponse, JSONResponse

from search_api import faults
from search_api.api.dependencies import ServiceDep
from search_api.api.params import search_request
from search_api.backends.base import BackendError
from search_api.models import Facets, SearchPage, SearchRequest, Suggestions
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


@router.get("/search", response_model=SearchPage, summary="Tìm kiếm văn bản / full-text search")
def search(service: ServiceDep, request: RequestDep) -> SearchPage:
    return service.search(request)


@router.get("/facets", response_model=Facets, summary="Đếm theo cơ quan, loại, năm / facets")
def facets(service: ServiceDep, request: RequestDep) -> Facets:
    return service.search(request.model_copy(update={"size": 1, "page": 1})).facets


@router.get(
    "/documents/{doc_id}",
    response_model=Document,
    summary="Một văn bản / one document",
    responses={404: {"description": "Không tìm thấy / not found"}},
)
def document(service: ServiceDep, doc_id: str) -> Document:
    doc = service.get(doc_id)
    if doc is None:
        raise HTTPException(404, detail="Không tìm thấy văn bản (document not found)")
    return doc


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


@ops_router.get("/healthz", summary="Tình trạng dịch vụ / health")
def healthz(service: ServiceDep) -> JSONResponse:
    try:
        info = service.backend.health()
    except BackendError as exc:
        return faults.unavailable(exc, "/healthz", status="unavailable")
    return JSONResponse(content={"status": "ok", **info})


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
