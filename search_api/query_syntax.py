"""Parse what users type into a structure; never hand raw text to an engine.

Supported: "quoted phrases", -exclusion (of a word or a phrase), OR between
two terms, and field filters so:, loai:, co_quan:, nam:, ngay:FROM..TO.
Anything that does not parse as syntax is kept as plain text, so a stray quote
or colon never causes an error.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

FIELD_NAMES = {
    "so": "number",
    "số": "number",
    "loai": "doc_type",
    "loại": "doc_type",
    "co_quan": "issuer",
    "cơ_quan": "issuer",
    "nam": "year",
    "năm": "year",
    "ngay": "date",
    "ngày": "date",
}

_TOKEN = re.compile(
    r'(?P<neg>-)?"(?P<phrase>[^"]*)"'  # "phrase" or -"phrase"
    r"|(?P<field>[^\W\d][\w]*):(?P<value>\"[^\"]*\"|\S+)"  # field:value
    r"|(?P<word>\S+)",
)


@dataclass
class ParsedSyntax:
    """The user's query split into its parts; text pieces are still raw."""

    text: list[str] = field(default_factory=list)  # plain text pieces, in order
    phrases: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    or_groups: list[list[str]] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    doc_types: list[str] = field(default_factory=list)
    issuers: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def _parse_date(value: str) -> dt.date | None:
    value = value.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y"):
        try:
            parsed = dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
        return parsed
    return None


def _apply_date(parsed: ParsedSyntax, value: str) -> bool:
    """``ngay:2014-02-01..2014-03-01``, ``ngay:2014-02-01..`` or a single day."""
    if ".." in value:
        low, high = value.split("..", 1)
        start = _parse_date(low) if low else None
        end = _parse_date(high) if high else None
        if (low and start is None) or (high and end is None) or (start is None and end is None):
            return False
        if end and len(high.strip()) == 4:
            end = dt.date(end.year, 12, 31)
        parsed.date_from, parsed.date_to = start, end
        return True
    day = _parse_date(value)
    if day is None:
        return False
    if len(value.strip()) == 4:
        parsed.date_from, parsed.date_to = day, dt.date(day.year, 12, 31)
    else:
        parsed.date_from = parsed.date_to = day
    return True


def _apply_field(parsed: ParsedSyntax, name: str, value: str) -> bool:
    """Record a field filter; False when the value does not fit, so it stays text."""
    target = FIELD_NAMES.get(name.lower())
    value = value.strip('"').strip()
    if target is None or not value:
        return False
    if target == "number":
        parsed.numbers.append(value)
    elif target == "doc_type":
        parsed.doc_types.append(value.replace("_", " "))
    elif target == "issuer":
        parsed.issuers.append(value.replace("_", " "))
    elif target == "year":
        if not value.isdigit() or len(value) != 4:
            return False
        parsed.years.append(int(value))
    else:
        return _apply_date(parsed, value)
    return True


def parse_query(query: str) -> ParsedSyntax:
    """Split ``query`` into text, phrases, exclusions, OR groups and filters."""
    parsed = ParsedSyntax()
    pending_or = False
    for m in _TOKEN.finditer(query):
        if m.group("phrase") is not None:
            phrase = m.group("phrase").strip()
            if phrase:
                (parsed.excluded if m.group("neg") else parsed.phrases).append(phrase)
            continue
        if m.group("field") is not None:
            if _apply_field(parsed, m.group("field"), m.group("value")):
                continue
            parsed.text.append(m.group(0))
            continue
        word = m.group("word")
        if word == "OR" and parsed.text:
            pending_or = True
            continue
        if word.startswith("-") and len(word) > 1 and not word[1].isdigit():
            parsed.excluded.append(word[1:])
            continue
        if pending_or:
            previous = parsed.text.pop()
            if parsed.or_groups and parsed.or_groups[-1][-1] == previous:
                parsed.or_groups[-1].append(word)
            else:
                parsed.or_groups.append([previous, word])
            parsed.text.append(word)
            pending_or = False
            continue
        parsed.text.append(word)
    if pending_or:
        parsed.text.append("OR")
    grouped = {w for group in parsed.or_groups for w in group}
    parsed.text = [w for w in parsed.text if w not in grouped]
    return parsed
