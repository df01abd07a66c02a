"""Word files: .docx through python-docx, .doc and RTF through catdoc/antiword."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from indexer.readers import ReaderError, read_file
from tests.readers.conftest import FILES, require_tools

FixtureFile = Callable[[str], Path]


def test_docx_real_precedent() -> None:
    [document] = read_file(FILES / "anle-17-2018.docx")
    assert document.format == "docx"
    assert document.text.startswith("Án lệ số 17/2018/AL về tình tiết")
    assert "NỘI DUNG VỤ ÁN:" in document.text.split("\n")


def test_docx_header_table_cells_line_by_line() -> None:
    [document] = read_file(FILES / "thong-bao-1016-header-table.docx")
    lines = document.text.split("\n")
    assert lines[:7] == [
        "VĂN PHÒNG CHÍNH PHỦ",
        "-------",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "---------------",
        "Số: 1016/TB-VPCP",
        "Hà Nội, ngày 25 tháng 02 năm 2014",
    ]
    assert lines[7] == "THÔNG BÁO"


def test_damaged_docx(tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("word/document.xml", "<w:document><unclosed>")
    with pytest.raises(ReaderError) as caught:
        read_file(broken)
    assert caught.value.stage == "parse"


def test_doc_real_precedent() -> None:
    require_tools("catdoc")
    [document] = read_file(FILES / "anle-07-2016.doc")
    assert document.format == "doc"
    assert document.text.startswith("Án lệ số 07/2016/AL về công nhận hợp đồng mua bán nhà")
    # catdoc -w: one paragraph per line, not wrapped at 72 columns.
    assert "được xác lập trước ngày 01-7-1991." in document.text.split("\n")[0]


def test_doc_header_table_left_cell_first(fixture_file: FixtureFile) -> None:
    require_tools("catdoc")
    [document] = read_file(fixture_file("luat-15-2012-qh13.doc"))
    lines = document.text.split("\n")
    assert lines[:5] == [
        "QUỐC HỘI",
        "Số: 15/2012/QH13",
        "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập – Tự do – Hạnh phúc",
        "Hà Nội, ngày 20 tháng 6 năm 2012",
    ]
    assert not any(line.startswith("PAGE") for line in lines)  # field codes dropped
    assert lines[-1] == "Nguyễn Sinh Hùng"


def test_rtf_saved_as_doc(tmp_path: Path) -> None:
    require_tools("catdoc")
    rtf = tmp_path / "cong-van.doc"
    rtf.write_bytes(
        rb"{\rtf1\ansi\ansicpg1258{\fonttbl{\f0 Times New Roman;}}\f0 S\u7889?: 12/Q\u272?-UBND"
        rb"\par Ch\u7911? t\u7883?ch \u7910?y ban nh\u226?n d\u226?n\par}"
    )
    [document] = read_file(rtf)
    assert document.text.split("\n") == ["Số: 12/QĐ-UBND", "Chủ tịch Ủy ban nhân dân"]


def test_ole2_that_is_not_word(tmp_path: Path) -> None:
    fake = tmp_path / "sheet.doc"
    fake.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096)
    with pytest.raises(ReaderError) as caught:
        read_file(fake)
    assert "not a Word" in caught.value.reason or "Word stream" in caught.value.reason
