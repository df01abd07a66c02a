from __future__ import annotations

import pytest

from vanban_core.analysis import canonical_number, find_numbers, number_key, parse_number


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("1016/TB-VPCP", "1016/TB-VPCP"),
        ("1016/tb-vpcp", "1016/TB-VPCP"),
        ("1016 TB VPCP", "1016/TB-VPCP"),
        ("Số: 1016/TB–VPCP", "1016/TB-VPCP"),
        ("so 1016/tb-vpcp", "1016/TB-VPCP"),
        ("06/2013/QD-TTg", "06/2013/QĐ-TTg"),
        ("06/2013/qđ-ttg", "06/2013/QĐ-TTg"),
        ("Quyết định 06/2013/QĐ-TTg", "06/2013/QĐ-TTg"),
        ("249/2025/NĐ-CP", "249/2025/NĐ-CP"),
        ("51/2024/QH15", "51/2024/QH15"),
        ("1182/QĐ-UBND", "1182/QĐ-UBND"),
        ("23/NQ-HĐND", "23/NQ-HĐND"),
    ],
)
def test_canonical_number(typed: str, canonical: str) -> None:
    assert canonical_number(typed) == canonical


def test_every_spelling_has_one_key() -> None:
    spellings = [
        "1016/TB-VPCP",
        "1016 tb vpcp",
        "Số: 1016/TB–VPCP",
        "1016/TB - VPCP",
        "1016.TB.VPCP",
    ]
    assert {number_key(s) for s in spellings} == {"1016-tb-vpcp"}
    assert number_key("06/2013/QĐ-TTg") == number_key("6/2013/QD-TTg") == "6-2013-qd-ttg"


@pytest.mark.parametrize(
    "text", ["2014 thong bao", "ngày 25 tháng 02 năm 2014", "hello", "", "12/2014"]
)
def test_non_numbers_are_not_taken_for_numbers(text: str) -> None:
    assert number_key(text) == ""


def test_parse_number() -> None:
    parts = parse_number("06/2013/QĐ-TTg")
    assert parts is not None
    assert (parts.serial, parts.year, parts.type_code, parts.issuer_code) == (
        "06",
        2013,
        "QĐ",
        "TTg",
    )
    law = parse_number("51/2024/QH15")
    assert law is not None and law.type_code is None and law.issuer_code == "QH15"


def test_find_numbers_in_running_text() -> None:
    text = (
        "Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15; thực hiện Quyết định số "
        "06/2013/QĐ-TTg ngày 10/01/2013 và Nghị định 249/2025/NĐ-CP."
    )
    assert [m.canonical for m in find_numbers(text)] == [
        "63/2025/QH15",
        "06/2013/QĐ-TTg",
        "249/2025/NĐ-CP",
    ]
