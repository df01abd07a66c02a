"""The write API for publishers: create, replace and delete documents, with a key.

Every write goes through the same store call as the indexer (``upsert`` /
``delete``), so a written document is analyzed exactly as an indexed one and
is searchable as soon as the call returns. A file upload is turned into
documents by the converter the top-level app gives (the indexer's readers and
extractor, which this layer may not import); without one, uploads are 415.
A replace that changes nothing keeps the document's ``updated_at`` and ETag.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field, ValidationError
from starlette.datastructures import UploadFile

from search_api.api.conditional import validators
from search_api.api.dependencies import ServiceDep
from search_api.api.write_auth import WriterDep
from search_api.service import SearchService
from vanban_core.schema import Document, stable_id


class UploadRejected(ValueError):
    """An uploaded file that cannot be read as a document; the message says why."""


# (file name, content) -> the documents in it; raises UploadRejected.
Converter = Callable[[str, bytes], list[Document]]


class DocumentIn(Document):
    """A document as a publisher sends it: the id may be left to the server, which
    derives it from number + issuer + date; ``updated_at`` is the server's to set."""

    id: str | None = Field(default=None, min_length=1, max_length=512)  # type: ignore[assignment]


class Created(BaseModel):
    ids: list[str]
    documents: list[Document]


router = APIRouter(prefix="/api/v1", tags=["write"])
_UPLOAD_SCHEMA: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/DocumentIn"}},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}},
                    "required": ["file"],
                }
            },
        },
    }
}


def _canonical(body: DocumentIn, doc_id: str) -> Document:
    data = body.model_dump(exclude={"id", "updated_at"})
    return Document.model_validate({**data, "id": doc_id})


def _derived_id(body: DocumentIn) -> str:
    content = f"{body.title or ''}\n{body.text}".encode()
    return stable_id(
        body.number, body.issuer, body.issued_date, "api:" + hashlib.sha1(content).hexdigest()
    )


def _write(service: SearchService, docs: list[Document]) -> None:
    report = service.backend.upsert(docs)
    if report.failed:
        reasons = "; ".join(f"{k}: {v}" for k, v in report.failed.items())
        raise HTTPException(422, detail=f"không ghi được (not written): {reasons}")


def _unchanged(existing: Document | None, doc: Document) -> bool:
    return existing is not None and existing.model_copy(update={"updated_at": None}) == doc


@router.put(
    "/documents/{doc_id}",
    response_model=Document,
    status_code=200,
    summary="Tạo hoặc thay một văn bản / create or replace a document",
    responses={201: {"model": Document, "description": "Đã tạo / created"}},
)
def put_document(
    service: ServiceDep,
    _: WriterDep,
    doc_id: str,
    body: Annotated[DocumentIn, Body()],
) -> Response:
    if body.id is not None and body.id != doc_id:
        raise HTTPException(422, detail="id trong nội dung khác id trên đường dẫn (id mismatch)")
    doc = _canonical(body, doc_id)
    existing = service.get(doc_id)
    if not _unchanged(existing, doc):
        _write(service, [doc])
    stored = service.get(doc_id)
    if stored is None:  # written and gone: a concurrent delete
        raise HTTPException(409, detail="văn bản vừa bị xóa (deleted meanwhile)")
    status = 200 if existing is not None else 201
    headers = {**validators(stored), "Location": f"/api/v1/documents/{doc_id}"}
    return JSONResponse(stored.model_dump(mode="json"), status_code=status, headers=headers)


@router.delete(
    "/documents/{doc_id}",
    status_code=204,
    summary="Xóa một văn bản / delete a document",
    response_class=Response,
)
def delete_document(service: ServiceDep, _: WriterDep, doc_id: str) -> Response:
    if service.backend.delete([doc_id]) == 0:
        raise HTTPException(404, detail="Không tìm thấy văn bản (document not found)")
    return Response(status_code=204)


async def _documents_of(request: Request) -> list[Document]:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json":
        try:
            body = DocumentIn.model_validate_json(await request.body())
        except ValidationError as exc:
            raise RequestValidationError(exc.errors(include_input=False)) from exc
        return [_canonical(body, body.id or _derived_id(body))]
    if kind == "multipart/form-data":
        converter: Converter | None = request.app.state.converter
        if converter is None:
            raise HTTPException(415, detail="máy chủ này không nhận tệp (uploads are not enabled)")
        form = await request.form(max_files=1, max_fields=5)
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise HTTPException(422, detail="thiếu trường tệp 'file' (the 'file' field is missing)")
        content = await upload.read()
        try:
            return await run_in_threadpool(converter, upload.filename or "upload", content)
        except UploadRejected as exc:
            raise HTTPException(422, detail=f"không đọc được tệp (unreadable file): {exc}") from exc
    raise HTTPException(415, detail="gửi application/json hoặc multipart/form-data")


@router.post(
    "/documents",
    response_model=Created,
    status_code=201,
    summary="Thêm văn bản (JSON hoặc tệp) / add documents (JSON or a file)",
    openapi_extra=_UPLOAD_SCHEMA,
    responses={409: {"description": "Đã có văn bản này / already exists (use PUT)"}},
)
async def post_documents(service: ServiceDep, _: WriterDep, request: Request) -> JSONResponse:
    docs = await _documents_of(request)
    if not docs:
        raise HTTPException(422, detail="tệp không chứa văn bản nào (no document in the file)")
    ids = [d.id for d in docs]
    taken = await run_in_threadpool(service.backend.existing_ids, ids)
    if taken:
        raise HTTPException(
            409, detail=f"đã có (already exists, use PUT): {', '.join(sorted(taken))}"
        )
    await run_in_threadpool(_write, service, docs)
    stored = [d for d in await run_in_threadpool(lambda: [service.get(i) for i in ids]) if d]
    body = Created(ids=ids, documents=stored).model_dump(mode="json")
    return JSONResponse(body, status_code=201, headers={"Location": f"/api/v1/documents/{ids[0]}"})
