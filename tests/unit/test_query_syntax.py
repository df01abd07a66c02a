"""The query syntax parser, compared as data: what users type, split into parts."""

from __future__ import annotations

import datetime as dt

import pytest

from search_api.query_syntax import ParsedSyntax, parse_query


def test_plain_words_stay_text_in_order() -> None:
    assert parse_query("học phí  năm học") == ParsedSyntax(text=["học", "phí", "năm", "học"])


def test_phrases_exclusions_and_or_groups() -> None:
    assert parse_query('"học phí" -"lệ phí" -miễn a OR b OR c d') == ParsedSyntax(
        text=["d"],
        phrases=["học phí"],
        excluded=["lệ phí", "miễn"],
        or_groups=[["a", "b", "c"]],
    )


def test_field_filters_are_read_and_removed_from_the_text() -> None:
    parsed = parse_query('so:1016/TB-VPCP loai:Quyết_định co_quan:"Bộ Tài chính" nam:2024 thuế')
    assert parsed == ParsedSyntax(
        text=["thuế"],
        numbers=["1016/TB-VPCP"],
        doc_types=["Quyết định"],
        issuers=["Bộ Tài chính"],
        years=[2024],
    )


def test_accented_field_names_mean_the_same() -> None:
    assert parse_query("số:5/QĐ năm:2020 loại:TT cơ_quan:BTC") == ParsedSyntax(
        numbers=["5/QĐ"], years=[2020], doc_types=["TT"], issuers=["BTC"]
    )


@pytest.mark.parametrize(
    ("value", "date_from", "date_to"),
    [
        ("2014-02-01..2014-03-01", dt.date(2014, 2, 1), dt.date(2014, 3, 1)),
        ("01/02/2014..", dt.date(2014, 2, 1), None),
        ("..2014", None, dt.date(2014, 12, 31)),
        ("2014-02-01", dt.date(2014, 2, 1), dt.date(2014, 2, 1)),
        ("2014", dt.date(2014, 1, 1), dt.date(2014, 12, 31)),
    ],
)
def test_date_ranges(value: str, date_from: dt.date | None, date_to: dt.date | None) -> None:
    parsed = parse_query(f"ngay:{value}")
    assert (parsed.date_from, parsed.date_to, parsed.text) == (date_from, date_to, [])


@pytest.mark.parametrize(
    "query",
    ["nam:20x", "nam:12345", "ngay:hôm-qua", "ngay:..", "ngay:2014-13-45", "mau:xanh", "so:"],
)
def test_a_value_that_does_not_fit_stays_text(query: str) -> None:
    assert parse_query(query) == ParsedSyntax(text=[query])


@pytest.mark.parametrize("query", ['"', 'a "b', "OR", "a OR", "-", ":", "-5 ngày"])
def test_stray_syntax_never_fails_and_is_kept_as_text(query: str) -> None:
    parsed = parse_query(query)
    kept = " ".join([*parsed.text, *parsed.phrases])
    for piece in query.replace('"', " ").split():
        assert piece in kept


def test_a_dash_before_a_digit_is_not_an_exclusion() -> None:
    assert parse_query("-5 độ") == ParsedSyntax(text=["-5", "độ"])


def test_empty_phrase_is_dropped() -> None:
    assert parse_query('"" thuế') == ParsedSyntax(text=["thuế"])
