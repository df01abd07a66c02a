"""Document numbers (số hiệu): finding, canonicalizing and keying them.

Numbers are pulled out of text before word segmentation, because pyvi splits
"06/2013/QĐ-TTg" into six tokens and the number would be lost. A number has a
serial ("06"), an optional year ("2013") and a code part made of a type code
("QĐ") and issuer codes ("TTg"), joined by hyphens.

Three forms are used:
- ``raw``: as written in the source;
- canonical: the display form, with known codes restored to their official
  spelling ("06/2013/QD-TTG" becomes "06/2013/QĐ-TTg");
- key: the lookup form, folded, lowercased, leading zeros dropped and every
  separator unified ("6-2013-qd-ttg"), so "1016 tb vpcp", "Số: 1016/TB–VPCP"
  and "1016/TB-VPCP" all meet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer import codes
from indexer.analysis.normalize import fold, normalize

_LETTER = "A-Za-zĐđ"
# Strict form, as numbers are printed in documents: serial/[year/]CODE[-CODE...].
_STRICT = re.compile(
    rf"(?<![\w/])"
    rf"(?P<serial>\d{{1,6}}[a-zA-Z]?)"
    rf"(?:/(?P<year>(?:19|20)\d{{2}}))?"
    rf"/(?P<code>[{_LETTER}][{_LETTER}0-9]*(?:\s?[-/]\s?[{_LETTER}][{_LETTER}0-9]*)*)"
    rf"(?![\w])",
)
# Lenient form, for what people type into a search box: any of / - . _ or a space
# between parts ("1016 tb vpcp", "06.2013.qd-ttg").
_LENIENT = re.compile(
    rf"(?<![\w])"
    rf"(?P<serial>\d{{1,6}})"
    rf"(?:[\s/._-]+(?P<year>(?:19|20)\d{{2}}))?"
    rf"(?P<code>(?:[\s/._-]+[{_LETTER}][{_LETTER}0-9]*){{1,4}})"
    rf"(?![\w])",
)
_SPLIT = re.compile(r"[\s/._-]+")


@dataclass(frozen=True)
class NumberParts:
    """A number split into its meaningful parts."""

    serial: str
    year: int | None
    type_code: str | None
    issuer_code: str | None


@dataclass(frozen=True)
class NumberMatch:
    """One number found in a text, with its position in that (normalized) text."""

    start: int
    end: int
    raw: str
    canonical: str


def _canonical_code(part: str) -> str:
    """Restore a code to its official spelling, e.g. "qd" -> "QĐ", "ttg" -> "TTg"."""
    known = codes.canonical_code(part)
    return known if known else part.upper()


def _compose(serial: str, year: str | None, code_parts: list[str]) -> str:
    head = f"{serial}/{year}/" if year else f"{serial}/"
    return head + "-".join(_canonical_code(p) for p in code_parts)


def _code_parts(code: str) -> list[str]:
    return [p for p in _SPLIT.split(code) if p]


def canonical_number(raw: str) -> str | None:
    """Canonical display form of a number, or None when ``raw`` holds none.

    Leading words such as "Số:" or a type name are ignored; the first number
    found wins.
    """
    found = _match(normalize(raw), lenient=True)
    return found.canonical if found else None


def number_key(raw: str) -> str:
    """Lookup key of a number: folded, lowercased, separators unified, zeros trimmed.

    Returns "" for text that is not a number, so callers can skip it.
    """
    canonical = canonical_number(raw)
    if canonical is None:
        return ""
    parts = [p for p in _SPLIT.split(fold(canonical).lower()) if p]
    return "-".join(p.lstrip("0") or "0" if p.isdigit() else p for p in parts)


def parse_number(raw: str) -> NumberParts | None:
    """Split a number into serial, year, type code and issuer code."""
    canonical = canonical_number(raw)
    if canonical is None:
        return None
    pieces = canonical.split("/")
    serial = pieces[0]
    year = int(pieces[1]) if len(pieces) == 3 else None
    code_parts = pieces[-1].split("-")
    type_code = code_parts[0] if codes.doc_type_name(code_parts[0]) else None
    issuer_parts = code_parts[1:] if type_code else code_parts
    return NumberParts(serial, year, type_code, "-".join(issuer_parts) or None)


def _plausible_lenient(code_parts: list[str], separators_are_spaces: bool) -> bool:
    """Refuse "2014 thong bao"-like matches: spaced parts must all be known codes."""
    if not separators_are_spaces:
        return True
    return all(codes.canonical_code(p) for p in code_parts)


def _match_at(m: re.Match[str], lenient: bool) -> NumberMatch | None:
    parts = _code_parts(m.group("code"))
    if not parts:
        return None
    if lenient:
        text = m.group(0)
        spaced = "/" not in text and "-" not in text and "." not in text and "_" not in text
        if not _plausible_lenient(parts, spaced):
            return None
    canonical = _compose(m.group("serial"), m.group("year"), parts)
    return NumberMatch(m.start(), m.end(), m.group(0), canonical)


def _match(text: str, lenient: bool) -> NumberMatch | None:
    matches = find_numbers(text, lenient=lenient)
    return matches[0] if matches else None


def find_numbers(text: str, *, lenient: bool = False) -> list[NumberMatch]:
    """Every number in ``text`` in order of appearance.

    ``lenient`` accepts the loose spellings typed in search boxes; documents are
    scanned strictly so that dates or amounts are never taken for numbers.
    Positions refer to ``text`` as given (callers pass normalized text).
    """
    pattern = _LENIENT if lenient else _STRICT
    found: list[NumberMatch] = []
    for m in pattern.finditer(text):
        match = _match_at(m, lenient)
        if match is not None:
            found.append(match)
    if lenient:
        # Strict matches are a subset in spirit; add them where lenient parsing refused.
        for strict in find_numbers(text, lenient=False):
            if not any(f.start <= strict.start < f.end for f in found):
                found.append(strict)
        found.sort(key=lambda f: f.start)
    return found
