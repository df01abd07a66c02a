#!/usr/bin/env python3
"""Number lookup robustness: every spelling of every number in the corpus, on each backend.

Indexes the numbered sources of the shared corpus (vbpl.vn snapshots, Công báo
"phapluat 8 chủ đề", Sơn La gazette metadata) through the indexing pipeline
into a fresh SQLite store and, with ``--es-url URL`` or ``--start-es``, into a
fresh Elasticsearch alias. Then, for every document number and every variant
from :func:`indexer.number_variants.variants` (case, QĐ/QD, separators,
dashes, zeros, "Số:", type names, NFD, whitespace), it checks that

- ``lookup`` returns exactly the documents carrying that number (several
  documents may share one: every province issues "…/QĐ-UBND");
- the variant typed into the search box ranks a document with that number first,

and times both calls. Writes docs/number-lookup.md. Rerun with::

    .venv/bin/python scripts/bench_numbers.py --start-es

The check runs with result snippets turned off, because a snippet scans the
whole text of its hit (costly for long decrees) and does not change the
ranking; end-to-end latency, snippets included, is then timed on every
``--latency-every``-th variant with a normal page of 10 results. ``--limit N``
checks the first N numbers only (the report says so); ``--db PATH`` keeps the
SQLite store and reuses it on the next run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from unittest.mock import patch

from _bench import CORPUS, ROOT, es_version, index_timed, local_es, machine

from indexer.number_variants import variants
from search_api.backends.base import SearchBackend
from search_api.backends.sqlite import SqliteBackend
from search_api.models import SearchRequest
from search_api.service import SearchService
from vanban_core.analysis import number_key
from vanban_core.schema import Document

SOURCES = [
    CORPUS / "vbpl_html_snapshots" / "docs.jsonl.gz",
    CORPUS / "phapluat_8chude" / "docs.jsonl.gz",
    CORPUS / "congbao_sonla_metadata" / "van_ban.jsonl",
]
COMMAND = ".venv/bin/python scripts/bench_numbers.py --start-es"
LISTED_FAILURES = 60
EXAMPLES_PER_CAUSE = 8
# Causes of the failures found so far, recognized from the check, the variant and the number.
CAUSES: dict[str, tuple[Callable[[str, str, str], bool], str]] = {
    "spelling read as another number": (
        lambda _check, variant, number: number_key(variant) != number_key(number),
        "`number_key` reads another number, or none, from this spelling: see how a "
        "typed number is read, below",
    ),
}


# How a typed number is read (indexer/analysis/numbers.py), for the report.
READING = [
    "## How a typed number is read",
    "",
    "`indexer/analysis/numbers.py` turns every variant into one key",
    '(`06/2013/QĐ-TTg` → `6-2013-qd-ttg`). Its search-box ("lenient") reading:',
    "",
    "- parts joined by `/`, `-`, `.` or `_` (after dash and NFC normalization)",
    "  belong to the number, up to eight code parts",
    "  (`01/2022/TTLT-VKSNDTC-TANDTC-BCA-BQP-BLĐTBXH`);",
    "- a serial keeps its dotted sub-number (`66.16/2026/NQ-CP` is not",
    "  `16/2026/NQ-CP`);",
    "- a part joined by spaces only belongs to the number when it is a code, not a",
    "  word: the first one is in the code tables (`1016 tb vpcp`), or has a shape no",
    "  Vietnamese syllable has and is followed by another such part, after a serial",
    "  that is not a year (`1333 TP KHTC`, but not `2024 TP HCM`, `2014 thong bao`",
    "  or `nam 2014 da ban hanh`); later ones are table codes or syllable-less",
    "  shapes (`867 qd qlta`), and only while the number is spaced or right after a",
    "  type code or an unlisted code (`06/2013/QĐ TTg`, `1333/TP KHTC`). So",
    "  `1016/TB-VPCP thong bao` and `41/2024/QH15 bhxh` end before the words;",
    "- a number-only query whose number no document has or cites is searched",
    "  again as words (`12 TP HCM` may be a district, not a number).",
]


@dataclass
class Result:
    backend: str
    indexed: int = 0
    index_seconds: float = 0.0
    numbers: int = 0
    variants: int = 0
    lookup_ok: int = 0
    search_ok: int = 0
    numbers_all_ok: int = 0
    lookup_ms: list[float] = field(default_factory=list)
    search_ms: list[float] = field(default_factory=list)  # snippets off
    page_ms: list[float] = field(default_factory=list)  # page of 10, snippets on
    failures: list[dict[str, str]] = field(default_factory=list)


def snippets_off() -> AbstractContextManager[object]:
    """Hits without snippet text for the duration: what ranking checks need, at no cost.

    Every backend builds its hits with search_api.highlight.make_hit, which calls that
    module's ``snippet``.
    """
    return patch("search_api.highlight.snippet", return_value="")


def index(backend: SearchBackend, work: Path, workers: int) -> tuple[int, float]:
    report, seconds = index_timed(backend, SOURCES, work, workers)
    if report.failed:
        print(f"{backend.name}: {len(report.failed)} units failed, e.g. {report.failed[:3]}")
    return report.indexed + report.updated, seconds


def numbered(documents: list[Document]) -> tuple[dict[str, set[str]], dict[str, list[str]]]:
    """Ids by number key, and every distinct number with its variants, in a fixed order.

    A number carried by documents of several types gets the type names of all.
    """
    holders: dict[str, set[str]] = {}
    types: dict[str, dict[str | None, None]] = {}
    for doc in sorted(documents, key=lambda d: d.id):
        if doc.number and number_key(doc.number):
            holders.setdefault(number_key(doc.number), set()).add(doc.id)
            types.setdefault(doc.number, {})[doc.doc_type] = None
    spellings = {
        number: list(dict.fromkeys(v for t in doc_types for v in variants(number, t)))
        for number, doc_types in types.items()
    }
    return holders, spellings


def time_pages(result: Result, service: SearchService, sample: list[str]) -> None:
    """End-to-end search latency, snippets included, on a page of 10 results."""
    for variant in sample:
        started = time.perf_counter()
        service.search(SearchRequest(q=variant))
        result.page_ms.append((time.perf_counter() - started) * 1000)


def check(
    name: str, service: SearchService, holders: dict[str, set[str]], spellings: dict[str, list[str]]
) -> Result:
    """Lookup and search-box checks of every variant, snippets off."""
    with snippets_off():
        return _check(name, service, holders, spellings)


def _check(
    name: str, service: SearchService, holders: dict[str, set[str]], spellings: dict[str, list[str]]
) -> Result:
    result = Result(name, numbers=len(spellings))
    for count, (number, number_variants) in enumerate(spellings.items(), 1):
        expected = holders[number_key(number)]
        all_ok = True
        for variant in number_variants:
            result.variants += 1
            started = time.perf_counter()
            found = service.lookup(variant, limit=len(expected) + 5)
            result.lookup_ms.append((time.perf_counter() - started) * 1000)
            got = [d.id for d in found]
            if set(got) == expected:
                result.lookup_ok += 1
            else:
                all_ok = False
                result.failures.append(_failure("lookup", variant, number, ", ".join(got)))
            started = time.perf_counter()
            page = service.search(SearchRequest(q=variant, size=len(expected) + 2))
            result.search_ms.append((time.perf_counter() - started) * 1000)
            top = page.hits[0] if page.hits else None
            if top is not None and top.id in expected:
                result.search_ok += 1
            else:
                all_ok = False
                got_top = f"{top.number or '-'} ({top.id})" if top else "nothing"
                result.failures.append(_failure("search", variant, number, got_top))
        result.numbers_all_ok += all_ok
        if count % 100 == 0:
            print(f"{name}: {count}/{len(spellings)} numbers", file=sys.stderr)
    return result


def _failure(check_name: str, variant: str, number: str, got: str) -> dict[str, str]:
    cause = next((c for c, (test, _) in CAUSES.items() if test(check_name, variant, number)), "")
    return {"check": check_name, "variant": variant, "number": number, "got": got, "cause": cause}


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def rate(ok: int, total: int) -> str:
    return f"{ok}/{total} ({100 * ok / total:.2f} %)" if total else "-"


def markdown(results: list[Result], limit: int | None, started: str, every: int, host: str) -> str:
    lines = [
        "# Number lookup robustness",
        "",
        "Every document number in the shared corpus (vbpl.vn snapshots, Công báo",
        '"phapluat 8 chủ đề", Sơn La gazette metadata), spelled every way',
        "`indexer/number_variants.py` generates: upper, lower and mixed case; QĐ → QD",
        "and every other Đ folded; `/` and `-` replaced by spaces, `-`, `.` or each",
        "other; en dash, em dash, minus sign, spaces around dashes; leading zeros",
        "dropped or added; `Số:`, `số`, `so` in front; the type name in front (from",
        "the document's type and the number's type code, with and without \"số\",",
        "with and without diacritics); NFD; surrounding whitespace.",
        "",
        "- **lookup**: `SearchService.lookup(variant)` returns exactly the documents",
        "  that carry the number (numbers are shared: every province issues",
        "  `…/QĐ-UBND`, and the same law appears in two sources);",
        "- **search box**: `SearchService.search(q=variant)` ranks a document with",
        "  that number first.",
        "",
        f"Produced by `{COMMAND}` on {started}"
        + (f", first {limit} numbers only" if limit else "")
        + ".",
        f"Machine: {host}.",
        "Latencies are through `SearchService` (query planning included), one call at",
        "a time: lookup and search over every variant with snippets off (as checked;",
        "snippets do not change ranking), and a normal page of 10 results with",
        f"snippets on every {every}th variant. A snippet scans every word of its hit,",
        "so that page costs more when long decrees are among the hits; the number",
        "match itself costs what the search column shows.",
        "",
        "| backend | documents | numbers | variants | lookup first hit | search first hit "
        "| numbers with every variant right |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.backend} | {r.indexed} | {r.numbers} | {r.variants} "
            f"| {rate(r.lookup_ok, r.variants)} | {rate(r.search_ok, r.variants)} "
            f"| {rate(r.numbers_all_ok, r.numbers)} |"
        )
    lines += [
        "",
        "| backend | lookup p50 | p95 | p99 | search p50 | p95 | p99 "
        "| page of 10 with snippets p50 | p95 | p99 | indexing |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        cells = [
            percentile(values, q)
            for values in (r.lookup_ms, r.search_ms, r.page_ms)
            for q in (50, 95, 99)
        ]
        lines.append(
            f"| {r.backend} | "
            + " | ".join(f"{c:.1f} ms" for c in cells)
            + (f" | {r.index_seconds:.0f} s |" if r.index_seconds else " | (store reused) |")
        )
    lines += ["", *READING, "", "## Failures", ""]
    for r in results:
        lines.append(f"### {r.backend}: {len(r.failures)}")
        lines.append("")
        if not r.failures:
            lines += ["None.", ""]
            continue
        by_cause = Counter(f["cause"] or "unexplained" for f in r.failures)
        for cause, n in by_cause.most_common():
            why = CAUSES[cause][1] if cause in CAUSES else "not yet explained"
            lines.append(f"- {cause} ({n}): {why}")
        # Unexplained failures first and all of them; then a few examples of each cause.
        listed: list[dict[str, str]] = [f for f in r.failures if not f["cause"]]
        for cause in CAUSES:
            listed += [f for f in r.failures if f["cause"] == cause][:EXAMPLES_PER_CAUSE]
        lines += ["", "| check | variant | number | got | cause |", "|---|---|---|---|---|"]
        for f in listed[:LISTED_FAILURES]:
            lines.append(
                f"| {f['check']} | `{f['variant']!r}` | {f['number']} | {f['got']} "
                f"| {f['cause'] or 'unexplained'} |"
            )
        if len(r.failures) > len(listed[:LISTED_FAILURES]):
            more = len(r.failures) - len(listed[:LISTED_FAILURES])
            lines.append(f"| … | {more} more (`--json FILE` lists them all) | | | |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--es-url", help="also check on this Elasticsearch")
    parser.add_argument("--start-es", action="store_true", help="start a local node to check on")
    parser.add_argument("--no-sqlite", action="store_true", help="skip the embedded store")
    parser.add_argument("--limit", type=int, help="check only the first N numbers")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--db", type=Path, help="SQLite store to fill, or reuse when it has data")
    parser.add_argument(
        "--latency-every", type=int, default=200, help="time a page with snippets every N variants"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "number-lookup.md")
    parser.add_argument("--no-write", action="store_true", help="do not write the report")
    parser.add_argument("--json", type=Path, help="write every failure and figure as JSON here")
    args = parser.parse_args(argv)

    with local_es(args.es_url, args.start_es) as es_url:
        version = es_version(es_url) if es_url else None
        started = time.strftime("%Y-%m-%d")
        work = Path(tempfile.mkdtemp(prefix="vanban-bench-numbers-"))
        embedded = SqliteBackend(args.db or work / "numbers.db")
        count, seconds = embedded.count(), 0.0
        if not count:
            count, seconds = index(embedded, work, args.workers)
        print(f"SQLite: {count} documents, indexed in {seconds:.0f} s", file=sys.stderr)
        holders, spellings = numbered(list(embedded.iter_documents()))
        if args.limit:
            spellings = dict(list(spellings.items())[: args.limit])
        total = sum(len(v) for v in spellings.values())
        print(f"{len(spellings)} numbers, {total} variants to check", file=sys.stderr)
        every = max(1, args.latency_every)
        sample = [v for vs in spellings.values() for v in vs][::every]

        results: list[Result] = []
        if not args.no_sqlite:
            result = check("SQLite", SearchService(embedded), holders, spellings)
            time_pages(result, SearchService(embedded), sample)
            result.indexed, result.index_seconds = count, seconds
            results.append(result)
        embedded.close()
        if es_url:
            from search_api.backends.elasticsearch import ElasticsearchBackend

            es = ElasticsearchBackend(es_url, index=f"vanban-bench-numbers-{int(time.time())}")
            try:
                es_count, es_seconds = index(es, work, args.workers)
                es.client.indices.refresh(index=es.alias)
                print(f"Elasticsearch: {es_count} documents in {es_seconds:.0f} s", file=sys.stderr)
                result = check("Elasticsearch", SearchService(es), holders, spellings)
                time_pages(result, SearchService(es), sample)
                result.indexed, result.index_seconds = es_count, es_seconds
                results.append(result)
            finally:
                es.drop()
                es.close()
    shutil.rmtree(work, ignore_errors=True)  # the temporary store and index states

    report = markdown(results, args.limit, started, every, machine(version))
    print(report)
    if not args.no_write:
        args.out.write_text(report, encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    if args.json:
        payload = [
            {
                "backend": r.backend,
                "indexed": r.indexed,
                "index_seconds": r.index_seconds,
                "numbers": r.numbers,
                "variants": r.variants,
                "lookup_ok": r.lookup_ok,
                "search_ok": r.search_ok,
                "lookup_ms": {q: percentile(r.lookup_ms, q) for q in (50, 95, 99)},
                "search_ms": {q: percentile(r.search_ms, q) for q in (50, 95, 99)},
                "page_ms": {q: percentile(r.page_ms, q) for q in (50, 95, 99)},
                "failures": r.failures,
            }
            for r in results
        ]
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if all(not r.failures for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
