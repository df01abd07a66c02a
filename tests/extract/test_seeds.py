"""The two documents the project started from, with their full known metadata."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from indexer.extract import ExtractedMetadata, extract_metadata

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture(scope="module")
def notice() -> ExtractedMetadata:
    return extract_metadata((SAMPLES / "thong-bao-1016-TB-VPCP.txt").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def news() -> ExtractedMetadata:
    return extract_metadata((SAMPLES / "portal-news-2014-02-13.txt").read_text(encoding="utf-8"))


def test_notice_header(notice: ExtractedMetadata) -> None:
    assert notice.number == "1016/TB-VPCP"
    assert notice.doc_type == "Thông báo"
    assert notice.issued_date == dt.date(2014, 2, 25)
    assert notice.place == "Hà Nội"


def test_notice_issuer_comes_from_the_number_when_the_header_names_no_body(
    notice: ExtractedMetadata,
) -> None:
    assert notice.issuer == "Văn phòng Chính phủ"


def test_notice_title_is_the_bold_block_on_one_line(notice: ExtractedMetadata) -> None:
    assert notice.title == (
        "Ý kiến chỉ đạo của Bộ trưởng, Chủ nhiệm Nguyễn Văn Nên tại Hội nghị triển khai "
        "nhiệm vụ công tác năm 2014 của Cổng Thông tin điện tử Chính phủ"
    )


def test_notice_signer_is_the_name_after_the_recipients(notice: ExtractedMetadata) -> None:
    assert notice.signer == "Nguyễn Tiến Dũng"
    assert notice.signer_title is None


def test_notice_recipients(notice: ExtractedMetadata) -> None:
    assert notice.recipients == [
        "BTCN, các PCN (để b/c)",
        "Cổng TTĐT Chính phủ (3)",
        "Các Vụ, Cục: TCCB, KHTC, TKBT, QT, TH, HC",
        "VPĐU, CĐ, ĐTN VPCP",
        "Lưu: VT, TCCB(3)",
    ]


def test_notice_cites_and_not_itself(notice: ExtractedMetadata) -> None:
    assert notice.cites == ["06/2013/QĐ-TTg"]


def test_news_article_has_no_number_but_cites(news: ExtractedMetadata) -> None:
    assert news.number is None
    assert news.doc_type is None
    assert news.signer is None
    assert news.cites == ["06/2013/QĐ-TTg"]
