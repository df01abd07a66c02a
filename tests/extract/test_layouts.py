"""Layouts the corpus lacks, written here by hand after Nghị định 30/2020/NĐ-CP.

The corpus has no local-government text, no công văn and no text whose two
header columns are interleaved line by line, so these are constructed; every
piece of them (names, numbers, wording) follows the prescribed layout.
"""

from __future__ import annotations

import datetime as dt

from indexer.extract import extract_metadata

LOCAL_DECISION = """ỦY BAN NHÂN DÂN
TỈNH SƠN LA
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 15/2026/QĐ-UBND
Sơn La, ngày 12 tháng 3 năm 2026
QUYẾT ĐỊNH
Ban hành Quy định về quản lý nhà nước đối với hoạt động du lịch
trên địa bàn tỉnh Sơn La
ỦY BAN NHÂN DÂN TỈNH SƠN LA
Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;
Căn cứ Luật Du lịch số 09/2017/QH14;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Quy định về quản lý nhà nước.
Nơi nhận:
- Như Điều 3;
- Bộ Văn hóa, Thể thao và Du lịch;
- Lưu: VT, KGVX.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Đặng Ngọc Hậu
"""

OFFICIAL_LETTER = """BỘ TÀI CHÍNH
Số: 1234/BTC-CST
V/v hướng dẫn chính sách thuế giá trị gia tăng
đối với hàng hóa nhập khẩu
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập – Tự do – Hạnh phúc
Hà Nội, ngày 05/02/2026
Kính gửi: Cục Hải quan
Bộ Tài chính nhận được công văn số 56/HQ-GSQL ngày 20/01/2026 của Cục Hải quan.
Nơi nhận:
- Như trên;
- Lưu: VT, CST.
TL. BỘ TRƯỞNG
VỤ TRƯỞNG VỤ CHÍNH SÁCH THUẾ
Nguyễn Quốc Hưng
"""

# Both columns on the same lines, and the signature interleaved with the recipients.
INTERLEAVED = """BỘ TÀI CHÍNH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỔNG CỤC THUẾ Độc lập - Tự do - Hạnh phúc
Số: 4567/TCT-CS Hà Nội, ngày 5 tháng 12 năm 2023
V/v chính sách thuế thu nhập cá nhân
Kính gửi: Cục Thuế tỉnh Bắc Ninh.
Tổng cục Thuế nhận được văn bản. Căn cứ Thông tư số 111/2013/TT-BTC.
Nơi nhận: - Như trên;
KT. TỔNG CỤC TRƯỞNG
- Vụ PC - BTC;
PHÓ TỔNG CỤC TRƯỞNG
- Lưu: VT, CS (2b).
Đặng Ngọc Minh
"""


def test_local_issuer_takes_its_province_from_the_header() -> None:
    got = extract_metadata(LOCAL_DECISION)
    assert got.issuer == "Ủy ban nhân dân tỉnh Sơn La"
    assert got.place == "Sơn La"
    assert got.issued_date == dt.date(2026, 3, 12)
    assert got.number == "15/2026/QĐ-UBND"
    assert got.doc_type == "Quyết định"


def test_local_decision_title_stops_at_the_authority_line() -> None:
    got = extract_metadata(LOCAL_DECISION)
    assert got.title == (
        "Ban hành Quy định về quản lý nhà nước đối với hoạt động du lịch trên địa bàn tỉnh Sơn La"
    )
    assert (got.signer, got.signer_title) == ("Đặng Ngọc Hậu", "Phó Chủ tịch")
    assert got.recipients == ["Như Điều 3", "Bộ Văn hóa, Thể thao và Du lịch", "Lưu: VT, KGVX"]


def test_official_letter_subject_is_its_title() -> None:
    got = extract_metadata(OFFICIAL_LETTER)
    assert got.doc_type == "Công văn"
    assert got.number == "1234/BTC-CST"
    assert got.title == ("hướng dẫn chính sách thuế giá trị gia tăng đối với hàng hóa nhập khẩu")
    assert got.issued_date == dt.date(2026, 2, 5)
    assert got.signer_title == "Vụ trưởng Vụ Chính sách thuế"
    assert got.cites == ["56/HQ-GSQL"]


def test_interleaved_columns() -> None:
    got = extract_metadata(INTERLEAVED)
    assert got.issuer == "Tổng cục Thuế"
    assert got.number == "4567/TCT-CS"
    assert (got.place, got.issued_date) == ("Hà Nội", dt.date(2023, 12, 5))
    assert got.signer == "Đặng Ngọc Minh"
    assert got.signer_title == "Phó Tổng cục trưởng"
    assert got.recipients == ["Như trên", "Vụ PC - BTC", "Lưu: VT, CS (2b)"]


def test_empty_and_headerless_texts_give_nothing_invented() -> None:
    assert extract_metadata("") == extract_metadata("   \n\n")
    got = extract_metadata(
        "Hội nghị đã diễn ra tốt đẹp. Quyết định số 06/2013/QĐ-TTg được nhắc lại."
    )
    assert got.number is None and got.issuer is None and got.issued_date is None
    assert got.cites == ["06/2013/QĐ-TTg"]


PARTY_RESOLUTION = """BAN CHẤP HÀNH TRUNG ƯƠNG
ĐẢNG CỘNG SẢN VIỆT NAM
*
Số 57-NQ/TW
Hà Nội, ngày 22 tháng 12 năm 2024
NGHỊ QUYẾT
CỦA BỘ CHÍNH TRỊ
về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia
I. TÌNH HÌNH VÀ NGUYÊN NHÂN
Thực hiện Nghị quyết số 52-NQ/TW, giai đoạn 2021-2025 và Quyết định số 06/2013/QĐ-TTg.
T/M BỘ CHÍNH TRỊ
TỔNG BÍ THƯ
Tô Lâm
"""


def test_party_document_numbers() -> None:
    got = extract_metadata(PARTY_RESOLUTION)
    assert got.number == "57-NQ/TW"
    assert got.title == (
        "về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia"
    )
    assert (got.signer, got.signer_title) == ("Tô Lâm", "Tổng Bí thư")
    assert got.cites == ["52-NQ/TW", "06/2013/QĐ-TTg"]
