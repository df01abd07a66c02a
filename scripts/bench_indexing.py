#!/usr/bin/env python3
"""Indexing throughput on the whole shared corpus, per source, embedded and Elasticsearch.

Indexes every source of ../shared/corpus in turn into one fresh embedded store
(and, with --es-url or --start-es, into one fresh Elasticsearch alias) through
the same pipeline as `vanban index` (indexer.pipeline.Indexer, worker processes),
and measures for each source: wall time, units/s, documents/s, MB of document
text/s, peak RSS of the main process (RUSAGE_SELF) and of its workers and their
tools (RUSAGE_CHILDREN), size of the store on disk afterwards, and the failures
and warnings with their reasons. Each source runs in a process of its own, so
its peak RSS is its own. The two scanned Công báo PDFs need OCR (about two
minutes): they are a row of their own, or skipped with --skip-ocr. Whatever in
the corpus is not indexed is listed with the reason. First, the analysis is
compared with plain pyvi on the same texts in the same process
(scripts/bench_analysis.py: CPU per core, segmentation compared token by token,
store bytes per document); `--analysis-only` runs just that. The tables go to
docs/indexing.md (between the bench markers) and to stdout. Rerun with:

    .venv/bin/python scripts/bench_indexing.py --start-es
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _bench import CORPUS, ROOT, es_version, local_es, machine

OUT = ROOT / "docs" / "indexing.md"
START = "<!-- bench_indexing:start -->"
END = "<!-- bench_indexing:end -->"
COMMAND = ".venv/bin/python scripts/bench_indexing.py --start-es"


@dataclass(frozen=True)
class Source:
    name: str
    paths: tuple[str, ...]  # relative to the corpus folder
    ocr: bool = False


SOURCES = (
    Source("seeds/", ("seeds",)),
    Source(
        "files/ (text-layer PDF, .doc, .docx, HTML)",
        (
            "files/congbao_pdf_text_layer",
            "files/doc",
            "files/docx",
            "files/html_vbpl",
            "files/pdf_other",
        ),
    ),
    Source("files/congbao_pdf_scanned (OCR)", ("files/congbao_pdf_scanned",), ocr=True),
    Source("congbao_sonla_metadata/van_ban.jsonl", ("congbao_sonla_metadata/van_ban.jsonl",)),
    Source("phapluat_8chude/docs.jsonl.gz", ("phapluat_8chude/docs.jsonl.gz",)),
    Source("vbpl_html_snapshots/docs.jsonl.gz", ("vbpl_html_snapshots/docs.jsonl.gz",)),
    Source("alqac_law_corpus/articles.jsonl", ("alqac_law_corpus/articles.jsonl",)),
)
# Files of the corpus that are deliberately not indexed, and why.
NOT_DOCUMENTS = {
    "README.md": "the corpus description",
    "files/manifest.jsonl": "a catalogue of files/, not documents",
    "congbao_sonla_metadata/original/": "the raw SQL dump van_ban.jsonl was converted from",
    "phapluat_8chude/original/": "the source repository's catalogue (index.json)",
    "alqac_law_corpus/law.json": "the same 2,249 articles as articles.jsonl, as one JSON array",
    "alqac_law_corpus/law-id-mapping.json": "law code -> law name, not a document",
    "dev-queries/": "evaluation queries and judgments, not documents",
}


@dataclass
class Result:
    source: str
    backend: str
    units: int = 0
    documents: int = 0
    stored: int = 0
    failed: int = 0
    warnings: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    load: float = 0.0
    text_bytes: int = 0
    rss_main_mb: float = 0.0
    rss_workers_mb: float = 0.0
    store_bytes: int = 0
    failure_reasons: list[tuple[str, int, str]] = field(default_factory=list)
    warning_reasons: list[tuple[str, int, str]] = field(default_factory=list)
    crashed: str | None = None
    skipped: str | None = None


# -- one source, in a process of its own ------------------------------------------------


def _reason_groups(lines: list[tuple[str, str]]) -> list[tuple[str, int, str]]:
    """(reason with numbers as N, count, one example source), most frequent first."""
    counts: Counter[str] = Counter()
    example: dict[str, str] = {}
    for source, reason in lines:
        key = re.sub(r"\d[\d,.]*", "N", reason)[:160]
        counts[key] += 1
        example.setdefault(key, source)
    return [(key, n, example[key]) for key, n in counts.most_common()]


def _unit_prefix(path: Path) -> str:
    """What every unit key of ``path`` starts with (see indexer.sources)."""
    if path.is_dir():
        return str(path) + os.sep
    if path.name.lower().endswith((".jsonl", ".jsonl.gz", ".ndjson")):
        return f"{path}#"
    return str(path)


def _cpu_seconds() -> float:
    """User + system CPU of this process and of every child it reaped (workers, tools)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_child(spec: dict[str, Any]) -> dict[str, Any]:
    from indexer.pipeline import Indexer
    from indexer.state import IndexState
    from search_api.backends.base import SearchBackend

    backend: SearchBackend
    if spec["backend"] == "sqlite":
        from search_api.backends.sqlite import SqliteBackend

        backend = SqliteBackend(spec["db"])
    else:
        from search_api.backends.elasticsearch import ElasticsearchBackend

        backend = ElasticsearchBackend(spec["es_url"], index=spec["alias"], timeout=120)
    state = IndexState(Path(spec["state"]))
    paths = [Path(p) for p in spec["paths"]]
    units = 0

    def progress(n: int) -> None:
        nonlocal units
        units += n

    indexer = Indexer(backend, state, workers=spec["workers"], on_progress=progress)
    cpu_before = _cpu_seconds()
    started = time.perf_counter()
    report = indexer.run(paths)
    seconds = time.perf_counter() - started
    cpu = _cpu_seconds() - cpu_before
    self_usage = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)

    ids: set[str] = set()
    for path in paths:
        for key in state.keys_under(_unit_prefix(path)):
            ids.update(state.ids(key))
    text_bytes = 0
    for doc_id in sorted(ids):
        doc = backend.get(doc_id)
        if doc is not None:
            text_bytes += len(doc.text.encode("utf-8"))
    warnings = [(w.split(": ", 1)[0], w.split(": ", 1)[-1]) for w in report.warnings]
    result = {
        "units": units,
        "documents": report.indexed + report.updated,
        "stored": len(ids),
        "failed": len(report.failed),
        "warnings": len(report.warnings),
        "seconds": seconds,
        "cpu_seconds": cpu,
        "load": os.getloadavg()[0],
        "text_bytes": text_bytes,
        "rss_main_mb": self_usage.ru_maxrss / 1024,
        "rss_workers_mb": children.ru_maxrss / 1024,
        "failure_reasons": _reason_groups(
            [(f.source, f"[{f.stage}] {f.reason}") for f in report.failed]
        ),
        "warning_reasons": _reason_groups(warnings),
    }
    state.close()
    client = getattr(backend, "client", None)  # Elasticsearch only
    if client is not None:
        client.indices.refresh(index=spec["alias"])
        client.indices.flush(index=spec["alias"])
        stats = client.indices.stats(index=spec["alias"], metric="store")
        result["store_bytes"] = int(stats["_all"]["primaries"]["store"]["size_in_bytes"])
    backend.close()  # SQLite: the last connection checkpoints the WAL into the file
    if spec["backend"] == "sqlite":
        db = Path(spec["db"])
        files = [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")]
        result["store_bytes"] = sum(p.stat().st_size for p in files if p.exists())
    return result


# -- the whole corpus ---------------------------------------------------------------------


def bench(
    backend: str, sources: list[Source], work: Path, workers: int, es_url: str | None
) -> list[Result]:
    alias = f"vanban-bench-indexing-{uuid.uuid4().hex[:8]}"
    results: list[Result] = []
    for source in sources:
        spec = {
            "backend": backend,
            "db": str(work / f"{backend}.db"),
            "state": str(work / f"{backend}.state"),
            "es_url": es_url,
            "alias": alias,
            "workers": workers,
            "paths": [str(CORPUS / p) for p in source.paths],
        }
        print(f"[{backend}] {source.name} ...", file=sys.stderr, flush=True)
        process = subprocess.run(
            [sys.executable, __file__, "--child", json.dumps(spec)],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        result = Result(source.name, backend)
        if process.returncode != 0 or not process.stdout.strip():
            tail = (process.stderr.strip().splitlines() or ["(no output)"])[-1]
            result.crashed = f"exit {process.returncode}: {tail}"
        else:
            data = json.loads(process.stdout.strip().splitlines()[-1])
            for name, value in data.items():
                setattr(result, name, value)
        print(f"[{backend}] {source.name}: {summary(result)}", file=sys.stderr, flush=True)
        results.append(result)
    if backend == "elasticsearch" and es_url:
        from search_api.backends.elasticsearch import ElasticsearchBackend

        ElasticsearchBackend(es_url, index=alias).drop()
    return results


def summary(r: Result) -> str:
    if r.crashed:
        return f"CRASHED ({r.crashed})"
    return (
        f"{r.units} units, {r.documents} documents, {r.failed} failed, "
        f"{r.warnings} warnings in {r.seconds:.1f} s"
    )


def not_indexed(sources: list[Source], skipped: list[Source]) -> list[tuple[str, str]]:
    """Every file of the corpus no benchmarked source covers, with the reason."""
    covered = [CORPUS / p for s in sources for p in s.paths]
    left = [CORPUS / p for s in skipped for p in s.paths]
    rows: list[tuple[str, str]] = []
    for path in sorted(p for p in CORPUS.rglob("*") if p.is_file()):
        relative = path.relative_to(CORPUS).as_posix()
        if any(path == c or c in path.parents for c in covered):
            continue
        if any(path == c or c in path.parents for c in left):
            rows.append((relative, "left out by --skip-ocr / --only"))
            continue
        reason = next(
            (why for prefix, why in NOT_DOCUMENTS.items() if relative.startswith(prefix)),
            "not part of any benchmarked source",
        )
        rows.append((relative, reason))
    return rows


def _mb(n: float) -> str:
    return f"{n / 1024**2:.2f}"


def _rate(n: float, seconds: float, digits: int = 1) -> str:
    return f"{n / seconds:,.{digits}f}" if seconds > 0 else "–"


def table(results: list[Result]) -> list[str]:
    lines = [
        "| source | units | documents | distinct ids | failed | warnings | wall (s) | CPU (s) "
        "| units/s | documents/s | text (MB) | text MB/s | peak RSS main (MB) "
        "| peak RSS workers (MB) | store after (MB) | load |",
        "|---|" + "---:|" * 15,
    ]
    for r in results:
        if r.crashed:
            lines.append(f"| {r.source} | crashed: {r.crashed} |" + " |" * 14)
            continue
        lines.append(
            f"| {r.source} | {r.units:,} | {r.documents:,} | {r.stored:,} | {r.failed} "
            f"| {r.warnings} "
            f"| {r.seconds:.1f} | {r.cpu_seconds:.1f} | {_rate(r.units, r.seconds)} "
            f"| {_rate(r.documents, r.seconds)} "
            f"| {_mb(r.text_bytes)} | {_rate(r.text_bytes / 1024**2, r.seconds, 3)} "
            f"| {r.rss_main_mb:.0f} | {r.rss_workers_mb:.0f} | {_mb(r.store_bytes)} "
            f"| {r.load:.1f} |"
        )
    done = [r for r in results if not r.crashed]
    for label, rows in (
        ("all but OCR", [r for r in done if "(OCR)" not in r.source]),
        ("total", done),
    ):
        if label == "all but OCR" and len(rows) == len(done):
            continue
        units = sum(r.units for r in rows)
        docs = sum(r.documents for r in rows)
        text = sum(r.text_bytes for r in rows)
        seconds = sum(r.seconds for r in rows)
        lines.append(
            f"| **{label}** | {units:,} | {docs:,} | {sum(r.stored for r in rows):,} "
            f"| {sum(r.failed for r in rows)} "
            f"| {sum(r.warnings for r in rows)} | {seconds:.1f} "
            f"| {sum(r.cpu_seconds for r in rows):.1f} | {_rate(units, seconds)} "
            f"| {_rate(docs, seconds)} | {_mb(text)} | {_rate(text / 1024**2, seconds, 3)} "
            f"| {max((r.rss_main_mb for r in rows), default=0):.0f} "
            f"| {max((r.rss_workers_mb for r in rows), default=0):.0f} "
            f"| {_mb(rows[-1].store_bytes) if rows else '–'} | |"
        )
    return lines


def reasons(results: list[Result]) -> list[str]:
    lines: list[str] = []
    for r in results:
        for kind, groups in (("failed", r.failure_reasons), ("warning", r.warning_reasons)):
            for reason, count, example in groups:
                name = Path(example).name
                lines.append(f"| {r.source} | {kind} | {count} | {reason} | `{name}` |")
    if not lines:
        return ["No failures and no warnings."]
    return [
        "| source | kind | count | reason (numbers shown as N) | example |",
        "|---|---|---:|---|---|",
        *lines,
    ]


def render(
    runs: dict[str, list[Result]],
    skipped: list[tuple[str, str]],
    args: argparse.Namespace,
    es: str | None,
    load: tuple[float, float],
) -> str:
    given = " ".join(
        a
        for i, a in enumerate(sys.argv[1:], start=1)
        if not a.startswith("--out") and sys.argv[i - 1] != "--out"
    )
    command = f".venv/bin/python scripts/bench_indexing.py {given}".strip()
    lines = [
        START,
        f"Measured {dt.date.today().isoformat()} with `{command}`",
        f"({args.workers} worker processes; each source in a process of its own, indexed in",
        'turn into one fresh store, so "store after" is the size once that source is in).',
        "",
        f"Machine: {machine(es)}.",
        "",
        "*Wall* times depend on what else the machine runs: `load` is the 1-minute load",
        f"average when the source finished (from {load[0]:.1f} at the start to {load[1]:.1f} at",
        "the end; above 2 on 2 cores, other work took CPU from the benchmark). *CPU* is user +",
        "system time of the indexing process, its workers and the tools they ran (pdftotext,",
        "catdoc, tesseract), not of the Elasticsearch server; it varies much less with load.",
        "",
    ]
    titles = {"sqlite": "Embedded store (SQLite FTS5)", "elasticsearch": "Elasticsearch"}
    for backend, results in runs.items():
        lines += [f"### {titles[backend]}", "", *table(results), ""]
    first = next(iter(runs.values()))
    lines += [
        "Failures and warnings, by reason (embedded run; the Elasticsearch run reads the same",
        "files the same way):",
        "",
        *reasons(first),
        "",
        "Not indexed:",
        "",
        "| file | why |",
        "|---|---|",
        *(f"| `{path}` | {why} |" for path, why in skipped),
        END,
    ]
    return "\n".join(lines)


def write(out: Path, block: str) -> None:
    if out.exists() and START in (text := out.read_text(encoding="utf-8")) and END in text:
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1]
        out.write_text(before + block + after, encoding="utf-8")
    else:
        out.write_text("# Indexing\n\n## Throughput\n\n" + block + "\n", encoding="utf-8")
    print(f"wrote {out}", file=sys.stderr)


ANALYSIS_START = "<!-- bench_analysis:start -->"
ANALYSIS_END = "<!-- bench_analysis:end -->"


def analysis_block() -> str:
    """The side-by-side comparison with plain pyvi on every source but the scans (their
    OCR, not their analysis, is what costs)."""
    from bench_analysis import compare, render

    paths = [CORPUS / p for s in SOURCES if not s.ocr for p in s.paths]
    load = os.getloadavg()[0]
    result = compare(paths)
    lines = [
        ANALYSIS_START,
        f"Measured {dt.date.today().isoformat()} (`scripts/bench_indexing.py`, load average "
        f"{load:.1f} → {os.getloadavg()[0]:.1f}; CPU time of one process, so load matters "
        "little).",
        "",
        *render(result),
        ANALYSIS_END,
    ]
    return "\n".join(lines)


SCALING_START = "<!-- bench_scaling:start -->"
SCALING_END = "<!-- bench_scaling:end -->"
SCALING_SOURCE = SOURCES[5]  # vbpl.vn: 854 documents of real text, no OCR


def scaling_block(worker_counts: list[int], rounds: int) -> str:
    """Wall time of one source with each worker count, interleaved (1, 2, 1, 2 …)
    so the machine's other load falls on every count alike."""
    walls: dict[int, list[float]] = {n: [] for n in worker_counts}
    cpus: dict[int, list[float]] = {n: [] for n in worker_counts}
    documents = 0
    load_before = os.getloadavg()[0]
    for _ in range(rounds):
        for workers in worker_counts:
            with tempfile.TemporaryDirectory(prefix="vanban-bench-scaling-") as work:
                result = bench("sqlite", [SCALING_SOURCE], Path(work), workers, None)[0]
            if result.crashed:
                raise SystemExit(f"{workers} workers: {result.crashed}")
            walls[workers].append(result.seconds)
            cpus[workers].append(result.cpu_seconds)
            documents = result.documents
    base = min(walls[worker_counts[0]])
    lines = [
        SCALING_START,
        f"Measured {dt.date.today().isoformat()} (`scripts/bench_indexing.py --scaling`): "
        f"{SCALING_SOURCE.name} ({documents} documents) into a fresh embedded store, "
        f"{rounds} interleaved runs per worker count, best wall time shown; load average "
        f"{load_before:.1f} → {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.",
        "",
        "| workers | wall s (best) | wall s (all runs) | CPU s (mean) | documents/s | speed-up |",
        "|---|---|---|---|---|---|",
    ]
    for workers in worker_counts:
        best = min(walls[workers])
        runs = ", ".join(f"{w:.1f}" for w in walls[workers])
        cpu = sum(cpus[workers]) / len(cpus[workers])
        lines.append(
            f"| {workers} | {best:.1f} | {runs} | {cpu:.1f} | {documents / best:.1f} | "
            f"{base / best:.2f}× |"
        )
    lines.append(SCALING_END)
    return "\n".join(lines)


def write_between(out: Path, start: str, end: str, block: str) -> None:
    """Replace the block between ``start`` and ``end`` in ``out``, or append it."""
    text = out.read_text(encoding="utf-8") if out.exists() else "# Indexing\n"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        text = before + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n## Analysis speed and store size\n\n" + block + "\n"
    out.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--es-url", help="also index into this Elasticsearch")
    parser.add_argument("--start-es", action="store_true", help="start a local test server")
    parser.add_argument("--skip-ocr", action="store_true", help="leave out the scanned PDFs")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--only", action="append", default=[], help="sources whose name contains this (repeat)"
    )
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--analysis-only", action="store_true", help="only the comparison with plain pyvi"
    )
    parser.add_argument(
        "--scaling",
        action="store_true",
        help="only the worker-count comparison (1 worker and --workers, interleaved)",
    )
    parser.add_argument("--rounds", type=int, default=2, help="runs per worker count (--scaling)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_child(json.loads(args.child))))
        return
    if args.scaling:
        block = scaling_block(list(dict.fromkeys([1, args.workers])), args.rounds)
        write_between(args.out, SCALING_START, SCALING_END, block)
        print(block)
        return
    analysis = analysis_block()
    if args.analysis_only:
        write_between(args.out, ANALYSIS_START, ANALYSIS_END, analysis)
        print(analysis)
        return

    sources = [
        s
        for s in SOURCES
        if not (args.skip_ocr and s.ocr) and (not args.only or any(o in s.name for o in args.only))
    ]
    skipped = [s for s in SOURCES if s not in sources]
    runs: dict[str, list[Result]] = {}
    with local_es(args.es_url, args.start_es) as es_url:
        version = es_version(es_url) if es_url else None
        load_start = os.getloadavg()[0]
        with tempfile.TemporaryDirectory(prefix="vanban-bench-indexing-") as work:
            runs["sqlite"] = bench("sqlite", sources, Path(work), args.workers, None)
            if es_url:
                runs["elasticsearch"] = bench(
                    "elasticsearch", sources, Path(work), args.workers, es_url
                )
    load = (load_start, os.getloadavg()[0])
    block = render(runs, not_indexed(sources, skipped), args, version, load)
    write(args.out, block)
    write_between(args.out, ANALYSIS_START, ANALYSIS_END, analysis)
    print(block.replace(START, "").replace(END, "").strip())


if __name__ == "__main__":
    main()
