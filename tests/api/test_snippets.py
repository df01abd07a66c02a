"""Snippets of long documents come from a bounded window and still mark the terms."""

from __future__ import annotations

from search_api.highlight import SCAN_CHARS, SCAN_PIECES, snippet

FILLER = "Khoản chung về tổ chức thực hiện nhiệm vụ. " * 20_000  # ~1 MB


def test_a_term_deep_in_a_long_document_is_found_and_marked() -> None:
    text = FILLER[: SCAN_CHARS * 3] + " Quy định về đê điều và phòng chống lụt bão. " + FILLER
    out = snippet(text, ["de", "dieu"])
    assert "<mark>đê</mark> <mark>điều</mark>" in out
    assert out.startswith("… ") and out.endswith(" …")


def test_beyond_the_scanned_pieces_the_opening_is_shown() -> None:
    text = FILLER[: SCAN_CHARS * (SCAN_PIECES + 2)] + " đê điều"
    out = snippet(text, ["de", "dieu"])
    assert "<mark>" not in out
    assert out.startswith("Khoản chung")


def test_markup_in_a_long_document_is_escaped() -> None:
    text = FILLER[: SCAN_CHARS * 2] + " <script>alert(1)</script> đê điều " + FILLER
    out = snippet(text, ["de", "dieu", "script"])
    assert "<script>" not in out and "&lt;" in out
