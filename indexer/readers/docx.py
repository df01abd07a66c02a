"""Word ``.docx`` files, read with python-docx: paragraphs and tables in document order.

Vietnamese administrative documents put their header in a borderless two-column
table: the issuing body and "Số: …" on the left, the national motto, place and
date on the right. The metadata extractor needs each of those on its own line,
so every table cell comes out line by line, cells left to right, rows top to
bottom (a merged cell only once). Text boxes, which some templates use for the
same header, are read too; deleted revisions, field codes and the duplicate
"fallback" copy Word stores for compatibility are skipped.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

from indexer.readers.base import ReadDocument, ReaderError, split_tab_columns, tidy_text
from indexer.readers.text import repair_legacy_noting

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_SKIP = frozenset({f"{_MC}Fallback", f"{_W}delText", f"{_W}instrText", f"{_W}rPr", f"{_W}pPr"})
_BREAKS = frozenset({f"{_W}br", f"{_W}cr", f"{_W}p"})


def _paragraph_text(paragraph: Paragraph) -> str:
    """Text of a paragraph, including text boxes anchored in it (iterative walk)."""
    parts: list[str] = []
    walker = etree.iterwalk(paragraph._p, events=("start",))
    for _event, node in walker:
        tag = node.tag
        if tag in _SKIP:
            walker.skip_subtree()
        elif tag == f"{_W}t":
            parts.append(node.text or "")
        elif tag == f"{_W}tab":
            parts.append("\t")
        elif tag in _BREAKS and node is not paragraph._p:
            parts.append("\n")
    return "".join(parts)


def _cells(table: Table) -> Iterator[_Cell]:
    """Cells row by row, left to right, each merged cell once."""
    seen: set[Any] = set()  # the <w:tc> elements themselves: ids of freed proxies are reused
    for row in table.rows:
        for cell in row.cells:
            if cell._tc not in seen:
                seen.add(cell._tc)
                yield cell


def _blocks(document: Any) -> Iterator[str]:
    """Lines of the body in order; tables are expanded with an explicit stack."""
    stack: list[Iterator[Paragraph | Table | _Cell]] = [iter(document.iter_inner_content())]
    while stack:
        item = next(stack[-1], None)
        if item is None:
            stack.pop()
        elif isinstance(item, Paragraph):
            yield _paragraph_text(item)
        elif isinstance(item, Table):
            stack.append(_cells(item))
        else:  # a cell: its paragraphs and nested tables
            stack.append(iter(item.iter_inner_content()))


# A .docx is a zip: its XML may unpack to far more than the file's size. Real
# documents unpack to a few MB at ratios below 20; a "zip bomb" unpacks to
# hundreds of MB from a few hundred KB, and parsing that would exhaust memory.
MAX_UNPACKED = 200 * 1024 * 1024
MAX_RATIO = 100
_RATIO_FLOOR = 10 * 1024 * 1024  # small members may compress well (repeated styles)


def check_unpacked_size(data: bytes) -> None:
    """Refuse a .docx whose members would unpack to too much (a decompression bomb)."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except zipfile.BadZipFile as exc:
        raise ReaderError("parse", f"damaged or unsupported .docx file: {exc}") from exc
    total = sum(m.file_size for m in members)
    packed = max(1, sum(m.compress_size for m in members))
    if total > MAX_UNPACKED or (total > _RATIO_FLOOR and total / packed > MAX_RATIO):
        raise ReaderError(
            "parse",
            f"tệp .docx giải nén ra {total // 2**20} MB từ {packed // 2**10} KB, có thể là "
            f"bom nén (the .docx unpacks to {total // 2**20} MB from {packed // 2**10} KB: "
            "a decompression bomb or a damaged file; not read)",
        )


def read_docx(path: Path, data: bytes) -> list[ReadDocument]:
    """Read a .docx file (``data``, the bytes of ``path``) as one document."""
    check_unpacked_size(data)
    try:
        document = docx.Document(io.BytesIO(data))
        lines = list(_blocks(document))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        raise ReaderError("parse", f"damaged or unsupported .docx file: {exc}") from exc
    text = split_tab_columns("\n".join(lines))
    warnings: list[str] = []
    text = repair_legacy_noting(text, warnings)
    return [
        ReadDocument(
            text=tidy_text(text), source=str(path), format="docx", warnings=tuple(warnings)
        )
    ]
