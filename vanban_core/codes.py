"""Code ↔ name tables for document types and issuing bodies, loaded from ``mappings/``.

Document numbers carry abbreviations ("06/2013/QĐ-TTg": type QĐ, issuer TTg),
and people type them without diacritics or in any case ("qd", "ttg",
"BLDTBXH"). The tables themselves are data (``mappings/doc_types.tsv`` and
``mappings/issuers.tsv``, ``code<TAB>name`` with a header) so the same lists
feed extraction, number canonicalization and query-time abbreviation
expansion.

Lookups try the most specific match first: the code exactly as written, then
case-insensitively, then with diacritics folded ("QD" finds "QĐ"). When two
codes fold to the same key ("HD" Hướng dẫn, "HĐ" Hợp đồng) the row that comes
first in the file wins a folded lookup, so file order encodes priority. Several
rows may share a name; the first one gives the canonical code of that name.
A row with an empty code names a type that has no code in numbers (Luật,
Bộ luật, Hiến pháp).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from vanban_core.resources import mappings_dir
from vanban_core.text.normalize import fold, normalize

# Issuer codes that carry a legislature term: "QH15", "UBTVQH14".
_TERM_SUFFIX = re.compile(r"^(?P<base>.*?\D)(?P<term>\d{1,2})$")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
# Words that follow an issuer code and name a place: "UBND tỉnh Sơn La".
_UNIT_WORDS = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "thị trấn", "xã", "phường")


@dataclass(frozen=True)
class CodeEntry:
    """One row of a code table: an abbreviation and the full name it stands for."""

    code: str
    name: str


@dataclass(frozen=True)
class _Table:
    """A code table indexed for the three lookup strengths and by name."""

    entries: tuple[CodeEntry, ...]
    exact: dict[str, str]
    lower: dict[str, str]
    folded: dict[str, str]
    code_names: dict[str, str]
    names: dict[str, str]
    name_codes: dict[str, str]

    @classmethod
    def build(cls, entries: tuple[CodeEntry, ...]) -> _Table:
        table = cls(entries, {}, {}, {}, {}, {}, {})
        spelled: dict[tuple[str, str], str] = {}
        for entry in entries:
            table.names.setdefault(match_key(entry.name), entry.name)
            if not entry.code:
                continue
            # "QD" after "QĐ" for the same name is an unaccented alias: it resolves
            # to "QĐ". "HĐ" (Hợp đồng) after "HD" (Hướng dẫn) is a code of its own.
            official = spelled.setdefault((match_key(entry.code), entry.name), entry.code)
            table.name_codes.setdefault(entry.name, official)
            table.code_names.setdefault(official, entry.name)
            table.exact.setdefault(entry.code, official)
            table.lower.setdefault(entry.code.lower(), official)
            table.folded.setdefault(match_key(entry.code), official)
        return table

    def find_code(self, code: str) -> str | None:
        """The table's spelling of ``code``, trying exact, case-insensitive, then folded."""
        code = normalize(code).strip()
        if not code:
            return None
        found = self.exact.get(code) or self.lower.get(code.lower())
        return found or self.folded.get(match_key(code))

    def name_of_code(self, code: str) -> str | None:
        found = self.find_code(code)
        return self.code_names[found] if found else None

    def name_of(self, value: str) -> str | None:
        """A code or a full name (any case, with or without diacritics) -> the full name."""
        return self.name_of_code(value) or self.names.get(match_key(value))


def match_key(text: str) -> str:
    """Folded lookup key of a code or a name, blind to case, diacritics, spaces and
    punctuation: "BGD&ĐT", "bgd-dt" and "BGDĐT" all give "bgddt"."""
    return _NON_ALNUM.sub("", fold(normalize(text)).lower())


def _read(file_name: str) -> tuple[CodeEntry, ...]:
    path = mappings_dir() / file_name
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return tuple(
            CodeEntry(normalize(row["code"] or "").strip(), normalize(row["name"]).strip())
            for row in rows
            if row.get("name")
        )


@cache
def _doc_types() -> _Table:
    return _Table.build(_read("doc_types.tsv"))


@cache
def _issuers() -> _Table:
    return _Table.build(_read("issuers.tsv"))


def doc_type_name(value: str) -> str | None:
    """Full type name for a code ("QĐ", "qd", "VBHN") or a name in any spelling."""
    return _doc_types().name_of(value)


def doc_type_code(name: str) -> str | None:
    """Canonical code of a type name ("Quyết định" -> "QĐ"); None for types without one."""
    canonical = doc_type_name(name)
    return _doc_types().name_codes.get(canonical) if canonical else None


def issuer_name(value: str) -> str | None:
    """Full issuer name for a code ("TTg", "qh15", "BLDTBXH") or a name in any spelling.

    A code followed by a place is expanded too ("UBND tỉnh Sơn La" ->
    "Ủy ban nhân dân tỉnh Sơn La"), because local bodies share one code.
    """
    table = _issuers()
    found = table.name_of(value) or _term_name(value)
    if found:
        return found
    head, _, rest = normalize(value).strip().partition(" ")
    if rest and rest.lower().startswith(_UNIT_WORDS):
        base = table.name_of_code(head)
        if base:
            return f"{base} {_lower_unit(rest)}"
    return None


@cache
def issuer_prefixes() -> tuple[tuple[str, str], ...]:
    """(folded lowercase name, name) of every distinct issuer name, longest first
    (file order among names of one length), for matching the start of a text."""
    names = [(fold(n).lower(), n) for n in issuer_names()]
    return tuple(sorted(names, key=lambda pair: len(pair[0]), reverse=True))


def issuer_opening(text: str) -> str | None:
    """The longest issuer name of the table that opens ``text``, compared folded:
    "Quốc hội nước Việt Nam dân chủ cộng hoà khoá thứ nhất" -> "Quốc hội"."""
    folded = fold(normalize(text)).lower()
    for key, name in issuer_prefixes():
        if folded == key or folded.startswith(key + " ") or folded.startswith(key + ","):
            return name
    return None


def issuer_code(name: str) -> str | None:
    """Canonical code of an issuer name ("Bộ Tài chính" -> "BTC")."""
    canonical = issuer_name(name)
    return _issuers().name_codes.get(canonical) if canonical else None


def _term_name(code: str) -> str | None:
    """Issuer name of a code with a term number not listed in the table ("QH17")."""
    m = _TERM_SUFFIX.match(normalize(code).strip())
    return _issuers().name_of_code(m.group("base")) if m else None


def _lower_unit(rest: str) -> str:
    """ "Tỉnh Sơn La" -> "tỉnh Sơn La": the unit word is a common noun."""
    for unit in _UNIT_WORDS:
        if rest.lower().startswith(unit + " "):
            return unit + rest[len(unit) :]
    return rest


def canonical_code(part: str) -> str | None:
    """Official spelling of one code part of a number ("qd" -> "QĐ", "qh15" -> "QH15").

    Type codes are tried before issuer codes; None when the part is unknown.
    """
    found = _doc_types().find_code(part) or _issuers().find_code(part)
    if found:
        return found
    m = _TERM_SUFFIX.match(normalize(part).strip())
    if m:
        base = _issuers().find_code(m.group("base"))
        if base:
            return base + m.group("term")
    return None


def doc_type_names() -> tuple[str, ...]:
    """Every distinct type name, in file order."""
    return tuple(dict.fromkeys(e.name for e in _doc_types().entries))


def issuer_names() -> tuple[str, ...]:
    """Every distinct issuer name, in file order."""
    return tuple(dict.fromkeys(e.name for e in _issuers().entries))


def doc_type_entries() -> Iterator[CodeEntry]:
    """Every (code, name) row of the type table, aliases included, for expansion lists."""
    return iter(_doc_types().entries)


def issuer_entries() -> Iterator[CodeEntry]:
    """Every (code, name) row of the issuer table, aliases included, for expansion lists."""
    return iter(_issuers().entries)


@cache
def _source_places() -> dict[str, str]:
    path = mappings_dir() / "source_places.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            row["host"].strip().lower(): normalize(row["place"]).strip()
            for row in csv.DictReader(handle, delimiter="\t")
            if row.get("host")
        }


def source_place(url: object) -> str | None:
    """The place a source publishes for ("congbao.sonla.gov.vn" -> "tỉnh Sơn La"),
    from ``mappings/source_places.tsv``; None for national or unknown sources."""
    if not isinstance(url, str) or "://" not in url:
        return None
    host = url.split("://", 1)[1].split("/", 1)[0].split(":", 1)[0].lower()
    places = _source_places()
    while host:
        if host in places:
            return places[host]
        host = host.partition(".")[2]
    return None
