"""A document number in a file name or URL: the last resort for a number.

Publishers name files by number: the Công báo portal
"thong-tu-so-58-2021-tt-bqp-33814.pdf", vbpl.vn "15.2012.QH13.doc",
collections "…_23-VBHN-VPQH.pdf". When the text states no number (a consolidated
text whose certification page is not in the excerpt, a scan whose number could
not be read), the name's number is used, but only when it reads as a real
number: one with a type code, or with a year and a known issuer code ("15/2012/QH13").
"Hien-phap-1992" or "congbao-2020-so-1093-1094" give none.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from vanban_core import codes
from vanban_core.analysis import find_numbers, parse_number

# Extensions stripped from a name before reading it ("15.2012.QH13.doc.gz").
_EXTENSIONS = frozenset(
    {"pdf", "doc", "docx", "rtf", "txt", "htm", "html", "xml", "json", "jsonl", "gz", "zip"}
)


def _pieces(name: str) -> list[str]:
    """The pieces of a path or URL that may hold a number, the most specific first:
    the last segment, then (for a URL) the ones before it; each split at "_"."""
    if "://" in name:
        segments = [unquote(s) for s in urlsplit(name).path.split("/") if s]
    else:
        segments = [PurePosixPath(name.replace("\\", "/")).name]
    pieces: list[str] = []
    for segment in reversed(segments):
        words = segment.split(".")
        while len(words) > 1 and words[-1].lower() in _EXTENSIONS:
            words.pop()
        pieces.extend(reversed(".".join(words).split("_")))
    return pieces


def _plausible(number: str) -> bool:
    """A type code, or a year and issuer codes all in the tables."""
    parts = parse_number(number)
    if parts is None:
        return False
    if parts.type_code is not None:
        return True
    issuers = parts.issuer_code.split("-") if parts.issuer_code else []
    return parts.year is not None and bool(issuers) and all(codes.issuer_name(i) for i in issuers)


def number_in_name(name: str) -> str | None:
    """The canonical number a file name or URL carries, or None.

    "_" separates the pieces of collection names (id, number, title); the most
    specific piece holding a plausible number wins.
    """
    for piece in _pieces(name):
        for found in find_numbers(piece.replace(".", "-"), lenient=True):
            if _plausible(found.canonical):
                return found.canonical
    return None
