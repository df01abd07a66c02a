"""PDF: Công báo text layers, issue splitting, hostile PDFs and OCR of scanned pages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from indexer.build import build_from_read
from indexer.extract import extract_metadata
from indexer.readers import ReaderError, ocr, read_file
from tests.readers.conftest import FILES, require_ocr, require_tools


@pytest.fixture(autouse=True)
def _poppler() -> None:
    require_tools("pdftotext", "pdfinfo")


def test_gazette_2024_header_and_number() -> None:
    [document] = read_file(FILES / "congbao-luat-51-2024-p1-2.pdf")
    assert document.format == "pdf"
    assert document.hints == {"gazette": "Số 1523 + 1524, ngày 29-12-2024", "gazette_pages": "3-4"}
    lines = document.text.split("\n")
    assert lines[:4] == [
        "QUỐC HỘI",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Luật số: 51/2024/QH15",
    ]
    # Furniture is gone: running header, page numbers, the signature stamp.
    for furniture in ("CÔNG BÁO/", "Người ký:", "thongtinchinhphu@", "Thời gian ký"):
        assert furniture not in document.text
    assert not any(line.isdigit() for line in lines)


def test_gazette_lines_are_rejoined() -> None:
    [document] = read_file(FILES / "congbao-luat-51-2024-p1-2.pdf")
    lines = document.text.split("\n")
    assert (
        "Quốc hội ban hành Luật sửa đổi, bổ sung một số điều của Luật Bảo hiểm y tế số "
        "25/2008/QH12 đã được sửa đổi, bổ sung một số điều theo Luật số 32/2013/QH13, Luật số "
        "46/2014/QH13, Luật số 97/2015/QH13, Luật số 35/2018/QH14, Luật số 68/2020/QH14 và "
        "Luật số 30/2023/QH15."
    ) in lines
    assert "Điều 1. Sửa đổi, bổ sung một số điều của Luật Bảo hiểm y tế" in lines
    assert "a) Sửa đổi, bổ sung khoản 1 như sau:" in lines
    # A paragraph that runs over the page break (page 3 -> 4) is one line.
    assert any("trong lĩnh vực bảo hiểm y tế, việc liên thông" in line for line in lines)


def test_gazette_2013_older_header() -> None:
    [document] = read_file(FILES / "congbao-hien-phap-2013-p1-2.pdf")
    assert document.hints["gazette"] == "Số 1003 + 1004, ngày 29-12-2013"
    assert document.hints["gazette_pages"] == "3-4"
    lines = document.text.split("\n")
    assert "Điều 1" in lines  # a bare article label stays on its own line
    assert "Chương I" in lines and "CHẾ ĐỘ CHÍNH TRỊ" in lines


def test_two_column_header_splits_left_then_right() -> None:
    [document] = read_file(FILES / "congbao-tt-02-2026.pdf")
    assert document.text.split("\n")[:5] == [
        "BỘ TÀI CHÍNH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 02/2026/TT-BTC",
        "Hà Nội, ngày 01 tháng 01 năm 2026",
    ]
    assert document.hints == {"gazette": "Số 55, ngày 26-01-2026", "gazette_pages": "30-31"}
    assert document.text.split("\n")[-3:] == ["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "Nguyễn Thị Bích Ngọc"]


def test_multi_document_issue_is_split(tmp_path: Path) -> None:
    merged = tmp_path / "issue.pdf"
    writer = PdfWriter()
    for name in ("congbao-tt-02-2026.pdf", "congbao-luat-51-2024-p1-2.pdf"):
        for page in PdfReader(FILES / name).pages:
            writer.add_page(page)
    with merged.open("wb") as handle:
        writer.write(handle)
    first, second = read_file(merged)
    assert "Số: 02/2026/TT-BTC" in first.text
    assert "51/2024/QH15" not in first.text
    assert first.hints == {"gazette": "Số 55, ngày 26-01-2026", "gazette_pages": "30-31"}
    assert "Luật số: 51/2024/QH15" in second.text
    assert second.hints == {"gazette": "Số 1523 + 1524, ngày 29-12-2024", "gazette_pages": "3-4"}


def test_encrypted_pdf(tmp_path: Path) -> None:
    locked = tmp_path / "locked.pdf"
    writer = PdfWriter(clone_from=FILES / "congbao-tt-02-2026.pdf")
    writer.encrypt(user_password="mat-khau", owner_password="chu-so-huu", algorithm="AES-128")
    with locked.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(ReaderError) as caught:
        read_file(locked)
    assert caught.value.stage == "parse"
    assert "encrypted" in caught.value.reason


def test_truncated_pdf(tmp_path: Path) -> None:
    cut = tmp_path / "cut.pdf"
    data = (FILES / "congbao-tt-02-2026.pdf").read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(ReaderError) as caught:
        read_file(cut)
    assert "truncated" in caught.value.reason


def test_not_really_a_pdf(tmp_path: Path) -> None:
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"%PDF-1.4\nthis is not a pdf body\n%%EOF\n")
    with pytest.raises(ReaderError) as caught:
        read_file(fake)
    assert caught.value.stage == "parse"


def test_scanned_gazette_is_ocred(monkeypatch: pytest.MonkeyPatch) -> None:
    require_ocr()
    monkeypatch.setenv("VANBAN_OCR_MAX_PAGES", "1")
    [document] = read_file(FILES / "congbao-scanned-tb-02-2023-p1-2.pdf")
    assert document.format == "pdf-ocr"
    assert document.hints["gazette"] == "Số 577 + 578, ngày 07-03-2023"
    assert document.hints["gazette_pages"] == "68-69"
    assert "BỘ NGOẠI GIAO" in document.text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in document.text
    assert "Về việc điều ước quốc tế có hiệu lực" in document.text
    assert any("OCR limited to 1 of 2" in warning for warning in document.warnings)


def test_scanned_gazette_header_is_read_to_its_number_and_date(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The page pass reads "Số: J2/2023/TB-1.PQT" and "Hà Nội. ngày lờ tháng 0Ì năm 21023".
    require_ocr()
    monkeypatch.setenv("VANBAN_OCR_MAX_PAGES", "1")
    [part] = read_file(FILES / "congbao-scanned-tb-02-2023-p1-2.pdf")
    document = build_from_read(part, key="tb-02", position=0, sole=False)
    assert document.number == "02/2023/TB-LPQT"
    assert document.issued_date == dt.date(2023, 1, 18)
    assert (document.doc_type, document.issuer) == ("Thông báo", "Bộ Ngoại giao")


def test_handwritten_serial_and_day_are_read_again() -> None:
    # "Số: 58 /2021/TT-BQP", "ngày 07 tháng 6": 58, 07 and 6 are written by hand,
    # the 7 with a crossbar; the page pass reads "5 @" and "ngày O7 tháng Ô".
    require_ocr()
    [part] = read_file(FILES / "congbao-scanned-tt-58-2021-p1.pdf")
    assert "Số: 58/2021/TT-BQP" in part.text
    document = build_from_read(part, key="tt-58", position=0, sole=False)
    assert document.number == "58/2021/TT-BQP"
    assert document.issued_date == dt.date(2021, 6, 7)
    assert (document.doc_type, document.issuer) == ("Thông tư", "Bộ Quốc phòng")


def test_printed_header_survives_the_second_reading() -> None:
    # A printed page OCR'd as if scanned: reading its slots again changes nothing wrong.
    require_ocr()
    text = ocr.ocr_pages(FILES / "congbao-tt-02-2026.pdf", [1])[1]
    found = extract_metadata(text)
    assert (found.number, found.issued_date) == ("02/2026/TT-BTC", dt.date(2026, 1, 1))


def test_scanned_gazette_without_ocr_warns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        ocr, "unavailable_reason", lambda: "install the Debian package tesseract-ocr-vie"
    )
    [document] = read_file(FILES / "congbao-scanned-tb-02-2023-p1-2.pdf")
    assert document.format == "pdf"
    assert document.hints["gazette"] == "Số 577 + 578, ngày 07-03-2023"
    assert any("OCR unavailable" in warning for warning in document.warnings)
    assert "tesseract-ocr-vie" in " ".join(document.warnings)
