"""The type heading ("QUYẾT ĐỊNH", "THÔNG TƯ", …) and the trích yếu under it.

The heading is a line in capitals that is exactly a document type name (or a
type name followed by the title, as in "LUẬT BẢO HIỂM XÃ HỘI"). The trích
yếu follows it over one or more lines and ends where the layout moves on: a
block boundary (blank line, rule, end of a bold block), a line opening the
preamble or body ("Căn cứ …", "Điều 1.", "Kính gửi:"), or the authority line
in capitals that older decisions print before the preamble ("BỘ TRƯỞNG BỘ
TÀI CHÍNH"). A công văn has no heading: its trích yếu is the "V/v …" line
under the number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from indexer.extract.layout import is_caps, is_national_line
from vanban_core import codes
from vanban_core.text.normalize import fold

HEADING_LINES = 80
MAX_TITLE_LINES = 16
MAX_TITLE_CHARS = 1500

# Lines that open the preamble or the body: the header zone ends before them.
PREAMBLE_OPENER = re.compile(
    r"^(?:Căn cứ|Căn cư|Theo đề nghị|Theo đề xuất|Xét đề nghị|Kính gửi|Kính trình|Điều \d|"
    r"Điều thứ|Chương [IVXLC\d]|CHƯƠNG [IVXLC\d]|Phần thứ|PHẦN THỨ|QUYẾT NGHỊ|"
    r"Quốc hội ban hành|Chính phủ ban hành|Ủy ban Thường vụ Quốc hội ban hành)"
)
# Lines that end a title when they follow its first line: the body has started.
BODY_OPENER = re.compile(
    PREAMBLE_OPENER.pattern
    + r"|^(?:Thực hiện|Xét |Trên cơ sở|Mục \d|MỤC \d|Ngày \d|Hôm nay|Sau khi|Vừa qua|"
    r"Trong (?:thời gian|những năm|năm)|Để |Nhằm |Thi hành|[IVX]{1,4}\. |\d{1,2}\. |[a-zđ]\) )",
)
# Authority lines between title and preamble: "BỘ TRƯỞNG BỘ TÀI CHÍNH", "QUỐC HỘI".
_AUTHORITY = re.compile(
    r"^(?:BỘ TRƯỞNG|THỦ TƯỚNG|CHỦ TỊCH|CHÍNH PHỦ|QUỐC HỘI|ỦY BAN|UỶ BAN|HỘI ĐỒNG|"
    r"TỔNG GIÁM ĐỐC|GIÁM ĐỐC|THỐNG ĐỐC|CHÁNH ÁN|VIỆN TRƯỞNG|TỔNG KIỂM TOÁN|"
    r"TỔNG THANH TRA|CHỦ NHIỆM|TỔNG CỤC TRƯỞNG|CỤC TRƯỞNG|BAN CHẤP HÀNH|BỘ CHÍNH TRỊ|"
    r"BAN BÍ THƯ|TỔNG LIÊN ĐOÀN)",
)
# A title line ending like this is continued by the next line, whatever it looks like.
_DANGLING = re.compile(
    r"(?:\b(?:của|và|về|cho|tại|với|đối|trong|theo|giữa|các|những|thuộc|do|từ|đến|năm|ngày|bởi|số|tháng)|[-,])$",
    re.IGNORECASE,
)
# "V/v …" (về việc) under the number of a công văn.
_SUBJECT = re.compile(r"^(?:V/v|V/V|v/v|V\.v|Về việc)\s*[:.]?\s*(?P<rest>.+)$")
_PREFIX_TYPES = ("Luật", "Bộ luật", "Pháp lệnh", "Hiến pháp")
# A consolidated text's preamble opens with the consolidated documents ("Thông tư số …").
_TYPE_REFERENCE = re.compile(
    r"^(?:Luật|Bộ luật|Pháp lệnh|Nghị định|Nghị quyết|Thông tư|Thông tư liên tịch|Quyết định|"
    r"Chỉ thị|Lệnh) số \S*\d"
)
# A footnote mark glued to a heading in consolidated texts: "THÔNG TƯ1".
_FOOTNOTE_MARK = re.compile(r"(?<=[^\W\d_])\d{1,2}$")
_AMENDED_BY = re.compile(r"có hiệu lực.{0,200}?(?:sửa đổi, bổ sung|bãi bỏ)[^:]{0,40}bởi\s*:")
_CONSOLIDATION_REACH = 4
_GLUED_PREAMBLE = re.compile(r"\s(?:Căn cứ|Theo đề nghị của)\s")
_NUMBER_TOKEN = re.compile(r"\S*\d\S*")


@dataclass(frozen=True)
class Heading:
    """Where the heading is and what it says."""

    index: int
    doc_type: str
    rest: str | None
    title_start: int


@cache
def _type_names() -> tuple[tuple[str, str], ...]:
    """(folded caps name, canonical name), longest first so "NGHỊ QUYẾT LIÊN TỊCH" wins."""
    names = [(fold(n).upper(), n) for n in codes.doc_type_names()]
    return tuple(sorted(names, key=lambda pair: len(pair[0]), reverse=True))


def parse_heading(line: str) -> tuple[str, str | None] | None:
    """(type name, rest of the line) when ``line`` is a type heading in capitals."""
    text = _FOOTNOTE_MARK.sub("", line.strip(" :.*"))
    if not is_caps(text) or is_national_line(text):
        return None
    folded = " ".join(fold(text).upper().split())
    for folded_name, name in _type_names():
        if folded == folded_name:
            return name, None
        if folded.startswith(folded_name + " ") and name in _PREFIX_TYPES:
            rest = " ".join(text.split())[len(folded_name) + 1 :].strip()
            # "LUẬT SỐ 51/2024/QH15" is a number line, not a title.
            return (name, rest) if rest and not rest.startswith(("SỐ", "Số")) else (name, None)
    return None


def find_heading(lines: list[str], start: int, stop: int) -> Heading | None:
    """The first type heading in ``lines[start:stop]``."""
    for i in range(start, min(stop, len(lines))):
        parsed = parse_heading(lines[i])
        if parsed:
            return Heading(i, parsed[0], parsed[1], i + 1)
        # A heading broken over two lines ("THÔNG" / "TƯ").
        if i + 1 < len(lines) and lines[i] and lines[i + 1] and len(lines[i]) < 12:
            joined = parse_heading(f"{lines[i]} {lines[i + 1]}")
            if joined and joined[1] is None:
                return Heading(i, joined[0], None, i + 2)
    return None


def _is_author_line(line: str) -> bool:
    return line.startswith("CỦA ") and is_caps(line)


def _ends_title(line: str, title: list[str]) -> bool:
    opener = BODY_OPENER if title else PREAMBLE_OPENER
    if line and title and _DANGLING.search(title[-1]) and not opener.match(line):
        return False
    if not line or opener.match(line) or _TYPE_REFERENCE.match(line):
        return True
    if is_national_line(line) or line.startswith(("Số:", "Số :")):
        return True
    if is_caps(line) and _AUTHORITY.match(line):
        return True
    # A title in sentence case does not continue with a line in capitals (numbers
    # such as "43/2025/TT-BCT" wrapped onto their own line do not count).
    words = _NUMBER_TOKEN.sub(" ", line)
    letters = sum(1 for c in words if c.isalpha())
    return bool(title) and letters >= 5 and is_caps(words) and not is_caps(" ".join(title))


@dataclass(frozen=True)
class Title:
    """The trích yếu and what follows it."""

    text: str | None
    consolidated: bool


def read_title(lines: list[str], heading: Heading) -> Title:
    """The trích yếu after ``heading``, on one line with whitespace normalized.

    Also tells whether the text is a consolidation (VBHN): its title is followed
    by the consolidated document and its amendments ("Nghị định số 20/2020/NĐ-CP
    ngày …, có hiệu lực …, được sửa đổi, bổ sung bởi:") instead of a preamble.
    """
    parts: list[str] = [heading.rest] if heading.rest else []
    i = heading.title_start
    # A rule or blank line may sit between the heading and the title, and a
    # party resolution names its author under the heading ("CỦA BỘ CHÍNH TRỊ").
    while i < len(lines) and not parts and (not lines[i] or _is_author_line(lines[i])):
        i += 1
    while (
        i < len(lines) and len(parts) < MAX_TITLE_LINES and len(" ".join(parts)) < MAX_TITLE_CHARS
    ):
        line = lines[i]
        if _ends_title(line, parts):
            break
        parts.append(line)
        i += 1
    following = " ".join(lines[i : i + _CONSOLIDATION_REACH])
    consolidated = bool(_TYPE_REFERENCE.match(following) and _AMENDED_BY.search(following))
    return Title(join_title(parts), consolidated)


def join_title(parts: list[str]) -> str | None:
    """One line; a preamble glued to the title by a lost line break is cut off."""
    title = " ".join(" ".join(parts).split())
    title = _GLUED_PREAMBLE.split(title, maxsplit=1)[0].strip(" ;,")
    return title or None


def find_subject(lines: list[str], stop: int) -> str | None:
    """The "V/v …" trích yếu of a công văn, with its continuation lines, without "V/v"."""
    for i, line in enumerate(lines[:stop]):
        m = _SUBJECT.match(line)
        if not m:
            continue
        parts = [m.group("rest")]
        for nxt in lines[i + 1 : i + 4]:
            if (
                not nxt
                or _ends_title(nxt, parts)
                or is_caps(nxt)
                or re.search(r"ngày \d|ngày\s*\.", nxt)
                or nxt.startswith(("Số", "Hà Nội"))
            ):
                break
            parts.append(nxt)
        return join_title(parts)
    return None
