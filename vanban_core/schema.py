"""The canonical document schema shared by the indexer, both backends, the API and the UI.

A document number (số hiệu) is not unique on its own: every province issues
``…/QĐ-UBND``. Identity is therefore number + issuer + issue date, which is what
:func:`stable_id` hashes when a source does not name its document itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from vanban_core.validity import UNKNOWN, canonical_status

SCHEMA_FIELDS = (
    "id",
    "number",
    "doc_type",
    "issuer",
    "issued_date",
    "place",
    "signer",
    "title",
    "text",
    "recipients",
    "cites",
    "language",
    "status",
    "source_url",
    "effective_date",
    "expiry_date",
    "field",
    "gazette",
    "relations",
    "sources",
    "original_file",
    "file_urls",
    "updated_at",
)


class RelationType(StrEnum):
    """How one document acts on another (vbpl.vn's "lược đồ" of a document)."""

    cites = "cites"  # dẫn chiếu, căn cứ
    amends = "amends"  # sửa đổi, bổ sung
    replaces = "replaces"  # thay thế
    repeals = "repeals"  # bãi bỏ, hết hiệu lực
    guides = "guides"  # hướng dẫn, quy định chi tiết
    consolidates = "consolidates"  # văn bản hợp nhất
    corrects = "corrects"  # đính chính


class Relation(BaseModel):
    """One edge between two documents, seen from the document that carries it.

    Outgoing edges are stored (extracted from the text); incoming ones are
    computed when a document is read, from the other documents' outgoing edges.
    ``id`` is the indexed document the number names, None when none is indexed.
    """

    type: RelationType
    direction: Literal["outgoing", "incoming"] = "outgoing"
    number: str | None = None
    id: str | None = None
    partial: bool = Field(
        default=False, description="Only some articles are affected (bãi bỏ Điều 60 …)"
    )


_ISSUE_NUMBERS = re.compile(r"\d{1,5}")
_GAZETTE_DATE = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.]((?:19|20)\d{2})")


class Gazette(BaseModel):
    """Where a document was published in the Công báo: issue number(s), date, pages."""

    issues: list[int] = Field(default_factory=list, description="e.g. [987, 988]")
    date: dt.date | None = None
    pages: str | None = Field(default=None, description="e.g. '3-27'")

    @classmethod
    def parse(cls, label: str, pages: str | None = None) -> Gazette | None:
        """ "Số 987 + 988, ngày 25-08-2024" or "242" -> a Gazette; None when no number."""
        label = label.strip()
        date = None
        found = _GAZETTE_DATE.search(label)
        if found:
            try:
                date = dt.date(int(found[3]), int(found[2]), int(found[1]))
            except ValueError:
                date = None
            label = label[: found.start()]
        issues = [int(n) for n in _ISSUE_NUMBERS.findall(label)]
        if not issues:
            return None
        return cls(issues=issues, date=date, pages=pages or None)

    def label(self) -> str:
        numbers = " + ".join(str(n) for n in self.issues)
        return f"Số {numbers}" + (f", ngày {self.date:%d-%m-%Y}" if self.date else "")


class Document(BaseModel):
    """One indexed document, in the shape every backend stores and returns."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    id: str = Field(min_length=1, max_length=512, description="Stable document id")
    number: str | None = Field(default=None, description="Số hiệu, e.g. 1016/TB-VPCP")
    doc_type: str | None = Field(default=None, description="Loại văn bản, full name")
    issuer: str | None = Field(default=None, description="Cơ quan ban hành, full name")
    issued_date: dt.date | None = Field(default=None, description="Ngày ban hành")
    place: str | None = Field(default=None, description="Địa danh")
    signer: str | None = Field(default=None, description="Người ký")
    title: str | None = Field(default=None, description="Trích yếu")
    text: str = Field(default="", description="Full text")
    recipients: list[str] = Field(default_factory=list, description="Nơi nhận")
    cites: list[str] = Field(default_factory=list, description="Numbers of cited documents")
    language: str = Field(default="vi")
    status: str = Field(
        default=UNKNOWN, description="Tình trạng hiệu lực, one of vanban_core.validity.STATUSES"
    )
    status_reason: str | None = Field(
        default=None, description="Why the status was derived, when the source gave none"
    )
    effective_date: dt.date | None = Field(default=None, description="Ngày có hiệu lực")
    expiry_date: dt.date | None = Field(default=None, description="Ngày hết hiệu lực")
    field: list[str] = Field(default_factory=list, description="Lĩnh vực / ngành")
    source_url: str | None = Field(default=None, description="Where the document came from")
    gazette: Gazette | None = Field(default=None, description="Công báo issue(s), date, pages")
    updated_at: dt.datetime | None = Field(
        default=None,
        description="When the store last received this document new or changed (UTC); "
        "set on write, kept through reindexing, for incremental sync (updated_since=)",
    )
    relations: list[Relation] = Field(
        default_factory=list, description="Edges to other documents, both directions"
    )
    cited_by: list[str] = Field(
        default_factory=list, description="Ids of indexed documents citing this one"
    )
    translations: list[str] = Field(
        default_factory=list, description="Ids of the same document in another language"
    )
    sources: list[str] = Field(
        default_factory=list, description="Every source URL or file merged into this record"
    )
    original_file: str | None = Field(
        default=None, description="URL on this server of the file the document was read from"
    )
    file_urls: list[str] = Field(default_factory=list, description="Files at the source")

    @model_validator(mode="before")
    @classmethod
    def _gazette_parts(cls, data: Any) -> Any:
        """Accept the gazette as a label ("Số 242, ngày 22-04-2026") plus
        ``gazette_pages``, as readers and older stores give it."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        gazette, pages = data.get("gazette"), data.pop("gazette_pages", None)
        if isinstance(gazette, str):
            data = {**data, "gazette": Gazette.parse(gazette, pages)}
        elif isinstance(gazette, dict) and pages and not gazette.get("pages"):
            data = {**data, "gazette": {**gazette, "pages": pages}}
        return data

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, value: Any) -> str:
        return canonical_status(value if isinstance(value, str) else None)

    @field_validator("*", mode="before")
    @classmethod
    def _nfc(cls, value: Any) -> Any:
        """Store every string in NFC so equality and facets never split on encoding."""
        if isinstance(value, str):
            return unicodedata.normalize("NFC", value)
        if isinstance(value, list):
            return [unicodedata.normalize("NFC", v) if isinstance(v, str) else v for v in value]
        return value

    @field_validator("updated_at")
    @classmethod
    def _utc(cls, value: dt.datetime | None) -> dt.datetime | None:
        return None if value is None else as_utc(value)

    @field_validator("issued_date", "effective_date", "expiry_date", mode="before")
    @classmethod
    def _empty_date(cls, value: Any) -> Any:
        return None if value in ("", "--") else value

    @property
    def year(self) -> int | None:
        return self.issued_date.year if self.issued_date else None


def as_utc(moment: dt.datetime) -> dt.datetime:
    """``moment`` in UTC at millisecond precision (naive means UTC already).

    Milliseconds are what Elasticsearch's ``date`` keeps; truncating here makes
    both stores compare and return the very same instant.
    """
    aware = moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)
    return aware.replace(microsecond=aware.microsecond // 1000 * 1000)


def utc_now() -> dt.datetime:
    return as_utc(dt.datetime.now(dt.UTC))


def instant_key(moment: dt.datetime) -> str:
    """A fixed-width text form of an instant that sorts and compares like the instant."""
    utc = as_utc(moment)  # %Y does not pad years before 1000 on glibc, so pad by hand
    return f"{utc.year:04d}" + utc.strftime("-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def stamped(doc: Document, when: dt.datetime | None = None) -> Document:
    """``doc`` with ``updated_at`` set to ``when`` (default now) unless it has one."""
    if doc.updated_at is not None:
        return doc
    return doc.model_copy(update={"updated_at": as_utc(when) if when else utc_now()})


def stable_id(number: str | None, issuer: str | None, issued: dt.date | None, fallback: str) -> str:
    """Derive an id that stays the same when the same document is indexed again.

    Number + issuer + date identify a document; when the number is missing the
    caller's fallback (usually the content hash or source path) is used instead.
    """
    if number:
        key = "|".join([number.casefold(), (issuer or "").casefold(), str(issued or "")])
    else:
        key = fallback
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
    return f"vb-{digest}"
