"""The one cursor codec: round trips, the next-page rule, and hostile cursors.

A cursor is user input (it comes back in a URL), so anything that was not
issued by :func:`encode_cursor` for the same sort order must raise
:class:`BadCursor`, which the API answers with 400, never with a 500.
"""

from __future__ import annotations

import base64
import json

import pytest

from search_api.cursor import BadCursor, decode_cursor, encode_cursor, next_cursor
from search_api.models import Sort


def _raw(data: object) -> str:
    """A cursor built by hand, as an attacker would."""
    text = data if isinstance(data, str) else json.dumps(data)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    ("sort", "values"),
    [
        (Sort.relevance, [-12.75, "doc-1"]),
        (Sort.date_desc, ["2024-05-01", 17]),
        (Sort.date_asc, [-(2**63), "x" * 256]),
        (Sort.date_desc, [2**63 - 1, "đ/ư"]),
    ],
)
def test_round_trip(sort: Sort, values: list[int | float | str]) -> None:
    cursor = encode_cursor(sort, values)
    assert "=" not in cursor and "+" not in cursor and "/" not in cursor  # URL-safe
    assert decode_cursor(cursor, sort) == values


def test_the_encoding_is_stable_json() -> None:
    assert encode_cursor(Sort.relevance, [1.5, "a"]) == _raw('{"o":"relevance","v":[1.5,"a"]}')


def test_a_next_cursor_only_when_more_rows_were_fetched_than_shown() -> None:
    assert next_cursor(Sort.relevance, 11, 10, [1.0, "a"]) == encode_cursor(
        Sort.relevance, [1.0, "a"]
    )
    assert next_cursor(Sort.relevance, 10, 10, [1.0, "a"]) is None
    assert next_cursor(Sort.relevance, 0, 10, []) is None


def test_a_cursor_of_another_sort_order_is_refused() -> None:
    cursor = encode_cursor(Sort.date_desc, ["2024-01-01", 3])
    with pytest.raises(BadCursor, match="another sort order"):
        decode_cursor(cursor, Sort.date_asc)


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "!!!!",
        "not base64 at all ☃",
        "A",  # one base64 character cannot be decoded
        _raw("not json"),
        _raw(b"\xff\xfe".decode("latin-1")),  # decodes to bytes that are not UTF-8 JSON
        _raw([1, 2]),  # JSON, but not an object
        _raw({"v": [1, "a"]}),  # no sort order
        _raw({"o": "relevance"}),  # no values
        _raw("null"),
        _raw(42),
    ],
)
def test_unreadable_cursors(cursor: str) -> None:
    with pytest.raises(BadCursor):
        decode_cursor(cursor, Sort.relevance)


@pytest.mark.parametrize(
    "values",
    [
        [2**63, "a"],  # beyond a 64-bit long
        [-(2**63) - 1, "a"],
        [10**40, "a"],
        [1.0, 2**64],
        [True, "a"],  # a bool is not a sort value even though Python says it is an int
        [None, "a"],
        [{"k": 1}, "a"],
        [[1], "a"],
        [1.0, "x" * 257],  # longer than any tiebreaker we issue
        [1.0],  # wrong length
        [1.0, "a", "b"],
        [],
        "1.0,a",  # not a list
        {"0": 1.0, "1": "a"},
    ],
)
def test_cursors_with_hostile_values(values: object) -> None:
    with pytest.raises(BadCursor):
        decode_cursor(_raw({"o": "relevance", "v": values}), Sort.relevance)


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_non_finite_floats_are_refused(number: str) -> None:
    cursor = _raw('{"o":"relevance","v":[' + number + ',"a"]}')
    with pytest.raises(BadCursor):
        decode_cursor(cursor, Sort.relevance)


def test_a_huge_cursor_is_refused_before_decoding() -> None:
    cursor = encode_cursor(Sort.relevance, [1.0, "a"]) + "A" * 600
    with pytest.raises(BadCursor, match="too long"):
        decode_cursor(cursor, Sort.relevance)


def test_an_order_that_is_not_a_string_is_refused() -> None:
    with pytest.raises(BadCursor):
        decode_cursor(_raw({"o": ["relevance"], "v": [1.0, "a"]}), Sort.relevance)
