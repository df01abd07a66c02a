"""Read every file of the shared corpus's files/ folder and print what the readers made of it.

    .venv/bin/python scripts/verify_corpus_files.py [CORPUS_FILES_DIR] [--ocr-max-pages N]

One row per document read (a gazette issue may give several): file, format,
characters, gazette issue and pages, the first "Số:" line, warnings or the
error, and seconds. Scanned PDFs are OCR'd in full unless --ocr-max-pages is
given.

These are the whole-corpus checks the test suite cannot make from a clone (it
reads excerpts kept in tests/fixtures/): every file listed in manifest.jsonl
has an expectation in tests/fixtures/corpus_files/expected.json, reads, and
gives that number, type and date; and every one of the phapluat corpus's 414
gazette text layers cleans up into one document with no Công báo furniture
left (--phapluat). Exits 1 when any check fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

from _bench import CORPUS
from rich.console import Console
from rich.table import Table

from indexer import congbao
from indexer.build import build_from_read
from indexer.readers import ReadDocument, ReaderError, read_file

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIR = CORPUS / "files"
PHAPLUAT = CORPUS / "phapluat_8chude" / "docs.jsonl.gz"
EXPECTED = ROOT / "tests" / "fixtures" / "corpus_files" / "expected.json"
NUMBER_LINE = re.compile(r"(?m)^(?:[^\W\d_]+ ){0,3}[Ss]ố *:.*$")
GAZETTE_HEADER = re.compile(r"CÔNG BÁO\s*/\s*Số")


def listed_files(folder: Path) -> list[Path]:
    manifest = folder / "manifest.jsonl"
    if not manifest.exists():
        return sorted(p for p in folder.rglob("*") if p.is_file())
    with manifest.open(encoding="utf-8") as handle:
        return [folder / json.loads(line)["path"] for line in handle if line.strip()]


def expectation_error(name: str, documents: list[ReadDocument], expected: dict[str, Any]) -> str:
    """Why ``documents`` (read from corpus file ``name``) miss their expectation, or ''."""
    if name not in expected:
        return "no expectation in tests/fixtures/corpus_files/expected.json"
    if len(documents) != 1:
        return f"{len(documents)} documents, expected 1"
    document = build_from_read(documents[0], key=name, position=0, sole=True)
    want = expected[name]
    date = dt.date.fromisoformat(want["issued_date"]) if want["issued_date"] else None
    got = (document.number, document.doc_type, document.issued_date)
    if got != (want["number"], want["doc_type"], date):
        return f"got {got}, expected {(want['number'], want['doc_type'], date)}"
    return ""


def gazette_failures(path: Path) -> tuple[int, list[str]]:
    """Gazette text layers of the phapluat corpus that do not clean up into one document."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    gazettes = [r for r in records if congbao.is_gazette(r.get("full_text") or "")]
    failures: list[str] = []
    without_number = 0
    for record in gazettes:
        documents = congbao.split_gazette_text(record["full_text"])
        if len(documents) != 1:
            failures.append(f"{record['id']}: {len(documents)} documents")
            continue
        text = documents[0].text
        if GAZETTE_HEADER.search(text) or "thongtinchinhphu@" in text or "Thời gian ký:" in text:
            failures.append(f"{record['id']}: gazette header or signature stamp left")
        elif documents[0].issue is None or documents[0].pages is None:
            failures.append(f"{record['id']}: no gazette issue or pages")
        if not re.search(r"(?m)^(?:\w+ ){0,3}[Ss]ố: ?\d+", text):
            without_number += 1
    if len(gazettes) < 400:
        failures.append(f"only {len(gazettes)} gazette text layers found (414 records expected)")
    if without_number > 0.05 * len(gazettes):
        failures.append(f"{without_number} of {len(gazettes)} lost their 'Số:' line (over 5 %)")
    return len(gazettes), failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--ocr-max-pages", type=int, default=None)
    parser.add_argument("--phapluat", type=Path, default=PHAPLUAT, help="docs.jsonl.gz to check")
    args = parser.parse_args()
    expected: dict[str, Any] = json.loads(EXPECTED.read_text(encoding="utf-8"))
    if args.ocr_max_pages is not None:
        os.environ["VANBAN_OCR_MAX_PAGES"] = str(args.ocr_max_pages)

    table = Table(title=f"Readers on {args.folder}", show_lines=False)
    for column in ("file", "format", "chars", "gazette", "pages", "first Số: line", "notes", "s"):
        table.add_column(column, overflow="fold")
    failures = 0
    started = time.perf_counter()
    files = listed_files(args.folder)
    mismatches: list[str] = []
    missing = sorted(set(expected) - {str(p.relative_to(args.folder)) for p in files})
    mismatches += [f"{name}: listed in expected.json, not in the corpus" for name in missing]
    for path in files:
        name = str(path.relative_to(args.folder))
        began = time.perf_counter()
        try:
            documents = read_file(path)
        except ReaderError as error:
            failures += 1
            table.add_row(name, "-", "-", "", "", "", f"ERROR [{error.stage}] {error.reason}", "")
            continue
        seconds = f"{time.perf_counter() - began:.1f}"
        problem = expectation_error(name, documents, expected)
        if problem:
            mismatches.append(f"{name}: {problem}")
        for position, document in enumerate(documents):
            found = NUMBER_LINE.search(document.text)
            label = name if len(documents) == 1 else f"{name} #{position + 1}"
            table.add_row(
                label,
                document.format,
                str(len(document.text)),
                document.hints.get("gazette", ""),
                document.hints.get("gazette_pages", ""),
                found.group(0)[:40] if found else "",
                "; ".join(document.warnings),
                seconds,
            )
    Console(width=200).print(table)
    total = time.perf_counter() - started
    print(f"{len(files)} files, {failures} unreadable, {len(mismatches)} not as expected,", end=" ")
    print(f"{total:.1f} s")
    for line in mismatches:
        print(f"  ✗ {line}")
    gazettes, gazette_problems = gazette_failures(args.phapluat)
    print(f"{gazettes} phapluat gazette text layers, {len(gazette_problems)} not cleaned up")
    for line in gazette_problems:
        print(f"  ✗ {line}")
    return 1 if failures or mismatches or gazette_problems else 0


if __name__ == "__main__":
    sys.exit(main())
