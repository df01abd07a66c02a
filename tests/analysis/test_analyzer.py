from __future__ import annotations

from vanban_core.analysis import analyze


def test_words_syllables_and_folded_forms() -> None:
    result = analyze("Văn phòng Chính phủ thông báo")
    assert "văn_phòng" in result.words
    assert result.syllables[:4] == ["văn", "phòng", "chính", "phủ"]
    assert result.folded_syllables[:4] == ["van", "phong", "chinh", "phu"]
    assert "van_phong" in result.folded_words


def test_numbers_are_taken_out_before_segmentation() -> None:
    result = analyze("thực hiện Quyết định số 06/2013/QĐ-TTg của Thủ tướng")
    assert result.numbers == ["6-2013-qd-ttg"]
    assert "06" not in result.words and "/" not in result.words
    # The parts stay findable as tokens.
    assert {"qd", "ttg"} <= set(result.syllables)


def test_punctuation_is_dropped_and_case_lowered() -> None:
    result = analyze("HÀ NỘI, ngày 25 tháng 02 năm 2014.")
    assert "," not in result.words and "." not in result.words
    assert "hà_nội" in result.words or {"hà", "nội"} <= set(result.syllables)


def test_punctuation_glued_to_capitals_is_cut_off() -> None:
    # pyvi keeps "UBND." whole; a backend splitting on spaces would miss "ubnd".
    result = analyze("Gửi UBND. Thực hiện tại TP.HCM, quận 12.")
    assert {"ubnd", "tp", "hcm", "12"} <= set(result.syllables)
    assert all(ch.isalnum() or ch == "_" for w in result.words for ch in w)


def test_tone_placement_is_canonical_in_tokens() -> None:
    assert analyze("hoà giải").syllables == analyze("hòa giải").syllables
