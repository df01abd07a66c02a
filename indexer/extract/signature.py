"""The signature block: the signer's title lines and name.

The block sits at the end of the main text, before any appendix: one or more
title lines in capitals ("TM. CHÍNH PHỦ" / "KT. THỦ TƯỚNG" / "PHÓ THỦ
TƯỚNG"), possibly "(Đã ký)", then the name ("Nguyễn Hòa Bình", sometimes with
a military rank or academic degree in front). A name is recognised by its
shape (two to six capitalized words) and a Vietnamese surname, because
appendix forms repeat the title lines with placeholders instead of a name
("THỦ TRƯỞNG CƠ QUAN" / "(Ký, ghi rõ họ tên)") and must not be taken.

The signer's title is the line that names the signer's own office: the last
title line, because "TM."/"KT."/"TL."/"TUQ." lines name the body or the
superior on whose behalf they sign.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.extract.casing import org_case, person_case, role_case
from indexer.extract.layout import ON_BEHALF_MARKS, is_caps
from vanban_core.text.normalize import fold

_LOOK_BACK = 6
# Common Vietnamese family names (and first syllables of minority names: "Y", "H", "Ksor").
_SURNAME_LIST = """
    nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đào đoàn vương
    trịnh trương lâm phùng mai tô hà tạ lương đinh cao chu thái quách la lưu triệu tăng kiều
    âu mạc châu giang nghiêm tôn thân khổng cù lục doãn quan hứa bạch từ phương thạch viên
    ninh kim lò lại hầu hàn bế nông sầm vi đàm phí đồng ông thiều khúc khương mẫn ma lã lù
    sùng giàng thào vàng cầm quàng tòng chẩu trình diệp yên bành cấn nhữ lều y h ksor rơ
    nay siu rah niê hoa tiêu văn lạc mông chế ung bùi vy chương lỗ vòng ôn tống
"""
_SURNAMES = frozenset(_SURNAME_LIST.split())
_RANKS = re.compile(
    r"^(?:(?:Đại|Thượng|Trung|Thiếu)\s+(?:tướng|tá|úy)|Chuẩn\s+đô\s+đốc|Phó\s+đô\s+đốc|"
    r"Đô\s+đốc|GS\.?\s*TSKH\.?|GS\.?\s*TS\.?|PGS\.?\s*TS\.?|TSKH\.?|TS\.?|ThS\.?|BS\.?|"
    r"Bác\s+sĩ|Kỹ\s+sư|KS\.?|NGƯT\.?|Luật\s+sư|LS\.?)\s+",
    re.IGNORECASE,
)
# Lines that may sit between the title lines and the name: "(Đã ký)", "(Ký, đóng dấu)",
# "[daky]", or what is left of them when HTML splits them ("(Đã ký", ")").
_SKIP = re.compile(
    r"^[(\[]?\s*(?:đã ký|ký|ky|chữ ký|signed|daky|đóng dấu)\b.*$|^[()\[\]]$|^[(\[].*[)\]]$",
    re.IGNORECASE,
)
# Title lines: an on-behalf marker or an office held by a person. Matched on folded
# capitals, so a misprinted mark ("THỨ TRUỞNG") still counts.
_ROLE = re.compile(
    rf"^(?:{ON_BEHALF_MARKS}|Q\.)\s*[A-Z]|"
    r"^(?:XAC THUC VAN BAN HOP NHAT|PHO |QUYEN |THU TRUONG|BO TRUONG|THU TUONG|CHU TICH|"
    r"CHU NHIEM|GIAM DOC|TONG GIAM DOC|THONG DOC|CHANH |VIEN TRUONG|TONG KIEM TOAN|"
    r"TRUONG |TONG ?THU KY|TONG BI THU|BI THU|TONG CUC TRUONG|CUC TRUONG|VU TRUONG|HIEU TRUONG|"
    r"TONG BIEN TAP|TONG THANH TRA|TU LENH|TONG TU LENH|CHI HUY|UY VIEN|THU KY|"
    r"KIEM TOAN TRUONG|DAI SU)",
)
_ON_BEHALF = re.compile(rf"^(?:{ON_BEHALF_MARKS})\s*(?=[^\W\d_])")
_COLLECTIVE = re.compile(r"^T[./]?M\.?\s*(?P<body>[^\W\d_].+)$")
_IMPLIED_BODY = {
    "THỦ TƯỚNG": "Thủ tướng Chính phủ",
    "PHÓ THỦ TƯỚNG": "Thủ tướng Chính phủ",
    "CHỦ TỊCH QUỐC HỘI": "Quốc hội",
    "CHỦ TỊCH NƯỚC": "Chủ tịch nước",
    "THỐNG ĐỐC": "Ngân hàng Nhà nước Việt Nam",
    "PHÓ THỐNG ĐỐC": "Ngân hàng Nhà nước Việt Nam",
    "TỔNG KIỂM TOÁN NHÀ NƯỚC": "Kiểm toán nhà nước",
}
# "BỘ TRƯỞNG BỘ TÀI CHÍNH", "CHÁNH ÁN TÒA ÁN NHÂN DÂN TỐI CAO": the office names its body.
_OFFICE_OF = re.compile(
    r"^(?:PHÓ |QUYỀN )?(?:BỘ TRƯỞNG|THỨ TRƯỞNG|CHỦ NHIỆM|GIÁM ĐỐC|TỔNG GIÁM ĐỐC|CHÁNH ÁN|"
    r"VIỆN TRƯỞNG|TỔNG THANH TRA|CHỦ TỊCH|TRƯỞNG BAN)\s+"
    r"(?P<body>(?:BỘ|ỦY BAN|TÒA ÁN|VIỆN|THANH TRA|SỞ|KIỂM TOÁN|VĂN PHÒNG|HỘI ĐỒNG|BAN)\b.+)$"
)
# Debris of a signature image in PDF text layers: "y]Phạm Thị Thanh Trà".
_JUNK_PREFIX = re.compile(r"^[^\s\]]{0,3}\]\s*")
_JUNK_SUFFIX = re.compile(r"[a-zđ]{0,4}\]$")
# First words of title-case lines that are not names (headings, labels).
_NOT_NAME_LIST = (
    "điều chương mục phần phụ mẫu biểu ghi nơi căn theo quyết nghị thông luật bộ sở ủy "
    "văn cục vụ ban tổng hội ngày số kính"
)
_NOT_NAMES = frozenset(_NOT_NAME_LIST.split())
_NAME_PIECE = re.compile(r"^[^\W\d_]{1,5}$")
_RANK_ONLY = re.compile(
    r"^(?:(?:Đại|Thượng|Trung|Thiếu)\s+(?:tướng|tá)|Chuẩn\s+đô\s+đốc|Phó\s+đô\s+đốc|Đô\s+đốc)$",
    re.IGNORECASE,
)
_ITEM = re.compile(r"^[-+•]\s")
_MAX_ROLE_LINES = 8
_MAX_NAME_PIECES = 3
_MAX_PIECE_CHARS = 16
_MAX_ROLE_WORDS = 16
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_]*$")


@dataclass(frozen=True)
class Signature:
    """The signer's name and title (None when the text does not give them)."""

    name: str | None
    title: str | None
    index: int
    roles: tuple[str, ...] = ()

    def body(self) -> str | None:
        """The body signed for, from "TM. CHÍNH PHỦ" or an office that implies it.

        Used only when the header names no issuer: "TM. ỦY BAN NHÂN DÂN" gives
        the body, "THỦ TƯỚNG" the Thủ tướng Chính phủ, "CHỦ TỊCH QUỐC HỘI" the
        Quốc hội. A ministry's "KT. BỘ TRƯỞNG" does not say which ministry.
        """
        for role in self.roles:
            m = _COLLECTIVE.match(role)
            if m:
                return org_case(m.group("body"))
        for role in self.roles:
            office = " ".join(_ON_BEHALF.sub("", role).split())
            implied = _IMPLIED_BODY.get(office)
            if implied:
                return implied
            m = _OFFICE_OF.match(office)
            if m:
                return org_case(m.group("body"))
        return None


def person_name(line: str, *, known_surname: bool = True) -> str | None:
    """The personal name on ``line``, without rank or degree, or None if it is not one.

    With ``known_surname`` (the default) the first word must be a common
    Vietnamese family name; under title lines any name-shaped line will do,
    so rarer names ("Giàng Seo Phử") are found there.
    """
    text = _RANKS.sub("", _JUNK_PREFIX.sub("", line.strip()).rstrip(".,;"))
    text = _RANKS.sub("", text)
    words = text.split()
    if not 2 <= len(words) <= 6 or not all(_NAME_WORD.match(w) for w in words):
        return None
    if not all(w[0].isupper() for w in words):
        return None
    caps = is_caps(text)
    if not caps and not all(w[1:] == w[1:].lower() for w in words):
        return None
    if known_surname and words[0].lower() not in _SURNAMES:
        return None
    if not known_surname and (caps or len(words) > 5 or words[0].lower() in _NOT_NAMES):
        return None
    return person_case(text)


def _name_at(lines: list[str], i: int) -> str | None:
    """The name on line ``i``, rejoined when HTML conversion cut it into pieces.

    "Nguy" / "ễn Mạnh Hùng" and "Trầ" / "n Thanh Mẫ" / "n" are rejoined: a
    piece that starts in lower case continues the previous one without a space.
    """
    text = lines[i]
    j = i + 1
    while j < len(lines) and j - i <= _MAX_NAME_PIECES and _is_name_piece(lines[j]):
        if person_name(text + lines[j]) is None:
            break
        text += lines[j]
        j += 1
    if j == i + 1 and _NAME_PIECE.match(text) and j < len(lines):
        text += lines[j]
    return person_name(text)


def _is_name_piece(line: str) -> bool:
    return 0 < len(line) <= _MAX_PIECE_CHARS and line[0].isalpha() and line[0].islower()


def _is_role(line: str) -> bool:
    """A title line: in capitals, or a short title-case one ("Phó Thống Đốc")."""
    if not line or len(line.split()) > _MAX_ROLE_WORDS:
        return False
    folded = fold(line).upper()
    if is_caps(line):
        return bool(_ROLE.match(folded))
    return len(line.split()) <= 6 and line[0].isupper() and bool(_ROLE.match(folded))


def _role_lines(lines: list[str], name_index: int) -> list[str]:
    """Title lines above the name at ``name_index``, top to bottom.

    The block is the run of capital lines above the name (skipping "(Đã ký)",
    a rank on its own line, blank lines and interleaved recipient items),
    trimmed so that it starts with a recognised title line; above an
    on-behalf line ("KT. THỦ TƯỚNG") only further on-behalf lines ("TM. CHÍNH
    PHỦ") belong to it.
    """
    block: list[str] = []
    i = name_index - 1
    gap = 0
    on_behalf = False
    while i >= 0 and gap <= _LOOK_BACK and len(block) < _MAX_ROLE_LINES:
        line = lines[i]
        if not line or _SKIP.match(line) or _RANK_ONLY.match(line) or _ITEM.match(line):
            # Recipient items ("- Lưu: VT") interleave with the titles in extracted text.
            gap += 1
        elif on_behalf and not _ON_BEHALF.match(line):
            break
        elif _is_role(line) or (is_caps(line) and len(line.split()) <= _MAX_ROLE_WORDS):
            block.insert(0, line)
            gap = 0
            on_behalf = on_behalf or bool(_ON_BEHALF.match(line))
        else:
            break
        i -= 1
    while block and not _is_role(block[0]):
        block.pop(0)
    return block


def _title_of(roles: list[str]) -> str | None:
    """The signer's own office: the last title line, with wrapped lines joined.

    A line that is not a title by itself continues the one above it ("THỨ
    TRƯỞNG" / "THƯỜNG TRỰC"); a piece of a cut word joins without a space.
    """
    joined: list[str] = []
    for line in roles:
        if joined and not _is_role(line):
            separator = "" if len(line) <= 2 else " "
            joined[-1] = f"{joined[-1]}{separator}{line}"
        else:
            joined.append(line)
    own = [r for r in joined if not _ON_BEHALF.match(r) and not fold(r).startswith("XAC THUC")]
    if not own:
        return None
    return role_case(_JUNK_SUFFIX.sub("", own[-1]))


def find_signature(lines: list[str], start: int, after_recipients: int | None) -> Signature | None:
    """The first signature block after ``start``.

    A name under title lines wins. Without title lines (the seed notice prints
    the name alone), a name right after the "Nơi nhận:" block, or on the very
    last line, is taken.
    """
    fallback: Signature | None = None
    for i in range(max(start, 0), len(lines)):
        name = _name_at(lines, i)
        if name is None:
            loose = None if _is_role(lines[i]) else person_name(lines[i], known_surname=False)
            roles = _role_lines(lines, i) if loose else []
            if loose and roles:
                return Signature(loose, _title_of(roles), i, tuple(roles))
            continue
        roles = _role_lines(lines, i)
        if roles:
            return Signature(name, _title_of(roles), i, tuple(roles))
        near_recipients = after_recipients is not None and 0 <= i - after_recipients <= 3
        if fallback is None and (near_recipients or i == len(lines) - 1):
            fallback = Signature(name, None, i)
    return fallback
