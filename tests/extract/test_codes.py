"""The code tables in mappings/ and their lookups."""

from __future__ import annotations

import csv

import pytest

from vanban_core import codes
from vanban_core.resources import mappings_dir


def test_tables_are_clean_tsv_with_a_header() -> None:
    for name in ("doc_types.tsv", "issuers.tsv"):
        path = mappings_dir() / name
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle, delimiter="\t"))
        assert rows[0] == ["code", "name"]
        assert all(len(row) == 2 and row[1].strip() == row[1] and row[1] for row in rows[1:])
        pairs = [tuple(row) for row in rows[1:]]
        assert len(pairs) == len(set(pairs)), f"duplicate rows in {name}"


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("QĐ", "Quyết định"),
        ("qd", "Quyết định"),
        ("NĐ", "Nghị định"),
        ("TB", "Thông báo"),
        ("VBHN", "Văn bản hợp nhất"),
        ("TTLT", "Thông tư liên tịch"),
        ("CĐ", "Công điện"),
        ("HD", "Hướng dẫn"),
        ("HĐ", "Hợp đồng"),
        ("L", "Lệnh"),
        ("thông tư", "Thông tư"),
        ("Thong tu lien tich", "Thông tư liên tịch"),
    ],
)
def test_doc_type_name(code: str, name: str) -> None:
    assert codes.doc_type_name(code) == name


def test_number_parts_that_are_not_types() -> None:
    assert codes.doc_type_name("QH15") is None
    assert codes.doc_type_name("VPCP") is None


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("TTg", "Thủ tướng Chính phủ"),
        ("CP", "Chính phủ"),
        ("VPCP", "Văn phòng Chính phủ"),
        ("BTC", "Bộ Tài chính"),
        ("BLĐTBXH", "Bộ Lao động - Thương binh và Xã hội"),
        ("BLDTBXH", "Bộ Lao động - Thương binh và Xã hội"),
        ("LĐTBXH", "Bộ Lao động - Thương binh và Xã hội"),
        ("QH15", "Quốc hội"),
        ("QH17", "Quốc hội"),
        ("UBTVQH15", "Ủy ban Thường vụ Quốc hội"),
        ("BNNMT", "Bộ Nông nghiệp và Môi trường"),
        ("BDTTG", "Bộ Dân tộc và Tôn giáo"),
        ("TLĐ", "Tổng Liên đoàn Lao động Việt Nam"),
        ("HĐND", "Hội đồng nhân dân"),
        ("Uỷ ban Thường vụ Quốc hội", "Ủy ban Thường vụ Quốc hội"),
        ("UBND tỉnh Sơn La", "Ủy ban nhân dân tỉnh Sơn La"),
    ],
)
def test_issuer_name(code: str, name: str) -> None:
    assert codes.issuer_name(code) == name


@pytest.mark.parametrize(
    ("part", "canonical"),
    [("qd", "QĐ"), ("ttg", "TTg"), ("qh15", "QH15"), ("hdnd", "HĐND"), ("bldtbxh", "BLĐTBXH")],
)
def test_canonical_code(part: str, canonical: str) -> None:
    assert codes.canonical_code(part) == canonical


def test_codes_of_names() -> None:
    assert codes.doc_type_code("quyết định") == "QĐ"
    assert codes.doc_type_code("Luật") is None
    assert codes.issuer_code("bo tai chinh") == "BTC"


def test_iteration_for_expansion_lists() -> None:
    issuers = list(codes.issuer_entries())
    assert codes.CodeEntry("BLDTBXH", "Bộ Lao động - Thương binh và Xã hội") in issuers
    assert "Luật" in codes.doc_type_names() and "Quốc hội" in codes.issuer_names()
