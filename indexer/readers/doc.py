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
import subprocess
from pathlib import Path

from indexer.readers.base import ReadDocument, ReaderError, split_tab_columns, tidy_text
from indexer.readers.detect import OLE2_MAGIC
from indexer.readers.text import repair_legacy_noting
from indexer.readers.tools import find_tool, missing_tool_reason, run_tool, stderr_line

# Field codes catdoc prints as text ("PAGE 20", "HYPERLINK "...""), alone on a line.
_FIELD_CODE = re.compile(r"^\s*(?:PAGE|NUMPAGES|SECTIONPAGES|TOC|HYPERLINK|REF|MERGEFORMAT)\b.*$")
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_Run = subprocess.CompletedProcess[bytes]


def _catdoc(path: Path) -> tuple[str | None, _Run]:
    """The text (None when catdoc failed or found none) and the run, for its stderr."""
    process = run_tool(["catdoc", "-w", "-d", "utf-8", "--", str(path)], stage="parse")
    text = process.stdout.decode("utf-8", errors="replace")
    return (text if process.returncode == 0 and text.strip() else None), process


def _antiword(path: Path) -> tuple[str | None, _Run]:
    """The text (None when antiword failed) and the run, for its stderr."""
    process = run_tool(["antiword", "-m", "UTF-8.txt", "-w", "0", str(path)], stage="parse")
    if process.returncode != 0:
        return None, process
    lines: list[str] = []
    for line in process.stdout.decode("utf-8", errors="replace").split("\n"):
        if line.startswith("|") and line.rstrip().endswith("|"):
            lines.extend(cell.strip() for cell in line.strip().strip("|").split("|"))
        else:
            lines.append(line)
    return "\n".join(lines), process


def read_doc(path: Path, data: bytes) -> list[ReadDocument]:
    """Read a .doc/.rtf file as one document."""
    if _ENCRYPTED in data:
        raise ReaderError("parse", "password-protected Word document: remove the password first")
    if data.startswith(OLE2_MAGIC) and _WORD_STREAM not in data:
        raise ReaderError("detect", "an OLE2 file without a Word stream (Excel? PowerPoint?)")
    has_catdoc = find_tool("catdoc") is not None
    has_antiword = find_tool("antiword") is not None
    if not has_catdoc and not has_antiword:
        raise ReaderError("parse", missing_tool_reason("catdoc"))
    text: str | None = None
    first: tuple[str, _Run] | None = None  # the first tool run, named if none reads the file
    if has_catdoc:
        text, process = _catdoc(path)
        first = ("catdoc", process)
    if text is None and has_antiword and not data.lstrip().startswith(b"{\\rtf"):
        text, process = _antiword(path)
        first = first or ("antiword", process)
    if text is None:
        if first is None:  # only antiword is installed, and it does not read RTF
            first = ("antiword", run_tool(["antiword", str(path)], stage="parse"))
        tool, process = first
        detail = stderr_line(process)
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
