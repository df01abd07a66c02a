"""Which reader a file needs, decided from its first bytes rather than its name.

Names lie: Vietnamese portals serve RTF and HTML as ``.doc``, downloads lose their
extension, and a PDF saved as ``.txt`` is still a PDF. So the content decides
(the "magic bytes" every container format starts with) and the extension only
breaks ties between text formats (``.html`` vs ``.txt``). A file whose content
disagrees with its name is read by its content, with a warning.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from indexer.readers.base import ReaderError

Kind = Literal["pdf", "docx", "doc", "rtf", "html", "text"]

HEAD_BYTES = 8192
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
# Containers that are never documents we read, named so the error says what the file is.
_OTHER_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "an executable (ELF)"),
    (b"MZ", "a Windows executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta ", b"<title")
_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
SUFFIX_KIND: dict[str, Kind] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".doc": "doc",
    ".rtf": "rtf",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
}


@dataclass(frozen=True)
class Detection:
    kind: Kind
    warning: str | None = None


def _sniff_zip(data: bytes) -> Kind:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise ReaderError("detect", f"damaged ZIP container: {exc}") from exc
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        raise ReaderError("detect", "an Excel workbook (.xlsx), not a Word document")
    if "ppt/presentation.xml" in names:
        raise ReaderError("detect", "a PowerPoint file (.pptx), not a Word document")
    if "content.xml" in names:
        raise ReaderError("detect", "an OpenDocument file: save it as .docx or .pdf")
    raise ReaderError("detect", "a ZIP archive that is not a Word document (no word/document.xml)")


def _looks_like_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1024].lower()
    if start.startswith(b"<?xml") and b"<html" in start:
        return True
    return any(start.startswith(marker) for marker in _HTML_MARKERS) or (
        start.startswith(b"<!--") and b"<html" in head[:4096].lower()
    )


def sniff(path: Path, data: bytes) -> Kind:
    """The kind of ``path`` from its bytes (``data``); raises for non-documents.

    Only the first :data:`HEAD_BYTES` are examined, except for a ZIP container,
    whose directory is at its end.
    """
    head = data[:HEAD_BYTES]
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(_ZIP):
        return _sniff_zip(data)
    if head.startswith(OLE2_MAGIC):
        return "doc"
    if head.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    for magic, what in _OTHER_MAGIC:
        if head.startswith(magic):
            raise ReaderError("detect", f"{what}, not a document")
    if _looks_like_html(head) or (path.suffix.lower() in _HTML_SUFFIXES and b"<" in head[:4096]):
        return "html"
    return "text"


def detect(path: Path, data: bytes) -> Detection:
    """Sniff the kind from the file's bytes and warn when its extension claims something else."""
    kind = sniff(path, data)
    claimed = SUFFIX_KIND.get(path.suffix.lower())
    if claimed is None or claimed == kind or {claimed, kind} <= {"doc", "rtf"}:
        return Detection(kind)
    return Detection(kind, f"named {path.suffix} but the content is {kind}: read as {kind}")
