"""Legacy Word 97-2003 ``.doc`` (OLE2) and RTF files, through catdoc (antiword as fallback).

Both Debian tools decode the Vietnamese in the real .doc files of the corpus
correctly. catdoc is preferred: with ``-w`` it writes each paragraph on one line
(no re-joining needed), it puts a table's left cell before its right cell (the
order the header table needs) and it also reads RTF, which portals often serve
as ".doc". antiword (``-m UTF-8.txt``) is the fallback for files catdoc refuses;
it draws tables with ``|`` borders, which are turned back into cell lines.
"""

from __future__ import annotations

import re
from pathlib import Path

from indexer.readers.base import ReadDocument, ReaderError, split_tab_columns, tidy_text
from indexer.readers.text import repair_legacy_noting
from indexer.readers.tools import find_tool, missing_tool_reason, run_tool, stderr_line

# Field codes catdoc prints as text ("PAGE 20", "HYPERLINK "...""), alone on a line.
_FIELD_CODE = re.compile(r"^\s*(?:PAGE|NUMPAGES|SECTIONPAGES|TOC|HYPERLINK|REF|MERGEFORMAT)\b.*$")
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _catdoc(path: Path) -> str | None:
    process = run_tool(["catdoc", "-w", "-d", "utf-8", "--", str(path)], stage="parse")
    text = process.stdout.decode("utf-8", errors="replace")
    return text if process.returncode == 0 and text.strip() else None


def _antiword(path: Path) -> str | None:
    process = run_tool(["antiword", "-m", "UTF-8.txt", "-w", "0", str(path)], stage="parse")
    if process.returncode != 0:
        return None
    lines: list[str] = []
    for line in process.stdout.decode("utf-8", errors="replace").split("\n"):
        if line.startswith("|") and line.rstrip().endswith("|"):
            lines.extend(cell.strip() for cell in line.strip().strip("|").split("|"))
        else:
            lines.append(line)
    return "\n".join(lines)


def read_doc(path: Path, data: bytes) -> list[ReadDocument]:
    """Read a .doc/.rtf file as one document."""
    if _ENCRYPTED in data:
        raise ReaderError("parse", "password-protected Word document: remove the password first")
    if data.startswith(_OLE2) and _WORD_STREAM not in data:
        raise ReaderError("detect", "an OLE2 file without a Word stream (Excel? PowerPoint?)")
    if find_tool("catdoc") is None and find_tool("antiword") is None:
        raise ReaderError("parse", missing_tool_reason("catdoc"))
    text = _catdoc(path) if find_tool("catdoc") else None
    if text is None and find_tool("antiword") and not data.lstrip().startswith(b"{\\rtf"):
        text = _antiword(path)
    if text is None:
        tool = "catdoc" if find_tool("catdoc") else "antiword"
        detail = stderr_line(run_tool([tool, str(path)], stage="parse"))
        raise ReaderError("parse", f"not a readable Word document ({tool}: {detail})")
    text = "\n".join(line for line in text.split("\n") if not _FIELD_CODE.match(line))
    warnings: list[str] = []
    text = repair_legacy_noting(text, warnings)
    return [
        ReadDocument(
            text=tidy_text(split_tab_columns(text)),
            source=str(path),
            format="doc",
            warnings=tuple(warnings),
        )
    ]
