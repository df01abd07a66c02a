"""The header block: number ("Số: …"), issuing body, place and date.

Nghị định 30/2020/NĐ-CP puts the issuing body (under its parent body, if any)
and "Số: …" in the left column, the Quốc hiệu and "<Địa danh>, ngày … tháng …
năm …" in the right column. Text extraction interleaves the two columns in any
order, so nothing here relies on line order except "the header comes before
the type heading": each item is found by its own shape within the header zone.
A consolidated text (VBHN) printed in the Công báo states its number and date
in a certification block at its end instead, read by :func:`find_consolidation`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from indexer.extract.dates import find_place_date
from indexer.extract.issuer import find_issuer
from indexer.extract.layout import is_caps
from indexer.extract.number import find_number, parse_number_line
from vanban_core.analysis import parse_number
from vanban_core.text.normalize import fold

HEADER_LINES = 45
_JOINT_CODES = frozenset({"TTLT", "NQLT", "TTLB"})
_CERTIFICATION = "XAC THUC VAN BAN HOP NHAT"
_BLOCK_REACH = 6


@dataclass(frozen=True)
class Header:
    """What the header block states."""

    number: str | None = None
    number_label: str | None = None
    issuer: str | None = None
    place: str | None = None
    issued_date: dt.date | None = None


def _is_joint(number: str | None, joint_heading: bool) -> bool:
    parts = parse_number(number) if number else None
    return joint_heading or bool(parts and parts.type_code in _JOINT_CODES)


def extract_header(lines: list[str], stop: int, *, heading: bool, joint: bool = False) -> Header:
    """Read the header block above ``stop`` (the type heading, or the body).

    Without a heading the issuer is only read above a "Số:" or date line: a
    text with none of the three has no header, and its first capital lines are
    something else (a table, a signature).
    """
    zone = lines[: min(stop, HEADER_LINES)]
    number, label, number_index = find_number(zone)
    place, date, date_index = find_place_date(zone)
    anchors = [i for i in (number_index, date_index) if i is not None]
    if not heading:
        zone = zone[: max(anchors) + 1] if anchors else []
    issuer, _ = find_issuer(zone, _is_joint(number, joint))
    return Header(number, label, issuer, place, date)


def find_consolidation(lines: list[str]) -> Header | None:
    """Number, date and body from the "XÁC THỰC VĂN BẢN HỢP NHẤT" block of a VBHN.

    A consolidated text (VBHN) as printed in the Công báo has no number in its
    header: the body that consolidates it states its own number and date in
    the certification block above the signature, at the end of the text.
    """
    for i, line in enumerate(lines):
        if " ".join(fold(line).upper().split()) != _CERTIFICATION:
            continue
        lo, hi = max(0, i - _BLOCK_REACH), min(len(lines), i + _BLOCK_REACH + 1)
        number, _, _ = find_number(lines[lo:hi])
        place, date, _ = find_place_date(lines[i:hi])
        top = i
        while top > lo and (
            not lines[top - 1] or is_caps(lines[top - 1]) or parse_number_line(lines[top - 1])
        ):
            top -= 1
        issuer, _ = find_issuer(lines[top:i])
        if number or date:
            return Header(number, None, issuer, place, date)
    return None
