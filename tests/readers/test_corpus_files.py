"""Every file of the shared corpus's files/ folder, read and built into a document
the way `vanban index` does, gives the right number, type and date.

The suite reads excerpts of those files kept in the repository
(`tests/fixtures/corpus_files/`, same names, built by build_fixtures.py: PDFs
cut to the pages that state number and date, Word and HTML files gzipped), so
it passes from a clone anywhere. The whole files are checked against the same
expectations by `scripts/verify_corpus_files.py`.

Expected values (`expected.json`) are what each document states, read by hand:
the scans' serial and day are handwritten; the consolidated 23/VBHN-VPQH excerpt
holds neither its number nor its date (its certification page is not in the file),
so the number comes from the file name and the date stays unknown; the
Constitutions carry no number. Scans are OCR'd on their first page only, where
the header is (the whole scans are timed in scripts/bench_indexing.py).
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pytest

from indexer.build import build_from_read
from indexer.readers import read_file
from tests.readers.conftest import require_ocr, require_tools

EXCERPTS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus_files"
EXPECTED: dict[str, dict[str, object]] = json.loads(
    (EXCERPTS / "expected.json").read_text(encoding="utf-8")
)


def expected_of(name: str) -> tuple[object, object, dt.date | None]:
    entry = EXPECTED[name]
    date = entry["issued_date"]
    return entry["number"], entry["doc_type"], dt.date.fromisoformat(str(date)) if date else None


def unpacked(name: str, folder: Path) -> Path:
    """The excerpt of corpus file ``name``, under its own name (a number in a name is read)."""
    packed = EXCERPTS / f"{name}.gz"
    if not packed.exists():
        return EXCERPTS / name
    target = folder / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(gzip.decompress(packed.read_bytes()))
    return target


def test_every_excerpt_has_an_expectation() -> None:
    kept = {
        str(path.relative_to(EXCERPTS)).removesuffix(".gz")
        for path in EXCERPTS.rglob("*")
        if path.is_file() and path.name != "expected.json"
    }
    assert kept == set(EXPECTED)
    assert len(EXPECTED) == 21  # the corpus's files/ folder, one excerpt each


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_ingests_with_its_number_type_and_date(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_tools("pdftotext", "pdfinfo", "catdoc")
    if "scanned" in name:
        require_ocr()
        monkeypatch.setenv("VANBAN_OCR_MAX_PAGES", "1")
    path = unpacked(name, tmp_path)
    parts = read_file(path)
    assert len(parts) == 1
    document = build_from_read(parts[0], key=name, position=0, sole=True)
    assert (document.number, document.doc_type, document.issued_date) == expected_of(name)
