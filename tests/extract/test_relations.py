"""Relation formulas, on sentences taken from corpus documents (see relations_gold.jsonl)."""

from __future__ import annotations

from indexer.extract.relations import find_relations


def _typed(lines: list[str], **kwargs: object) -> list[tuple[str, str | None, bool]]:
    relations = find_relations(
        lines,
        title=kwargs.get("title"),  # type: ignore[arg-type]
        doc_type=kwargs.get("doc_type"),  # type: ignore[arg-type]
        own_number=kwargs.get("own"),  # type: ignore[arg-type]
    )
    return [(r.type.value, r.number, r.partial) for r in relations if r.type.value != "cites"]


def test_replacing_and_repealing_formulas_of_the_final_article() -> None:
    lines = [
        "Điều 29. Hiệu lực thi hành",
        "1. Nghị định này có hiệu lực thi hành kể từ ngày ký và thay thế Nghị định số "
        "29/2024/NĐ-CP ngày 06 tháng 3 năm 2024 của Chính phủ quy định tiêu chuẩn.",
        "2. Bãi bỏ Điều 10 của Nghị định số 18/2026/NĐ-CP ngày 14 tháng 01 năm 2026;",
        "3. Quyết định số 53/2006/QĐ-TTg ngày 08 tháng 3 năm 2006 của Thủ tướng Chính phủ "
        "hết hiệu lực kể từ ngày Nghị định này có hiệu lực thi hành.",
    ]
    assert _typed(lines, own="334/2025/NĐ-CP") == [
        ("replaces", "29/2024/NĐ-CP", False),
        ("repeals", "18/2026/NĐ-CP", True),
        ("repeals", "53/2006/QĐ-TTg", False),
    ]


def test_preamble_passive_forms_and_descriptions_are_only_citations() -> None:
    lines = [
        "Căn cứ Nghị định số 166/2025/NĐ-CP ngày 30 tháng 06 năm 2025 của Chính phủ về sửa "
        "đổi, bổ sung một số điều của Nghị định số 29/2025/NĐ-CP;",
        "Luật Bảo hiểm xã hội số 58/2014/QH13 đã được sửa đổi, bổ sung một số điều theo Luật "
        "số 84/2015/QH13 (sau đây gọi chung là Luật số 58/2014/QH13) hết hiệu lực kể từ ngày "
        "Luật này có hiệu lực thi hành.",
        "- Văn bản sửa đổi, bổ sung, thay thế, bãi bỏ một phần: Nghị định số 140/2018/NĐ-CP",
        "Tham mưu ban hành Nghị định sửa đổi, bổ sung Nghị định số 120/2020/NĐ-CP",
        "điểm này được bãi bỏ theo quy định tại khoản 1 Điều 2 Nghị định số 70/2023/NĐ-CP",
    ]
    assert _typed(lines, own="41/2024/QH15") == [("repeals", "58/2014/QH13", False)]


def test_titles_amend_and_guide() -> None:
    title = "Sửa đổi, bổ sung một số điều của Nghị định số 31/2019/NĐ-CP ngày 10 tháng 4 năm 2019"
    assert _typed([], title=title) == [("amends", "31/2019/NĐ-CP", False)]
    title = "Quy định một số biện pháp thi hành Luật Hóa chất và Nghị định số 25/2026/NĐ-CP"
    assert _typed([], title=title) == [("guides", "25/2026/NĐ-CP", False)]


def test_a_list_introduced_by_its_formula() -> None:
    lines = [
        "2. Các thông tư sau hết hiệu lực kể từ ngày Thông tư này có hiệu lực thi hành",
        "a) Thông tư số 26/2018/TT-BGTVT ngày 14 tháng 5 năm 2018 của Bộ trưởng;",
        "b) Thông tư số 11/2023/TT-BGTVT ngày 28 tháng 6 năm 2023 sửa đổi, bổ sung một số "
        "điều của Thông tư số 26/2018/TT-BGTVT;",
        "27. Thông tư số 16-BYT/TT ngày 17/04/1957 của Bộ trưởng Bộ Y tế.",
        "Điều 3. Trách nhiệm thi hành",
        "a) Thông tư số 99/2020/TT-BGTVT",
    ]
    assert _typed(lines) == [
        ("repeals", "26/2018/TT-BGTVT", False),
        ("repeals", "11/2023/TT-BGTVT", False),
        ("repeals", "16-BYT/TT", False),
    ]


def test_a_consolidated_text_only_consolidates() -> None:
    lines = [
        "Nghị định số 35/2022/NĐ-CP ngày 28 tháng 5 năm 2022 của Chính phủ quy định về quản lý "
        "khu công nghiệp và khu kinh tế được sửa đổi, bổ sung bởi:",
        "Nghị định số 70/2023/NĐ-CP ngày 18 tháng 9 năm 2023 sửa đổi, bổ sung một số điều của "
        "Nghị định số 152/2020/NĐ-CP, có hiệu lực kể từ ngày 18 tháng 9 năm 2023.",
        "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;",
        "Điều 1. Sửa đổi, bổ sung Nghị định số 145/2020/NĐ-CP",
    ]
    assert _typed(lines, doc_type="Văn bản hợp nhất") == [
        ("consolidates", "35/2022/NĐ-CP", False),
        ("consolidates", "70/2023/NĐ-CP", False),
    ]


def test_proposals_conditions_and_coordinated_passives_are_not_acts() -> None:
    lines = [
        # a table of proposals (nghi-quyet-so-17-2026-nq-cp): "cần … bãi bỏ"
        "TT Văn bản Điều, khoản, điểm cần sửa đổi, bổ sung, bãi bỏ Cơ quan chủ trì soạn thảo "
        "1 Nghị định số 41/2026/NĐ-CP ngày 25/01/2026 của Chính phủ",
        # a condition (vbpl-186134), then an item that is not under it
        "2. Trường hợp các văn bản dẫn chiếu tại Thông tư này được sửa đổi, bổ sung, thay thế "
        "thì thực hiện theo các văn bản sửa đổi, bổ sung hoặc thay thế đó.",
        "3. Thông tư số 02/2023/TT-BKHCN ngày 08 tháng 5 năm 2023 của Bộ Khoa học và Công nghệ "
        "hết hiệu lực thi hành kể từ ngày Thông tư này có hiệu lực thi hành.",
    ]
    assert _typed(lines) == [("repeals", "02/2023/TT-BKHCN", False)]


def test_a_list_ends_at_the_next_sibling_and_items_may_be_partial() -> None:
    lines = [
        "2. Nghị định này thay thế:",
        "a) Nghị định số 88/2019/NĐ-CP ngày 14 tháng 11 năm 2019 của Chính phủ;",
        "b) Điều 3 Nghị định số 143/2021/NĐ-CP ngày 31 tháng 12 năm 2021 của Chính phủ.",
        "3. Bãi bỏ Điều 2, Điều 3 Nghị định số 23/2023/NĐ-CP ngày 12 tháng 5 năm 2023 của "
        "Chính phủ sửa đổi, bổ sung một số điều của Nghị định số 89/2016/NĐ-CP ngày 01 tháng 7 "
        "năm 2016 của Chính phủ quy định điều kiện đối với hoạt động đại lý, dịch vụ và Nghị "
        "định số 88/2019/NĐ-CP ngày 14 tháng 11 năm 2019 của Chính phủ.",
    ]
    assert _typed(lines) == [
        ("replaces", "88/2019/NĐ-CP", False),
        ("replaces", "143/2021/NĐ-CP", True),
        ("repeals", "23/2023/NĐ-CP", True),
    ]


def test_expiry_enumerated_with_semicolons_or_dated_first() -> None:
    lines = [
        "2. Nghị định số 38/2020/NĐ-CP ngày 03 tháng 4 năm 2020 của Chính phủ quy định chi tiết; "
        "Thông tư liên tịch số 17/2007/TTLT-BLĐTBXH-NHNNVN ngày 04 tháng 9 năm 2007 quy định "
        "việc quản lý tiền ký quỹ hết hiệu lực thi hành kể từ ngày Nghị định này có hiệu lực.",
        "3. Kể từ ngày Nghị định này có hiệu lực thi hành, Nghị định số 35/2021/NĐ-CP ngày 29 "
        "tháng 3 năm 2021 của Chính phủ quy định chi tiết hết hiệu lực thi hành.",
    ]
    assert set(_typed(lines)) == {
        ("repeals", "38/2020/NĐ-CP", False),
        ("repeals", "17/2007/TTLT-BLĐTBXH-NHNNVN", False),
        ("repeals", "35/2021/NĐ-CP", False),
    }


def test_replacing_coordinated_with_repealing_a_part_amends() -> None:
    lines = [
        "Điều 2. Bổ sung, thay thế, bãi bỏ cụm từ và một số điều, khoản của Nghị định số "
        "70/2015/NĐ-CP ngày 01 tháng 9 năm 2015 của Chính phủ",
    ]
    assert ("replaces", "70/2015/NĐ-CP", False) not in _typed(lines)


def test_expiry_of_a_named_document_undated_or_across_a_semicolon_in_its_title() -> None:
    lines = [
        "Điều 24. Hiệu lực thi hành",
        "2. Quyết định số 20/2017/QĐ-TTg ngày 12 tháng 6 năm 2017 của Thủ tướng Chính phủ quy "
        "định về hoạt động của chương trình hết hiệu lực thi hành.",
        "3. Thông tư số 03/2017/TT-BLĐTBXH quy định về quy trình xây dựng chương trình; tổ chức "
        "biên soạn giáo trình hết hiệu lực kể từ ngày Thông tư này có hiệu lực thi hành.",
        "4. Giấy phép đã cấp theo Nghị định số 38/2020/NĐ-CP đã hết hiệu lực thì cấp lại.",
    ]
    assert set(_typed(lines)) == {
        ("repeals", "20/2017/QĐ-TTg", False),
        ("repeals", "03/2017/TT-BLĐTBXH", False),
    }


def test_a_list_under_a_documents_and_rules_intro_and_nothing_after_the_signature() -> None:
    lines = [
        "Điều 90. Hiệu lực thi hành",
        "2. Các văn bản, quy định sau đây hết hiệu lực thi hành kể từ ngày Thông tư này có hiệu "
        "lực thi hành:",
        "a) Thông tư số 09/2018/TT-BGTVT ngày 02 tháng 3 năm 2018 của Bộ trưởng;",
        "b) Điều 20 Thông tư số 09/2025/TT-BXD ngày 13 tháng 6 năm 2025 của Bộ trưởng.",
        "KT. BỘ TRƯỞNG",
        "THỨ TRƯỞNG",
        "Phụ lục",
        "1. Sửa đổi, bổ sung Nghị định số 01/2018/NĐ-CP của Chính phủ",
    ]
    assert _typed(lines) == [
        ("repeals", "09/2018/TT-BGTVT", False),
        ("repeals", "09/2025/TT-BXD", True),
    ]


def test_a_consolidated_text_known_by_its_merge_formula() -> None:
    lines = [
        "LUẬT",
        "AN TOÀN, VỆ SINH LAO ĐỘNG",
        "Luật An toàn, vệ sinh lao động số 84/2015/QH13 ngày 25 tháng 6 năm 2015 của Quốc hội, "
        "có hiệu lực kể từ ngày 01 tháng 7 năm 2016, được sửa đổi, bổ sung bởi:",
        "Luật Bảo hiểm xã hội số 41/2024/QH15 ngày 29 tháng 6 năm 2024 của Quốc hội.",
        "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;",
        "Điều 1. Phạm vi điều chỉnh",
    ]
    assert _typed(lines) == [
        ("consolidates", "84/2015/QH13", False),
        ("consolidates", "41/2024/QH15", False),
    ]
