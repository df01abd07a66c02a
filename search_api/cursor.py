"""Pagination cursors: one codec and one "is there a next page" rule for every backend.

A cursor is the sort values of the last hit of a page (score or date, then a
unique tiebreaker), tagged with the sort order it belongs to, in URL-safe
base64 JSON. Backends fetch one row more than the page size, so a next cursor
is issued exactly when another page exists, never for an empty last page.
Every field is validated here: a cursor is user input.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from collections.abc import Sequence

from search_api.models import Sort

SortValue = int | float | str
# The sort values a cursor may carry: 64-bit integers, finite floats, short strings.
_INT_RANGE = range(-(2**63), 2**63)  # Elasticsearch's long, missing dates included
_MAX_TEXT = 256
_MAX_CURSOR = 512


class BadCursor(ValueError):
    """A pagination cursor that this backend did not issue or cannot read."""


def encode_cursor(sort: Sort, values: Sequence[SortValue]) -> str:
    raw = json.dumps({"o": sort.value, "v": list(values)}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, sort: Sort) -> list[SortValue]:
    """The sort values a cursor carries, checked; :class:`BadCursor` otherwise."""
    if len(cursor) > _MAX_CURSOR:
        raise BadCursor("cursor is too long")
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        values, order = data["v"], data["o"]
    except (ValueError, KeyError, TypeError, binascii.Error) as exc:
        raise BadCursor("cursor is not valid") from exc
    if order != sort.value:
        raise BadCursor("cursor belongs to another sort order")
    if not isinstance(values, list) or len(values) != 2 or not all(map(_valid, values)):
        raise BadCursor("cursor is not valid")
    return values


def _valid(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return value in _INT_RANGE
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, str) and len(value) <= _MAX_TEXT


def next_cursor(sort: Sort, fetched: int, size: int, last: Sequence[SortValue]) -> str | None:
    """The cursor after a page, when the backend fetched more than ``size`` rows."""
    return encode_cursor(sort, last) if fetched > size else None
