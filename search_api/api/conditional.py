"""Conditional GET for document resources: ETag, Last-Modified, 304.

The ETag is a hash of the document's JSON, so it changes exactly when the
document does; Last-Modified is its ``updated_at``. A client that syncs
documents one by one re-downloads only those that changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from email.utils import format_datetime, parsedate_to_datetime

from fastapi import Request
from fastapi.responses import Response

from vanban_core.schema import Document


def etag_of(doc: Document) -> str:
    return '"' + hashlib.sha256(doc.model_dump_json().encode()).hexdigest()[:32] + '"'


def validators(doc: Document) -> dict[str, str]:
    headers = {"ETag": etag_of(doc), "Cache-Control": "no-cache"}
    if doc.updated_at is not None:
        headers["Last-Modified"] = format_datetime(doc.updated_at.astimezone(dt.UTC), usegmt=True)
    return headers


def not_modified(request: Request, doc: Document) -> Response | None:
    """A 304 when the client's copy is current (If-None-Match wins over If-Modified-Since)."""
    headers = validators(doc)
    match = request.headers.get("if-none-match")
    if match is not None:
        tags = {t.strip().removeprefix("W/") for t in match.split(",")}
        return Response(status_code=304, headers=headers) if tags & {"*", headers["ETag"]} else None
    since = request.headers.get("if-modified-since")
    if since and doc.updated_at is not None:
        try:
            client_time = parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return None
        if client_time.tzinfo is not None and doc.updated_at.replace(microsecond=0) <= client_time:
            return Response(status_code=304, headers=headers)
    return None
