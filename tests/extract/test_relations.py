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


def test_replacing_or_removing_phrases_amends_and_each_semicolon_part_names_a_law() -> None:
    # Luật An ninh mạng 116/2025/QH15, Điều 43 (relations_gold_4.jsonl)
    lines = [
        "Điều 43. Sửa đổi, bổ sung một số điều của các luật có liên quan",
        "1. Thay thế một số cụm từ, bãi bỏ một số khoản của Luật Lưu trữ số 33/2024/QH15 như sau:",
        "b) Bãi bỏ khoản 4 Điều 58.",
        "2. Thay thế, bãi bỏ một số cụm từ của Luật Bảo vệ quyền lợi người tiêu dùng số "
        "19/2023/QH15 như sau:",
        "b) Bãi bỏ cụm từ “an toàn thông tin mạng,” tại khoản 3 Điều 19.",
        "9. Thay thế cụm từ “an toàn thông tin mạng” bằng cụm từ “an ninh mạng” tại điểm b khoản "
        "2 Điều 12 của Luật Thuế thu nhập doanh nghiệp số 67/2025/QH15; tại khoản 1 Điều 169 của "
        "Luật Đất đai số 31/2024/QH15 đã được sửa đổi, bổ sung một số điều theo Luật số "
        "43/2024/QH15 và Luật số 95/2025/QH15.",
        "11. Bãi bỏ cụm từ “an toàn thông tin mạng;” tại điểm đ khoản 1 Điều 24 của Luật Xử lý vi "
        "phạm hành chính số 15/2012/QH13 đã được sửa đổi, bổ sung một số điều theo Luật số "
        "54/2014/QH13.",
        "14. Bãi bỏ cụm từ “an toàn thông tin,” tại khoản 8 Điều 29",
        ";",
        "cụm từ “an toàn thông tin và” tại khoản 2",
        "và",
        "khoản 7 Điều 29 của Luật Hóa chất số 69/2025/QH15.",
    ]
    assert _typed(lines, own="116/2025/QH15") == [
        ("amends", "33/2024/QH15", False),
        ("repeals", "33/2024/QH15", True),
        ("amends", "19/2023/QH15", False),
        ("amends", "67/2025/QH15", False),
        ("amends", "31/2024/QH15", False),
        ("amends", "15/2012/QH13", False),
        ("amends", "69/2025/QH15", False),
    ]


def test_documents_quoted_in_a_replaced_phrase_are_not_amended() -> None:
    # Thông tư 45/2026/TT-BTC, Điều 2: the amended circular is named only in the title,
    # so a repeal of clauses naming no document takes them from it.
    title = "Sửa đổi, bổ sung một số điều của Thông tư số 29/2020/TT-BTC ngày 17 tháng 4 năm 2020"
    lines = [
        "Điều 2. Thay thế, bãi bỏ một số cụm từ, bãi bỏ một số khoản",
        "3. Thay thế cụm từ “khoản 3 Điều 6 Nghị định số 63/2019/NĐ-CP” bằng",
        "cụm từ “khoản 1 Điều 6 Nghị định số 63/2019/NĐ-CP” tại khoản 3 Điều 4.",
        "5. Thay thế cụm từ “Nghị định số 29/2018/NĐ-CP ngày 05 tháng 3 năm",
        "2018 của Chính phủ quy định trình tự, thủ tục xác lập quyền sở hữu toàn dân” bằng cụm từ",
        "“Nghị định số 77/2025/NĐ-CP ngày 01 tháng 4 năm 2025 của Chính phủ” tại khoản 1 Điều 10.",
        "8. Bãi bỏ khoản 1, khoản 2 Điều 4, khoản 1 Điều 5, khoản 1, khoản 2 Điều",
        "8, khoản 2 Điều 9.",
        "Điều 3. Điều khoản thi hành",
    ]
    assert _typed(lines, title=title, own="45/2026/TT-BTC") == [
        ("amends", "29/2020/TT-BTC", False),
        ("repeals", "29/2020/TT-BTC", True),
    ]


def test_expiry_of_articles_of_documents_enumerated_with_semicolons() -> None:
    # Nghị định 03/2026/NĐ-CP, Điều 55.2
    lines = [
        "2. Điều 12 và Mục 4 Phụ lục II kèm theo Nghị định số 128/2025/NĐ-CP ngày 11 tháng 6 năm "
        "2025 của Chính phủ quy định về phân quyền, phân cấp trong quản lý nhà nước lĩnh vực nội "
        "vụ; Điều 58 Nghị định số 129/2025/NĐ-CP ngày 11 tháng 6 năm 2025 của Chính phủ quy định "
        "về phân định thẩm quyền hết hiệu lực thi hành kể từ ngày Nghị định này có hiệu lực thi "
        "hành.",
    ]
    assert {(kind, number) for kind, number, _ in _typed(lines)} == {
        ("repeals", "128/2025/NĐ-CP"),
        ("repeals", "129/2025/NĐ-CP"),
    }
    assert ("repeals", "128/2025/NĐ-CP", True) in _typed(lines)


def test_the_scope_article_names_what_the_text_details() -> None:
    # Nghị định 325/2025/NĐ-CP (vbpl-185164): the guided resolution only in Điều 1
    lines = [
        "Căn cứ Nghị quyết số 222/2025/QH15 của Quốc hội về Trung tâm tài chính quốc tế;",
        "Điều 1. Phạm vi điều chỉnh",
        "Nghị định này quy định chi tiết và hướng dẫn thi hành khoản 3 Điều 20, khoản 1 Điều 21 "
        "của Nghị quyết số 222/2025/QH15 ngày 27 tháng 6 năm 2025 của Quốc hội về Trung tâm tài "
        "chính quốc tế tại Việt Nam.",
        "Điều 2. Đối tượng áp dụng",
        "Thông tư này hướng dẫn Nghị định số 99/2025/NĐ-CP.",
    ]
    assert _typed(lines) == [("guides", "222/2025/QH15", False)]
    # Nghị định 318/2025/NĐ-CP (vbpl-184625): the title names the law without its number
    title = "Quy định chi tiết một số điều của Luật Việc làm về đăng ký lao động"
    lines = [
        "Điều 1. Phạm vi điều chỉnh",
        "Nghị định này quy định về đăng ký lao động và hệ thống thông tin thị trường lao động "
        "theo các điều khoản sau đây của Luật Việc làm số 74/2025/QH15:",
    ]
    assert _typed(lines, title=title) == [("guides", "74/2025/QH15", False)]
    # an amending text's Điều 1 is not its scope article (Nghị định 74/2025/NĐ-CP)
    lines = [
        "Điều 1. Sửa đổi, bổ sung một số điều của Nghị định số 70/2015/NĐ-CP",
        "Nghị định này quy định chi tiết Luật Bảo hiểm y tế số 25/2008/QH12.",
    ]
    assert _typed(lines) == [("amends", "70/2015/NĐ-CP", False)]


def test_a_task_of_a_plan_is_not_an_act() -> None:
    # Nghị quyết 175/NQ-CP (relations_gold_3.jsonl): the task list of an approved project
    lines = [
        "Điều 1. Phê duyệt Đề án Trung tâm dữ liệu quốc gia với những nội dung sau:",
        "b) Sửa đổi, bổ sung Nghị định số 01/2018/NĐ-CP của Chính phủ quy định",
        "chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Bộ Công an.",
        "- Đơn vị chủ trì: Bộ Công an.",
        "- Thời gian hoàn thành: Trong năm 2024.",
    ]
    assert _typed(lines) == []


def test_dropping_a_phrase_amends_the_document_named_outside_the_quotes() -> None:
    # vbpl-185184: "Bỏ cụm từ" (without "bãi"), a decree quoted inside the phrase
    lines = [
        '7. Bỏ cụm từ "và Nghị định số 205/2004/NĐ-CP ngày 14 tháng 12 năm 2004 của Chính phủ '
        'quy định hệ thống thang lương" tại phần căn cứ ban hành Thông tư liên tịch số '
        "11/2005/TTLT-BNV-BLĐTBXH-BTC-UBDT.",
    ]
    assert _typed(lines) == [("amends", "11/2005/TTLT-BNV-BLĐTBXH-BTC-UBDT", False)]


def test_a_phrase_removal_coordinated_with_bo_is_not_a_replacement() -> None:
    # the heading of Điều 2 of vbpl-187047, the law's number added
    lines = [
        "Điều 2. Thay thế, bỏ cụm từ, bãi bỏ một số điều, khoản, điểm của Luật Kinh doanh bảo "
        "hiểm số 08/2022/QH15",
    ]
    assert _typed(lines) == [
        ("amends", "08/2022/QH15", False),
        ("repeals", "08/2022/QH15", True),
    ]


def test_chapter_headings_amend_and_give_their_clauses_to_a_repeal() -> None:
    # Thông tư 48/2025/TT-NHNN (relations_gold_5.jsonl): each chapter amends one circular
    lines = [
        "Chương I",
        "SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA THÔNG TƯ SỐ 38/2014/TT-NHNN QUY ĐỊNH VỀ HỒ SƠ, "
        "TRÌNH TỰ, THỦ TỤC CHẤP THUẬN VIỆC NHÀ ĐẦU TƯ NƯỚC NGOÀI MUA CỔ PHẦN",
        "Điều 2. Sửa đổi, bổ sung, bãi bỏ một số khoản của Điều 3",
        "1. Sửa đổi, bổ sung khoản 3 như sau:",
        "2. Bãi bỏ khoản 5.",
        "Chương II",
        "SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA THÔNG TƯ SỐ 63/2024/TT-NHNN QUY ĐỊNH VỀ HỒ SƠ, "
        "THỦ TỤC THU HỒI GIẤY PHÉP",
        "Điều 5. Sửa đổi, bổ sung Điều 4",
    ]
    title = "Sửa đổi, bổ sung một số điều của một số Thông tư của Thống đốc"
    assert _typed(lines, title=title, own="48/2025/TT-NHNN") == [
        ("amends", "38/2014/TT-NHNN", False),
        ("repeals", "38/2014/TT-NHNN", True),
        ("amends", "63/2024/TT-NHNN", False),
    ]


def test_a_scope_article_opening_with_its_sub_heading() -> None:
    # Thông tư 13/2025/TT-BNG (relations_gold_5.jsonl)
    lines = [
        "Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng",
        "1. Phạm vi điều chỉnh",
        "Thông tư này quy định chi tiết về phân cấp thẩm quyền cấp, gia hạn, sửa đổi, bổ sung, "
        "cấp lại, đình chỉ, chấm dứt hoạt động của các tổ chức phi chính phủ nước ngoài theo "
        "quy định từ Điều 10 đến Điều 19 Nghị định số 58/2022/NĐ-CP ngày 31 tháng 8 năm 2022.",
        "2. Đối tượng áp dụng",
    ]
    assert _typed(lines, title="Phân cấp thẩm quyền cấp") == [("guides", "58/2022/NĐ-CP", False)]


def test_guides_counts_a_decision_or_a_circular_named_as_guided() -> None:
    # Thông tư 07/2022/TT-BLĐTBXH (title) and 52/2026/TT-BTC (scope article)
    title = "Hướng dẫn thực hiện một số điều của Quyết định số 57/2013/QĐ-TTg ngày 14/10/2013"
    assert _typed([], title=title) == [("guides", "57/2013/QĐ-TTg", False)]
    lines = [
        "Điều 1. Phạm vi điều chỉnh",
        "Thông tư này hướng dẫn thực hiện một số nội dung tiêu chí thuộc Bộ tiêu chí quốc gia "
        "về xã nông thôn mới quy định tại Phụ lục I và Phụ lục III Quyết định số 51/2025/QĐ-TTg "
        "ngày 29 tháng 12 năm 2025 của Thủ tướng Chính phủ, bao gồm:",
    ]
    assert _typed(lines, title="Hướng dẫn nội dung tiêu chí") == [
        ("guides", "51/2025/QĐ-TTg", False)
    ]


def test_a_list_item_naming_many_parts_before_its_document() -> None:
    # Thông tư 94/2025/TT-BNNMT (relations_gold_5.jsonl), its final article
    lines = [
        "2. Thông tư này bãi bỏ:",
        "c) Điều 4, Điều 5, Điều 10, Điều 17 và các mẫu số 21.MTCN, 22.MTCN, 23.MTCN, 24.MTCN, "
        "25.MTCN, 26.MTCN, 27.MTCN Phụ lục I Thông tư số 09/2025/TT-BNNMT ngày 19 tháng 6 năm "
        "2025 của Bộ trưởng Bộ Nông nghiệp và Môi trường quy định phân quyền.",
    ]
    assert _typed(lines) == [("repeals", "09/2025/TT-BNNMT", True)]


def test_a_vbhn_whose_header_is_the_base_documents_consolidates_it() -> None:
    # VBHN 1798/VBHN-BLĐTBXH: the gazette's text layer keeps only "Số: 49/2018/NĐ-CP"
    lines = [
        "Số: 49/2018/NĐ-CP",
        "NGHỊ ĐỊNH",
        "Nghị định số 49/2018/NĐ-CP ngày 30 tháng 3 năm 2018 của Chính phủ Quy định về kiểm "
        "định chất lượng giáo dục nghề nghiệp, có hiệu lực kể từ ngày 15 tháng 5 năm 2018 được "
        "sửa đổi, bổ sung bởi:",
        "1. Nghị định số 140/2018/NĐ-CP ngày 08 tháng 10 năm 2018 của Chính phủ sửa đổi, bổ sung "
        "các Nghị định liên quan đến điều kiện đầu tư kinh doanh, có hiệu lực kể từ ngày 08 "
        "tháng 10 năm 2018.",
        "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;",
    ]
    assert _typed(lines, doc_type="Văn bản hợp nhất", own="49/2018/NĐ-CP") == [
        ("consolidates", "49/2018/NĐ-CP", False),
        ("consolidates", "140/2018/NĐ-CP", False),
    ]


def test_an_expiry_sentence_broken_after_a_semicolon_is_one_sentence() -> None:
    lines = [
        "Điều 17. Hiệu lực thi hành",
        "2. Thông tư số 38/2017/TT-BLĐTBXH ngày 29 tháng 12 năm 2017 của Bộ trưởng Bộ Lao động "
        "- Thương binh và Xã hội quy định chương trình bồi dưỡng nghiệp vụ sư phạm cho nhà giáo "
        "dạy trình độ sơ cấp; mẫu chứng chỉ, mẫu bản sao;",
        "quản lý phôi và chứng chỉ nghiệp vụ sư phạm dạy trình độ sơ cấp; Thông tư số "
        "28/2018/TT-BLĐTBXH ngày 25 tháng 12 năm 2018 của Bộ trưởng Bộ Lao động - Thương binh và "
        "Xã hội quy định chương trình bồi dưỡng nghiệp vụ sư phạm cho nhà giáo dạy trình độ trung "
        "cấp hết hiệu lực kể từ ngày Thông tư này có hiệu lực.",
    ]
    assert sorted(_typed(lines)) == [
        ("repeals", "28/2018/TT-BLĐTBXH", False),
        ("repeals", "38/2017/TT-BLĐTBXH", False),
    ]


def test_a_list_item_broken_after_a_semicolon_by_a_page_break_keeps_the_list() -> None:
    # The gazette's page furniture ("12", "CÔNG BÁO/Số 921 + 922/…") between the two lines
    # of item b) is dropped by cleanup; the item goes on in lower case.
    lines = [
        "Điều 3. Hiệu lực thi hành",
        "1. Thông tư này có hiệu lực thi hành kể từ ngày 15 tháng 9 năm 2024. Kể từ ngày Thông "
        "tư này có hiệu lực thi hành, bãi bỏ các quy định sau:",
        "a) Khoản 3 Điều 3 Thông tư số 26/2016/TT-BLĐTBXH.",
        "b) Điều 24, khoản 6 Điều 25 và một số nội dung quy định tại Thông tư số "
        '27/2016/TT-BLĐTBXH, gồm: cụm từ "(hoặc Bộ Tài chính)" tại khoản 3 Điều 20;',
        'cụm từ "kéo dài thời hạn nâng bậc lương, hạ bậc lương," tại khoản 7 Điều 22.',
        "c) Thông tư số 31/2016/TT-BLĐTBXH ngày 25 tháng 10 năm 2016 của Bộ trưởng Bộ Lao động "
        "- Thương binh và Xã hội hướng dẫn thực hiện quản lý lao động, tiền lương.",
        "d) Thông tư số 36/2016/TT-BLĐTBXH ngày 25 tháng 10 năm 2016 của Bộ trưởng Bộ Lao động "
        "- Thương binh và Xã hội hướng dẫn thù lao đối với người quản lý.",
        "2. Các chế độ về quỹ tiền lương quy định tại khoản 4 Điều 1 Thông tư này được thực hiện.",
    ]
    assert sorted(_typed(lines)) == [
        ("repeals", "26/2016/TT-BLĐTBXH", True),
        ("repeals", "27/2016/TT-BLĐTBXH", True),
        ("repeals", "31/2016/TT-BLĐTBXH", False),
        ("repeals", "36/2016/TT-BLĐTBXH", False),
    ]


def test_each_semicolon_part_naming_a_document_is_replaced_despite_an_open_note() -> None:
    lines = [
        "Điều 30. Hiệu lực thi hành",
        "2. Thông tư này thay thế Thông tư số 314/2016/TT-BTC ngày 28 tháng 11 năm 2016 của Bộ "
        "trưởng Bộ Tài chính hướng dẫn một số điều tại Nghị định số 24/2016/NĐ-CP ngày 05 tháng 4 "
        "năm 2016 của Chính phủ quy định chế độ quản lý ngân quỹ nhà nước (được sửa đổi, bổ sung "
        "bởi Thông tư số 64/2019/TT-BTC); Thông tư số 23/2020/TT-BTC ngày 13 tháng 4 năm 2020 của "
        "Bộ trưởng Bộ Tài chính quy định tạm ứng, vay ngân quỹ nhà nước (được sửa đổi, bổ sung bởi "
        "Thông tư số 97/2021/TT-BTC; Thông tư số 107/2020/TT-BTC ngày 21 tháng 12 năm 2020 của Bộ "
        "trưởng Bộ Tài chính hướng dẫn giao dịch mua lại có kỳ hạn trái phiếu Chính phủ (được sửa "
        "đổi, bổ sung bởi Thông tư số 12/2023/TT-BTC).",
    ]
    assert _typed(lines) == [
        ("replaces", "314/2016/TT-BTC", False),
        ("replaces", "23/2020/TT-BTC", False),
        ("replaces", "107/2020/TT-BTC", False),
    ]


def test_replacing_and_repealing_some_provisions_is_partial() -> None:
    lines = [
        "Điều 36. Thay thế, bãi bỏ một số quy định của Nghị định số 08/2022/NĐ-CP",
        "ngày 10 tháng 01 năm 2022 của Chính phủ quy định chi tiết một số điều của Luật Bảo vệ "
        "môi trường và Nghị định số 05/2025/NĐ-CP ngày 06 tháng 01 năm 2025 của Chính phủ sửa "
        "đổi, bổ sung một số điều của Nghị định số 08/2022/NĐ-CP",
    ]
    found = _typed(lines)
    assert ("replaces", "08/2022/NĐ-CP", False) not in found
    assert ("replaces", "05/2025/NĐ-CP", False) not in found
    assert ("repeals", "08/2022/NĐ-CP", True) in found


def test_repealing_phrases_and_parts_together_amends_and_repeals() -> None:
    lines = [
        "Điều 5. Hiệu lực thi hành",
        "2. Bãi bỏ một số cụm từ, điểm, khoản, điều của Nghị định số 134/2013/NĐ-CP được sửa đổi, "
        "bổ sung bởi Nghị định số 17/2022/NĐ-CP như sau:",
    ]
    assert _typed(lines) == [
        ("amends", "134/2013/NĐ-CP", False),
        ("repeals", "134/2013/NĐ-CP", True),
    ]


def test_a_full_stop_inside_an_unquoted_heading_of_an_amending_item() -> None:
    lines = [
        "Điều 2. Sửa đổi, bổ sung một số điều của các nghị định",
        "3. Sửa đổi, bổ sung các quy định về chỉ tiêu thống kê tại Mục số 0115. Tỷ lệ đô thị hóa "
        "của Phụ lục 1. Nội dung chỉ tiêu thống kê thuộc hệ thống chỉ tiêu thống kê quốc gia ban "
        "hành kèm theo Nghị định số 94/2022/NĐ-CP ngày 07 tháng 11 năm 2022 của Chính phủ quy "
        "định nội dung chỉ tiêu thống kê, như sau:",
    ]
    assert _typed(lines) == [("amends", "94/2022/NĐ-CP", False)]


def test_a_scope_sentence_goes_on_after_a_semicolon_to_its_document() -> None:
    lines = [
        "Điều 1. Phạm vi điều chỉnh",
        "Thông tư này hướng dẫn thực hiện một số nội dung về chi tổ chức và hoạt động bảo hiểm xã "
        "hội, bảo hiểm thất nghiệp, bảo hiểm y tế; chế độ báo cáo và việc lập báo cáo quyết toán "
        "theo quy định tại khoản 6 Điều 4, khoản 6 Điều 24 và điểm b khoản 1 Điều 28 của Nghị định "
        "số 233/2025/NĐ-CP ngày 26 tháng 8 năm 2025 của Chính phủ quy định cơ chế tài chính về bảo "
        "hiểm xã hội (sau đây gọi là Nghị định số 233/2025/NĐ-CP).",
        "Điều 2. Đối tượng áp dụng",
    ]
    assert _typed(lines) == [("guides", "233/2025/NĐ-CP", False)]
    # The first document named after the verb is the one guided, here a law without its
    # number: the decree named after it is not guided.
    lines = [
        "Điều 1. Phạm vi điều chỉnh",
        "Quyết định này quy định chi tiết thi hành khoản 2 Điều 12; khoản 3 Điều 96 của Luật Thi "
        "đua, khen thưởng theo phân quyền tại Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm "
        "2025 của Chính phủ quy định về phân cấp, phân quyền trong lĩnh vực thi đua, khen thưởng.",
        "Điều 2. Đối tượng áp dụng",
    ]
    assert _typed(lines) == []


def test_a_standards_code_is_not_a_document_number() -> None:
    lines = [
        "Điều 5. Hiệu lực thi hành",
        "2. Thông tư số 09/2019/TT-BNNPTNT ngày 27 tháng 8 năm 2019 của Bộ trưởng Bộ Nông nghiệp "
        "và Phát triển nông thôn ban hành Quy chuẩn kỹ thuật quốc gia về chất lượng phân bón (QCVN "
        "01-189:2019/BNNPTNT) hết hiệu lực kể từ ngày Thông tư này có hiệu lực thi hành.",
    ]
    assert _typed(lines) == [("repeals", "09/2019/TT-BNNPTNT", False)]


def test_a_clause_repealed_under_an_item_heading_past_the_quoted_article() -> None:
    lines = [
        "Điều 219. Sửa đổi, bổ sung một số điều của luật có liên quan",
        "2. Sửa đổi, bổ sung Điều 32 của Bộ luật Tố tụng dân sự số 92/2015/QH13 như sau:",
        "a) Sửa đổi, bổ sung tên điều, khoản 1 như sau:",
        "“Điều 32. Những tranh chấp về lao động thuộc thẩm quyền giải quyết của Tòa án",
        "1. Tranh chấp lao động cá nhân giữa người lao động với người sử dụng lao động.”;",
        "b) Bãi bỏ khoản 2 Điều 32.",
        "Điều 220. Hiệu lực thi hành",
    ]
    assert _typed(lines) == [
        ("amends", "92/2015/QH13", False),
        ("repeals", "92/2015/QH13", True),
    ]
