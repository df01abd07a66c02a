"""Every real file of the shared corpus's files/ folder, read and built into a document
the way `vanban index` does, gives the right number, type and date.

Expected values are what each document states (read by hand from the files):
the scans' serial and day are handwritten; the consolidated 23/VBHN-VPQH excerpt
holds neither its number nor its date (its certification page is not in the file),
so the number comes from the file name and the date stays unknown; the
Constitutions carry no number. Scans are OCR'd on their first page only, where
the header is, to keep the suite fast (the whole scans are timed in
scripts/bench_indexing.py).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from indexer.build import build_from_read
from indexer.readers import read_file
from tests.readers.conftest import CORPUS, IN_CI, require_ocr, require_tools

FILES = CORPUS / "files"
D = dt.date
EXPECTED: dict[str, tuple[str | None, str, dt.date | None]] = {
    "congbao_pdf_scanned/thong-bao-so-02-2023-tb-lpqt-39022.pdf": (
        "02/2023/TB-LPQT",
        "Thông báo",
        D(2023, 1, 18),
    ),
    "congbao_pdf_scanned/thong-tu-so-58-2021-tt-bqp-33814.pdf": (
        "58/2021/TT-BQP",
        "Thông tư",
        D(2021, 6, 7),
    ),
    "congbao_pdf_text_layer/luat-so-51-2024-qh15-43559.pdf": (
        "51/2024/QH15",
        "Luật",
        D(2024, 11, 27),
    ),
    "congbao_pdf_text_layer/nghi-dinh-so-136-2026-nd-cp-469355.pdf": (
        "136/2026/NĐ-CP",
        "Nghị định",
        D(2026, 4, 7),
    ),
    "congbao_pdf_text_layer/nghi-quyet-so-113-nq-cp-469448.pdf": (
        "113/NQ-CP",
        "Nghị quyết",
        D(2026, 4, 25),
    ),
    "congbao_pdf_text_layer/nghi-quyet-so-78-2025-ubtvqh15-45003.pdf": (
        "78/2025/UBTVQH15",
        "Nghị quyết",
        D(2025, 5, 17),
    ),
    "congbao_pdf_text_layer/quyet-dinh-so-798-qd-ttg-469485.pdf": (
        "798/QĐ-TTg",
        "Quyết định",
        D(2026, 5, 5),
    ),
    "congbao_pdf_text_layer/thong-tu-so-02-2026-tt-btc-468745.pdf": (
        "02/2026/TT-BTC",
        "Thông tư",
        D(2026, 1, 1),
    ),
    "congbao_pdf_text_layer/van-ban-hop-nhat-so-466-vbhn-bldtbxh-44194.pdf": (
        "466/VBHN-BLĐTBXH",
        "Văn bản hợp nhất",
        D(2025, 2, 10),
    ),
    "congbao_pdf_text_layer/vbpl-147294_congbao-2020-so-1093-1094_23-VBHN-VPQH.pdf": (
        "23/VBHN-VPQH",
        "Văn bản hợp nhất",
        None,
    ),
    "congbao_pdf_text_layer/vbpl-32801_congbao-2013-so-1003-1004_Hien-phap-2013.pdf": (
        None,
        "Hiến pháp",
        D(2013, 11, 28),
    ),
    "doc/anle-TAND014305_An-le-so-07-2016.doc": ("07/2016/AL", "Án lệ", D(2016, 10, 3)),
    "doc/vbpl-11234_68-LCT-HDNN8_Hien-phap-1992.doc": (None, "Hiến pháp", D(1992, 4, 15)),
    "doc/vbpl-27621_15-2012-QH13.doc": ("15/2012/QH13", "Luật", D(2012, 6, 20)),
    "doc/vbpl-889_Hien-phap-1959.doc": (None, "Hiến pháp", D(1959, 12, 31)),
    "docx/anle-TAND014298_An-le-so-02-2016.docx": ("02/2016/AL", "Án lệ", D(2016, 4, 6)),
    "docx/anle-TAND014326_An-le-so-15.docx": ("15/2017/AL", "Án lệ", D(2017, 12, 14)),
    "docx/anle-TAND057532_An-le-so-17-2018.docx": ("17/2018/AL", "Án lệ", D(2018, 10, 17)),
    "html_vbpl/vbpl-186731_attributes_tab.html": (
        "8376/VBHN-BTP",
        "Văn bản hợp nhất",
        D(2025, 12, 18),
    ),
    "html_vbpl/vbpl-187193_doc_000001.html": ("249/2025/NĐ-CP", "Nghị định", D(2025, 9, 19)),
    "pdf_other/anle-TAND281184_An-le-so-53-2022.pdf": ("53/2022/AL", "Án lệ", D(2022, 9, 7)),
}


def _listed() -> list[str]:
    manifest = FILES / "manifest.jsonl"
    if not manifest.exists():
        if IN_CI:
            pytest.fail(f"shared corpus not found at {FILES}")
        pytest.skip(f"shared corpus not found at {FILES}")
    return [json.loads(line)["path"] for line in manifest.read_text().splitlines() if line]


def test_every_listed_file_has_an_expectation() -> None:
    assert sorted(_listed()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_ingests_with_its_number_type_and_date(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _listed()
    require_tools("pdftotext", "pdfinfo", "catdoc")
    if "scanned" in name:
        require_ocr()
        monkeypatch.setenv("VANBAN_OCR_MAX_PAGES", "1")
    parts = read_file(FILES / name)
    assert len(parts) == 1
    document = build_from_read(parts[0], key=name, position=0, sole=True)
    assert (document.number, document.doc_type, document.issued_date) == EXPECTED[name]
