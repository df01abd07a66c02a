"""The reader contract: what a reader returns, how it fails, and the text tidying all share.

Every reader turns one file into one or more :class:`ReadDocument` values whose
text is NFC, uses ``\\n`` line breaks and carries no trailing spaces, so the
metadata extractor downstream sees the same shape of text whatever the format.
A file that cannot be read raises :class:`ReaderError` with the stage that failed
and one sentence a user can act on; the pipeline records it and moves on.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

Format = Literal["txt", "html", "docx", "doc", "pdf", "pdf-ocr"]
Stage = Literal["detect", "decode", "parse", "ocr"]

# Keys a reader may put in ``hints`` (the pipeline maps them onto the schema).
HINT_KEYS = frozenset(
    {
        "number",
        "doc_type",
        "issuer",
        "issued_date",
        "signer",
        "title",
        "status",
        "source_url",
        "gazette",
        "gazette_pages",
    }
)


@dataclass(frozen=True)
class ReadDocument:
    """One document read from a file: its text plus what the container itself says."""

    text: str
    source: str
    format: Format | str
    hints: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


class ReaderError(Exception):
    """A file that cannot be read, with the stage that failed and a user-facing reason."""

    def __init__(self, stage: Stage, reason: str) -> None:
        super().__init__(f"[{stage}] {reason}")
        self.stage: Stage = stage
        self.reason = reason


# Zero-width and formatting characters that Word and web pages scatter through text
# and that only ever split words for a search engine.
_INVISIBLE = str.maketrans(
    {"\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None, "\u00ad": None}
)
_SPACE_RUN = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_RUN = re.compile(r"\n{3,}")
# C0/C1 controls other than tab/newline/form feed: never meaningful in a document.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def tidy_text(text: str) -> str:
    """NFC, ``\\n`` line ends, single spaces inside lines, at most one blank line in a row.

    Blank lines are kept (one at most) because they separate blocks that later
    steps treat differently, e.g. the header from the title.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = _CONTROLS.sub("", text.translate(_INVISIBLE))
    lines = [_SPACE_RUN.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip("\n")


def clean_hints(hints: dict[str, str]) -> dict[str, str]:
    """Hints with known keys only, single-spaced, without the "--" vbpl.vn uses for empty."""
    cleaned: dict[str, str] = {}
    for key, value in hints.items():
        if key not in HINT_KEYS:
            continue
        value = " ".join(unicodedata.normalize("NFC", value).split())
        if value and value not in {"--", "-"}:
            cleaned[key] = value
    return cleaned


def split_tab_columns(text: str) -> str:
    """Put tab-separated columns on their own lines; other tabs become spaces.

    Word users align the two header columns with tabs ("Số: 12/QĐ-UBND<TAB>Hà Nội,
    ngày ..."), and catdoc separates table cells with a tab. A tab between two
    non-empty pieces whose left piece is short is such a column break; a tab after a
    label ("Điều 1.<TAB>Phạm vi") is not, because the left piece is only a marker.
    """
    lines: list[str] = []
    for line in text.split("\n"):
        pieces = [piece.strip() for piece in line.split("\t")]
        filled = [piece for piece in pieces if piece]
        if len(filled) > 1 and len(filled[0]) < 60 and not _MARKER.fullmatch(filled[0]):
            lines.extend(filled)
        else:
            lines.append(" ".join(filled))
    return "\n".join(lines)


_MARKER = re.compile(r"(?:Điều|Chương|Mục|Phần)\s+\w+[.:]?|[\dIVXivx]+[.)]|[a-zđ]\)|[-+•*]")
