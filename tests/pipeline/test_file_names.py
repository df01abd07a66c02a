"""A number in a file's name or URL: used only when the text states none."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.build import build_from_read
from indexer.filenames import number_in_name
from indexer.readers import ReadDocument


@pytest.mark.parametrize(
    ("name", "number"),
    [
        ("thong-tu-so-58-2021-tt-bqp-33814.pdf", "58/2021/TT-BQP"),
        ("vbpl-147294_congbao-2020-so-1093-1094_23-VBHN-VPQH.pdf", "23/VBHN-VPQH"),
        ("(27621)-15.2012.QH13.doc", "15/2012/QH13"),
        ("luat-15-2012-qh13.doc.gz", "15/2012/QH13"),
        ("(TAND014298)-02.2016.AL_1536312880823.docx", "02/2016/AL"),
        ("/srv/inbox/1016-TB-VPCP.pdf", "1016/TB-VPCP"),
        (
            "https://congbao.chinhphu.vn/van-ban/thong-tu-so-58-2021-tt-bqp-33814/35968.htm",
            "58/2021/TT-BQP",
        ),
        # No type code, or codes outside the tables: not a number.
        ("vbpl-11234_68-LCT-HDNN8_Hien-phap-1992.doc", None),
        ("vbpl-32801_congbao-2013-so-1003-1004_Hien-phap-2013.pdf", None),
        ("anle-TAND014298_An-le-so-02-2016.docx", None),
        ("bao-cao-2024-TP-HCM.pdf", None),
        ("scan-58-2021-p1.pdf", None),
        ("notes.txt", None),
    ],
)
def test_number_in_name(name: str, number: str | None) -> None:
    assert number_in_name(name) == number


def _part(text: str, source: str) -> ReadDocument:
    return ReadDocument(text=text, source=source, format="txt")


def test_the_text_wins_over_the_name(tmp_path: Path) -> None:
    part = _part(
        "BỘ TÀI CHÍNH\nSố: 12/2024/TT-BTC\nTHÔNG TƯ\nVề thuế", str(tmp_path / "15-2012-QH13.txt")
    )
    assert build_from_read(part, key="k", position=0, sole=True).number == "12/2024/TT-BTC"


def test_the_name_fills_a_missing_number_and_its_type() -> None:
    # A consolidated text whose certification page is not in the file: "LUẬT" heads
    # it, but the VBHN code of the name makes it a consolidated text.
    text = "VĂN PHÒNG QUỐC HỘI\nLUẬT\nBAN HÀNH VĂN BẢN QUY PHẠM PHÁP LUẬT\nĐiều 1. Phạm vi"
    part = _part(text, "vbpl-147294_congbao-2020-so-1093-1094_23-VBHN-VPQH.pdf")
    document = build_from_read(part, key="k", position=0, sole=True)
    assert (document.number, document.doc_type) == ("23/VBHN-VPQH", "Văn bản hợp nhất")


def test_a_file_of_several_documents_does_not_lend_its_name() -> None:
    part = _part("Nội dung không có số hiệu.", "thong-tu-so-58-2021-tt-bqp-33814.pdf")
    assert build_from_read(part, key="k", position=1, sole=False).number is None
