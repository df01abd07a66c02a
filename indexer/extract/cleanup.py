"""Turn raw document text into clean lines that the field extractors can trust.

Text reaches the extractor from Word conversions (``**bold**`` markers), HTML
(inline elements broken onto their own lines) and Công báo PDF text layers
(running headers ``CÔNG BÁO/Số 1523 + 1524/Ngày 29-12-2024``, page numbers on
their own line, digital-signature stamps, trailing spaces). None of that is
part of the document, and all of it lands exactly where the extractors look:
between the header lines, inside the title, above the signer's name.

Blank lines, separator rules (``-----``, ``____``) and the end of a bold block
are kept as one empty line each: they are the only trace of the layout's
block boundaries, and the title extractor stops at them.

Công báo text goes through :func:`indexer.congbao.clean_gazette_text` first
(running headers, page numbers, stamps out; lines broken by the page layout
rejoined). :func:`strip_gazette_noise` then removes what may remain in any
text, gazette or not: stamp blocks, a bare page number next to a blank line.
"""

from __future__ import annotations

import re
import unicodedata

from indexer.congbao import clean_gazette_text, is_gazette
from vanban_core.text.normalize import CHAR_MAP, HOMOGLYPHS

# Cyrillic look-alikes back to Latin: the search analysis's table, plus a "у"
# (vbpl.vn titles contain e.g. "TT-BTС" with a Cyrillic С).
_HOMOGLYPHS = HOMOGLYPHS | str.maketrans({"у": "y"})
_SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200a\u202f\u3000]+")
_GAZETTE_HEADER = re.compile(
    r"^\s*\d{0,4}\s*CÔNG\s*BÁO\s*/\s*Số\s*[\d\s+]+/\s*Ngày\s*\d{1,2}\s*-\s*\d{1,2}\s*-\s*\d{4}\s*\d{0,4}\s*$",
    re.IGNORECASE,
)
_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?\d{1,4}(?:\s*-)?\s*$")
_SEPARATOR = re.compile(r"^[\s\-_=.*~…•·+]{3,}$")
# Digital-signature stamp lines (PDF text layers and portal exports).
_STAMP_START = re.compile(r"^(?:Người ký|Ký bởi|Signed by)\s*:", re.IGNORECASE)
_STAMP_LINE = re.compile(
    r"^(?:Người ký|Ký bởi|Signed by|Email|E-mail|Cơ quan|Cơ quan ban hành|Thời gian ký|"
    r"Ngày ký|Chức vụ|Signing time)\s*:",
    re.IGNORECASE,
)
_STAMP_WINDOW = 5
_SIGNED_MARK = re.compile(
    r"^[(\[]\s*(?:đã ký|da ky|đã ký và đóng dấu|ký tên)\s*[)\]]$", re.IGNORECASE
)
_BOLD = "**"
# Section titles of a Công báo issue, printed above the documents of that section.
_GAZETTE_SECTION = re.compile(
    r"^(?:VĂN BẢN QUY PHẠM PHÁP LUẬT|VĂN BẢN PHÁP LUẬT KHÁC|ĐIỀU ƯỚC QUỐC TẾ$"
    r"|VĂN BẢN HỢP NHẤT\s*-)\s*",
)
# HTML pages split a header item into inline fragments ("Số:" / "78" / "/202" / "5").
_GLUE_LINES = 60
_CODE_FRAGMENT = re.compile(r"^[\w.\-/]{1,30}$")
_FRAGMENT = re.compile(r"^(?=.*\d|[/\-])[\w./\-]{1,24}$")
_DATE_WORD_END = re.compile(r"(?:ngày|tháng|năm|Số\s*:|số\s*:)$")
_DATE_WORD_START = re.compile(r"^(?:tháng|năm)\b")
# A syllable cut inside its initial consonants ("CHÍNH PH" / "Ủ", "S" / "ố: 309",
# "N" / "GHỊ ĐỊNH"): no Vietnamese word is only an onset, so such a line end is a cut.
_ONSET_LIST = "b c ch d đ g gh gi h k kh l m n ng ngh nh p ph q qu r s t th tr v x"
_ONSETS = frozenset(_ONSET_LIST.split())
_CUT_END = re.compile(r"(?:^|[\s(])([^\W\d_]{1,3})$")
_CUT_START = re.compile(r"^([^\W\d_]{0,2}?)[aăâeêioôơuưyà-ỹ]", re.IGNORECASE)
# Vowel letters as :func:`_base` gives them (ă, â, ê, ô, ơ, ư lose their marks too).
_VOWELS = frozenset("aeiouy")
_ENUMERATION = re.compile(r"^[^\W\d_][).]")
_NUMBER_CUT = re.compile(r"\d/(?:[\w.\-]*[/\-])?$")


# Dashes, odd spaces and invisible characters, unified as the search analysis does
# (and a narrow no-break space too); Cyrillic look-alikes back to Latin. Tone
# placement is left alone here (it is costly on a whole text): the extracted
# fields are normalized at the end.
_CHARACTERS = CHAR_MAP | _HOMOGLYPHS | str.maketrans({"\u202f": " "})


def fix_homoglyphs(text: str) -> str:
    """Replace Cyrillic look-alikes with the Latin letters they imitate."""
    return text.translate(_HOMOGLYPHS)


def strip_gazette_noise(lines: list[str]) -> list[str]:
    """Drop Công báo running headers, page numbers and signature stamps.

    Minimal on purpose: it only removes lines that can never be document
    content. A stamp block starts with "Người ký:"/"Ký bởi:" and takes the
    label lines that follow it ("Email:", "Cơ quan:", "Thời gian ký:"). A
    bare number is a page number only next to a running header or a blank
    line, because HTML conversions put real content ("2030") on its own line.
    """
    headers = {i for i, line in enumerate(lines) if _GAZETTE_HEADER.match(line.strip())}
    kept: list[str] = []
    stamp_left = 0
    for i, line in enumerate(lines):
        stripped = line.strip()
        if _STAMP_START.match(stripped):
            stamp_left = _STAMP_WINDOW
            continue
        if stamp_left and _STAMP_LINE.match(stripped):
            stamp_left -= 1
            continue
        stamp_left = 0
        if i in headers or (_PAGE_NUMBER.match(stripped) and _is_page_number(lines, i, headers)):
            continue
        section = _GAZETTE_SECTION.match(stripped)
        if section:
            line = stripped[section.end() :]
            if not line:
                continue
        kept.append(line)
    return kept


def _is_page_number(lines: list[str], i: int, headers: set[int]) -> bool:
    if any(abs(i - h) <= 2 for h in headers):
        return True
    blank_before = i > 0 and not lines[i - 1].strip()
    blank_after = i + 1 < len(lines) and not lines[i + 1].strip()
    return blank_before or blank_after


def _syllable_cut(prev: str, line: str) -> bool:
    """True when ``prev`` ends inside a syllable that ``line`` completes."""
    end = _CUT_END.search(prev)
    start = _CUT_START.match(line)
    if not end or not start or _ENUMERATION.match(line):
        return False
    if line[:1].isupper() and line[1:2].islower():
        # A capitalized word ("Hà Nội") starts afresh: a cut word goes on in
        # lower case ("Tr" / "ần") or stays in capitals ("QU" / "ỐC").
        return False
    head, tail = end.group(1).lower(), start.group(1).lower()
    if head in _ONSETS and not tail:
        return True  # includes "qu", "gi", whose vowel letter belongs to the onset
    return not any(_base(c) in _VOWELS for c in head) and head + tail in _ONSETS


def _base(char: str) -> str:
    """A letter without its tone and vowel marks ("ộ" -> "o")."""
    return unicodedata.normalize("NFD", char)[0]


def join_cut_syllables(lines: list[str]) -> list[str]:
    """Rejoin words that HTML conversion cut inside their initial consonants.

    "CHÍNH PH" / "Ủ" and "Tr" / "ần Hồng Hà" become "CHÍNH PHỦ" and "Trần Hồng
    Hà". Safe on the whole text: a Vietnamese word is never only an onset, so a
    line can only end in one when a word was cut.
    """
    out: list[str] = []
    for line in lines:
        if out and out[-1] and line and _syllable_cut(out[-1], line):
            out[-1] += line
        else:
            out.append(line)
    return out


def glue_fragments(lines: list[str]) -> list[str]:
    """Rejoin header items that HTML conversion broke into inline fragments.


    "Số:" / "78" / "/202" / "5" / "/TT-BCA" becomes "Số: 78/2025/TT-BCA" and
    "Hà Nội, ngày" / "29" / "tháng" / "8" / "năm 202" / "5" becomes one date
    line. Only fragments (a short token with a digit, or a separator-led
    piece) are glued, and only to a line ending where such a fragment
    continues, so ordinary lines are never merged.
    """
    out: list[str] = []
    for line in lines:
        if out and out[-1] and line:
            prev = out[-1]
            if _NUMBER_CUT.search(prev) and _CODE_FRAGMENT.match(line):
                out[-1] = prev + line
                continue
            fragment = bool(_FRAGMENT.match(line))
            if fragment and (prev[-1].isdigit() or prev[-1] in "/-") and line[0] in "/-0123456789":
                out[-1] = prev + line
                continue
            if fragment and _DATE_WORD_END.search(prev):
                out[-1] = f"{prev} {line}"
                continue
            if re.search(r"\bngày$", prev) and re.match(r"\d{1,2}\s*tháng\b", line):
                out[-1] = f"{prev} {line}"
                continue
            if _DATE_WORD_START.match(line) and re.search(r"(?:ngày|tháng) \d{1,2}$", prev):
                out[-1] = f"{prev} {line}"
                continue
        out.append(line)
    return out


def _split_bold(line: str) -> list[str]:
    """Emit a block boundary ("") before a bold block opens and after it closes."""
    if _BOLD not in line:
        return [line]
    parts: list[str] = []
    stripped = line.strip()
    if stripped.startswith(_BOLD):
        parts.append("")
    parts.append(line.replace(_BOLD, ""))
    if stripped.endswith(_BOLD):
        parts.append("")
    return parts


def clean_lines(text: str) -> list[str]:
    """Normalized, stripped lines; gazette noise gone; block boundaries as single ""."""
    if is_gazette(text):
        text = clean_gazette_text(text)
    text = unicodedata.normalize("NFC", text).translate(_CHARACTERS)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    raw = strip_gazette_noise([_SPACES.sub(" ", line).strip() for line in text.split("\n")])
    lines: list[str] = []
    for line in join_cut_syllables(glue_fragments(raw[:_GLUE_LINES]) + raw[_GLUE_LINES:]):
        for part in _split_bold(line):
            part = part.strip()
            if not part or _SEPARATOR.match(part) or _SIGNED_MARK.match(part):
                part = ""
            if part or (lines and lines[-1]):
                lines.append(part)
    while lines and not lines[-1]:
        lines.pop()
    return lines
