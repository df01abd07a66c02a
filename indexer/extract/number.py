"""The document's own number: the "Số: …" line of the header.

Only a "Số:" line (or "Luật số:", "Nghị quyết số:" …) gives the number; a
number mentioned anywhere else is a citation. Numbers are parsed by the shared
number analysis, so they come out canonical.
"""

from __future__ import annotations

import re

from vanban_core import codes
from vanban_core.analysis import find_numbers, parse_number
from vanban_core.text.normalize import normalize

# "Số: 1016/TB-VPCP", "Luật số: 51/2024/QH15", "Số:1016/TB-VPCP", "Số 12/2024/TT-BTC";
# OCR reads "SỐ" as "SÓ" or "Sô" and may put a smudge ("__") in front.
_NUMBER_LINE = re.compile(
    r"^[_~.,'\s]*(?:(?P<label>[^\W\d_]+(?: [^\W\d_]+){0,3}) )?(?:[Ss][ốóô]|S[ỐÓÔ])(?: hiệu)?"
    r"\s*(?P<colon>[:.]?)\s*(?P<rest>.*)$"
)
_TIGHTEN = re.compile(r"\s*([/-])\s*")
# Party documents number as serial-TYPE/BODY: "57-NQ/TW", "05-QĐi/TW", "12-CT/TU".
_PARTY_NUMBER = re.compile(
    r"(?<![\w/.-])(?P<serial>\d{1,4})-(?P<type>[A-Za-zĐđ]{1,5})/(?P<body>[A-Za-zĐđ]{1,10}\d{0,2})"
    r"(?![\w/-])"
)
_MAX_WORDS_AFTER = 8


def number_at_start(text: str) -> tuple[str, int] | None:
    """(canonical number, end offset) of a number opening ``text``, or None.

    Spaces around separators are closed up first ("8376 /VBHN-BTP").
    """
    text = _TIGHTEN.sub(r"\1", normalize(text.strip()))
    found = find_numbers(text)
    if found and found[0].start == 0:
        return found[0].canonical, found[0].end
    party = find_party_numbers(text)
    if party and party[0][0] == 0:
        return party[0][2], party[0][1]
    return None


def find_party_numbers(text: str) -> list[tuple[int, int, str]]:
    """(start, end, number) of party-style numbers ("57-NQ/TW") in ``text``.

    The shared number analysis only knows the state form (serial/[year/]CODE);
    this form is accepted only when its type part is a known type code.
    """
    found: list[tuple[int, int, str]] = []
    for m in _PARTY_NUMBER.finditer(text):
        type_code = codes.canonical_code(m.group("type"))
        if type_code is None or codes.doc_type_name(type_code) is None:
            continue
        body = codes.canonical_code(m.group("body")) or m.group("body").upper()
        found.append((m.start(), m.end(), f"{m.group('serial')}-{type_code}/{body}"))
    return found


def parse_number_line(line: str, following: str = "") -> tuple[str | None, str | None] | None:
    """(number, label) of a "Số: …" line, or None when ``line`` is not one.

    "Luật số: 51/2024/QH15" gives the label "Luật". A labelled line needs the
    colon, so "Quyết định số 60/2015/QĐ-TTg ngày …" quoted in a preamble is not
    taken for the document's own number; "Số 12/…" without a colon only when
    little else follows. The number is found strictly (serial/[year/]CODE), so
    a date or place sharing the line in interleaved text never joins it. A
    number cut at a hyphen continues on ``following``. A "Số:" line whose
    number is left blank (a template) gives (None, label).
    """
    m = _NUMBER_LINE.match(line.strip())
    if not m:
        return None
    label, colon, rest = m.group("label"), m.group("colon"), m.group("rest")
    if label and not codes.doc_type_name(label):
        return None
    if rest.rstrip().endswith("-") and following:
        rest = rest.rstrip() + following.strip()
    found = number_at_start(rest)
    if found is None:
        return (None, label) if colon else None
    number, end = found
    after = _TIGHTEN.sub(r"\1", rest)[end:].split()
    if label and not colon and after and after[0].lower() != "về":
        # A heading ("Án lệ số 15/2017/AL về …") stands alone or runs into its
        # subject; "Quyết định số 60/2015/QĐ-TTg ngày …" is a citation.
        return None
    if not colon and len(after) > _MAX_WORDS_AFTER and not label:
        return None
    return _without_footnote_mark(number, label), label


def _without_footnote_mark(number: str, label: str | None) -> str:
    """ "53/2022/AL1" under "ÁN LỆ SỐ" is 53/2022/AL with footnote 1 glued to it."""
    code = codes.doc_type_code(label) if label else None
    head, _, last = number.rpartition("/")
    if code and last != code and re.fullmatch(re.escape(code) + r"\d{1,2}", last):
        return f"{head}/{code}"
    return number


def find_number(lines: list[str]) -> tuple[str | None, str | None, int | None]:
    """(number, label, line index) of the first "Số:" line in ``lines``."""
    for i, line in enumerate(lines):
        following = lines[i + 1] if i + 1 < len(lines) else ""
        parsed = parse_number_line(line, following)
        if parsed is None:
            continue
        number, label = parsed
        if number is None and following:
            # "Số:" alone on its line, the number on the next one.
            found = number_at_start(following)
            number = found[0] if found else None
        if number or label:
            return number, label, i
    return None, None, None


def issuer_from_number(number: str | None) -> str | None:
    """Issuer named by the number's issuer code ("1016/TB-VPCP" -> Văn phòng Chính phủ)."""
    parts = parse_number(number) if number else None
    if parts is None or not parts.issuer_code:
        return None
    for code in parts.issuer_code.split("-"):
        name = codes.issuer_name(code)
        if name:
            return name
    return None
