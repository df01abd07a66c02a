"""Vietnamese text typed in the pre-Unicode font encodings TCVN3 (ABC) and VNI.

Until the late 2000s most Vietnamese administrative documents were typed with
".VnTime" (TCVN3) or "VNI-Times" (VNI) fonts: the file stores Western code points
and the font draws Vietnamese letters over them. Read as Windows-1252 such text
is mojibake ("Quy Õt ®Þnh", "Quyeát ñònh"). PyPI has no maintained converter for
these encodings (and Python's codecs have neither), so the two mapping tables
are kept here as data:

* TCVN3 is single-byte: one Western character per Vietnamese letter. The table
  is the TCVN 5712:1993 VN3 subset and agrees with glibc's ``TCVN5712-1``
  converter (a test checks every entry against ``iconv``). Capitals with tone
  marks do not exist in TCVN3 (the ".VnTimeH" capital fonts draw the lowercase
  codes as capitals), so :func:`tcvn3_to_unicode` upper-cases letters inside
  words that are otherwise all capitals.
* VNI is "double-byte": a base letter followed by a Western character standing
  for the diacritic ("a" + "ù" = "á"), plus a few single characters (ô = ơ, ö = ư,
  ñ = đ, and the tonal i/y forms). The table below lists every sequence.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# TCVN3 (ABC): byte -> letter, for the bytes whose meaning differs from Latin-1.
TCVN3_TABLE: dict[int, str] = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ", 0xA8: "ă",
    0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ", 0xB5: "à", 0xB6: "ả",
    0xB7: "ã", 0xB8: "á", 0xB9: "ạ", 0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ", 0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ",
    0xD0: "é", 0xD1: "ẹ", 0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ", 0xD7: "ì",
    0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị", 0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó",
    0xE4: "ọ", 0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ", 0xEA: "ờ", 0xEB: "ở",
    0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ", 0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự", 0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ",
    0xFE: "ỵ",
}  # fmt: skip

# Toned letters written as base + one modifier character; for â, ă, ê and ô the
# modifier carries both the hat and the tone. Each entry: the base character, the
# Unicode letters with the tones sắc, huyền, hỏi, ngã, nặng, and their modifiers.
_VNI_SEQUENCES: tuple[tuple[str, str, str], ...] = (
    ("a", "áàảãạ", "ùøûõï"),
    ("a", "ấầẩẫậ", "áàåãä"),
    ("a", "ắằẳẵặ", "éèúüë"),
    ("e", "éèẻẽẹ", "ùøûõï"),
    ("e", "ếềểễệ", "áàåãä"),
    ("o", "óòỏõọ", "ùøûõï"),
    ("o", "ốồổỗộ", "áàåãä"),
    ("ô", "ớờởỡợ", "ùøûõï"),
    ("u", "úùủũụ", "ùøûõï"),
    ("ö", "ứừửữự", "ùøûõï"),
    ("y", "ýỳỷỹ", "ùøûõ"),
)
# Letters VNI writes as a single Western character.
_VNI_SINGLES = {
    "ô": "ơ", "ö": "ư", "ñ": "đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ",
    "Ô": "Ơ", "Ö": "Ư", "Ñ": "Đ", "Í": "Í", "Ì": "Ì", "Æ": "Ỉ", "Ó": "Ĩ", "Ò": "Ị", "Î": "Ỵ",
}  # fmt: skip
# The bare circumflex and breve modifiers (â = "aâ", ă = "aê", ê = "eâ", ô = "oâ").
_VNI_BARE = {("a", "â"): "â", ("a", "ê"): "ă", ("e", "â"): "ê", ("o", "â"): "ô"}


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for base, toned, modifiers in _VNI_SEQUENCES:
        for char, modifier in zip(toned, modifiers, strict=True):
            table[base + modifier] = char
            table[base.upper() + modifier.upper()] = char.upper()
    for (base, modifier), char in _VNI_BARE.items():
        table[base + modifier] = char
        table[base.upper() + modifier.upper()] = char.upper()
    table.update(_VNI_SINGLES)
    return table


VNI_TABLE: dict[str, str] = _vni_table()
_VNI_PATTERN = re.compile(
    "|".join(re.escape(key) for key in sorted(VNI_TABLE, key=len, reverse=True))
)
_TCVN3_CHARS = {chr(byte): char for byte, char in TCVN3_TABLE.items()}
_TCVN3_TRANSLATE = str.maketrans(_TCVN3_CHARS)
_WORD = re.compile(r"[^\W\d_]+")


def _is_capital(word: str) -> bool:
    """All ASCII letters are capitals: "QUY", "X" in "Xã" (its "ã" may be a hidden capital)."""
    ascii_letters = [c for c in word if c.isascii() and c.isalpha()]
    return bool(ascii_letters) and all(c.isupper() for c in ascii_letters)


def _restore_capitals(line: str) -> str:
    """ ".VnTimeH" capitals: TCVN3 has no toned capitals, so "QUYẾT" is stored with a
    lowercase "ế". A word is upper-cased when its ASCII letters are capitals and it
    has two capitals ("QUYếT", "ĐịNH"), or one ("Xã") inside a heading of capital words."""
    words = list(_WORD.finditer(line))
    capital_line = (
        len(words) >= 3
        and not any(c.isdigit() for c in line)  # "Số: 1016/TB-VPCP" is not a heading
        and all(_is_capital(m.group(0)) for m in words)
    )
    pieces: list[str] = []
    end = 0
    for match in words:
        word = match.group(0)
        capitals = sum(1 for c in word if c.isupper())
        if _is_capital(word) and (capitals >= 2 or capital_line):
            word = word.upper()
        pieces.append(line[end : match.start()] + word)
        end = match.end()
    pieces.append(line[end:])
    return "".join(pieces)


def tcvn3_to_unicode(text: str) -> str:
    """Convert TCVN3 mojibake (TCVN3 bytes read as Latin-1/cp1252) to Unicode."""
    converted = text.translate(_TCVN3_TRANSLATE)
    return "\n".join(_restore_capitals(line) for line in converted.split("\n"))


def tcvn3_decode(data: bytes) -> str:
    """Decode raw TCVN3 bytes (bytes outside the table are Latin-1)."""
    return tcvn3_to_unicode(data.decode("latin-1"))


def vni_to_unicode(text: str) -> str:
    """Convert VNI mojibake (VNI bytes read as cp1252) to Unicode."""
    return _VNI_PATTERN.sub(lambda m: VNI_TABLE[m.group(0)], text)


def vni_decode(data: bytes) -> str:
    """Decode raw VNI bytes: cp1252 first (VNI fonts are Windows fonts), then the table."""
    return vni_to_unicode(data.decode("cp1252", errors="replace").replace("\ufffd", ""))


CONVERTERS: dict[str, Callable[[str], str]] = {
    "TCVN3": tcvn3_to_unicode,
    "VNI": vni_to_unicode,
}
