"""The issuing body, from the capital lines of the header's left column.

The left column holds the issuing body, under its parent body when it has one
("BỘ TÀI CHÍNH" / "TỔNG CỤC THUẾ"). A long name wraps over several lines
("BỘ LAO ĐỘNG - THƯƠNG BINH" / "VÀ XÃ HỘI"), and HTML conversions may even cut
a word ("CHÍ" / "NH PHỦ"), so lines are joined when a line ends or starts like
a continuation, or when joining them spells (the start of) a known issuer
name. The issuer is the last organisation found; joint documents (thông tư
liên tịch, nghị quyết liên tịch) list all their bodies.
"""

from __future__ import annotations

import re
from functools import cache

from indexer.extract.casing import UNIT_WORDS, org_case
from indexer.extract.dates import has_date
from indexer.extract.layout import ON_BEHALF_MARKS, is_caps, strip_national
from indexer.extract.number import parse_number_line
from vanban_core import codes
from vanban_core.text.normalize import fold

_CONTINUES_PREV = re.compile(r"(?:-|,|&|\bVÀ)$", re.IGNORECASE)
_CONTINUES_NEXT = re.compile(
    r"^(?:VÀ\b|&|-|TỐI CAO\b|NHÂN DÂN\b|VIỆT NAM\b|TP\.|"
    + "|".join(u.upper() + r"\b" for u in UNIT_WORDS)
    + ")"
)
# Remnants of a Quốc hiệu cut over two lines ("… CHỦ NGHĨA VIỆT" / "NAM").
_LONE_NATIONAL = frozenset({"NAM", "VIỆT"})
# Signature title lines, which a text without a header may put among the first lines.
_ROLE_LINE = re.compile(
    rf"^(?:{ON_BEHALF_MARKS}|Q\.)\s|^(?:PHÓ |THỨ TRƯỞNG|BỘ TRƯỞNG\b|"
    r"CHỦ TỊCH\b|GIÁM ĐỐC|TỔNG GIÁM ĐỐC|THỐNG ĐỐC|CHỦ NHIỆM|CHÁNH |VIỆN TRƯỞNG|TRƯỞNG |"
    r"TỔNG THƯ KÝ|BÍ THƯ|CỤC TRƯỞNG|VỤ TRƯỞNG|XÁC THỰC)"
)
_MAX_WORDS = 14
# First words of an organisation's name (folded); a capital line without one is
# kept only when nothing better is found.
_ORG_STARTS = tuple(
    """bo |uy ban|hoi dong|chinh phu|quoc hoi|thu tuong|van phong|tong cuc|cuc |so |ban |vien |
    toa an|kiem toan|ngan hang|thanh tra|bao hiem|kho bac|dai hoc|hoc vien|truong |tong lien doan|
    trung uong|dang uy|chu tich|cong ty|tap doan|tong cong ty|benh vien|trung tam|dai |doan |hoi |
    lien doan|mat tran|tinh uy|thanh uy|huyen uy|phong |bo chi huy|bo tu lenh|quan khu|
    tong thanh tra|thong tan xa""".replace("\n", "")
    .replace("    ", "")
    .split("|")
)
# Local departments take the province of their parent body ("Sở Y tế tỉnh Sơn La").
_LOCAL_HEADS = ("sở ", "ban ", "phòng ", "văn phòng ", "thanh tra ", "trung tâm ")
_TRIM = " -,.;:|/"


@cache
def _known() -> tuple[str, ...]:
    """Folded issuer names, for "does joining these lines spell a known name?"."""
    return tuple(_key(n) for n in codes.issuer_names())


def _key(text: str) -> str:
    return " ".join(fold(text).lower().split())


def _join_separator(previous: str, line: str) -> str | None:
    """How ``line`` continues ``previous`` (" " or "", a cut word), or None if it does not."""
    if _CONTINUES_PREV.search(previous) or _CONTINUES_NEXT.match(line):
        return " "
    known = _known()
    if _key(previous) in known:
        return None
    for separator in (" ", ""):
        joined = _key(previous + separator + line)
        if any(k == joined or k.startswith(joined + " ") for k in known):
            return separator
    return None


def join_wrapped(candidates: list[str]) -> list[str]:
    """Join header lines that wrap one name ("BỘ NÔNG NGHIỆP VÀ" + "MÔI TRƯỜNG")."""
    names: list[str] = []
    for line in candidates:
        separator = _join_separator(names[-1], line) if names else None
        if separator is None:
            names.append(line)
        else:
            names[-1] = names[-1] + separator + line
    return [name.strip(_TRIM) for name in names]


def org_lines(lines: list[str]) -> list[str]:
    """Capital lines that can be part of an organisation name."""
    found: list[str] = []
    for line in lines:
        text = strip_national(line).strip().lstrip(_TRIM.replace("-", "") + "- ")
        if not text or text in _LONE_NATIONAL or not is_caps(text):
            continue
        if parse_number_line(text) is not None or has_date(text) or re.search(r"\d", text):
            continue
        if len(text.split()) > _MAX_WORDS or _is_type_heading(text):
            continue
        if _ROLE_LINE.match(text) and codes.issuer_name(text) is None:
            continue
        found.append(text)
    return found


def _is_type_heading(text: str) -> bool:
    name = codes.doc_type_name(text)
    return name is not None and _key(name) == _key(text)


def _looks_like_org(name: str) -> bool:
    return codes.issuer_name(name) is not None or fold(name).lower().startswith(_ORG_STARTS)


def _split_joint(name: str) -> list[str]:
    """ "BỘ TÀI CHÍNH - BỘ NỘI VỤ" -> both bodies; "BỘ LAO ĐỘNG - THƯƠNG BINH …" stays whole."""
    parts: list[str] = []
    for piece in name.split(" - "):
        if parts and not _looks_like_org(piece):
            parts[-1] = f"{parts[-1]} - {piece}"
        else:
            parts.append(piece)
    return parts


def find_issuer(lines: list[str], joint: bool = False) -> tuple[str | None, str | None]:
    """(issuer, parent body) from the capital lines of ``lines`` (the header zone).

    The issuing body is the last organisation of the left column; a body
    above it is its parent. A joint document's issuer lists every body,
    comma-separated, in header order.
    """
    names = join_wrapped(org_lines(lines))
    if joint:
        bodies = [org_case(p) for n in names for p in _split_joint(n) if _looks_like_org(p)]
        unique = list(dict.fromkeys(bodies))
        return (", ".join(unique), None) if unique else (None, None)
    cased = [org_case(n) for n in names]
    cased = [n for i, n in enumerate(cased) if i == 0 or _key(n) != _key(cased[i - 1])]
    cased = [n for n in cased if _looks_like_org(n)] or cased
    if not cased:
        return None, None
    issuer = cased[-1]
    parent = cased[-2] if len(cased) > 1 else None
    if parent and issuer.lower().startswith(_LOCAL_HEADS):
        for unit in UNIT_WORDS:
            m = re.search(rf"\b{unit} .+$", parent)
            if m and unit not in issuer.lower():
                issuer = f"{issuer} {m.group(0)}"
                break
    return issuer, parent
