"""Snippets: escaped before marking, folded matching, and the densest window."""

from __future__ import annotations

import datetime as dt

from search_api.highlight import make_hit, snippet
from search_api.models import Hit
from vanban_core.schema import Document


def test_markup_in_a_document_is_escaped_and_only_marks_are_added() -> None:
    out = snippet('<script>alert("x")</script> học phí & <b>lệ phí</b>', ["hoc", "phi"])
    assert out == (
        "script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>học</mark> <mark>phí</mark>"
        " &amp; &lt;b&gt;lệ <mark>phí</mark>&lt;/b"
    )
    assert "<" not in out.replace("<mark>", "").replace("</mark>", "")


def test_matching_is_folded_both_ways() -> None:
    assert snippet("Học phí năm học", ["hoc"]) == "<mark>Học</mark> phí năm <mark>học</mark>"
    assert snippet("HỌC PHÍ", ["phi"]) == "HỌC <mark>PHÍ</mark>"


def test_the_window_holding_most_distinct_terms_wins_over_repeats() -> None:
    text = " ".join(["thuế"] * 30 + ["x"] * 30 + ["học", "phí", "thuế"] + ["y"] * 30)
    out = snippet(text, ["hoc", "phi", "thue"], width=10)
    # The earliest window holding all three, opening at most four words early.
    assert out == "… x x x x x x x <mark>học</mark> <mark>phí</mark> <mark>thuế</mark> …"


def test_no_terms_gives_the_opening_and_no_text_gives_nothing() -> None:
    assert snippet("Một hai ba bốn", [], width=2) == "Một hai …"
    assert snippet("", ["hoc"]) == ""
    assert snippet("... !!", ["hoc"]) == ""


def test_a_hit_carries_the_metadata_and_a_rounded_score() -> None:
    doc = Document(
        id="d1",
        number="1016/TB-VPCP",
        doc_type="Thông báo",
        issuer="Văn phòng Chính phủ",
        issued_date=dt.date(2025, 1, 2),
        title="Thông báo học phí",
        text="Về học phí",
    )
    # Compared as served (the private passage kept for the reranker is not part of it).
    assert (
        make_hit(doc, 1.234567, ["hoc"]).model_dump()
        == Hit(
            id="d1",
            number="1016/TB-VPCP",
            doc_type="Thông báo",
            issuer="Văn phòng Chính phủ",
            issued_date=dt.date(2025, 1, 2),
            title="Thông báo học phí",
            snippet="Về <mark>học</mark> phí",
            score=1.2346,
        ).model_dump()
    )
    assert make_hit(Document(id="d2", title="Tiêu đề"), 0, []).snippet == "Tiêu đề"
