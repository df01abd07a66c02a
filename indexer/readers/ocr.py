"""OCR of scanned PDF pages: poppler renders a page, Tesseract reads it in Vietnamese.

Many Công báo issues before ~2015, and some later annexes, are page images with
only the running header as text. Each page is rendered at 200 dpi in grey
(``pdftoppm -r 200 -gray``), enough for Tesseract's ``vie`` model on 12-14 pt
body text, and read with ``tesseract -l vie``. Pages run in a small thread pool
(each Tesseract limited to one thread so the pool, not OpenMP, sets the load);
``VANBAN_OCR_WORKERS`` caps the pool and ``VANBAN_OCR_MAX_PAGES`` the number of
pages OCR'd per file, because a 100-page scan takes minutes. Tesseract gives
word boxes (TSV), so the handwritten number and date of a header can be read a
second time from their own crops (:mod:`indexer.readers.ocr_fields`).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

from PIL import Image

from indexer.readers.base import ReaderError
from indexer.readers.ocr_fields import Box, Mode, SlotReader, page_text, parse_tsv, reread_header
from indexer.readers.tools import find_tool, missing_tool_reason, run_tool, stderr_line
from vanban_core.settings import environment_settings

DPI = 200
LANGUAGE = "vie"


def max_pages() -> int | None:
    """Pages OCR'd per file at most (env ``VANBAN_OCR_MAX_PAGES``; unset or 0 = all)."""
    return environment_settings().ocr_max_pages or None


def workers() -> int:
    return environment_settings().ocr_workers or max(1, min(4, os.cpu_count() or 1))


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


def _tesseract(image: Path, *options: str) -> str:
    """Tesseract's stdout for ``image``; one thread, so the pool sets the load."""
    read = run_tool(
        ["tesseract", str(image), "stdout", *options],
        stage="ocr",
        timeout=environment_settings().ocr_page_timeout,
        env={"OMP_THREAD_LIMIT": "1"},
    )
    if read.returncode != 0:
        raise ReaderError("ocr", f"tesseract failed on {image.name}: {stderr_line(read)}")
    return read.stdout.decode("utf-8", errors="replace")


# How each second reading of a header slot runs (see indexer.readers.ocr_fields).
_SLOT_OPTIONS: dict[Mode, tuple[str, ...]] = {
    Mode.DIGITS: ("--psm", "7", "-l", "eng", "-c", "tessedit_char_whitelist=0123456789"),
    Mode.WORD: ("--psm", "8", "-l", "eng"),
    Mode.LINE: ("--psm", "7", "-l", "eng"),
    Mode.LINE_VIE: ("--psm", "7", "-l", LANGUAGE),
    Mode.ZOOM: ("--psm", "7", "-l", "eng"),
}


def _slot_reader(page: Image.Image, folder: Path, name: str) -> SlotReader:
    """Reads a box of ``page`` again with Tesseract, the way ``mode`` says."""
    count = 0

    def read(box: Box, mode: Mode) -> str:
        nonlocal count
        left, top, right, bottom = box
        crop = page.crop(
            (max(left, 0), max(top, 0), min(right, page.width), min(bottom, page.height))
        )
        if crop.width < 2 or crop.height < 2:
            return ""
        if mode is Mode.ZOOM:
            crop = crop.resize((crop.width * 2, crop.height * 2), Image.Resampling.LANCZOS)
        count += 1
        path = folder / f"{name}-slot-{count}.png"
        crop.save(path)
        try:
            return _tesseract(path, *_SLOT_OPTIONS[mode]).strip()
        finally:
            path.unlink(missing_ok=True)

    return read


def _ocr_page(pdf: Path, page: int, folder: Path, reread: bool) -> str:
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
        timeout=environment_settings().ocr_page_timeout,
    )
    image = image_root.with_suffix(".png")
    if render.returncode != 0 or not image.exists():
        raise ReaderError("ocr", f"page {page} could not be rendered: {stderr_line(render)}")
    try:
        words = parse_tsv(_tesseract(image, "-l", LANGUAGE, "tsv"))
        if reread:
            with Image.open(image) as picture:
                reader = _slot_reader(picture, folder, image_root.name)
                words = reread_header(words, picture.height, reader)
    finally:
        image.unlink(missing_ok=True)
    return page_text(words)


def ocr_pages(pdf: Path, pages: Sequence[int], *, reread: bool = True) -> dict[int, str]:
    """Text of the given 1-based ``pages`` of ``pdf``, OCR'd in a bounded pool.

    ``reread`` reads a header's number and date slots a second time
    (:mod:`indexer.readers.ocr_fields`); off only to measure what that brings.
    """
    if not pages:
        return {}
    with (
        tempfile.TemporaryDirectory(prefix="vanban-ocr-") as tmp,
        ThreadPoolExecutor(max_workers=min(workers(), len(pages))) as pool,
    ):
        folder = Path(tmp)
        texts = pool.map(lambda page: _ocr_page(pdf, page, folder, reread), pages)
        return dict(zip(pages, texts, strict=True))
