"""Each extractor module on the line shapes it has to handle."""

from __future__ import annotations

import datetime as dt

import pytest

from indexer.extract.casing import org_case, place_case, role_case
from indexer.extract.citations import find_citations
from indexer.extract.cleanup import clean_lines, glue_fragments, join_cut_syllables
from indexer.extract.dates import Passage, find_passage, find_place_date
from indexer.extract.heading import find_heading, parse_heading, read_title
from indexer.extract.issuer import find_issuer
from indexer.extract.number import parse_number_line
from indexer.extract.recipients import read_recipients
from indexer.extract.signature import find_signature, person_name
from vanban_core import codes


class TestCleanup:
    def test_gazette_furniture_and_stamps_are_removed(self) -> None:
        text = (
            " \n88 \nCÔNG BÁO/Số 1495 + 1496/Ngày 26-12-2024 \n   \nBỘ TÀI CHÍNH  \n"
            "Người ký: CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ\nEmail: thongtinchinhphu@chinhphu.vn\n"
            "Cơ quan: VĂN PHÒNG CHÍNH PHỦ\nThời gian ký: 06.01.2025 14:21:29 +07:00\n"
            "Số: 12/2024/TT-BTC \n"
        )
        lines = [line for line in clean_lines(text) if line]
        assert lines == ["BỘ TÀI CHÍNH", "Số: 12/2024/TT-BTC"]

    def test_bold_markers_become_block_boundaries(self) -> None:
        assert clean_lines("**THÔNG BÁO**\n\n**Ý kiến chỉ đạo\ntại Hội nghị**\nNgày 13") == [
            "THÔNG BÁO",
            "",
            "Ý kiến chỉ đạo",
            "tại Hội nghị",
            "",
            "Ngày 13",
        ]

    def test_dashes_spaces_and_cyrillic_lookalikes(self) -> None:
        assert clean_lines("Số: 11/2026/TT\u2013BT\u0421\u00a0") == ["Số: 11/2026/TT-BTC"]

    def test_a_number_alone_on_its_line_is_content_in_html_text(self) -> None:
        assert clean_lines("mức\n2030\nđồng") == ["mức", "2030", "đồng"]
        assert clean_lines("giai đoạn 2026-\n2030") == ["giai đoạn 2026-2030"]

    def test_html_fragments_of_header_items_are_glued(self) -> None:
        pieces = ["Số:", "78", "/202", "5", "/TT-BCA", "Hà Nội, ngày", "29", "tháng", "8"]
        assert glue_fragments([*pieces, "năm 202", "5"]) == [
            "Số: 78/2025/TT-BCA",
            "Hà Nội, ngày 29 tháng 8 năm 2025",
        ]

    @pytest.mark.parametrize(
        ("lines", "joined"),
        [
            (["CHÍNH PH", "Ủ"], ["CHÍNH PHỦ"]),
            (["N", "GHỊ ĐỊNH"], ["NGHỊ ĐỊNH"]),
            (["QU", "ỐC HỘI"], ["QUỐC HỘI"]),
            (["Tr", "ần Hồng Hà"], ["Trần Hồng Hà"]),
            (["điểm b", "a) Người lao động"], ["điểm b", "a) Người lao động"]),
            (["- Lưu: VT", "Ủy ban"], ["- Lưu: VT", "Ủy ban"]),
        ],
    )
    def test_cut_syllables(self, lines: list[str], joined: list[str]) -> None:
        assert join_cut_syllables(lines) == joined


class TestNumberLine:
    @pytest.mark.parametrize(
        ("line", "expected"),
        [
            ("Số: 1016/TB-VPCP", ("1016/TB-VPCP", None)),
            ("Số:1016/TB–VPCP", ("1016/TB-VPCP", None)),
            ("Luật số: 51/2024/QH15", ("51/2024/QH15", "Luật")),
            ("Số: 8376 /VBHN-BTP", ("8376/VBHN-BTP", None)),
            (
                "Số: 13/2024/TT-BLĐTBXH Hà Nội, ngày 05 tháng 12 năm 2024",
                ("13/2024/TT-BLĐTBXH", None),
            ),
            ("Số: 66.16/2026/NQ-CP", ("66.16/2026/NQ-CP", None)),
            ("Số:      /QĐ-UBND", (None, None)),
        ],
    )
    def test_number_lines(self, line: str, expected: tuple[str | None, str | None]) -> None:
        assert parse_number_line(line) == expected

    @pytest.mark.parametrize(
        "line",
        [
            "Quyết định số 60/2015/QĐ-TTg ngày 27 tháng 11 năm 2015 của Thủ tướng Chính phủ",
            "Số lượng hồ sơ giải quyết thủ tục công bố hợp quy",
            "Căn cứ Nghị định số 12/2020/NĐ-CP",
        ],
    )
    def test_mentions_are_not_the_documents_number(self, line: str) -> None:
        assert parse_number_line(line) is None

    def test_number_cut_at_a_hyphen(self) -> None:
        parsed = parse_number_line("Số: 01/2022/TTLT-VKSNDTC-", "TANDTC-BCA-BQP-BLĐTBXH")
        assert parsed == ("01/2022/TTLT-VKSNDTC-TANDTC-BCA-BQP-BLĐTBXH", None)


class TestDates:
    @pytest.mark.parametrize(
        ("lines", "place", "date"),
        [
            (["Hà Nội, ngày 25 tháng 02 năm 2014"], "Hà Nội", dt.date(2014, 2, 25)),
            (["Sơn La, ngày 05/02/2026"], "Sơn La", dt.date(2026, 2, 5)),
            (["TP. Hồ Chí Minh, ngày 1 tháng 7 năm 2025"], "TP. Hồ Chí Minh", dt.date(2025, 7, 1)),
            (["HÀ NỘI, NGÀY 3 THÁNG 4 NĂM 2020"], "Hà Nội", dt.date(2020, 4, 3)),
            (["Hà Nội,", "ngày 10 tháng 12 năm 2025"], "Hà Nội", dt.date(2025, 12, 10)),
            (["Số: 1/TB-VPCP Hà Nội, ngày 2 tháng 3 năm 2014"], "Hà Nội", dt.date(2014, 3, 2)),
            (["ngày 8 tháng 12 năm 2025"], None, dt.date(2025, 12, 8)),
        ],
    )
    def test_place_and_date(self, lines: list[str], place: str | None, date: dt.date) -> None:
        assert find_place_date(lines)[:2] == (place, date)

    @pytest.mark.parametrize(
        "line",
        [
            "Căn cứ Luật Đất đai ngày 18 tháng 01 năm 2024;",
            "Hà Nội, ngày 32 tháng 12 năm 2024",
            "....., ngày..... tháng..... năm.....",
        ],
    )
    def test_not_an_issue_date(self, line: str) -> None:
        assert find_place_date([line]) == (None, None, None)

    def test_passing_date_of_a_law(self) -> None:
        lines = [
            "Luật này được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XV,",
            "Kỳ họp thứ 10 thông qua ngày 10 tháng 12 năm 20 25.",
        ]
        assert find_passage(lines) == Passage(
            "Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XV, Kỳ họp thứ 10",
            dt.date(2025, 12, 10),
        )

    def test_adoption_of_a_court_precedent(self) -> None:
        lines = [
            "Án lệ số 02/2016/AL",
            "Được Hội đồng Thẩm phán Tòa án nhân dân tối cao thông qua ngày 06 tháng 4 năm"
            " 2016 và được công bố theo Quyết định số 220/QĐ-CA ngày 06 tháng 4 năm 2016.",
        ]
        passage = find_passage(lines)
        assert passage is not None and passage.date == dt.date(2016, 4, 6)
        assert codes.issuer_opening(passage.body) == "Hội đồng Thẩm phán Tòa án nhân dân tối cao"

    def test_a_passage_in_running_text_needs_its_own_sentence(self) -> None:
        lines = ["Dự thảo đã được Bộ Tài chính thông qua ngày 06 tháng 4 năm 2016."]
        assert find_passage(lines) is None


class TestIssuer:
    @pytest.mark.parametrize(
        ("lines", "issuer"),
        [
            (["BỘ TÀI CHÍNH"], "Bộ Tài chính"),
            (["VĂN PHÒNG CHÍNH PHỦ"], "Văn phòng Chính phủ"),
            (["THỦ TƯỚNG CHÍNH PHỦ"], "Thủ tướng Chính phủ"),
            (["BỘ LAO ĐỘNG - THƯƠNG BINH", "VÀ XÃ HỘI"], "Bộ Lao động - Thương binh và Xã hội"),
            (["BỘ NÔNG NGHIỆP VÀ", "MÔI TRƯỜNG"], "Bộ Nông nghiệp và Môi trường"),
            (["ỦY BAN NHÂN DÂN", "TỈNH SƠN LA"], "Ủy ban nhân dân tỉnh Sơn La"),
            (["NGÂN HÀNG NHÀ NƯỚC", "VIỆT NAM"], "Ngân hàng Nhà nước Việt Nam"),
            (["CHÍ", "NH PHỦ"], "Chính phủ"),
            (["BỘ TÀI CHÍNH", "TỔNG CỤC THUẾ"], "Tổng cục Thuế"),
            (["UBND TỈNH SƠN LA", "SỞ Y TẾ"], "Sở Y tế tỉnh Sơn La"),
            (["BỘ CÔNG THƯƠNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"], "Bộ Công Thương"),
        ],
    )
    def test_header_body(self, lines: list[str], issuer: str) -> None:
        assert find_issuer(lines)[0] == issuer

    def test_joint_document_lists_every_body(self) -> None:
        lines = ["BỘ TÀI CHÍNH - BỘ NỘI VỤ"]
        assert find_issuer(lines, joint=True)[0] == "Bộ Tài chính, Bộ Nội vụ"


class TestCasing:
    def test_org_case(self) -> None:
        assert org_case("CỤC QUẢN LÝ GIÁ") == "Cục Quản lý giá"
        assert (
            org_case("HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ HÀ NỘI") == "Hội đồng nhân dân thành phố Hà Nội"
        )
        assert (
            org_case("BỘ LAO ĐỘNG THƯƠNG BINH VÀ XÃ HỘI") == "Bộ Lao động - Thương binh và Xã hội"
        )

    def test_abbreviated_local_body(self) -> None:
        assert org_case("UBND TỈNH SƠN LA") == "Ủy ban nhân dân tỉnh Sơn La"
        assert org_case("HĐND HUYỆN MƯỜNG LA") == "Hội đồng nhân dân huyện Mường La"

    def test_place_case(self) -> None:
        assert place_case("XÃ MƯỜNG BÚ") == "xã Mường Bú"

    @pytest.mark.parametrize(
        ("caps", "proper"),
        [
            ("PHÓ THỦ TƯỚNG", "Phó Thủ tướng"),
            ("BỘ TRƯỞNG, CHỦ NHIỆM", "Bộ trưởng, Chủ nhiệm"),
            ("CHỦ TỊCH QUỐC HỘI", "Chủ tịch Quốc hội"),
            ("Q. BỘ TRƯỞNG", "Quyền Bộ trưởng"),
            ("VỤ TRƯỞNG VỤ PHÁP CHẾ", "Vụ trưởng Vụ Pháp chế"),
            ("PHÓ TỔNG CỤC TRƯỞNG", "Phó Tổng cục trưởng"),
            ("THỨ TRƯỞNG THƯỜNG TRỰC", "Thứ trưởng thường trực"),
        ],
    )
    def test_role_case(self, caps: str, proper: str) -> None:
        assert role_case(caps) == proper


class TestHeading:
    @pytest.mark.parametrize(
        ("line", "parsed"),
        [
            ("**THÔNG BÁO**", ("Thông báo", None)),
            ("THÔNG TƯ LIÊN TỊCH", ("Thông tư liên tịch", None)),
            ("THÔNG TƯ1", ("Thông tư", None)),
            ("LUẬT BẢO HIỂM XÃ HỘI", ("Luật", "BẢO HIỂM XÃ HỘI")),
            ("VĂN BẢN HỢP NHẤT", ("Văn bản hợp nhất", None)),
            ("Thông báo", None),
            ("QUY ĐỊNH CHUNG", None),
        ],
    )
    def test_parse_heading(self, line: str, parsed: tuple[str, str | None] | None) -> None:
        assert parse_heading(line) == parsed

    def test_title_wraps_until_the_preamble(self) -> None:
        lines = ["NGHỊ ĐỊNH", "Quy định mức lương tối thiểu", "đối với người lao động", "Căn cứ …"]
        heading = find_heading(lines, 0, len(lines))
        assert heading is not None
        assert (
            read_title(lines, heading).text == "Quy định mức lương tối thiểu đối với người lao động"
        )

    def test_title_keeps_a_number_wrapped_onto_its_own_line(self) -> None:
        lines = ["THÔNG TƯ", "Sửa đổi một số điều của Thông tư số", "43/2025/TT-BCT", "Căn cứ"]
        heading = find_heading(lines, 0, len(lines))
        assert heading is not None
        assert read_title(lines, heading).text == (
            "Sửa đổi một số điều của Thông tư số 43/2025/TT-BCT"
        )

    def test_heading_split_over_two_lines(self) -> None:
        heading = find_heading(["THÔNG", "TƯ", "Quy định"], 0, 3)
        assert heading is not None and heading.doc_type == "Thông tư"


class TestSignature:
    @pytest.mark.parametrize(
        ("line", "name"),
        [
            ("Nguyễn Tiến Dũng", "Nguyễn Tiến Dũng"),
            ("Thượng tướng Phạm Hoài Nam", "Phạm Hoài Nam"),
            ("NGUYỄN VĂN A", "Nguyễn Văn A"),
            ("y]Phạm Thị Thanh Trà", "Phạm Thị Thanh Trà"),
            ("Điều khoản thi hành", None),
            ("Bộ Tài chính", None),
        ],
    )
    def test_person_name(self, line: str, name: str | None) -> None:
        assert person_name(line) == name

    def test_appendix_form_without_a_name_is_not_a_signature(self) -> None:
        lines = ["THỦ TRƯỞNG CƠ QUAN", "(Ký, ghi rõ họ tên và đóng dấu)", "Ghi chú"]
        assert find_signature(lines, 0, None) is None

    def test_titles_above_the_name(self) -> None:
        lines = ["TM. CHÍNH PHỦ", "KT. THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", "(Đã ký)", "Nguyễn Hòa Bình"]
        signature = find_signature(lines, 0, None)
        assert signature is not None
        assert (signature.name, signature.title, signature.body()) == (
            "Nguyễn Hòa Bình",
            "Phó Thủ tướng",
            "Chính phủ",
        )


class TestRecipientsAndCitations:
    def test_items_wrap_and_end_at_the_archive_item(self) -> None:
        lines = [
            "Nơi nhận:",
            "- Văn phòng Trung ương và các Ban",
            "của Đảng;",
            "- Lưu: VT, KGVX (2b).",
            "- not a recipient",
        ]
        found = read_recipients(lines, 0)
        assert found is not None
        assert found.items == ["Văn phòng Trung ương và các Ban của Đảng", "Lưu: VT, KGVX (2b)"]

    def test_citations_join_numbers_cut_by_line_breaks(self) -> None:
        lines = ["Căn cứ Nghị quyết số", "203/2025/QH15", ";", "Luật số 56/ 2025/QH15"]
        assert find_citations(lines, own_number=None) == ["203/2025/QH15", "56/2025/QH15"]

    def test_own_number_is_not_a_citation_in_any_spelling(self) -> None:
        lines = ["Thông tư số 13/2024/TT-BLDTBXH", "Thông tư số 26/2018/TT-BLĐTBXH"]
        assert find_citations(lines, own_number="13/2024/TT-BLĐTBXH") == ["26/2018/TT-BLĐTBXH"]
