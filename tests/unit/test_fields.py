"""The field table both backends read: columns, weights, tokens, keys."""

from __future__ import annotations

from vanban_core.facets import facet
from vanban_core.fields import column, columns, document_tokens, meta_text, number_keys
from vanban_core.schema import Document

DOC = Document(
    id="x",
    number="1016/TB-VPCP",
    doc_type="Thông báo",
    issuer="Văn phòng Chính phủ",
    title="Thông báo học phí",
    text="Nội dung",
    cites=["1016/TB-VPCP", "06/2013/QĐ-TTg", "06/2013/QD-TTg", "không phải số"],
)


def test_columns_in_their_shared_order_with_their_weights() -> None:
    assert list(columns()) == [
        ("title_s", 0.1),
        ("title_w", 0.12),
        ("title_f", 0.06),
        ("title_wf", 0.072),
        ("meta_s", 0.3),
        ("meta_w", 0.36),
        ("meta_f", 0.18),
        ("meta_wf", 0.216),
        ("text_s", 1.0),
        ("text_w", 1.2),
        ("text_f", 0.6),
        ("text_wf", 0.72),
    ]
    assert column("title", "wf") == "title_wf"


def test_meta_text_joins_the_short_fields_present() -> None:
    assert meta_text(DOC) == "Thông báo . Văn phòng Chính phủ"
    assert meta_text(Document(id="y", signer="Nguyễn Văn A", place="Hà Nội")) == (
        "Nguyễn Văn A . Hà Nội"
    )
    assert meta_text(Document(id="z")) == ""


def test_document_tokens_fill_every_column() -> None:
    tokens = document_tokens(DOC)
    assert set(tokens) == {name for name, _ in columns()}
    assert tokens["title_s"] == "thông báo học phí"
    assert tokens["title_wf"] == "thong_bao hoc_phi"
    assert tokens["meta_f"] == "thong bao van phong chinh phu"
    # The text field holds the whole document: title, metadata, body.
    assert tokens["text_s"] == "thông báo học phí thông báo văn phòng chính phủ nội dung"


def test_number_keys_own_and_cited_once_each_never_itself() -> None:
    assert number_keys(DOC) == ("1016-tb-vpcp", ["6-2013-qd-ttg"])
    assert number_keys(Document(id="y")) == ("", [])
    assert number_keys(Document(id="z", cites=["5/QĐ", "5/QD"])) == ("", ["5-qd"])


def test_facet_keys_are_normalized_lowercase_and_folded() -> None:
    key = facet("issuer").key
    assert key("  Bộ  Tài chính ") == "bo tai chinh"
    assert key("BỘ TÀI CHÍNH") == "bo tai chinh"
    assert key("Đà Nẵng") == "da nang"
    assert key("hoà") == key("hòa")
    assert facet("year").key(" 2024 ") == "2024"
