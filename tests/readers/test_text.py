"""Plain text: Unicode forms, Windows-1258 and the legacy TCVN3/VNI font encodings."""

from __future__ import annotations

import codecs
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from indexer.readers import read_file
from indexer.readers.legacy_encodings import TCVN3_TABLE, tcvn3_to_unicode, vni_to_unicode
from indexer.readers.text import decode_bytes, repair_legacy
from tests.readers.conftest import FILES
from vanban_core.text.syllables import is_syllable, score

SEED_NUMBER = "Số: 1016/TB-VPCP"


def _reference() -> str:
    """The seed notice as read from the UTF-16 fixture, quotes as in the 8-bit fixtures."""
    [document] = read_file(FILES / "thong-bao-1016.utf16.txt")
    return document.text.replace("“", '"').replace("”", '"')


def test_utf16_with_bom() -> None:
    [document] = read_file(FILES / "thong-bao-1016.utf16.txt")
    assert document.format == "txt"
    assert SEED_NUMBER in document.text.split("\n")
    assert "Cổng Thông tin điện tử Chính phủ" in document.text


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16-le", "utf-16-be"])
def test_unicode_forms(tmp_path: Path, encoding: str) -> None:
    text = "Quyết định số 06/2013/QĐ-TTg\nỦy ban nhân dân tỉnh Sơn La\n" * 5
    data = text.encode(encoding)
    if encoding == "utf-16-le":
        data = codecs.BOM_UTF16_LE + data
    path = tmp_path / "note.txt"
    path.write_bytes(data if encoding != "utf-16-be" else text.encode("utf-16-be"))
    [document] = read_file(path)
    assert document.text == text.strip()


def test_windows_1258_combining_marks_become_nfc() -> None:
    raw = (FILES / "thong-bao-1016.cp1258.txt").read_bytes()
    assert b"\xec" in raw  # a combining tone mark byte: the file is really decomposed
    [document] = read_file(FILES / "thong-bao-1016.cp1258.txt")
    assert document.text == unicodedata.normalize("NFC", document.text)
    assert document.text == _reference()


def test_vni_round_trip() -> None:
    [document] = read_file(FILES / "thong-bao-1016.vni.txt")
    assert document.text == _reference()
    assert any("VNI" in warning for warning in document.warnings)


def test_tcvn3_round_trip() -> None:
    [document] = read_file(FILES / "thong-bao-1016.tcvn3.txt")
    # TCVN3 cannot store toned capitals, so compare case-insensitively; headings
    # written in capitals come back in capitals.
    assert document.text.lower() == _reference().lower()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in document.text
    assert SEED_NUMBER in document.text
    assert any("TCVN3" in warning for warning in document.warnings)


def test_mojibake_examples() -> None:
    assert tcvn3_to_unicode("Quy\xd5t \xae\xdenh") == "Quyết định"
    assert tcvn3_to_unicode("QUY\xd5T \xa7\xdeNH") == "QUYẾT ĐỊNH"
    assert vni_to_unicode("Quyeát ñònh") == "Quyết định"
    assert vni_to_unicode("QUYEÁT ÑÒNH") == "QUYẾT ĐỊNH"


def test_tcvn3_table_agrees_with_glibc() -> None:
    if shutil.which("iconv") is None:
        pytest.skip("iconv (glibc) not available")
    for byte, char in TCVN3_TABLE.items():
        glibc = subprocess.run(
            ["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=bytes([byte]),
            capture_output=True, check=True,
        ).stdout.decode()  # fmt: skip
        assert glibc == char, f"byte {byte:#x}"


def test_legacy_text_inside_unicode_is_repaired() -> None:
    mojibake = "Quy\xd5t \xae\xdenh v\xd2 vi\xd6c ban h\xb5nh quy ch\xd5 l\xb5m vi\xd6c " * 3
    repaired, encoding = repair_legacy(mojibake)
    assert encoding == "TCVN3"
    assert repaired.startswith("Quyết định về việc ban hành quy chế làm việc")


def test_ordinary_text_is_left_alone() -> None:
    text = "Ñandú and Þór met in Malmö; © 2024 Hà Nội, ngày 25 tháng 02 năm 2014."
    assert repair_legacy(text) == (text, None)


def test_other_single_byte_languages_are_not_forced_into_vietnamese() -> None:
    german = "Grüße aus München, schöne Straße und große Häuser."
    assert decode_bytes(german.encode("cp1252"))[0] == german


def test_syllables() -> None:
    assert all(is_syllable(w) for w in ["Quyết", "định", "nghiêng", "khuyến", "Ủy", "gì"])
    assert not any(is_syllable(w) for w in ["®Þnh", "Quyeát", "ñònh", "Straße", "h\xb5nh"])
    assert score("Quyết định về việc").ratio == 1.0
