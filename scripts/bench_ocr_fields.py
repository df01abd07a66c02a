#!/usr/bin/env python3
"""Number, type and date read from scanned first pages, with and without the second reading.

    .venv/bin/python scripts/bench_ocr_fields.py [--no-write]

Every PDF of the shared corpus's files/ folder has its first page OCR'd the way
a scan is (``indexer.readers.ocr.ocr_pages``: pdftoppm at 200 dpi, Tesseract
``vie``), once with the header's number and date slots read a second time
(:mod:`indexer.readers.ocr_fields`) and once without, and the metadata extracted
from each OCR text is compared with the gold:

- PDFs with a text layer: the metadata extracted from the text layer of page 1
  (the page image is the printed page, so the OCR must find what the text says;
  a law's date and a consolidated text's number are on its last page, not here);
- the two scanned Công báo PDFs (no text under the image): number and date as
  printed on page 1, read by eye from the page image and written below. Their
  serial and day are handwritten.

A field counts only where the gold has it (the Constitution has no number).
Writes docs/ocr-fields.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from _bench import CORPUS, ROOT, machine
from pypdf import PdfReader, PdfWriter

from indexer.extract import extract_metadata
from indexer.readers import read_file
from indexer.readers.ocr import ocr_pages, unavailable_reason

FILES = CORPUS / "files"
FIELDS = ("number", "doc_type", "issued_date")
# Page 1 of the scans, read by eye: (number, type, date).
SCANNED_GOLD: dict[str, tuple[str, str, dt.date]] = {
    "thong-bao-so-02-2023-tb-lpqt-39022.pdf": (
        "02/2023/TB-LPQT",
        "Thông báo",
        dt.date(2023, 1, 18),
    ),
    "thong-tu-so-58-2021-tt-bqp-33814.pdf": ("58/2021/TT-BQP", "Thông tư", dt.date(2021, 6, 7)),
}


@dataclass
class Row:
    file: str
    gold: dict[str, object]
    plain: dict[str, object]
    reread: dict[str, object]
    seconds_plain: float
    seconds_reread: float


def _fields(text: str) -> dict[str, object]:
    found = extract_metadata(text)
    return {name: getattr(found, name) for name in FIELDS}


def _gold(path: Path) -> dict[str, object]:
    if path.name in SCANNED_GOLD:
        number, doc_type, date = SCANNED_GOLD[path.name]
        return {"number": number, "doc_type": doc_type, "issued_date": date}
    # What the text layer of page 1 says: the OCR reads page 1 only, and a law's
    # date (or a consolidated text's number) is on its last page.
    writer = PdfWriter()
    writer.add_page(PdfReader(path).pages[0])
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "page-1.pdf"
        writer.write(page)
        [first, *_] = read_file(page)
    return _fields(first.text)


def measure(path: Path) -> Row:
    gold = _gold(path)
    began = time.perf_counter()
    plain = ocr_pages(path, [1], reread=False)[1]
    middle = time.perf_counter()
    reread = ocr_pages(path, [1])[1]
    ended = time.perf_counter()
    return Row(
        str(path.relative_to(FILES)),
        gold,
        _fields(plain),
        _fields(reread),
        middle - began,
        ended - middle,
    )


def _cell(value: object, gold: object) -> str:
    if gold is None:
        return "–"
    mark = "✓" if value == gold else "✗"
    return f"{mark} {value if value is not None else '—'}"


def report(rows: list[Row]) -> str:
    lines = [
        "# OCR of scanned headers: number, type and date",
        "",
        f"Produced by `.venv/bin/python scripts/bench_ocr_fields.py` on {dt.date.today()}",
        "(Tesseract 5 `vie`; first page of every PDF in `shared/corpus/files/`).",
        "",
        f"Machine: {machine()}.",
        "",
        __doc__.split("\n\n", 2)[2].rsplit("\n\n", 1)[0] if __doc__ else "",
        "",
        "| field | correct, page pass only | correct, with second reading | documents with gold |",
        "|---|---|---|---|",
    ]
    for name in FIELDS:
        scored = [r for r in rows if r.gold.get(name) is not None]
        plain = sum(r.plain[name] == r.gold[name] for r in scored)
        reread = sum(r.reread[name] == r.gold[name] for r in scored)
        lines.append(f"| {name} | {plain}/{len(scored)} | {reread}/{len(scored)} | {len(scored)} |")
    extra = [r.seconds_reread - r.seconds_plain for r in rows]
    lines += [
        "",
        f"Time for page 1: {sum(r.seconds_plain for r in rows) / len(rows):.1f} s on average "
        f"for the page pass; the second reading adds {sum(extra) / len(extra):+.1f} s on average "
        "(only pages with a header are read again).",
        "",
        "| file | gold number | page pass only | with second reading | gold date | page pass "
        "only | with second reading |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.file} | {r.gold['number'] or '–'} | "
            f"{_cell(r.plain['number'], r.gold['number'])} | "
            f"{_cell(r.reread['number'], r.gold['number'])} | {r.gold['issued_date'] or '–'} | "
            f"{_cell(r.plain['issued_date'], r.gold['issued_date'])} | "
            f"{_cell(r.reread['issued_date'], r.gold['issued_date'])} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=Path, default=FILES)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "ocr-fields.md")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    reason = unavailable_reason()
    if reason is not None:
        print(f"OCR unavailable: {reason}", file=sys.stderr)
        return 1
    pdfs = sorted(args.files.rglob("*.pdf"))
    rows = []
    for path in pdfs:
        row = measure(path)
        print(f"{row.file}: gold {row.gold} | plain {row.plain} | reread {row.reread}", flush=True)
        rows.append(row)
    text = report(rows)
    print(text)
    if not args.no_write:
        args.out.write_text(text, encoding="utf-8")
        print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
