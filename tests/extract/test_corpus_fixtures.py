"""Real texts from the development corpus (trimmed copies in tests/fixtures/extract/).

Each fixture keeps the header, the start of the body and the signature block
of the original, exactly as the source had them: vbpl.vn HTML conversions
(including pages whose inline markup cut words and numbers into pieces) and
Công báo PDF text layers (running headers, page numbers, signature stamps).
Expected values were read off the texts by hand.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from indexer.extract import extract_metadata

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "extract"

EXPECTED: dict[str, dict[str, Any]] = {
    "vbpl-nghi-dinh-249-2025.txt": {
        "number": "249/2025/NĐ-CP",
        "doc_type": "Nghị định",
        "issuer": "Chính phủ",
        "issued_date": dt.date(2025, 9, 19),
        "place": "Hà Nội",
        "signer": "Nguyễn Hòa Bình",
        "signer_title": "Phó Thủ tướng",
        "title": "Quy định cơ chế, chính sách thu hút chuyên gia khoa học, công nghệ, "
        "đổi mới sáng tạo và chuyển đổi số",
    },
    "vbpl-luat-109-2025-qh15.txt": {
        # No date line in the header: the date comes from "… thông qua ngày …".
        "number": "109/2025/QH15",
        "doc_type": "Luật",
        "issuer": "Quốc hội",
        "issued_date": dt.date(2025, 12, 10),
        "place": None,
        "signer": "Trần Thanh Mẫn",
        "signer_title": "Chủ tịch Quốc hội",
        "title": "THUẾ THU NHẬP CÁ NHÂN",
    },
    "vbpl-thong-tu-78-2025-tt-bca-fragmented.txt": {
        # "Số:" / "78" / "/202" / "5" / "/TT-BCA" and a rank on its own line.
        "number": "78/2025/TT-BCA",
        "doc_type": "Thông tư",
        "issuer": "Bộ Công an",
        "issued_date": dt.date(2025, 8, 29),
        "place": "Hà Nội",
        "signer": "Lương Tam Quang",
        "signer_title": "Bộ trưởng",
    },
    "vbpl-nghi-dinh-309-2025-cut-syllables.txt": {
        # "CHÍNH PH" / "Ủ", "S" / "ố: …", "Tr" / "ần Hồng Hà".
        "number": "309/2025/NĐ-CP",
        "issuer": "Chính phủ",
        "issued_date": dt.date(2025, 11, 29),
        "place": "Hà Nội",
        "signer": "Trần Hồng Hà",
        "signer_title": "Phó Thủ tướng",
    },
    "vbpl-thong-tu-09-2026-tt-bqp.txt": {
        "number": "09/2026/TT-BQP",
        "doc_type": "Thông tư",
        "issuer": "Bộ Quốc phòng",
        "issued_date": dt.date(2026, 1, 22),
        "signer": "Phạm Hoài Nam",
        "signer_title": "Thứ trưởng",
    },
    "congbao-thong-tu-13-2024-tt-bldtbxh.txt": {
        "number": "13/2024/TT-BLĐTBXH",
        "doc_type": "Thông tư",
        "issuer": "Bộ Lao động - Thương binh và Xã hội",
        "issued_date": dt.date(2024, 12, 5),
        "place": "Hà Nội",
        "signer": "Lê Văn Thanh",
        "signer_title": "Thứ trưởng",
        # The only "Nơi nhận:" is in a form of the appendix: not the document's.
        "recipients": [],
    },
    "congbao-vbhn-462-vbhn-bldtbxh.txt": {
        # A VBHN states its number and date in the certification block at the end.
        "number": "462/VBHN-BLĐTBXH",
        "doc_type": "Văn bản hợp nhất",
        "issuer": "Bộ Lao động - Thương binh và Xã hội",
        "issued_date": dt.date(2025, 2, 10),
        "place": "Hà Nội",
        "signer": "Lê Văn Thanh",
        "signer_title": "Thứ trưởng",
        "title": "Hướng dẫn quản lý lao động, tiền lương, thù lao, tiền thưởng đối với "
        "Bảo hiểm tiền gửi Việt Nam",
    },
}


@pytest.mark.parametrize(("name", "field", "value"), [
    (name, field, value) for name, fields in EXPECTED.items() for field, value in fields.items()
])  # fmt: skip
def test_fixture_field(name: str, field: str, value: Any) -> None:
    got = extract_metadata((FIXTURES / name).read_text(encoding="utf-8"))
    assert getattr(got, field) == value


def test_fixtures_stay_small() -> None:
    assert sum(p.stat().st_size for p in FIXTURES.iterdir()) < 200_000


def test_gazette_furniture_never_reaches_the_fields() -> None:
    got = extract_metadata(
        (FIXTURES / "congbao-thong-tu-13-2024-tt-bldtbxh.txt").read_text(encoding="utf-8")
    )
    assert got.title is not None and "CÔNG BÁO" not in got.title
    assert "Cổng Thông tin điện tử Chính phủ" not in (got.issuer or "")
    assert all("/" not in c or not c.startswith(("1495", "1496")) for c in got.cites)


def test_cites_keep_first_mention_order_without_duplicates() -> None:
    got = extract_metadata((FIXTURES / "vbpl-thong-tu-09-2026-tt-bqp.txt").read_text("utf-8"))
    assert got.cites[:4] == ["98/2024/TT-BQP", "181/2024/NĐ-CP", "01/2022/NĐ-CP", "03/2025/NĐ-CP"]
    assert len(got.cites) == len(set(got.cites))
    assert got.number not in got.cites
