#!/usr/bin/env python3
"""Search under load at 10k / 30k / 100k documents, embedded and Elasticsearch.

Stores are built from the shared corpus by recombination: every synthetic
document takes a real title, 3-8 real paragraphs of vbpl.vn and Công báo texts
(about 0.8 KB of body on average: most paragraphs are short), a real type and
issuer, a date and a number of its own. Document
``i`` is the same in every store, so the 30k store is the 10k one plus 20k more
(and is built that way, from a copy). Paragraphs are analyzed once and the
documents' tokens joined from them (``vanban_core.fields.tokens_of``: analysis
is line by line, so this is what analyzing each document would give). Stores
are cached under .cache/bench_search/.

The load: 16 client threads, each sending a fixed, seeded mix of queries —
words with diacritics, the same words without, number lookups typed as people
type them, and word queries with a type and a year facet filter — through
HTTP to a live `vanban serve` on 127.0.0.1 (the API), then the same queries
through the in-process service (the engine), with per-stage timings. Reports
p50 / p99 / throughput per query kind and size, the API/engine ratio, a plot
with the growth exponent (docs/performance.png) and docs/performance.md.

    .venv/bin/python scripts/bench_search.py --sizes 10000 30000 100000 \
        --es-url http://127.0.0.1:9200
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import math
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _bench import CORPUS, ROOT, es_version, machine

from search_api.backends.base import SearchBackend
from search_api.backends.sqlite import SqliteBackend
from search_api.models import Filters, SearchRequest
from search_api.service import SearchService
from search_api.timing import recording
from vanban_core import codes
from vanban_core.analysis import AnalyzedText, analyze, fold
from vanban_core.fields import meta_text, tokens_of
from vanban_core.prepared import PreparedDocument
from vanban_core.schema import Document
from vanban_core.settings import SQLITE_MMAP_MB

CACHE = ROOT / ".cache" / "bench_search"
OUT = ROOT / "docs" / "performance.md"
SEED = 11
KINDS = ("words", "words without diacritics", "number", "faceted")
TYPES = ("Quyết định", "Thông tư", "Nghị định", "Thông báo", "Nghị quyết", "Chỉ thị", "Kế hoạch")


# -- the synthetic collection ---------------------------------------------------------


@dataclass
class Pool:
    """Real titles and paragraphs, each analyzed once."""

    titles: list[str]
    paragraphs: list[str]
    issuers: list[tuple[str, str]]  # (name, code)
    analyzed: dict[str, AnalyzedText] = field(default_factory=dict)

    def analysis(self, text: str) -> AnalyzedText:
        found = self.analyzed.get(text)
        if found is None:
            found = self.analyzed[text] = analyze(text)
        return found


def load_pool() -> Pool:
    titles: list[str] = []
    paragraphs: list[str] = []
    sources = [
        (CORPUS / "vbpl_html_snapshots" / "docs.jsonl.gz", "title", "text"),
        (CORPUS / "phapluat_8chude" / "docs.jsonl.gz", "mo_ta", "full_text"),
    ]
    for path, title_key, text_key in sources:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                if record.get("language", "vi") != "vi":
                    continue
                if record.get(title_key):
                    titles.append(" ".join(str(record[title_key]).split())[:300])
                for para in str(record.get(text_key) or "").split("\n"):
                    para = " ".join(para.split())
                    if 60 <= len(para) <= 1500:
                        paragraphs.append(para)
    issuers = [(e.name, e.code) for e in codes.issuer_entries() if e.code and e.name][:60]
    rng = random.Random(SEED)
    rng.shuffle(paragraphs)
    return Pool(sorted(set(titles)), paragraphs[:20000], issuers)


def synthetic(pool: Pool, i: int) -> tuple[Document, list[str]]:
    """Document ``i`` of every store, and its paragraphs."""
    rng = random.Random(f"{SEED}-{i}")
    issuer, code = rng.choice(pool.issuers)
    doc_type = rng.choice(TYPES)
    year = rng.randint(2005, 2026)
    type_code = codes.doc_type_code(doc_type) or "QĐ"
    paras = [rng.choice(pool.paragraphs) for _ in range(rng.randint(3, 8))]
    doc = Document(
        id=f"bench-{i}",
        number=f"{i + 1}/{year}/{type_code}-{code}",
        doc_type=doc_type,
        issuer=issuer,
        issued_date=dt.date(year, rng.randint(1, 12), rng.randint(1, 28)),
        title=rng.choice(pool.titles),
        text="\n".join(paras),
    )
    return doc, paras


def prepared(pool: Pool, i: int) -> PreparedDocument:
    doc, paras = synthetic(pool, i)
    parts = [pool.analysis(p) for p in paras]
    body = AnalyzedText(
        words=[w for a in parts for w in a.words],
        syllables=[s for a in parts for s in a.syllables[: len(a.syllables) - len(a.number_parts)]]
        + [s for a in parts for s in a.number_parts],
        numbers=[n for a in parts for n in a.numbers],
    )
    title = pool.analysis(doc.title or "")
    meta = analyze(meta_text(doc))
    return PreparedDocument(doc, tokens_of(title, meta, body))


def _batches(
    pool: Pool, start: int, stop: int, size: int = 500
) -> Iterator[list[PreparedDocument]]:
    for first in range(start, stop, size):
        yield [prepared(pool, i) for i in range(first, min(stop, first + size))]


def sqlite_store(pool: Pool, size: int) -> Path:
    """The cached store of ``size`` documents, built on the largest smaller one."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"sqlite-{size}.db"
    if path.exists():
        return path
    smaller = sorted(
        (int(p.stem.split("-")[1]), p) for p in CACHE.glob("sqlite-*.db") if p.stem[7:].isdigit()
    )
    start = 0
    building = path.with_suffix(".building")
    for other_size, other in reversed(smaller):
        if other_size < size:
            shutil.copy(other, building)
            start = other_size
            break
    backend = SqliteBackend(building)
    started = time.perf_counter()
    for batch in _batches(pool, start, size):
        backend.upsert(batch)
    backend.checkpoint()
    backend.close()
    building.rename(path)
    print(f"built {path.name} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return path


def es_index(pool: Pool, url: str, size: int) -> str:
    """A fresh Elasticsearch alias holding the first ``size`` documents."""
    from search_api.backends.elasticsearch import ElasticsearchBackend

    alias = f"vanban-bench-search-{size}-{uuid.uuid4().hex[:6]}"
    backend = ElasticsearchBackend(url, index=alias, timeout=120)
    started = time.perf_counter()
    for batch in _batches(pool, 0, size):
        report = backend.upsert(batch)
        if report.failed:
            raise SystemExit(f"ES indexing failed: {list(report.failed.items())[:2]}")
    backend.client.indices.refresh(index=alias)
    backend.close()
    print(f"indexed {size} into {alias} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return alias


# -- the queries -------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    kind: str
    q: str
    params: dict[str, str]

    def request(self) -> SearchRequest:
        filters = Filters()
        if "doc_type" in self.params:
            chosen = {"doc_type": [self.params["doc_type"]], "year": [self.params["year"]]}
            filters = Filters(facets=chosen)
        return SearchRequest(q=self.q, filters=filters)


def queries(pool: Pool, size: int, count: int) -> list[Query]:
    """A seeded mix: 2-3 consecutive words of a paragraph (as typed and folded),
    numbers of documents in the store (spelled loosely), faceted word queries."""
    rng = random.Random(f"{SEED}-queries")
    out: list[Query] = []
    while len(out) < count:
        words = [w for w in rng.choice(pool.paragraphs).split() if w.isalpha()]
        if len(words) < 4:
            continue
        at = rng.randrange(len(words) - 3)
        phrase = " ".join(words[at : at + rng.choice((2, 3))]).lower()
        doc, _ = synthetic(pool, rng.randrange(size))
        number = (doc.number or "").replace("/", " ", rng.randint(0, 1)).replace("Đ", "D")
        out.append(Query("words", phrase, {}))
        out.append(Query("words without diacritics", fold(phrase), {}))
        out.append(Query("number", number, {}))
        out.append(
            Query(
                "faceted",
                phrase,
                {"doc_type": doc.doc_type or "", "year": str(doc.year)},
            )
        )
    return out[:count]


# -- the load ----------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    latencies: dict[str, list[float]]
    stages: dict[str, float]
    errors: int
    count: int

    def p(self, kind: str, q: float) -> float:
        values = sorted(self.latencies[kind])
        return values[min(len(values) - 1, int(q * len(values)))] * 1000

    def all(self, q: float) -> float:
        values = sorted(v for vs in self.latencies.values() for v in vs)
        return values[min(len(values) - 1, int(q * len(values)))] * 1000


def load(clients: int, work: list[Query], call: Callable[[Query], None]) -> Run:
    """Each client sends its share of ``work`` in order; latencies per kind."""
    latencies: dict[str, list[float]] = defaultdict(list)
    errors = [0]
    lock = threading.Lock()

    def client(share: list[Query]) -> None:
        for query in share:
            started = time.perf_counter()
            try:
                call(query)
            except Exception:  # counted, reported; one failure never stops a run
                with lock:
                    errors[0] += 1
                continue
            elapsed = time.perf_counter() - started
            with lock:
                latencies[query.kind].append(elapsed)

    threads = [threading.Thread(target=client, args=(work[c::clients],)) for c in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return Run(time.perf_counter() - started, dict(latencies), {}, errors[0], len(work))


def engine_run(backend: SearchBackend, clients: int, work: list[Query], rerank: bool = True) -> Run:
    service = SearchService(backend, reranker="shipped" if rerank else None)
    stages: dict[str, float] = defaultdict(float)
    lock = threading.Lock()

    def call(query: Query) -> None:
        with recording() as timings:
            service.search(query.request())
        with lock:
            for name, seconds in timings.items():
                stages[name] += seconds

    run = load(clients, work, call)
    run.stages = {k: v * 1000 / len(work) for k, v in sorted(stages.items())}
    return run


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def _server(env: dict[str, str]) -> Iterator[Any]:
    """An httpx client on a `vanban serve` of its own, started with ``env``."""
    import httpx

    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "vanban_cli.main", "serve", "--port", str(port)],
        cwd=ROOT,
        # All 16 clients are 127.0.0.1: the per-address rate limit is off here.
        env={**os.environ, "PYTHONPATH": str(ROOT), "VANBAN_RATE_LIMIT": "0", **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        with httpx.Client(
            base_url=base, timeout=60, limits=httpx.Limits(max_connections=64)
        ) as client:
            yield client
    finally:
        server.terminate()
        server.wait(timeout=30)


def api_run(env: dict[str, str], clients: int, work: list[Query]) -> Run:
    """The same load over HTTP against a `vanban serve` of its own."""
    with _server(env) as client:

        def call(query: Query) -> None:
            params: dict[str, Any] = {"q": query.q, **query.params}
            client.get("/api/v1/search", params=params).raise_for_status()

        for query in work[:20]:  # warm the server's caches as the engine run's are
            call(query)
        return load(clients, work, call)


def floor_run(env: dict[str, str], clients: int, count: int) -> Run:
    """A static file fetched by ``clients`` at once: what HTTP alone costs on this
    machine (server and load generator together), below any search."""
    with _server(env) as client:

        def call(_: Query) -> None:
            client.get("/static/style.css").raise_for_status()

        return load(clients, [Query("static file", "", {})] * count, call)


def _served(args: argparse.Namespace, env: dict[str, str]) -> dict[str, str]:
    return {
        **env,
        "VANBAN_WORKERS": str(args.workers),
        "VANBAN_RERANK": "true" if args.rerank else "false",
        "VANBAN_FACET_INDEX": "true" if args.facet_index else "false",
        "VANBAN_SQLITE_MMAP_MB": str(args.sqlite_mmap_mb),
    }


def client_sweep(path: Path, args: argparse.Namespace, work: list[Query]) -> dict[int, Run]:
    """Throughput against the number of clients, engine and API, on one store.

    Below the core count throughput should grow with clients; above it, it can
    only stay flat while latency grows (the clients queue for the same cores).
    """
    sweep: dict[int, Run] = {}
    backend = SqliteBackend(  # as `vanban serve` opens it
        path, facet_index=args.facet_index, mmap_mb=args.sqlite_mmap_mb
    )
    engine_run(backend, 1, work[:5])
    backend.settle()
    for clients in args.sweep:
        sweep[clients] = engine_run(backend, clients, work, args.rerank)
    backend.close()
    if not args.no_api:
        env = _served(args, {"VANBAN_DB": str(path)})
        for clients in args.sweep:
            sweep[-clients] = api_run(env, clients, work)
        sweep[FLOOR] = floor_run(env, max(args.sweep), 2000)
    return sweep


FLOOR = 0  # the sweep's key of the static-file run


def sweep_report(sweep: dict[int, Run], size: int, workers: int) -> str:
    """The sweep as a table: one row per client count (API rows keyed negative)."""
    lines = [
        "",
        f"Throughput against clients, embedded store of {size:,} documents "
        f"(API: `vanban serve` with {workers} process{'es' if workers > 1 else ''}; "
        "one run per row):",
        "",
        "| clients | engine q/s | engine p50 | engine p99 | API q/s | API p50 | API p99 |",
        "|---|---|---|---|---|---|---|",
    ]
    for clients in sorted(c for c in sweep if c > 0):
        e, a = sweep[clients], sweep.get(-clients)
        api = (
            f"{a.count / a.seconds:.0f} | {a.all(0.5):.1f} | {a.all(0.99):.1f}"
            if a
            else "– | – | –"
        )
        lines.append(
            f"| {clients} | {e.count / e.seconds:.0f} | {e.all(0.5):.1f} | "
            f"{e.all(0.99):.1f} | {api} |"
        )
    floor = sweep.get(FLOOR)
    if floor:
        lines += [
            "",
            f"HTTP alone: a static file fetched by {max(sweep)} clients at once from the same "
            f"server: {floor.count / floor.seconds:.0f} requests/s, p50 {floor.all(0.5):.1f} ms, "
            f"p99 {floor.all(0.99):.1f} ms (Little's law: with N clients and no pause between "
            "requests, latency = N / throughput, so this is the floor under any search).",
        ]
    return "\n".join(lines) + "\n"


# -- report ------------------------------------------------------------------------


def growth_exponent(sizes: list[int], values: list[float]) -> float:
    """Slope of log(latency) against log(documents): 1.0 is linear growth."""
    if len(sizes) < 2:
        return float("nan")
    xs = [math.log(s) for s in sizes]
    ys = [math.log(max(v, 1e-6)) for v in values]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


def plot(results: dict[str, dict[int, dict[str, Run]]], path: Path) -> dict[str, float]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    exponents: dict[str, float] = {}
    figure, axis = plt.subplots(figsize=(7, 4.5))
    for backend, by_size in results.items():
        sizes = sorted(by_size)
        p50 = [by_size[s]["engine"].all(0.5) for s in sizes]
        p99 = [by_size[s]["engine"].all(0.99) for s in sizes]
        exponents[backend] = growth_exponent(sizes, p50)
        label = f"{backend} p50 (exponent {exponents[backend]:.2f})"
        axis.plot(sizes, p50, marker="o", label=label)
        axis.plot(sizes, p99, marker="x", linestyle="--", label=f"{backend} p99")
    axis.set_xscale("log")
    axis.set_yscale("log")
    axis.set_xlabel("documents")
    axis.set_ylabel("latency, ms (16 clients, engine)")
    axis.set_title("vanban search latency against collection size")
    axis.grid(True, which="both", alpha=0.3)
    axis.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    return exponents


def report(
    results: dict[str, dict[int, dict[str, Run]]],
    store_bytes: dict[int, int],
    loads: list[float],
    es: str | None,
    clients: int,
    rerank: bool,
    facet_index: bool,
    mmap_mb: int,
    out: Path,
) -> str:
    """The generated page; its plot is written beside ``out`` (same name, .png)."""
    several_sizes = any(len(sizes) > 1 for sizes in results.values())
    exponents = plot(results, out.with_suffix(".png")) if several_sizes else {}
    lines = [
        "# Search performance at 10k–100k documents",
        "",
        "Produced by `.venv/bin/python scripts/bench_search.py` "
        f"on {dt.date.today().isoformat()}; {machine(es)}.",
        f"Load average while measuring (1 min): {min(loads):.1f}–{max(loads):.1f} "
        f"on {os.cpu_count()} cores (a shared machine: read ratios and orders of magnitude).",
        "",
        f"{clients} concurrent clients; each figure is one run of the query mix below per size and "
        "backend. *engine*: the in-process `SearchService.search`; *API*: the same queries "
        "over HTTP to `vanban serve` on 127.0.0.1. Latencies in ms. "
        + (
            "The shipped reranker is on (`VANBAN_RERANK`, the default)."
            if rerank
            else "The reranker is off (`VANBAN_RERANK=false`): the engine's order alone."
        )
        + (
            ""
            if facet_index
            else " The embedded store counts facets in SQL (`VANBAN_FACET_INDEX=false`)."
        )
        + (
            f" Embedded readers map {mmap_mb} MB of the store (`VANBAN_SQLITE_MMAP_MB`)."
            if mmap_mb
            else " Embedded readers map nothing (`VANBAN_SQLITE_MMAP_MB=0`)."
        ),
        "",
        "| backend | docs | kind | engine p50 | engine p99 | API p50 | API p99 | API/engine p50 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for backend, by_size in results.items():
        for size in sorted(by_size):
            runs = by_size[size]
            for kind in KINDS:
                e, a = runs["engine"], runs.get("api")
                api = (
                    f"{a.p(kind, 0.5):.1f} | {a.p(kind, 0.99):.1f} | "
                    f"{a.p(kind, 0.5) / e.p(kind, 0.5):.2f}"
                    if a
                    else "– | – | –"
                )
                lines.append(
                    f"| {backend} | {size:,} | {kind} | {e.p(kind, 0.5):.1f} | "
                    f"{e.p(kind, 0.99):.1f} | {api} |"
                )
    lines += [
        "",
        "| backend | docs | queries | errors | engine q/s | API q/s | all p50 | all p99 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for backend, by_size in results.items():
        for size in sorted(by_size):
            e, a = by_size[size]["engine"], by_size[size].get("api")
            api_qps = f"{a.count / a.seconds:.0f}" if a else "–"
            errors = e.errors + (a.errors if a else 0)
            lines.append(
                f"| {backend} | {size:,} | {e.count} | {errors} | {e.count / e.seconds:.0f} | "
                f"{api_qps} | {e.all(0.5):.1f} | {e.all(0.99):.1f} |"
            )
    lines += [
        "",
        "Mean time per query in each stage (engine runs, ms; `plan` includes `parse`, "
        "stages of the follow-up searches included):",
        "",
    ]
    stage_names = sorted(
        {s for b in results.values() for r in b.values() for s in r["engine"].stages}
    )
    lines += [
        "| backend | docs | " + " | ".join(stage_names) + " |",
    ]
    lines.append("|---|---|" + "---|" * len(stage_names))
    for backend, by_size in results.items():
        for size in sorted(by_size):
            stages = by_size[size]["engine"].stages
            lines.append(
                f"| {backend} | {size:,} | "
                + " | ".join(f"{stages.get(s, 0.0):.2f}" for s in stage_names)
                + " |"
            )
    if exponents:  # a growth needs two sizes at least
        lines += [
            "",
            "Growth exponent of the engine p50 against the number of documents "
            "(slope on log–log axes; 1.0 = linear): "
            + ", ".join(f"{b} {x:.2f}" for b, x in exponents.items())
            + ".",
            "",
            f"![latency against documents]({out.with_suffix('.png').name})",
        ]
    lines += [
        "",
        "Embedded store size: "
        + ", ".join(
            f"{s:,} docs {b / 1e6:.0f} MB ({b / s / 1000:.1f} KB per document)"
            for s, b in sorted(store_bytes.items())
        )
        + ".",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 30000, 100000])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--queries", type=int, default=800, help="queries per run")
    parser.add_argument("--es-url", help="Elasticsearch to run the same load on")
    parser.add_argument("--es-sizes", type=int, nargs="*", help="sizes for ES (default: --sizes)")
    parser.add_argument("--no-api", action="store_true", help="skip the HTTP runs")
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="processes of the `vanban serve` the API runs use (VANBAN_WORKERS)",
    )
    parser.add_argument(
        "--sweep",
        type=int,
        nargs="*",
        default=[1, 2, 4, 8, 16],
        help="client counts for the throughput sweep on the smallest embedded store",
    )
    parser.add_argument(
        "--no-rerank",
        dest="rerank",
        action="store_false",
        help="the engine's order alone (VANBAN_RERANK=false), to measure what the reranker costs",
    )
    parser.add_argument(
        "--no-facet-index",
        dest="facet_index",
        action="store_false",
        help="the embedded store counts facets in SQL (VANBAN_FACET_INDEX=false)",
    )
    parser.add_argument(
        "--sqlite-mmap-mb",
        type=int,
        default=SQLITE_MMAP_MB,
        help="megabytes of the embedded store readers map (VANBAN_SQLITE_MMAP_MB; 0 = read())",
    )
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()

    pool = load_pool()
    results: dict[str, dict[int, dict[str, Run]]] = defaultdict(dict)
    store_bytes: dict[int, int] = {}
    es_bytes: dict[int, int] = {}
    loads: list[float] = []
    sweep: dict[int, Run] = {}
    for size in args.sizes:
        path = sqlite_store(pool, size)
        store_bytes[size] = path.stat().st_size
        work = queries(pool, size, args.queries)
        backend = SqliteBackend(  # as `vanban serve` opens it
            path, facet_index=args.facet_index, mmap_mb=args.sqlite_mmap_mb
        )
        engine_run(backend, args.clients, work[:50])  # warm the page cache
        backend.settle()  # and the facet index, as the server's warm-up does
        loads.append(os.getloadavg()[0])
        runs = {"engine": engine_run(backend, args.clients, work, args.rerank)}
        backend.close()
        if not args.no_api:
            runs["api"] = api_run(_served(args, {"VANBAN_DB": str(path)}), args.clients, work)
        loads.append(os.getloadavg()[0])
        results["embedded (SQLite)"][size] = runs
        if size == min(args.sizes) and args.sweep:
            sweep = client_sweep(path, args, work)
        print(f"sqlite {size}: p50 {runs['engine'].all(0.5):.1f} ms", file=sys.stderr)
    version = None
    if args.es_url:
        from search_api.backends.elasticsearch import ElasticsearchBackend

        version = es_version(args.es_url)
        for size in args.es_sizes if args.es_sizes is not None else args.sizes:
            alias = es_index(pool, args.es_url, size)
            backend_es = ElasticsearchBackend(args.es_url, index=alias)
            try:
                backend_es.client.indices.forcemerge(index=alias, max_num_segments=1)
                stats = backend_es.client.indices.stats(index=alias, metric="store")
                es_bytes[size] = int(stats["_all"]["primaries"]["store"]["size_in_bytes"])
                work = queries(pool, size, args.queries)
                engine_run(backend_es, args.clients, work[:50])
                loads.append(os.getloadavg()[0])
                runs = {"engine": engine_run(backend_es, args.clients, work, args.rerank)}
                if not args.no_api:
                    env = {"VANBAN_ES_URL": args.es_url, "VANBAN_INDEX": alias}
                    runs["api"] = api_run(_served(args, env), args.clients, work)
                loads.append(os.getloadavg()[0])
                results["Elasticsearch"][size] = runs
            finally:
                backend_es.drop()
                backend_es.close()
    text = report(
        results,
        store_bytes,
        loads,
        version,
        args.clients,
        args.rerank,
        args.facet_index,
        args.sqlite_mmap_mb,
        args.out,
    )
    if args.sweep:
        text += sweep_report(sweep, min(args.sizes), args.workers)
    text = text.replace("# Search performance at 10k–100k documents\n\n", "", 1)
    if es_bytes:
        text += (
            "\nElasticsearch index size (primaries, force-merged to one segment): "
            + ", ".join(
                f"{s:,} docs {b / 1e6:.0f} MB ({b / s / 1000:.1f} KB per document)"
                for s, b in sorted(es_bytes.items())
            )
            + ".\n"
        )
    text_kb = statistics.fmean(len(synthetic(pool, i)[0].text.encode()) for i in range(500)) / 1000
    text += f"\nSynthetic documents hold {text_kb:.1f} KB of text on average.\n"
    _write_between(args.out, text)
    print(text)


START = "<!-- bench_search:start -->"
END = "<!-- bench_search:end -->"


def _write_between(out: Path, block: str) -> None:
    """Replace the generated block of ``out``; text around it (the reading) stays."""
    block = f"{START}\n{block}{END}"
    text = out.read_text(encoding="utf-8") if out.exists() else ""
    if START in text and END in text:
        before, rest = text.split(START, 1)
        text = before + block + rest.split(END, 1)[1]
    else:
        text = "# Search performance at 10k–100k documents\n\n" + block + "\n"
    out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
