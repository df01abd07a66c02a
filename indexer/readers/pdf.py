"""PDF files: the text layer through poppler's pdftotext, OCR for scanned pages.

``pdftotext -layout`` is used rather than the default reading-order mode or
pdfminer: it keeps each printed line whole, so the two-column header ("CHÍNH
PHỦ … CỘNG HÒA XÃ HỘI…", "Số: … Hà Nội, ngày …") comes out as one line with a
wide gap that :mod:`indexer.congbao` splits into left and right cells, and it
keeps indentation, the best clue to where a paragraph starts. (Reading-order
mode interleaves the two columns unpredictably; pdfminer is ten times slower.)
pdftotext also writes a form feed after every page, so page numbers and page
ranges of gazette documents are exact.

A PDF whose pages are mostly images (a scanned gazette) has its nearly empty
pages OCR'd (:mod:`indexer.readers.ocr`); when Tesseract or its Vietnamese
model is missing, the text layer is returned with a warning instead.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from indexer import congbao
from indexer.readers import ocr
from indexer.readers.base import ReadDocument, ReaderError, tidy_text
from indexer.readers.tools import run_tool, stderr_line

# A page with fewer visible characters than this (after the gazette header and
# the signature stamp are removed) has no real text layer.
MIN_PAGE_CHARS = 80
_PASSWORD = re.compile(r"incorrect password|encrypted", re.IGNORECASE)


def _check_complete(data: bytes) -> None:
    if b"%%EOF" not in data[-2048:]:
        raise ReaderError(
            "parse",
            "truncated PDF: the file ends before the PDF end marker (%%EOF); "
            "download or copy it again",
        )


def _check_exit(process: subprocess.CompletedProcess[bytes]) -> None:
    """Raise for a poppler tool that failed: encrypted or damaged PDF."""
    if process.returncode != 0:
        detail = stderr_line(process)
        if _PASSWORD.search(detail):
            raise ReaderError("parse", "encrypted PDF: it needs a password to open")
        raise ReaderError("parse", f"damaged PDF: {detail}")


def _page_count(path: Path) -> int:
    info = run_tool(["pdfinfo", str(path)], stage="parse", timeout=60)
    _check_exit(info)
    match = re.search(rb"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
    return int(match.group(1)) if match else 0


def _text_layer(path: Path, pages: int) -> list[str]:
    timeout = max(120.0, 2.0 * pages)
    process = run_tool(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], stage="parse", timeout=timeout
    )
    _check_exit(process)
    texts = process.stdout.decode("utf-8", errors="replace").split("\f")
    if texts and not texts[-1].strip():
        texts.pop()  # pdftotext ends the last page with a form feed too
    return texts


def _visible_chars(page: str) -> int:
    cleaned = congbao.clean_page(page)
    return sum(len("".join(line.text.split())) for line in cleaned.lines)


def _ocr(path: Path, texts: list[str]) -> tuple[list[str], list[str], bool]:
    """Replace the text of image-only pages by OCR; returns (pages, warnings, did_ocr)."""
    empty = [n for n, page in enumerate(texts, start=1) if _visible_chars(page) < MIN_PAGE_CHARS]
    if len(empty) <= len(texts) // 2:
        return texts, [], False
    reason = ocr.unavailable_reason()
    if reason is not None:
        return texts, [f"OCR unavailable ({reason}): only the PDF text layer was read"], False
    warnings: list[str] = []
    limit = ocr.max_pages()
    if limit is not None and len(empty) > limit:
        warnings.append(
            f"OCR limited to {limit} of {len(empty)} scanned pages (VANBAN_OCR_MAX_PAGES)"
        )
        empty = empty[:limit]
    recognised = ocr.ocr_pages(path, empty)
    merged = list(texts)
    for number, text in recognised.items():
        # Keep the text layer's running header: its page number is exact, OCR's is a guess.
        headers = [line for line in texts[number - 1].split("\n") if congbao.header_of(line)]
        merged[number - 1] = "\n".join([*headers, text])
    return merged, warnings, True


def read_pdf(path: Path, data: bytes) -> list[ReadDocument]:
    """Read a PDF: one document, or one per document of a Công báo issue."""
    _check_complete(data)
    pages = _page_count(path)
    texts = _text_layer(path, pages)
    texts, warnings, did_ocr = _ocr(path, texts)
    fmt = "pdf-ocr" if did_ocr else "pdf"
    source = str(path)
    if any(congbao.is_gazette(page) for page in texts):
        documents = congbao.read_gazette_pages(texts, layout=not did_ocr)
        return [
            ReadDocument(tidy_text(doc.text), source, fmt, doc.hints(), tuple(warnings))
            for doc in documents
        ] or [ReadDocument("", source, fmt, {}, (*warnings, "no text found in the PDF"))]
    text = tidy_text(congbao.clean_pages(texts, layout=not did_ocr))
    if not text:
        warnings.append("no text found in the PDF")
    return [ReadDocument(text, source, fmt, {}, tuple(warnings))]
