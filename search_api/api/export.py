"""Every hit of a search as CSV or JSON Lines, streamed page by page through cursors.

The export walks the same cursor path as a client would, one page at a time,
and writes each page as soon as it has it, so memory stays at one page
whatever the total. The first page is read before the response starts: a bad
query or an unavailable store is still a proper problem+json error. The CSV
starts with a UTF-8 byte-order mark, which Excel needs to read Vietnamese, and
a cell that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``
first) is written with a leading apostrophe, as OWASP advises for CSV exports.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Iterator

from fastapi.responses import StreamingResponse

from search_api.api.selection import select
from search_api.models import Hit, SearchPage, SearchRequest
from search_api.service import SearchService

EXPORT_PAGE = 100
FORMATS = {"json", "csv", "jsonl"}
MEDIA = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}
# What a CSV shows by default: the snippet is HTML and the score means nothing in a sheet.
CSV_DEFAULT = [f for f in Hit.model_fields if f not in ("snippet", "score")]
log = logging.getLogger("vanban.api")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, dict | list):  # a nested value (the gazette) as one JSON cell
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def format_from(explicit: str | None, accept: str) -> str:
    """``format=`` when given, else what ``Accept`` asks for, else JSON."""
    if explicit:
        return explicit
    if "text/csv" in accept:
        return "csv"
    if "application/x-ndjson" in accept or "application/jsonl" in accept:
        return "jsonl"
    if "application/atom+xml" in accept:
        return "atom"
    return "json"


def pages(service: SearchService, request: SearchRequest, limit: int) -> Iterator[SearchPage]:
    """Every page of ``request``, by cursor, up to ``limit`` hits in all."""
    current = request.model_copy(update={"size": EXPORT_PAGE, "page": 1})
    sent = 0
    while True:
        page = service.search(current)
        page.hits = page.hits[: max(0, limit - sent)]
        sent += len(page.hits)
        yield page
        if not page.next_cursor or sent >= limit:
            return
        current = current.model_copy(update={"cursor": page.next_cursor})


def _rows(
    first: SearchPage, rest: Iterator[SearchPage], kind: str, fields: list[str]
) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if kind == "csv":
        buffer.write("\ufeff")
        writer.writerow(fields)

    def render(page: SearchPage) -> str:
        for hit in page.hits:
            data = select(hit, fields)
            if kind == "csv":
                writer.writerow([_cell(data[f]) for f in fields])
            else:
                buffer.write(json.dumps(data, ensure_ascii=False) + "\n")
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield render(first)
    try:
        for page in rest:
            yield render(page)
    except Exception:  # the response has started: all we can do is stop it short
        log.exception("export stopped part way")
        raise


def export_response(
    service: SearchService,
    request: SearchRequest,
    kind: str,
    fields: list[str] | None,
    limit: int,
) -> StreamingResponse:
    walk = pages(service, request, limit)
    first = next(walk)  # errors here are answered as problems, before streaming
    chosen = fields or (CSV_DEFAULT if kind == "csv" else list(Hit.model_fields))
    headers = {
        "Content-Disposition": f'attachment; filename="vanban-search.{kind}"',
        "X-Total-Count": str(first.total),
    }
    return StreamingResponse(
        _rows(first, walk, kind, chosen), media_type=MEDIA[kind], headers=headers
    )
