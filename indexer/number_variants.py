"""Spellings people type for a document number, generated from its canonical form.

Officials paste "06/2013/QĐ-TTg"; citizens type "6/2013/qd-ttg", "so 06 2013
QD TTg", "Quyết định số 06/2013/QĐ–TTg" or copy a heading in NFD. Every such
spelling must reach the same document, on every backend; this module produces
them so that tests (``tests/conformance/test_number_variants.py``) and the
benchmark (``scripts/bench_numbers.py``) can check it for every number of a
corpus.

The variants are built from a few independent axes rather than from hand
lists: case, diacritic folding (every Đ → D: QĐ → QD, HĐND → HDND), the
separators between parts ("/" and "-" replaced by spaces, "-", "." or each
other), typographic dashes, leading zeros of the serial, a "Số:" prefix, the
type name (from the document's type or the number's type code, via
:mod:`vanban_core.codes`), NFD and surrounding whitespace. Only realistic
combinations are crossed, so a number yields a few dozen spellings.

The serial keeps its own dots ("66.16/2026/NQ-CP" is one serial, "66.16"):
only the separators between serial, year and codes vary.
"""

from __future__ import annotations

import re
import unicodedata

from vanban_core import codes
from vanban_core.analysis.numbers import parse_number
from vanban_core.text.normalize import fold, normalize

# Separators between the parts of a printed number, with any spaces around them.
_PART_SEPARATOR = re.compile(r"\s*([/-])\s*")
_DASHES = ("\u2013", "\u2014", "\u2212", " - ", " \u2013 ", "- ", " -")
_NUMBER_PREFIXES = ("Số: ", "Số:", "số ", "so ", "Số ", "số: ", "SỐ: ")


def _split(number: str) -> tuple[list[str], list[str]]:
    """Parts and the separators between them: "06/2013/QĐ-TTg" -> 4 parts, "/", "/", "-"."""
    pieces = _PART_SEPARATOR.split(normalize(number).strip())
    return pieces[0::2], pieces[1::2]


def _join(parts: list[str], separators: list[str]) -> str:
    out = [parts[0]]
    for separator, part in zip(separators, parts[1:], strict=True):
        out.extend((separator, part))
    return "".join(out)


def _code_case_variants(parts: list[str], separators: list[str]) -> list[str]:
    """Mixed case the way people type it: codes capitalized ("Qđ-Ttg") or case-swapped."""
    titled = [p[:1].upper() + p[1:].lower() for p in parts]
    return [_join(titled, separators), _join(parts, separators).swapcase()]


def _serial_variants(parts: list[str], separators: list[str]) -> list[str]:
    """Leading zeros dropped ("06" -> "6") or added to a one-digit serial ("6" -> "06")."""
    serial = parts[0]
    if not serial.isdigit():
        return []
    stripped = serial.lstrip("0") or "0"
    other = stripped if stripped != serial else ("0" + serial if len(serial) == 1 else None)
    return [_join([other, *parts[1:]], separators)] if other else []


def _separator_variants(parts: list[str], separators: list[str]) -> list[str]:
    """Every separator as a space, "-" or "."; "/" and "-" replaced independently."""
    out: list[str] = []
    for each in (" ", "-", ".", " / "):
        out.append(_join(parts, [each if each != " / " or s == "/" else s for s in separators]))
    for slash, dash in ((" ", "-"), (".", "-"), ("-", "/"), ("/", " "), ("/", "/"), ("/", ".")):
        out.append(_join(parts, [slash if s == "/" else dash for s in separators]))
    return out


def _dash_variants(parts: list[str], separators: list[str]) -> list[str]:
    if "-" not in separators:
        return []
    return [_join(parts, [d if s == "-" else s for s in separators]) for d in _DASHES]


def _type_names(number: str, doc_type: str | None) -> list[str]:
    """Type names people put before a number: the document's type, and the number's type code."""
    names: list[str | None] = [codes.doc_type_name(doc_type) if doc_type else None]
    parsed = parse_number(number)
    if parsed is not None and parsed.type_code:
        names.append(codes.doc_type_name(parsed.type_code))
    return [n for n in dict.fromkeys(names) if n]


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def variants(number: str, doc_type: str | None = None) -> list[str]:
    """Spellings of ``number`` people type, the canonical one first; deterministic, no repeats.

    ``doc_type`` is the document's type name ("Quyết định") or code; it adds
    "Quyết định 06/2013/QĐ-TTg"-like spellings. Returns [] for an empty number.
    """
    parts, separators = _split(number)
    if not parts[0]:
        return []
    canonical = _join(parts, separators)
    folded = fold(canonical)
    # The lazy typist: no diacritics, no capitals, no zeros, spaces only ("6 2013 qd ttg").
    serial = (parts[0].lstrip("0") or "0") if parts[0].isdigit() else parts[0]
    lazy = _join([fold(p).lower() for p in (serial, *parts[1:])], [" "] * len(separators))

    out: list[str] = [canonical, canonical.upper(), canonical.lower()]
    out += _code_case_variants(parts, separators)
    out += [folded, folded.upper(), folded.lower()]
    out += _serial_variants(parts, separators)
    out += _separator_variants(parts, separators)
    folded_parts = [fold(p) for p in parts]
    out += [v.lower() for v in _separator_variants(folded_parts, separators)[:3]]
    out += _dash_variants(parts, separators)
    out += [lazy, lazy.replace(" ", "-")]

    for prefix in _NUMBER_PREFIXES:
        out.append(prefix + canonical)
    out += ["so " + folded.lower(), "so " + lazy, "Số " + lazy.upper()]

    for name in _type_names(canonical, doc_type):
        plain = fold(name).lower()
        out += [
            f"{name} {canonical}",
            f"{name} số {canonical}",
            f"{name.lower()} {canonical.lower()}",
            f"{name.upper()} SỐ {canonical.upper()}",
            f"{plain} {folded.lower()}",
            f"{plain} so {lazy}",
            _nfd(f"{name} số {canonical}"),
        ]

    out += [_nfd(canonical), _nfd("Số: " + canonical)]
    out += [f"  {canonical}  ", f"\t{canonical}\n", f" Số: {folded.lower()} "]
    return [v for v in dict.fromkeys(out) if v.strip()]
