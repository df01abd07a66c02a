"""Proper Vietnamese case for names printed in capitals in the header and signature.

Administrative documents print the issuing body and the signer's title in
capitals ("BỘ TÀI CHÍNH", "KT. BỘ TRƯỞNG"). Vietnamese capitalizes only the
first word of a common name and proper nouns inside it ("Bộ Tài chính",
"Ủy ban nhân dân tỉnh Sơn La", "Phó Thủ tướng"), so plain title case is wrong.
The canonical spelling from ``mappings/issuers.tsv`` wins whenever the
capitals match a known name; otherwise a few rules of the naming convention
apply (the word after a head noun such as "Bộ"/"Sở"/"Cục" is capitalized, an
administrative unit word is lowercase and the place after it is title case).
"""

from __future__ import annotations

import re

from vanban_core import codes
from vanban_core.text.normalize import fold

# Administrative-unit words: lowercase, and the place name after them is title case.
UNIT_WORDS = (
    "thành phố",
    "thị xã",
    "thị trấn",
    "đặc khu",
    "tỉnh",
    "huyện",
    "quận",
    "xã",
    "phường",
)
# Head nouns of an organisation's name: the word after them starts a proper name
# ("Sở Y tế", "Cục Quản lý giá"). Longest first.
_ORG_HEADS = (
    "tổng công ty",
    "tổng cục",
    "học viện",
    "văn phòng",
    "trung tâm",
    "tập đoàn",
    "công ty",
    "ủy ban",
    "hội đồng",
    "thanh tra",
    "kho bạc",
    "bộ",
    "sở",
    "cục",
    "vụ",
    "ban",
    "viện",
    "trường",
    "đài",
    "báo",
    "tạp chí",
    "phòng",
)
# Words of a name that stay lowercase even after a head noun ("Ủy ban nhân dân").
_COMMON_AFTER_HEAD = ("nhân dân", "thường vụ")
# Fixed proper nouns that keep their capitals wherever they appear.
_PROPER = {
    "cộng hòa xã hội chủ nghĩa việt nam": "Cộng hòa xã hội chủ nghĩa Việt Nam",
    "việt nam": "Việt Nam",
    "hồ chí minh": "Hồ Chí Minh",
    "chính phủ": "Chính phủ",
    "quốc hội": "Quốc hội",
    "trung ương": "Trung ương",
    "nhà nước": "Nhà nước",
}
# Role words: after "Phó"/"Tổng" the next word is capitalized too ("Phó Thủ tướng").
_ROLE_PREFIXES = ("phó", "tổng")
# Offices named after a unit: "cục trưởng" is a title, "cục thuế" an organisation.
_OFFICE = re.compile(r"^(?:tổng cục|cục|vụ|viện|bộ|sở|hiệu|tổ|đội|trạm|ban|phòng) trưởng\b")
# Titles whose conventional case the rules do not give.
_FIXED_ROLES = {
    "chánh văn phòng": "Chánh Văn phòng",
    "phó chánh văn phòng": "Phó Chánh Văn phòng",
    "chánh thanh tra": "Chánh Thanh tra",
    "tổng kiểm toán nhà nước": "Tổng Kiểm toán nhà nước",
}
_ACTING = re.compile(r"^(?:Q\.|QUYỀN)\s*", re.IGNORECASE)


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def _title(words: str) -> str:
    """Title case for a place or a person: every word capitalized."""
    return " ".join(_cap(w) for w in words.lower().split())


def _apply_proper(text: str) -> str:
    for lower, proper in _PROPER.items():
        text = re.sub(rf"(?<!\w){lower}(?!\w)", proper, text)
    return text


def place_case(text: str) -> str:
    """ "TỈNH SƠN LA" -> "tỉnh Sơn La"; text without a unit word is title-cased."""
    lowered = " ".join(text.lower().split())
    for unit in UNIT_WORDS:
        if lowered.startswith(unit + " "):
            return f"{unit} {_title(lowered[len(unit) + 1 :])}"
    return _title(lowered)


def _generic_org(lowered: str) -> str:
    """Convention-based case for an organisation not in the issuer table."""
    text = lowered
    for unit in UNIT_WORDS:
        m = re.search(rf"(?<!\w){unit} (?P<place>.+)$", text)
        if m and m.start() > 0:
            text = text[: m.start()] + place_case(text[m.start() :])
            break
    for head in _ORG_HEADS:
        if text.startswith(head + " "):
            rest = text[len(head) + 1 :]
            if not rest.startswith(_COMMON_AFTER_HEAD + UNIT_WORDS):
                text = f"{head} {_cap(rest)}"
            break
    return _cap(_apply_proper(text))


def org_case(caps: str) -> str:
    """Proper case for an organisation name printed in capitals.

    A known issuer name wins ("VĂN PHÒNG CHÍNH PHỦ" -> "Văn phòng Chính phủ");
    a known name followed by a place keeps its spelling and cases the place
    ("ỦY BAN NHÂN DÂN TỈNH SƠN LA" -> "Ủy ban nhân dân tỉnh Sơn La"), and so
    does an abbreviation ("UBND TỈNH SƠN LA" -> the same).
    """
    text = " ".join(caps.split())
    known = codes.issuer_name(text)
    if known and codes.match_key(known) == codes.match_key(text):
        return known
    head, _, rest = text.partition(" ")
    expanded = codes.issuer_name(head) if head.isupper() and rest else None
    if expanded and rest.lower().startswith(UNIT_WORDS):
        # "UBND TỈNH SƠN LA": an abbreviated body followed by its place.
        return f"{expanded} {place_case(rest)}"
    folded = fold(text).lower()
    for folded_name, name in codes.issuer_prefixes():
        if folded.startswith(folded_name + " "):
            rest = text[len(folded_name) + 1 :]
            if rest.lower().startswith(UNIT_WORDS):
                return f"{name} {place_case(rest)}"
    if text != text.upper():
        return text
    return _generic_org(text.lower())


def role_case(caps: str) -> str:
    """Proper case for a signer's title: "PHÓ THỦ TƯỚNG" -> "Phó Thủ tướng".

    Comma-separated roles are cased one by one ("BỘ TRƯỞNG, CHỦ NHIỆM" ->
    "Bộ trưởng, Chủ nhiệm"); an organisation after the role keeps its own case
    ("CHỦ TỊCH QUỐC HỘI" -> "Chủ tịch Quốc hội").
    """
    text = " ".join(caps.split())
    acting = _ACTING.match(text)
    if acting:
        return "Quyền " + role_case(text[acting.end() :])
    if text != text.upper():
        return text
    return ", ".join(_one_role(part.strip()) for part in text.split(",") if part.strip())


def _one_role(caps: str) -> str:
    words = caps.lower().split()
    fixed = _FIXED_ROLES.get(" ".join(words))
    if fixed:
        return fixed
    # Split the role from an organisation that follows it ("chủ tịch | quốc hội"),
    # but not an office named after a unit ("tổng cục trưởng", "vụ trưởng").
    for i in range(1, len(words)):
        rest = " ".join(words[i:])
        if _OFFICE.match(rest) or rest.startswith("ban thường trực"):
            continue
        if rest in _PROPER:
            return f"{_role_words(words[:i])} {_PROPER[rest]}"
        if rest.startswith(tuple(h + " " for h in _ORG_HEADS)):
            return f"{_role_words(words[:i])} {org_case(rest.upper())}"
    return _role_words(words)


def _role_words(words: list[str]) -> str:
    out = [_cap(words[0])] if words else []
    for i in range(1, len(words)):
        after_prefix = words[i - 1] in _ROLE_PREFIXES and words[i] != "cục"
        out.append(_cap(words[i]) if after_prefix else words[i])
    return _apply_proper(" ".join(out))


def person_case(name: str) -> str:
    """Title case for a personal name, only when it is printed in capitals."""
    return _title(name) if name == name.upper() else " ".join(name.split())
