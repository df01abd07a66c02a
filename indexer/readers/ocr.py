"""OCR of scanned PDF pages: poppler renders a page, Tesseract reads it in Vietnamese.

Many Công báo issues before ~2015, and some later annexes, are page images with
only the running header as text. Each page is rendered at 200 dpi in grey
(``pdftoppm -r 200 -gray``), enough for Tesseract's ``vie`` model on 12-14 pt
body text, and read with ``tesseract -l vie``. Pages run in a small thread pool
(each Tesseract limited to one thread so the pool, not OpenMP, sets the load);
``VANBAN_OCR_WORKERS`` caps the pool and ``VANBAN_OCR_MAX_PAGES`` the number of
pages OCR'd per file, because a 100-page scan takes minutes.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

from indexer.readers.base import ReaderError
from indexer.readers.tools import find_tool, missing_tool_reason, run_tool, stderr_line

DPI = 200
LANGUAGE = "vie"
PAGE_TIMEOUT = float(os.environ.get("VANBAN_OCR_PAGE_TIMEOUT", "180"))


def max_pages() -> int | None:
    """Pages OCR'd per file at most (env ``VANBAN_OCR_MAX_PAGES``; unset or 0 = all)."""
    value = os.environ.get("VANBAN_OCR_MAX_PAGES", "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else None


def workers() -> int:
    value = os.environ.get("VANBAN_OCR_WORKERS", "").strip()
    if value.isdigit() and int(value) > 0:
        return int(value)
    return max(1, min(4, os.cpu_count() or 1))


@lru_cache(maxsize=1)
def unavailable_reason() -> str | None:
    """Why OCR cannot run here (a missing tool or language model), or None."""
    for tool in ("pdftoppm", "tesseract"):
        if find_tool(tool) is None:
            return missing_tool_reason(tool)
    listing = run_tool(["tesseract", "--list-langs"], stage="ocr", timeout=30)
    output = (listing.stdout + listing.stderr).decode("utf-8", "replace").split()
    if LANGUAGE not in output:
        return "the Vietnamese OCR model is missing: install the Debian package tesseract-ocr-vie"
    return None


def _ocr_page(pdf: Path, page: int, folder: Path) -> str:
    image_root = folder / f"page-{page}"
    render = run_tool(
        [
            "pdftoppm",
            "-r",
            str(DPI),
            "-gray",
            "-png",
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(pdf),
            str(image_root),
        ],
        stage="ocr",
        timeout=PAGE_TIMEOUT,
    )
    image = image_root.with_suffix(".png")
    if render.returncode != 0 or not image.exists():
        raise ReaderError("ocr", f"page {page} could not be rendered: {stderr_line(render)}")
    try:
        read = run_tool(
            ["tesseract", str(image), "stdout", "-l", LANGUAGE],
            stage="ocr",
            timeout=PAGE_TIMEOUT,
            env={"OMP_THREAD_LIMIT": "1"},
        )
    finally:
        image.unlink(missing_ok=True)
    if read.returncode != 0:
        raise ReaderError("ocr", f"tesseract failed on page {page}: {stderr_line(read)}")
    return read.stdout.decode("utf-8", errors="replace")


def ocr_pages(pdf: Path, pages: Sequence[int]) -> dict[int, str]:
    """Text of the given 1-based ``pages`` of ``pdf``, OCR'd in a bounded pool."""
    if not pages:
        return {}
    with (
        tempfile.TemporaryDirectory(prefix="vanban-ocr-") as tmp,
        ThreadPoolExecutor(max_workers=min(workers(), len(pages))) as pool,
    ):
        folder = Path(tmp)
        texts = pool.map(lambda page: _ocr_page(pdf, page, folder), pages)
        return dict(zip(pages, texts, strict=True))
