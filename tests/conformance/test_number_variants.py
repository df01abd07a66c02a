"""Every spelling people type for a document number finds that document first.

Real documents from ``samples/`` (Sơn La gazette records, whose numbers repeat
across documents, and vbpl.vn / Công báo decrees, circulars, consolidated texts
and laws) are indexed on each backend; for each checked number, every variant
from :func:`indexer.number_variants.variants` must

- through ``lookup``, return exactly the documents that carry that number;
- typed into the search box, rank a document carrying that number first.

``scripts/bench_numbers.py`` runs the same check over every number of the
shared corpus and measures latency (docs/number-lookup.md).
"""

from __future__ import annotations

import gzip
import json
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from indexer.build import build_document
from indexer.number_variants import variants
from search_api.backends.base import SearchBackend
from search_api.models import SearchRequest
from search_api.service import SearchService
from vanban_core.analysis import canonical_number, find_numbers, number_key
from vanban_core.prepared import PreparedDocument, prepare
from vanban_core.schema import Document

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
# Full texts are cut to keep analysis fast; numbers come from the header or metadata.
TEXT_CHARS = 4000
FULL_TEXT_DOCS = {"vbpl-sample.jsonl.gz": 12, "phapluat-sample.jsonl.gz": 6}
# Sơn La numbers checked: every shared one, and every n-th of the others.
SONLA_STRIDE = 24


def _records(name: str) -> Iterator[dict[str, Any]]:
    path = SAMPLES / name
    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


@cache
def sample_corpus() -> tuple[tuple[PreparedDocument, ...], tuple[Document, ...]]:
    """Documents to index, and those whose numbers are checked (built once per run)."""
    indexed: dict[str, Document] = {}
    checked: list[Document] = []
    for name, limit in FULL_TEXT_DOCS.items():
        with_text = 0
        for position, record in enumerate(_records(name)):
            doc = build_document(record, fallback_key=f"{name}#{position}")
            if doc.text:
                if with_text >= limit:
                    continue
                with_text += 1
                doc = doc.model_copy(update={"text": doc.text[:TEXT_CHARS]})
            indexed[doc.id] = doc
            if doc.number:
                checked.append(doc)
    sonla = [
        build_document(r, fallback_key=f"congbao-sonla.jsonl#{i}")
        for i, r in enumerate(_records("congbao-sonla.jsonl"))
    ]
    indexed.update((d.id, d) for d in sonla)
    keys = [number_key(d.number or "") for d in sonla]
    shared = {k for k in keys if keys.count(k) > 1}
    distinct = list(dict.fromkeys(keys))
    picked = shared | set(distinct[::SONLA_STRIDE])
    checked.extend(d for d, k in zip(sonla, keys, strict=True) if k in picked)
    return tuple(prepare(d) for d in indexed.values()), tuple(checked)


def check_numbers(
    service: SearchService, documents: list[Document], checked: list[Document]
) -> list[str]:
    """Failures of lookup and search for every variant of every checked number,
    as lines "check: 'variant' (number) -> got"."""
    holders: dict[str, set[str]] = {}
    for doc in documents:
        if doc.number:
            holders.setdefault(number_key(doc.number), set()).add(doc.id)
    failures: list[str] = []
    seen: set[tuple[str, str | None]] = set()
    for doc in checked:
        assert doc.number
        if (doc.number, doc.doc_type) in seen:
            continue
        seen.add((doc.number, doc.doc_type))
        expected = holders[number_key(doc.number)]
        for variant in variants(doc.number, doc.doc_type):
            found = [d.id for d in service.lookup(variant, limit=len(expected) + 5)]
            if set(found) != expected:
                failures.append(f"lookup: {variant!r} ({doc.number}) -> {found}")
            page = service.search(SearchRequest(q=variant, size=len(expected) + 2))
            top = page.hits[0] if page.hits else None
            if top is None or top.id not in expected:
                got = f"{top.id} {top.number}" if top else "nothing"
                failures.append(f"search: {variant!r} ({doc.number}) -> {got}")
    return failures


def test_every_variant_of_every_number_finds_its_documents(backend: SearchBackend) -> None:
    prepared, checked = sample_corpus()
    report = backend.upsert(prepared)
    assert report.failed == {}
    documents = [p.document for p in prepared]
    failures = check_numbers(SearchService(backend), documents, list(checked))
    assert not failures, f"{len(failures)} variants failed:\n" + "\n".join(failures)


# The generator itself.


def test_variants_cover_the_spellings_people_type() -> None:
    got = variants("06/2013/QĐ-TTg", "Quyết định")
    assert got[0] == "06/2013/QĐ-TTg"
    for expected in [
        "06/2013/qđ-ttg",
        "06/2013/QD-TTg",
        "6/2013/QĐ-TTg",
        "06 2013 QĐ TTg",
        "06-2013-QĐ-TTg",
        "06.2013.QĐ.TTg",
        "06/2013/QĐ–TTg",
        "06/2013/QĐ - TTg",
        "Số: 06/2013/QĐ-TTg",
        "so 06/2013/QĐ-TTg",
        "Quyết định 06/2013/QĐ-TTg",
        "quyet dinh 06/2013/qd-ttg",
        "6 2013 qd ttg",
        "  06/2013/QĐ-TTg  ",
        unicodedata.normalize("NFD", "Quyết định số 06/2013/QĐ-TTg"),
    ]:
        assert expected in got
    assert len(got) == len(set(got))
    assert got == variants("06/2013/QĐ-TTg", "Quyết định")


def test_variants_fold_every_d_and_keep_dotted_serials() -> None:
    assert "12/2022/TT-BLDTBXH" in variants("12/2022/TT-BLĐTBXH", "Thông tư")
    assert "23/NQ-HDND" in variants("23/NQ-HĐND", None)
    dotted = variants("66.16/2026/NQ-CP", "Nghị quyết")
    assert all("66.16" in v for v in dotted)


def test_type_names_come_from_the_document_and_the_number() -> None:
    law = variants("41/2024/QH15", "Luật")
    assert "Luật số 41/2024/QH15" in law and "luat 41/2024/qh15" in law
    assert "Thông tư liên tịch 01/2022/TTLT-BCA" in variants("01/2022/TTLT-BCA", "TT Liên tịch")
    assert not any(v.startswith("Khác") for v in variants("5/QĐ-UBND", "Khác"))
    assert variants("", None) == []


@pytest.mark.parametrize(
    "number", ["06/2013/QĐ-TTg", "66.16/2026/NQ-CP", "01/2022/TTLT-VKSNDTC-TANDTC-BCA-BQP-BLĐTBXH"]
)
def test_every_variant_has_the_number_key(number: str) -> None:
    for variant in variants(number, None):
        assert number_key(variant) == number_key(number), variant


# Fixes in indexer/analysis/numbers.py found by these variants.


def test_dotted_serial_is_part_of_the_number() -> None:
    assert canonical_number("66.16/2026/NQ-CP") == "66.16/2026/NQ-CP"
    assert number_key("66.16/2026/NQ-CP") != number_key("16/2026/NQ-CP")
    assert number_key("so 66.16 2026 nq cp") == number_key("66.16/2026/NQ-CP")


def test_numbers_with_many_issuers_keep_them_all() -> None:
    number = "01/2022/TTLT-VKSNDTC-TANDTC-BCA-BQP-BLĐTBXH"
    assert canonical_number(number) == number
    assert number_key("01 2022 ttlt vksndtc tandtc bca bqp bldtbxh") == number_key(number)


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("1016/TB-VPCP thong bao", "1016/TB-VPCP"),
        ("1016 tb vpcp thong bao", "1016 tb vpcp"),
        ("1016 TB VPCP van phong chinh phu", "1016 TB VPCP"),
        ("Quyết định 06/2013/QĐ-TTg ve viec", "06/2013/QĐ-TTg"),
        ("41/2024/QH15 bhxh", "41/2024/QH15"),
        ("1016/TB-VPCP đã ban hành", "1016/TB-VPCP"),
        ("867 qd qlta", "867 qd qlta"),
        ("06/2013/QĐ TTg", "06/2013/QĐ TTg"),
        ("so 1333 TP-KHTC", "1333 TP-KHTC"),
        ("so 1333 tp khtc ve viec", "1333 tp khtc"),
        ("1333/TP KHTC thong bao", "1333/TP KHTC"),
        ("1333/TP ve viec", "1333/TP"),
    ],
)
def test_typed_numbers_end_where_the_words_begin(typed: str, number: str) -> None:
    found = find_numbers(typed, lenient=True)
    assert [typed[m.start : m.end] for m in found] == [number]


@pytest.mark.parametrize(
    "text",
    [
        "2014 thong bao",
        "nam 2014 da ban hanh",
        "ngày 25/02/2014 thong bao",
        # A year then a place: codes outside the tables after a year-like serial.
        "quy hoach 2024 TP HCM",
        "dieu 5 BLDS 2015",
    ],
)
def test_words_after_a_bare_number_are_not_a_number(text: str) -> None:
    assert find_numbers(text, lenient=True) == []
