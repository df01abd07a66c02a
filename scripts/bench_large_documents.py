#!/usr/bin/env python3
"""What one huge document costs a search on the embedded store: 20 KB against 20 MB.

Builds, in a temporary folder, a store of ``--docs`` small documents plus one
target document whose text is 20 KB in one store and 20 MB in the other (the
same opening, so the same words match), then a copy of each in the layout of
schema 3 (the text inside the body's JSON, as stores were written before
schema 4 stored it apart), and times, on the four stores in turn, ``--runs``
searches through the service (planning, matching, ranking, snippets, facets):

- *the hit*: a query only the target document matches (the hit's own cost);
- *common*: a query every document matches, first page of 10;
- *common, in force*: the same with ``in_force_on`` (a filter on the body's JSON).

Writes docs/reliability.md between its markers::

    .venv/bin/python scripts/bench_large_documents.py [--docs 2000] [--runs 20]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from _bench import ROOT, machine, replace_between

from search_api.backends.sqlite import SqliteBackend
from search_api.models import Filters, SearchRequest
from search_api.service import SearchService
from search_api.timing import recording
from vanban_core.prepared import PreparedDocument, prepare
from vanban_core.schema import Document

DOC = ROOT / "docs" / "reliability.md"
START, END = "<!-- large:start -->", "<!-- large:end -->"
OPENING = "Quyết định về tuần tra biên giới đêm khuya trên sông. "
FILLER = "Điều khoản thi hành chung về quản lý hành chính nhà nước. "
SIZES = {"20 KB": 20_000, "20 MB": 20_000_000}
QUERIES = {
    "the hit": SearchRequest(q="tuần tra biên giới đêm khuya"),
    "common": SearchRequest(q="thông báo hành chính"),
    "common, in force": SearchRequest(
        q="thông báo hành chính", filters=Filters(in_force_on=dt.date(2026, 1, 1))
    ),
}


def small_documents(count: int) -> list[PreparedDocument]:
    return [
        prepare(
            Document(
                id=f"tb-{i}",
                title=f"Thông báo số {i}/TB-VP về lịch công tác",
                number=f"{i}/TB-VP",
                text=f"Thông báo hành chính số {i}: lịch họp tuần, nội dung công tác thường kỳ.",
            )
        )
        for i in range(count)
    ]


def target(size: int) -> PreparedDocument:
    text = OPENING + FILLER * (size // len(FILLER))
    return prepare(Document(id="lon", title="Quyết định rất dài", text=text))


def as_schema_3(path: Path) -> None:
    """The text back inside the body's JSON and no texts table: schema 3's layout."""
    with sqlite3.connect(path) as conn:
        conn.execute(
            "UPDATE documents SET body = json_set(body, '$.text', "
            "(SELECT lead || rest FROM texts t WHERE t.rowid = documents.rowid))"
        )
        conn.execute("DROP TABLE texts")
        conn.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    with sqlite3.connect(path, isolation_level=None) as conn:
        conn.execute("VACUUM")
    conn.close()


def build(work: Path, docs: int) -> dict[tuple[str, str], Path]:
    base = small_documents(docs)
    stores: dict[tuple[str, str], Path] = {}
    for label, size in SIZES.items():
        path = work / f"{label.replace(' ', '')}.db"
        store = SqliteBackend(path, create=True)
        store.upsert([*base, target(size)])
        store.checkpoint()
        store.close()
        old = work / f"{label.replace(' ', '')}-schema3.db"
        shutil.copyfile(path, old)
        as_schema_3(old)
        stores[("4 (text apart)", label)] = path
        stores[("3 (text in body)", label)] = old
    return stores


Timing = tuple[float, float, float]  # medians, ms: whole search, matching, hits' documents


def time_queries(path: Path, runs: int) -> dict[str, Timing]:
    """Median milliseconds of each query over ``runs`` searches (after one untimed):
    the whole search, its "match" stage (FTS5), and its "snippets" stage (reading
    the hits' documents and cutting their snippets, the storage's share)."""
    store = SqliteBackend(path, create=False)
    service = SearchService(store)
    medians: dict[str, Timing] = {}
    for name, request in QUERIES.items():
        service.search(request)
        whole, match, hits = [], [], []
        for _ in range(runs):
            with recording() as stages:
                started = time.perf_counter()
                service.search(request)
                whole.append((time.perf_counter() - started) * 1000)
            match.append(stages.get("match", 0.0) * 1000)
            hits.append(stages.get("snippets", 0.0) * 1000)
        medians[name] = (
            statistics.median(whole),
            statistics.median(match),
            statistics.median(hits),
        )
    store.close()
    return medians


def report(results: dict[tuple[str, str], dict[str, Timing]], args: argparse.Namespace) -> str:
    load_before, load_after = args.load_before, os.getloadavg()
    lines = [
        f"Measured {dt.date.today()} by `scripts/bench_large_documents.py`: "
        f"{args.docs:,} small documents and one of 20 KB or 20 MB; median of {args.runs} "
        "searches per query, one run.",
        f"Machine: {machine()}. Load average before: "
        f"{' '.join(f'{x:.2f}' for x in load_before)}, after: "
        f"{' '.join(f'{x:.2f}' for x in load_after)}.",
        "",
        "Each cell: whole search / match stage / hits' documents and snippets, ms (medians).",
        "",
        "| schema | query | 20 KB document | 20 MB document | whole search, 20 MB / 20 KB |",
        "|---|---|---|---|---|",
    ]
    for schema in ("4 (text apart)", "3 (text in body)"):
        for query in QUERIES:
            small = results[(schema, "20 KB")][query]
            large = results[(schema, "20 MB")][query]
            cells = [" / ".join(f"{v:.1f}" for v in t) for t in (small, large)]
            ratio = large[0] / small[0]
            lines.append(f"| {schema} | {query} | {cells[0]} | {cells[1]} | {ratio:.2f}× |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--no-write", action="store_true", help="print, do not write docs/")
    args = parser.parse_args()
    args.load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="vanban-large-") as folder:
        stores = build(Path(folder), args.docs)
        results = {key: time_queries(path, args.runs) for key, path in stores.items()}
    text = report(results, args)
    print(text)
    if not args.no_write:
        replace_between(DOC, START, END, text)


if __name__ == "__main__":
    main()
