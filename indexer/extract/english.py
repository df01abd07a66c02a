"""Metadata of English translations ("Circular No. 25/2021/TT-BTC", "Hanoi, December 25, 2025").

vbpl.vn publishes official English translations whose header is reduced to the
type heading ("CIRCULAR") and the subject; the page title names the type and the
number ("Circular 25/2021/TT-BTC", sometimes still in Vietnamese). The type is
kept as its Vietnamese name, so the type facet has one entry per type whatever
the language, and the issuer comes from the number's issuer code.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from indexer.extract.number import issuer_from_number
from vanban_core import codes
from vanban_core.analysis import canonical_number

# English type names, longest first, with their Vietnamese type.
ENGLISH_TYPES: tuple[tuple[str, str], ...] = (
    ("joint circular", "Thông tư liên tịch"),
    ("joint resolution", "Nghị quyết liên tịch"),
    ("consolidated document", "Văn bản hợp nhất"),
    ("consolidated text", "Văn bản hợp nhất"),
    ("constitution", "Hiến pháp"),
    ("ordinance", "Pháp lệnh"),
    ("resolution", "Nghị quyết"),
    ("directive", "Chỉ thị"),
    ("decision", "Quyết định"),
    ("circular", "Thông tư"),
    ("decree", "Nghị định"),
    ("notice", "Thông báo"),
    ("order", "Lệnh"),
    ("code", "Bộ luật"),
    ("law", "Luật"),
)
_MONTH_NAMES = (
    "january february march april may june july august september october november december"
)
_MONTHS = {name: index for index, name in enumerate(_MONTH_NAMES.split(), start=1)}
_NUMBER = re.compile(r"(?:No\.?\s*|số\s+)?(?P<number>\d[\w.]*/[\w./\-–]+)", re.IGNORECASE)
_PLACE_DATE = re.compile(
    r"^\s*(?P<place>Ha\s?noi|Hanoi|Ho Chi Minh City|[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}),\s+"
    r"(?P<month>[A-Z][a-z]+)\s+(?P<day>\d{1,2}),\s+(?P<year>(?:19|20)\d{2})\s*$",
    re.MULTILINE,
)
_EFFECTIVE = re.compile(
    r"(?:takes?|shall take)\s+effect\s+(?:from|on|as from)\s+(?P<month>[A-Z][a-z]+)\s+"
    r"(?P<day>\d{1,2}),\s+(?P<year>(?:19|20)\d{2})"
)
_HEADING = re.compile(r"^[A-Z][A-Z ]{2,30}$")


@dataclass(frozen=True)
class EnglishMetadata:
    number: str | None = None
    doc_type: str | None = None
    issuer: str | None = None
    issued_date: dt.date | None = None
    place: str | None = None
    title: str | None = None
    effective_date: dt.date | None = None


def english_type(text: str) -> str | None:
    """The Vietnamese type of an English (or Vietnamese) type name at the start of ``text``."""
    lowered = text.strip().lower()
    for name, vietnamese in ENGLISH_TYPES:
        if lowered == name or lowered.startswith(name + " "):
            return vietnamese
    named = codes.doc_type_name(text.split(" ")[0]) if text.strip() else None
    return named or _vietnamese_type(text)


def _vietnamese_type(text: str) -> str | None:
    for name in sorted(codes.doc_type_names(), key=len, reverse=True):
        if text.strip().lower().startswith(name.lower()):
            return name
    return None


def _date(month: str, day: str, year: str) -> dt.date | None:
    number = _MONTHS.get(month.lower())
    if number is None:
        return None
    try:
        return dt.date(int(year), number, int(day))
    except ValueError:
        return None


def _subject(lines: list[str]) -> str | None:
    """The line after the type heading ("CIRCULAR" / "Guiding …")."""
    for index, line in enumerate(lines[:6]):
        if _HEADING.match(line.strip()) and english_type(line) and index + 1 < len(lines):
            subject = lines[index + 1].strip()
            return subject or None
    return None


def extract_english(text: str, title: str | None) -> EnglishMetadata:
    """Number and type from the page title (or the text), date, place, subject, issuer."""
    head = title or ""
    number_match = _NUMBER.search(head) or _NUMBER.search(text[:2000])
    number = canonical_number(number_match["number"]) if number_match else None
    doc_type = english_type(head) if head else None
    lines = [line for line in text.split("\n") if line.strip()]
    if doc_type is None and lines:
        doc_type = english_type(lines[0])
    place_date = _PLACE_DATE.search(text)
    effective = _EFFECTIVE.search(text)
    return EnglishMetadata(
        number=number,
        doc_type=doc_type,
        issuer=issuer_from_number(number),
        issued_date=_date(place_date["month"], place_date["day"], place_date["year"])
        if place_date
        else None,
        place=place_date["place"] if place_date else None,
        title=_subject(lines),
        effective_date=_date(effective["month"], effective["day"], effective["year"])
        if effective
        else None,
    )
