"""The "Nơi nhận:" block: the list of recipients under the main text.

Each recipient is an item starting with "-" (sometimes "+" or "•"); a long
item wraps onto lines without a dash. In extracted text the signature block
(the right column) is often interleaved with the items, so title lines, the
signer's name and "(Đã ký)" are skipped rather than ending the list; the list
ends at the first line that is none of these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.extract.layout import is_caps
from indexer.extract.signature import person_name

_START = re.compile(r"^Nơi\s*nhận\s*[:.]?\s*(?P<rest>.*)$", re.IGNORECASE)
_ITEM = re.compile(r"^[-+•–*]\s*(?P<item>.*)$")
_ARCHIVE = re.compile(r"^Lưu\s*[:.]", re.IGNORECASE)
_MAX_LINES = 80
_MAX_ITEM_CHARS = 300
_TRAILING = " ;,."


@dataclass(frozen=True)
class Recipients:
    """The recipients and the index of the line after the block."""

    items: list[str]
    start: int
    end: int


def _clean(item: str) -> str:
    item = item.strip()
    if item.endswith("./."):
        item = item[:-3]
    return " ".join(item.rstrip(_TRAILING).split())


def _is_signature_line(line: str) -> bool:
    return not line or is_caps(line) or person_name(line) is not None or line.startswith("(")


def read_recipients(lines: list[str], start: int) -> Recipients | None:
    """The first "Nơi nhận:" block at or after line ``start``."""
    for i in range(max(start, 0), len(lines)):
        m = _START.match(lines[i])
        if m:
            return _read_block(lines, i, m.group("rest"))
    return None


def _read_block(lines: list[str], index: int, first: str) -> Recipients:
    items: list[str] = []
    if first:
        item = _ITEM.match(first)
        items.append(item.group("item") if item else first)
    i = index + 1
    while i < len(lines) and i - index <= _MAX_LINES:
        line = lines[i]
        item = _ITEM.match(line)
        if item:
            items.append(item.group("item"))
            if _ARCHIVE.match(item.group("item")):
                # "Lưu: VT, …" is always the last item.
                i += 1
                break
        elif _is_signature_line(line):
            pass
        elif items and not re.search(r"[;.]$", items[-1]) and len(items[-1]) < _MAX_ITEM_CHARS:
            items[-1] = f"{items[-1]} {line}"
        else:
            break
        i += 1
    cleaned = [c for c in (_clean(it) for it in items) if c]
    return Recipients(cleaned, index, i)
