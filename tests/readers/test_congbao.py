"""Công báo text functions, on hand-made lines and on real PDF text layers of the
phapluat corpus (a sample kept in tests/fixtures; all 414 are checked by
scripts/verify_corpus_files.py)."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from indexer import congbao
from indexer.congbao import GazetteIssue, Line

PHAPLUAT = Path(__file__).resolve().parents[1] / "fixtures" / "phapluat-gazettes.jsonl.gz"


@pytest.mark.parametrize(
    ("line", "numbers", "date", "page"),
    [
        ("CÔNG BÁO/Số 1523 + 1524/Ngày 29-12-2024 ", (1523, 1524), dt.date(2024, 12, 29), None),
        (
            "4                  CÔNG BÁO/Số 1003 + 1004/Ngày 29-12-2013",
            (1003, 1004),
            dt.date(2013, 12, 29),
            4,
        ),
        ("     CÔNG BÁO/Số 242/Ngày 22-04-2026          24", (242,), dt.date(2026, 4, 22), 24),
        ("CÔNG BÁO/ Số 577 + 578/Ngày 07-3-2023", (577, 578), dt.date(2023, 3, 7), None),
        ("CÔNG BÁO/Số 577 + 578/Ngày 07-3-202337", (577, 578), dt.date(2023, 3, 7), 37),
        ("CÔNG BÁO/Só 577 +578/Ngày 07-3-2023", (577, 578), dt.date(2023, 3, 7), None),
    ],
)
def test_running_header(line: str, numbers: tuple[int, ...], date: dt.date, page: int) -> None:
    found = congbao.header_of(line)
    assert found == (GazetteIssue(numbers, date), page)


def test_not_a_header() -> None:
    assert congbao.header_of("(Xem tiếp Công báo số 1003 + 1004)") is None
    assert congbao.header_of("đăng Công báo/Số 12/Ngày 01-01-2024 theo quy định") is None
    assert GazetteIssue((1523, 1524), dt.date(2024, 12, 29)).label() == (
        "Số 1523 + 1524, ngày 29-12-2024"
    )


PAGES = """\
Người ký: CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ
Email: thongtinchinhphu@chinhphu.vn
Cơ quan: VĂN PHÒNG CHÍNH PHỦ
Thời gian ký: 07.01.2025 16:32:41 +07:00

CÔNG BÁO/Số 1523 + 1524/Ngày 29-12-2024
3

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
QUỐC HỘI
Luật số: 51/2024/QH15
LUẬT
SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA LUẬT BẢO HIỂM Y TẾ
Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;
Điều 1. Sửa đổi, bổ sung một số điều của Luật Bảo hiểm y tế
1. Bổ sung khoản 9 vào sau khoản 8 Điều 2 như sau:
“9. Mức tham chiếu là mức tiền do Chính phủ quyết định dùng để tính mức đóng,
mức hưởng của một số trường hợp tham gia bảo hiểm y tế quy định tại Luật này.”.
2. Quy định về ứng dụng công nghệ thông tin trong lĩnh vực bảo
Người ký: Cổng Thông tin điện tử Chính
phủ
Email: thongtinchinhphu@chinhphu.vn
Cơ quan: Văn phòng Chính phủ
Thời gian ký: 07.01.2025 16:32:41 +07:00

4
CÔNG BÁO/Số 1523 + 1524/Ngày 29-12-2024

hiểm y tế, việc liên thông và sử dụng kết quả cận lâm sàng liên thông.
(Xem tiếp Công báo số 1525 + 1526)
"""


def test_clean_gazette_text() -> None:
    assert congbao.is_gazette(PAGES)
    assert congbao.clean_gazette_text(PAGES).split("\n") == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "QUỐC HỘI",
        "Luật số: 51/2024/QH15",
        "LUẬT",
        "SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA LUẬT BẢO HIỂM Y TẾ",
        "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;",
        "Điều 1. Sửa đổi, bổ sung một số điều của Luật Bảo hiểm y tế",
        "1. Bổ sung khoản 9 vào sau khoản 8 Điều 2 như sau:",
        "“9. Mức tham chiếu là mức tiền do Chính phủ quyết định dùng để tính mức đóng, mức "
        "hưởng của một số trường hợp tham gia bảo hiểm y tế quy định tại Luật này.”.",
        "2. Quy định về ứng dụng công nghệ thông tin trong lĩnh vực bảo hiểm y tế, việc liên "
        "thông và sử dụng kết quả cận lâm sàng liên thông.",
    ]


def test_split_gazette_text_pages() -> None:
    [document] = congbao.split_gazette_text(PAGES)
    assert document.hints() == {
        "gazette": "Số 1523 + 1524, ngày 29-12-2024",
        "gazette_pages": "3-4",
    }


def test_layout_columns_and_indentation() -> None:
    page = "\n".join(
        [
            "                 CÔNG BÁO/Số 55/Ngày 26-01-2026                        30",
            "",
            "     THỦ TƯỚNG CHÍNH PHỦ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "                              Độc lập - Tự do - Hạnh phúc",
            "     Số: 798/QĐ-TTg                      Hà Nội, ngày 05 tháng 5 năm 2026",
            "                                QUYẾT ĐỊNH",
            "       Điều 1. Phạm vi điều chỉnh",
            "       Quyết định này quy định việc kiện toàn Ban Chỉ đạo Trung ương về cải cách",
            "chính sách tiền lương, bảo hiểm xã hội và ưu đãi người có công trong giai đoạn",
            "mới của đất nước",
            "       Điều 2. Hiệu lực thi hành",
        ]
    )
    [document] = congbao.read_gazette_pages([page])
    assert document.text.split("\n") == [
        "THỦ TƯỚNG CHÍNH PHỦ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 798/QĐ-TTg",
        "Hà Nội, ngày 05 tháng 5 năm 2026",
        "QUYẾT ĐỊNH",
        "Điều 1. Phạm vi điều chỉnh",
        "Quyết định này quy định việc kiện toàn Ban Chỉ đạo Trung ương về cải cách chính sách "
        "tiền lương, bảo hiểm xã hội và ưu đãi người có công trong giai đoạn mới của đất nước",
        "Điều 2. Hiệu lực thi hành",
    ]
    assert document.pages == "30"


def test_rejoin_keeps_block_starts() -> None:
    texts = [
        "Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025 và các văn bản hướng dẫn",
        "thi hành Luật này;",
        "a) Trường hợp người đứng đơn là người chưa kết hôn hoặc được xác nhận là độc thân",
        "b) Trường hợp khác",
        "- Bộ trưởng Bộ Quốc phòng",
        "II. MỘT SỐ NHIỆM VỤ TRỌNG TÂM",
        "Nơi nhận:",
        "TM. CHÍNH PHỦ",
    ]
    assert congbao.rejoin_lines([Line(t) for t in texts]) == [
        "Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025 và các văn bản hướng dẫn "
        "thi hành Luật này;",
        *texts[2:],
    ]


def test_appendix_form_does_not_start_a_document() -> None:
    page_one = (
        "CÔNG BÁO/Số 55/Ngày 26-01-2026 30\nBỘ TÀI CHÍNH\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 02/2026/TT-BTC\nThông tư này có hiệu lực."
    )
    form = (
        "CÔNG BÁO/Số 55/Ngày 26-01-2026 31\nMẫu số 01\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: ……/QĐ-…\nĐƠN ĐỀ NGHỊ"
    )
    [document] = congbao.read_gazette_pages([page_one, form], layout=False)
    assert document.pages == "30-31"


def _phapluat() -> Iterator[dict[str, str]]:
    with gzip.open(PHAPLUAT, "rt", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def test_phapluat_gazette_cleanup() -> None:
    """Real gazette text layers: furniture gone, one document each, the number line kept."""
    records = list(_phapluat())
    assert len(records) == 13
    for record in records:
        assert congbao.is_gazette(record["full_text"]), record["id"]
        documents = congbao.split_gazette_text(record["full_text"])
        assert len(documents) == 1, record["id"]
        [document] = documents
        text = document.text
        assert not re.search(r"CÔNG BÁO\s*/\s*Số", text), record["id"]
        assert "thongtinchinhphu@" not in text and "Thời gian ký:" not in text, record["id"]
        assert document.issue is not None and document.pages is not None, record["id"]
        assert re.search(r"(?m)^(?:\w+ ){0,3}[Ss]ố: ?\d+", text), record["id"]


def test_phapluat_two_records_make_two_documents() -> None:
    records = {r["id"]: r for r in _phapluat()}
    first = records["luat-so-51-2024-qh15-43559"]["full_text"]
    second = records["nghi-dinh-so-136-2026-nd-cp-469355"]["full_text"]
    documents = congbao.split_gazette_text(first + "\n" + second)
    assert [d.issue.label() if d.issue else None for d in documents] == [
        "Số 1523 + 1524, ngày 29-12-2024",
        "Số 242, ngày 22-04-2026",
    ]
    assert "Số: 136/2026/NĐ-CP" not in documents[0].text
    assert "Số: 136/2026/NĐ-CP" in documents[1].text.split("\n")
