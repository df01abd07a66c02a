"""The canonical document schema shared by the indexer, both backends, the API and the UI.

A document number (số hiệu) is not unique on its own: every province issues
``…/QĐ-UBND``. Identity is therefore number + issuer + issue date, which is what
:func:`stable_id` hashes when a source does not name its document itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

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
    "updated_at",
)


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
    status: str | None = Field(default=None, description="Tình trạng hiệu lực")
    source_url: str | None = Field(default=None, description="Where the document came from")
    gazette: str | None = Field(default=None, description="Công báo issue, e.g. 'Số 242'")
    gazette_pages: str | None = Field(default=None, description="Pages in the Công báo issue")
    updated_at: dt.datetime | None = Field(
        default=None,
        description="When the store last received this document new or changed (UTC); "
        "set on write, kept through reindexing, for incremental sync (updated_since=)",
    )

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

    @field_validator("issued_date", mode="before")
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
    return as_utc(moment).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


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
