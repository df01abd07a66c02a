"""Place and date of issue: "<Địa danh>, ngày … tháng … năm …", or the passing date.

The date line sits in the header's right column. Laws and resolutions of the
Quốc hội copied from vbpl.vn often lack it, but end with "… thông qua ngày 10
tháng 12 năm 2025", which is their issue date and serves as the fallback.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from indexer.extract.casing import place_case
from indexer.extract.layout import is_caps

_DATE_WORDS = re.compile(
    r"(?:ngày\s*|^\s*)(?P<d>\d{1,2})\s*(?:tháng|/|-|\.)\s*(?P<m>\d{1,2})\s*(?:năm|/|-|\.)\s*"
    r"(?P<y>\d{4})",
    re.IGNORECASE,
)
_DATE_BARE = re.compile(r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})")
# The comma after the place; OCR often reads it as a full stop ("Hà Nội. ngày 18 …").
_PLACE = re.compile(r"(?P<place>[^\W\d_][^,;:()\d]{0,40}?)\s*[,.]\s*$")
_PLACE_WORD = re.compile(r"^(?:[^\W\d_]+\.?|TP\.[^\W\d_]*)$")
_MAX_PLACE_WORDS = 6
# "Luật này được Quốc hội … Kỳ họp thứ 10 thông qua ngày 10 tháng 12 năm 2025",
# "Nghị quyết này được … thông qua tại Phiên họp thứ 49 ngày 26 tháng 9 năm 2025", and
# a court precedent's second line "Được Hội đồng Thẩm phán … thông qua ngày 06 tháng 4
# năm 2016 …"; HTML conversions may split the digits ("năm 20" / "25").
_PASSED = re.compile(
    r"(?:này\s+(?:đã\s+)?|^[ \t]*)được\s+(?P<body>[^.;]{0,300}?)\s*thông\s+qua[^.;]{0,80}?"
    r"ngày\s*(?P<d>\d{1,2})\s*tháng\s*(?P<m>\d{1,2})\s*năm\s*(?P<y>\d[\d ]{2,5}\d)",
    re.IGNORECASE | re.MULTILINE,
)


def has_date(line: str) -> bool:
    """True when ``line`` holds a date in words ("ngày 25 tháng 02 năm 2014")."""
    return bool(_DATE_WORDS.search(line))


def _valid_date(d: str, m: str, y: str) -> dt.date | None:
    try:
        date = dt.date(int(y), int(m), int(d))
    except ValueError:
        return None
    return date if 1945 <= date.year <= 2100 else None


def _place_before(text: str) -> str | None:
    """The place name that ends ``text`` ("… Hà Nội," -> "Hà Nội").

    Only the trailing run of capitalized words is kept, which drops whatever
    interleaving put in front of it (a number, the Quốc hiệu).
    """
    m = _PLACE.search(text)
    if not m:
        return None
    kept: list[str] = []
    for word in reversed(m.group("place").split()):
        if len(kept) >= _MAX_PLACE_WORDS or not _PLACE_WORD.match(word):
            break
        kept.insert(0, word)
    while kept and not kept[0][:1].isupper():
        kept.pop(0)
    if len(kept) > 1 and not is_caps(" ".join(kept)):
        while len(kept) > 1 and is_caps(kept[0]) and not kept[0].endswith("."):
            kept.pop(0)
    if not kept:
        return None
    place = " ".join(kept)
    return place_case(place) if is_caps(place) else place


def find_place_date(lines: list[str]) -> tuple[str | None, dt.date | None, int | None]:
    """Place, date and line index of "<Địa danh>, ngày … tháng … năm …" in ``lines``.

    A date with text before it only counts when that text ends in a place and a
    comma; a bare date must fill its line. Dates inside "Căn cứ … ngày …" never
    qualify, even when a wrapped line starts with "ngày".
    """
    for i, line in enumerate(lines):
        hit = _DATE_WORDS.search(line) or _DATE_BARE.search(line)
        if hit is None:
            continue
        date = _valid_date(hit.group("d"), hit.group("m"), hit.group("y"))
        if date is None:
            continue
        before, after = line[: hit.start()], line[hit.end() :].strip(" .)")
        if not before.strip() and i > 0 and lines[i - 1].rstrip().endswith(","):
            # "Hà Nội," / "ngày …", or even "Hà Nội" / "," / "ngày …".
            before = lines[i - 1]
            if before.strip() == "," and i > 1:
                before = lines[i - 2] + ","
        if before.strip():
            place = _place_before(before)
            if place is not None:
                return place, date, i
        elif not after:
            return None, date, i
    return None, None, None


@dataclass(frozen=True)
class Passage:
    """ "… được <body> thông qua ngày …": who adopted the text, and when."""

    body: str
    date: dt.date


def find_passage(lines: list[str]) -> Passage | None:
    """The last "… này được … thông qua ngày …" of the text, or a line opening
    with "Được … thông qua ngày …" (a court precedent), if any.

    The last one, because a law's own passing statement closes its main text,
    while earlier mentions belong to the laws it cites.
    """
    text = "\n".join(lines)
    for m in reversed(list(_PASSED.finditer(text))):
        date = _valid_date(m.group("d"), m.group("m"), m.group("y").replace(" ", ""))
        if date is not None:
            return Passage(" ".join(m.group("body").split()), date)
    return None


# "Nghị định này có hiệu lực thi hành kể từ ngày 01 tháng 7 năm 2025", "… có hiệu lực từ
# ngày 15/02/2026", "… có hiệu lực kể từ ngày ký" (the issue date).
_EFFECTIVE = re.compile(
    r"\b(?:Luật|Bộ luật|Pháp lệnh|Nghị định|Nghị quyết|Thông tư|Quyết định|Chỉ thị|Văn bản|"
    r"Thông tư liên tịch)\s+này\s+có\s+hiệu\s+lực(?:\s+thi\s+hành)?\s+(?:kể\s+)?từ\s+ngày\s*"
    r"(?:(?P<d>\d{1,2})\s*(?:tháng|/|-)\s*(?P<m>\d{1,2})\s*(?:năm|/|-)\s*(?P<y>\d{4})"
    r"|(?P<signed>ký|ban\s+hành))",
    re.IGNORECASE,
)


def find_effective_date(lines: list[str], issued: dt.date | None) -> dt.date | None:
    """The date the text says it takes effect; "kể từ ngày ký" is the issue date."""
    for line in reversed(lines):
        m = _EFFECTIVE.search(line)
        if m is None:
            continue
        if m["signed"]:
            return issued
        return _valid_date(m["d"], m["m"], m["y"])
    return None
