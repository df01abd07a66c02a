"""Dates as Vietnamese users write them: dd/mm/yyyy, shown and accepted by the UI.

A ``<input type="date">`` follows the browser's locale (mm/dd/yyyy on most
machines), so the UI uses text fields in day/month/year order instead and reads
them here. ISO dates (2014-02-25) are accepted too, so links written for the API
work in the UI; the API itself keeps ISO dates only.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import BeforeValidator

# What the form's ``pattern`` attribute lets through; the server checks again.
HTML_PATTERN = "[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}"
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_day_month_year(value: object) -> object:
    """``"25/02/2014"`` (or ``"2014-02-25"``) as a date; a clear error otherwise."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if not text:
        return None
    if match := _DAY_MONTH_YEAR.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise ValueError("ngày phải viết dạng dd/mm/yyyy (date must be dd/mm/yyyy)")
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"ngày không tồn tại (no such date): {text}") from exc


def show(date: dt.date | None) -> str:
    return date.strftime("%d/%m/%Y") if date else ""


DayMonthYear = Annotated[dt.date | None, BeforeValidator(parse_day_month_year)]
