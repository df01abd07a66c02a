"""The facet registry: every facet the product shows, declared once.

Each layer reads this table and nothing else: the indexer's stored values
(:func:`facet_values`), both backends' counts and filters, the API's query
parameters and response model, the CLI's options and the UI's sidebar. Adding a
facet is one :class:`FacetSpec` here plus the extraction that fills its
document field; no backend, route or template names a facet.

Values are grouped by a folded key (case, diacritics, spacing and old-style
tone marks ignored: "UBND tỉnh Sơn La" and "Ubnd Tinh Son La" are one bucket)
and shown in their most common written form.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from vanban_core.schema import Document
from vanban_core.text.normalize import fold, normalize_for_match


class FacetKind(StrEnum):
    """How a facet's buckets are ordered and its filter values read."""

    terms = "terms"  # most frequent first; any text value
    year = "year"  # newest first; four-digit years


@dataclass(frozen=True)
class FacetSpec:
    name: str  # the facet's key in responses and the filter's query parameter
    label_vi: str
    label_en: str
    kind: FacetKind
    values: Callable[[Document], list[str]]  # the shown values of one document
    sidebar_order: int = 0  # position in the UI sidebar, lowest first
    # Keys are "<head>/<rest>" and a filter value without the separator names every
    # key of that head: gazette "242" finds issue 242 of any year, "242/2026" one.
    head_separator: str | None = None
    key_of: Callable[[str], str] | None = None  # a key rule of the facet's own

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_vi

    def key(self, value: str) -> str:
        """The grouping and filtering key of a shown or typed value."""
        if self.kind is FacetKind.year:
            return value.strip()
        if self.key_of is not None:
            return self.key_of(value)
        return fold(normalize_for_match(value))

    def is_head(self, key: str) -> bool:
        """Whether a filter key names a whole group of keys (see ``head_separator``)."""
        return self.head_separator is not None and self.head_separator not in key

    def accepts(self, value: str) -> bool:
        """Whether a filter value can name a bucket at all (a year is 4 digits)."""
        if self.kind is FacetKind.year:
            text = value.strip()
            return text.isdigit() and len(text) == 4
        return bool(value.strip())


def _one(value: str | None) -> list[str]:
    return [value] if value else []


_DIGITS = re.compile(r"\d+")


def gazette_key(value: str) -> str:
    """ "Số 242/2026", "242/2026" -> "242/2026"; "Số 242", "242" -> "242".

    A double issue ("Số 11+12", "Số 987 + 988/2024") is named by its first number,
    the way its documents are found under either."""
    numbers: list[str] = _DIGITS.findall(value)
    if "+" in value and numbers:
        year = numbers[-1] if len(numbers) > 2 and len(numbers[-1]) == 4 else None
        return numbers[0] + (f"/{year}" if year else "")
    return "/".join(numbers[:2])


def _gazette_values(doc: Document) -> list[str]:
    """One value per issue number, with the issue's year: "Số 242/2026"."""
    gazette = doc.gazette
    if gazette is None:
        return []
    year = gazette.date.year if gazette.date else doc.year
    suffix = f"/{year}" if year else ""
    return [f"Số {n}{suffix}" for n in gazette.issues]


FACETS: tuple[FacetSpec, ...] = (
    FacetSpec(
        "doc_type",
        "Loại văn bản",
        "Document type",
        FacetKind.terms,
        lambda d: _one(d.doc_type),
        sidebar_order=1,
    ),
    FacetSpec(
        "issuer",
        "Cơ quan ban hành",
        "Issuing body",
        FacetKind.terms,
        lambda d: _one(d.issuer),
        sidebar_order=2,
    ),
    FacetSpec(
        "year",
        "Năm ban hành",
        "Year",
        FacetKind.year,
        lambda d: _one(str(d.year) if d.year else None),
        sidebar_order=3,
    ),
    FacetSpec(
        "status",
        "Tình trạng hiệu lực",
        "Validity",
        FacetKind.terms,
        lambda d: [d.status],
        sidebar_order=4,
    ),
    FacetSpec(
        "field",
        "Lĩnh vực",
        "Field",
        FacetKind.terms,
        lambda d: list(d.field),
        sidebar_order=5,
    ),
    FacetSpec(
        "language",
        "Ngôn ngữ",
        "Language",
        FacetKind.terms,
        lambda d: _one(d.language),
        sidebar_order=6,
    ),
    FacetSpec(
        "gazette",
        "Công báo",
        "Official gazette",
        FacetKind.terms,
        _gazette_values,
        sidebar_order=7,
        head_separator="/",
        key_of=gazette_key,
    ),
)

FACETS_BY_NAME: dict[str, FacetSpec] = {spec.name: spec for spec in FACETS}
# Buckets a response carries per facet by default, and at most.
DEFAULT_FACET_SIZE = 20
MAX_FACET_SIZE = 200


def facet(name: str) -> FacetSpec:
    return FACETS_BY_NAME[name]


def facet_values(doc: Document) -> list[tuple[str, str, str]]:
    """(facet name, key, shown value) for every facet value of ``doc``, once each."""
    rows: dict[tuple[str, str], str] = {}
    for spec in FACETS:
        for shown in spec.values(doc):
            key = spec.key(shown)
            if key:
                rows.setdefault((spec.name, key), shown)
    return [(name, key, shown) for (name, key), shown in rows.items()]
