from __future__ import annotations

import unicodedata

import pytest

from vanban_core.analysis import fold, normalize, normalize_for_match
from vanban_core.text.tones import canonical_tones


@pytest.mark.parametrize(
    ("old_or_new", "canonical"),
    [
        ("hoà", "hòa"),
        ("hòa", "hòa"),
        ("Uỷ ban", "Ủy ban"),
        ("thuỷ lợi", "thủy lợi"),
        ("khoẻ", "khỏe"),
        ("hoá đơn", "hóa đơn"),
        ("Hoà Bình", "Hòa Bình"),
        ("HOÀ", "HÒA"),
        # A final consonant fixes the vowel in both conventions: nothing moves.
        ("hoàng", "hoàng"),
        ("thuyết", "thuyết"),
        ("quý", "quý"),
        ("quỹ", "quỹ"),
        ("giữa", "giữa"),
        ("người", "người"),
    ],
)
def test_one_tone_placement(old_or_new: str, canonical: str) -> None:
    assert canonical_tones(old_or_new) == canonical


def test_normalize_makes_nfd_nfc_and_unifies_dashes() -> None:
    nfd = unicodedata.normalize("NFD", "Số: 1016/TB–VPCP")
    assert normalize(nfd) == "Số: 1016/TB-VPCP"


@pytest.mark.parametrize(
    ("text", "folded"),
    [("Đà Nẵng", "Da Nang"), ("văn phòng chính phủ", "van phong chinh phu"), ("ABC", "ABC")],
)
def test_fold_removes_every_diacritic(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_normalize_for_match() -> None:
    assert normalize_for_match("  Văn   Phòng\tChính phủ ") == "văn phòng chính phủ"


def test_cyrillic_lookalikes_in_numbers_become_latin() -> None:
    assert normalize("02/2026/TT-BT\u0421") == "02/2026/TT-BTC"
