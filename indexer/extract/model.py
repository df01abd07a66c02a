"""The result of metadata extraction: what a document says about itself."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from vanban_core.schema import Relation


@dataclass(frozen=True)
class ExtractedMetadata:
    """Metadata read from a document's own text; every field is None/empty when absent.

    Fields hold what the text states, never a guess: a news article without a
    "Số:" line has no number, even if it mentions other documents' numbers.
    """

    number: str | None = None
    doc_type: str | None = None
    issuer: str | None = None
    issued_date: dt.date | None = None
    place: str | None = None
    signer: str | None = None
    signer_title: str | None = None
    title: str | None = None
    recipients: list[str] = field(default_factory=list)
    cites: list[str] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    effective_date: dt.date | None = None
