"""A small typed Python client for the vanban HTTP API (httpx).

Results come back as the server's own models (:class:`SearchPage`,
:class:`Hit`, :class:`Document`), so a client and the server cannot disagree on
a field. Errors are :class:`VanbanError` carrying the RFC 9457 problem the
server sent. A 429 or 503 is retried (twice by default) after the
``Retry-After`` the server asked for, at most ``max_wait`` seconds.

    with VanbanClient("https://vanban.example.gov.vn") as api:
        for hit in api.iter_hits("chuyển đổi số", doc_type=["Quyết định"]):
            print(hit.number, hit.title)
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Self
from urllib.parse import quote

import httpx

from search_api.models import Hit, SearchPage
from vanban_core.schema import Document

Params = list[tuple[str, str]]


class VanbanError(Exception):
    """An error answer: its HTTP status and the problem details the server sent."""

    def __init__(self, status: int, problem: Mapping[str, Any]) -> None:
        self.status = status
        self.problem = dict(problem)
        self.title = str(problem.get("title") or f"HTTP {status}")
        self.detail = str(problem.get("detail") or "")
        super().__init__(f"{status} {self.title}: {self.detail}".rstrip(": "))


def _filters(
    q: str,
    *,
    issuer: Sequence[str] = (),
    doc_type: Sequence[str] = (),
    year: Sequence[int] = (),
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    updated_since: dt.datetime | None = None,
) -> Params:
    params: Params = [("q", q)] if q else []
    params += [("issuer", v) for v in issuer] + [("doc_type", v) for v in doc_type]
    params += [("year", str(v)) for v in year]
    if date_from:
        params.append(("from", date_from.isoformat()))
    if date_to:
        params.append(("to", date_to.isoformat()))
    if updated_since:
        params.append(("updated_since", updated_since.isoformat()))
    return params


class VanbanClient:
    """One connection pool to one vanban server; use it as a context manager."""

    def __init__(
        self,
        base_url: str,
        *,
        api_key: str | None = None,
        timeout: float = 30.0,
        retries: int = 2,
        max_wait: float = 30.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        headers = {"User-Agent": "vanban-client/1.0", "Accept": "application/json"}
        if api_key:
            headers["Authorization"] = f"Bearer {api_key}"
        self.retries = retries
        self.max_wait = max_wait
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"), headers=headers, timeout=timeout, transport=transport
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    # -- transport -----------------------------------------------------------

    def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        for attempt in range(self.retries + 1):
            response = self._http.request(method, path, **kwargs)
            if response.status_code not in (429, 503) or attempt == self.retries:
                break
            wait = response.headers.get("retry-after", "1")
            time.sleep(min(float(wait) if wait.isdigit() else 1.0, self.max_wait))
        if response.status_code >= 400:
            try:
                problem = response.json()
            except ValueError:
                problem = {"detail": response.text[:500]}
            raise VanbanError(response.status_code, problem if isinstance(problem, dict) else {})
        return response

    # -- reads ---------------------------------------------------------------

    def search(
        self,
        q: str = "",
        *,
        issuer: Sequence[str] = (),
        doc_type: Sequence[str] = (),
        year: Sequence[int] = (),
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
        updated_since: dt.datetime | None = None,
        sort: str = "relevance",
        page: int = 1,
        size: int = 10,
        cursor: str | None = None,
        fields: Sequence[str] = (),
    ) -> SearchPage:
        """One page of results (``fields`` trims each hit to those fields and ``id``)."""
        params = _filters(
            q,
            issuer=issuer,
            doc_type=doc_type,
            year=year,
            date_from=date_from,
            date_to=date_to,
            updated_since=updated_since,
        )
        params += [("sort", sort), ("page", str(page)), ("size", str(size))]
        if cursor:
            params.append(("cursor", cursor))
        if fields:
            params.append(("fields", ",".join(fields)))
        return SearchPage.model_validate(self._send("GET", "/api/v1/search", params=params).json())

    def iter_hits(self, q: str = "", *, size: int = 100, **options: Any) -> Iterator[Hit]:
        """Every hit of a search, page after page through ``next_cursor``."""
        cursor: str | None = None
        while True:
            page = self.search(q, size=size, cursor=cursor, **options)
            yield from page.hits
            if not page.next_cursor:
                return
            cursor = page.next_cursor

    def lookup(self, number: str, *, size: int = 10) -> SearchPage:
        """Documents by number, in any common spelling ("1016 tb vpcp")."""
        params = {"number": number, "size": size}
        return SearchPage.model_validate(self._send("GET", "/api/v1/lookup", params=params).json())

    def document(self, doc_id: str) -> Document:
        return Document.model_validate(
            self._send("GET", f"/api/v1/documents/{_seg(doc_id)}").json()
        )

    def feed(self, q: str = "", *, order: str = "updated", **filters: Any) -> bytes:
        """The Atom feed of a search, as XML bytes (parse it with any feed library)."""
        params = [*_filters(q, **filters), ("order", order)]
        return self._send("GET", "/api/v1/feed", params=params).content

    def export(self, q: str = "", *, format: str = "csv", **filters: Any) -> Iterator[bytes]:
        """Every hit as CSV or JSON Lines, streamed in chunks (write them to a file)."""
        params = [*_filters(q, **filters), ("format", format)]
        with self._http.stream("GET", "/api/v1/search", params=tuple(params)) as response:
            if response.status_code >= 400:
                response.read()
                raise VanbanError(response.status_code, response.json())
            yield from response.iter_bytes()

    # -- writes (need a read-write API key) ------------------------------------

    def put_document(self, doc: Document | Mapping[str, Any]) -> Document:
        """Create or replace a document by its id; it is searchable on return."""
        data = _as_json(doc)
        doc_id = str(data.pop("id"))
        response = self._send("PUT", f"/api/v1/documents/{_seg(doc_id)}", json=data)
        return Document.model_validate(response.json())

    def create_document(self, doc: Document | Mapping[str, Any]) -> Document:
        """Add a new document (id optional: the server derives one); 409 if it exists."""
        body = self._send("POST", "/api/v1/documents", json=_as_json(doc)).json()
        return Document.model_validate(body["documents"][0])

    def upload(self, path: str | Path) -> list[Document]:
        """Add the documents of a file (PDF, DOCX, DOC, HTML, TXT), read by the server."""
        file = Path(path)
        with file.open("rb") as handle:
            response = self._send("POST", "/api/v1/documents", files={"file": (file.name, handle)})
        return [Document.model_validate(d) for d in response.json()["documents"]]

    def delete_document(self, doc_id: str) -> None:
        self._send("DELETE", f"/api/v1/documents/{_seg(doc_id)}")


def _seg(doc_id: str) -> str:
    return quote(doc_id, safe="")


def _as_json(doc: Document | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(doc, Document):
        return doc.model_dump(mode="json", exclude={"updated_at"}, exclude_none=True)
    return {k: v for k, v in dict(doc).items() if k != "updated_at"}
