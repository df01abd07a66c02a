"""The pure parts of the second reading of scanned headers (the OCR itself is
exercised on real scans in test_pdf.py)."""

from __future__ import annotations

import pytest

from indexer.readers.ocr_fields import Word, as_digits, page_text, parse_tsv

TSV = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
    "1\t1\t0\t0\t0\t0\t0\t0\t1654\t2339\t-1\t\n"
    "5\t1\t1\t1\t1\t1\t220\t444\t46\t32\t96.9\tSố:\n"
    "5\t1\t1\t1\t1\t2\t290\t447\t17\t39\t85.3\t5\n"
    "5\t1\t1\t1\t1\t3\t330\t447\t200\t32\t91.3\t/2021/TT-BQP\n"
    "5\t1\t1\t1\t2\t1\t220\t500\t60\t32\t96.0\tTHÔNG\n"
    "5\t1\t1\t1\t2\t2\t290\t500\t40\t32\t96.0\tTƯ\n"
    "5\t1\t2\t1\t1\t1\t220\t600\t40\t32\t95.0\t \n"
    "5\t1\t2\t1\t1\t2\t220\t600\t40\t32\t95.0\tCăn\n"
)


def test_tsv_words_and_page_text() -> None:
    words = parse_tsv(TSV)
    assert [w.text for w in words] == ["Số:", "5", "/2021/TT-BQP", "THÔNG", "TƯ", "Căn"]
    assert words[0] == Word("Số:", 220, 444, 46, 32, 1, 1, 1)
    # Lines on their own line, a blank line between blocks, as Tesseract's text output.
    assert page_text(words) == "Số: 5 /2021/TT-BQP\nTHÔNG TƯ\n\nCăn"


def test_malformed_tsv_rows_are_skipped() -> None:
    assert parse_tsv("level\ttext\n5\tx\n") == []
    assert parse_tsv("") == []


@pytest.mark.parametrize(
    ("reading", "digits"),
    [
        ("58", "58"),
        ("OF", "07"),  # a handwritten 7 with a crossbar reads as F
        ("()2", "02"),
        ("Ol", "01"),
        ("17.", "17"),
        ("1 2023", "12023"),
        ("5@", ""),
        ("", ""),
        ("ngày", ""),
    ],
)
def test_digit_lookalikes(reading: str, digits: str) -> None:
    assert as_digits(reading) == digits
