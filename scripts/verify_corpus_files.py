"""Read every file of the shared corpus's files/ folder and print what the readers made of it.

    .venv/bin/python scripts/verify_corpus_files.py [CORPUS_FILES_DIR] [--ocr-max-pages N]

One row per document read (a gazette issue may give several): file, format,
characters, gazette issue and pages, the first "Số:" line, warnings or the
error, and seconds. Scanned PDFs are OCR'd in full unless --ocr-max-pages is
given. Exits non-zero when a file listed in manifest.jsonl cannot be read.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

from _bench import CORPUS
from rich.console import Console
from rich.table import Table

from indexer.readers import ReaderError, read_file

DEFAULT_DIR = CORPUS / "files"
NUMBER_LINE = re.compile(r"(?m)^(?:[^\W\d_]+ ){0,3}[Ss]ố *:.*$")


def listed_files(folder: Path) -> list[Path]:
    manifest = folder / "manifest.jsonl"
    if not manifest.exists():
        return sorted(p for p in folder.rglob("*") if p.is_file())
    with manifest.open(encoding="utf-8") as handle:
        return [folder / json.loads(line)["path"] for line in handle if line.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--ocr-max-pages", type=int, default=None)
    args = parser.parse_args()
    if args.ocr_max_pages is not None:
        os.environ["VANBAN_OCR_MAX_PAGES"] = str(args.ocr_max_pages)

    table = Table(title=f"Readers on {args.folder}", show_lines=False)
    for column in ("file", "format", "chars", "gazette", "pages", "first Số: line", "notes", "s"):
        table.add_column(column, overflow="fold")
    failures = 0
    started = time.perf_counter()
    files = listed_files(args.folder)
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
    print(f"{len(files)} files, {failures} unreadable, {total:.1f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
