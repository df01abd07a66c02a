"""Article headings found in a legal text, and the best article for a query."""

from __future__ import annotations

import pytest

from search_api.passages import best_article
from vanban_core.text.articles import _HEADING, _headings, split_articles

TEXT = (
    "LUẬT VIÊN CHỨC\n"
    "Điều 1. Phạm vi điều chỉnh\n"
    "Luật này quy định về viên chức; theo Điều 5 của Luật này.\n"
    "ĐIỀU 2: Đối tượng áp dụng\n"
    "Viên chức trong đơn vị sự nghiệp công lập.\n"
    "Điều 2a\n"
    "Hợp đồng làm việc được ký kết bằng văn bản.\n"
    "Điều 3. Giải thích từ ngữ\n"
    '"Điều 1. Sửa đổi" quoted on its own line:\n'
    "Điều 1. Sửa đổi\n"
    "Đơn phương chấm dứt hợp đồng làm việc phải báo trước 45 ngày.\n"
)


def test_headings_start_a_line_and_each_number_is_kept_once() -> None:
    spans = split_articles(TEXT)
    assert [(s.number, s.heading) for s in spans] == [
        ("1", "Phạm vi điều chỉnh"),
        ("2", "Đối tượng áp dụng"),
        ("2a", ""),
        ("3", "Giải thích từ ngữ"),
    ]
    # A mention inside a sentence is no heading; a repeated number stays in its article.
    assert spans[-1].end == len(TEXT)
    assert "45 ngày" in TEXT[spans[-1].start : spans[-1].end]
    assert spans[0].anchor == "dieu-1"


@pytest.mark.parametrize(
    "text",
    [
        TEXT,
        " \t Điều 7. Indented heading\nx Điều 8. not a heading\n\tĐIỀU 9 \n",
        "Điều khoản thi hành chung. " * 2_000,  # one long line, a keyword in every sentence
        "Điều 1. Một\r\nĐiều 2. Hai\r\n  \n   Điều 3: Ba",
        "ĐiềuĐiều 4. glued\nDieu 5. khong dau\nDIEU 6",
    ],
)
def test_heading_search_finds_what_the_pattern_finds_everywhere(text: str) -> None:
    """The keyword search that stands in for the multiline pattern (for speed on long
    texts) gives the very same matches, at line starts after blanks and nowhere else."""
    expected = [(m.start(), m.group(0)) for m in _HEADING.finditer(text)]
    assert [(m.start(), m.group(0)) for m in _headings(text)] == expected


def test_best_article_is_the_one_holding_the_rare_query_words() -> None:
    terms = ["don", "phuong", "cham", "dut", "hop", "dong", "lam", "viec"]
    best = best_article(TEXT, terms)
    assert best is not None and best.number == "3"
    assert best_article(TEXT, ["ky", "ket", "van", "ban"]) == split_articles(TEXT)[2]


def test_no_article_without_headings_or_without_a_matching_term() -> None:
    assert best_article("Thông báo về viên chức.", ["vien", "chuc"]) is None
    assert best_article(TEXT, ["khong", "co"]) is None
    assert best_article(TEXT, []) is None
