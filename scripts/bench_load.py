#!/usr/bin/env python3
"""Load and soak benchmark of `vanban serve`, on 127.0.0.1 only, bounded in time.

Builds (or reuses, cached under .cache/bench_load/) a store of --docs documents
made by recombining real paragraphs and titles of the shared corpus (vbpl.vn and
Công báo texts) with generated numbers, types, issuers and dates; starts `vanban
serve` on it as a subprocess; replays a mixed query log (words with and without
diacritics, document numbers, faceted searches, deeper pages, number lookups)
with 1, 16 and 64 concurrent clients for --seconds each, then 10 load cycles of
16 clients (--cycle-seconds of load, 2 s idle) while sampling the server's open
descriptors and RSS. Both backends: the embedded store, and Elasticsearch
(--es-url, default $VANBAN_ES_URL or http://127.0.0.1:49089) in an index of its
own that is deleted afterwards. Results go to docs/reliability.md (between the
load markers) and .cache/bench_load/results.json. Rerun with:

    .venv/bin/python scripts/bench_load.py
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gzip
import json
import os
import pickle
import random
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from _bench import CORPUS, ROOT, es_version, machine, replace_between

from vanban_core.analysis import fold
from vanban_core.prepared import PreparedDocument, prepare
from vanban_core.schema import Document

CACHE = ROOT / ".cache" / "bench_load"
DOC = ROOT / "docs" / "reliability.md"
START, END = "<!-- load:start -->", "<!-- load:end -->"
TYPES = {
    "Quyết định": "QĐ",
    "Thông tư": "TT",
    "Nghị định": "NĐ",
    "Công văn": "CV",
    "Thông báo": "TB",
    "Chỉ thị": "CT",
    "Kế hoạch": "KH",
    "Nghị quyết": "NQ",
}
ISSUERS = {
    "Ủy ban nhân dân tỉnh Sơn La": "UBND",
    "Bộ Tài chính": "BTC",
    "Chính phủ": "CP",
    "Thủ tướng Chính phủ": "TTg",
    "Bộ Công an": "BCA",
    "Bộ Giáo dục và Đào tạo": "BGDĐT",
    "Văn phòng Chính phủ": "VPCP",
    "Bộ Quốc phòng": "BQP",
}


# -- the store ---------------------------------------------------------------


def _corpus_texts() -> tuple[list[str], list[str]]:
    """Real titles and paragraphs (80–700 characters) of the shared corpus."""
    titles: list[str] = []
    paragraphs: list[str] = []
    for name in ("vbpl_html_snapshots/docs.jsonl.gz", "phapluat_8chude/docs.jsonl.gz"):
        with gzip.open(CORPUS / name, "rt", encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                if record.get("title"):
                    titles.append(" ".join(str(record["title"]).split())[:300])
                for para in str(record.get("text") or "").split("\n"):
                    para = " ".join(para.split())
                    if 80 <= len(para) <= 700:
                        paragraphs.append(para)
    return titles, paragraphs


def make_documents(count: int, seed: int = 10) -> list[Document]:
    rng = random.Random(seed)
    titles, paragraphs = _corpus_texts()
    docs = []
    for i in range(count):
        doc_type, type_code = rng.choice(list(TYPES.items()))
        issuer, issuer_code = rng.choice(list(ISSUERS.items()))
        issued = dt.date(2010, 1, 1) + dt.timedelta(days=rng.randrange(16 * 365))
        number = f"{i + 1}/{issued.year}/{type_code}-{issuer_code}"
        docs.append(
            Document(
                id=f"load-{i:06d}",
                number=number,
                doc_type=doc_type,
                issuer=issuer,
                issued_date=issued,
                title=rng.choice(titles),
                text="\n".join(rng.sample(paragraphs, rng.randint(4, 10))),
            )
        )
    return docs


def prepared_documents(count: int) -> list[PreparedDocument]:
    """The generated documents, analyzed once (in 2 processes) and cached."""
    cached = CACHE / f"prepared-{count}.pickle"
    if cached.exists():
        loaded: list[PreparedDocument] = pickle.loads(cached.read_bytes())
        return loaded
    docs = make_documents(count)
    with ProcessPoolExecutor(max_workers=2) as pool:
        ready = list(pool.map(prepare, docs, chunksize=64))
    CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(pickle.dumps(ready))
    return ready


def sqlite_store(count: int) -> Path:
    from search_api.backends.sqlite import SqliteBackend

    path = CACHE / f"load-{count}.db"
    if path.exists():
        return path
    building = path.with_name(path.name + ".building")
    store = SqliteBackend(building, create=True)
    docs = prepared_documents(count)
    for start in range(0, len(docs), 500):
        store.upsert(docs[start : start + 500])
    store.checkpoint()
    store.close()
    building.rename(path)
    return path


def es_store(url: str, count: int) -> str:
    from search_api.backends.elasticsearch import ElasticsearchBackend

    alias = f"vanban-bench-load-{uuid.uuid4().hex[:8]}"
    store = ElasticsearchBackend(url, index=alias)
    docs = prepared_documents(count)
    for start in range(0, len(docs), 500):
        store.upsert(docs[start : start + 500])
    store.close()
    return alias


def drop_es(url: str, alias: str) -> None:
    from search_api.backends.elasticsearch import ElasticsearchBackend

    store = ElasticsearchBackend(url, index=alias)
    store.drop()
    store.close()


# -- the query log -------------------------------------------------------------


def query_log(docs: list[Document], size: int = 400, seed: int = 11) -> list[dict[str, Any]]:
    """Mixed requests: words with / without diacritics, numbers, facets, pages, lookups."""
    rng = random.Random(seed)
    log: list[dict[str, Any]] = []
    while len(log) < size:
        doc = rng.choice(docs)
        words = (doc.title or "").split()
        start = rng.randrange(max(1, len(words) - 3))
        phrase = " ".join(words[start : start + rng.randint(2, 4)])
        kind = rng.choice(["accented", "accented", "folded", "folded", "number", "facet", "page"])
        if kind == "accented":
            log.append({"q": phrase})
        elif kind == "folded":
            log.append({"q": fold(phrase)})
        elif kind == "number":
            log.append({"q": doc.number or phrase})
        elif kind == "facet":
            log.append({"q": fold(phrase), "doc_type": doc.doc_type, "year": doc.year})
        else:
            log.append({"q": phrase, "page": rng.randint(2, 5)})
        if rng.random() < 0.1:
            log.append({"_path": "/api/v1/lookup", "number": (doc.number or "").lower()})
    return log[:size]


# -- the server ------------------------------------------------------------------


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def served(env: dict[str, str]) -> Iterator[tuple[str, int]]:
    """`vanban serve` with ``env``; (base URL, pid)."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "vanban_cli.main", "serve", "--port", str(port)],
        cwd=ROOT,
        # Every simulated client connects from 127.0.0.1: the per-address rate
        # limit would answer most of them 429, so it is off for the benchmark.
        env={**os.environ, "VANBAN_RATE_LIMIT": "0", **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("vanban serve did not start")
            time.sleep(0.3)
        yield base, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants: a multi-process server is its supervisor and workers."""
    tree, i = [pid], 0
    while i < len(tree):
        for task in Path(f"/proc/{tree[i]}/task").iterdir():
            tree.extend(int(c) for c in (task / "children").read_text().split())
        i += 1
    return tree


def descriptors_and_rss(pid: int) -> tuple[int, float]:
    """Open descriptors and resident MB of the server, all its processes together."""
    fds, rss = 0, 0.0
    for process in _process_tree(pid):
        fds += len(os.listdir(f"/proc/{process}/fd"))
        for line in Path(f"/proc/{process}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss += int(line.split()[1]) / 1024
    return fds, rss


class Sampler(threading.Thread):
    """The server's descriptors and RSS every ``every`` seconds."""

    def __init__(self, pid: int, every: float = 1.0) -> None:
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.samples: list[tuple[float, int, float]] = []
        self.stopped = threading.Event()
        self.started_at = time.monotonic()

    def run(self) -> None:
        while not self.stopped.wait(self.every):
            fds, rss = descriptors_and_rss(self.pid)
            self.samples.append((round(time.monotonic() - self.started_at, 1), fds, rss))


# -- the load --------------------------------------------------------------------


@dataclass
class Level:
    clients: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status != "200")

    def quantile(self, q: float) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else 0.0
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[int(q * 100) - 1]

    def summary(self) -> dict[str, Any]:
        return {
            "clients": self.clients,
            "seconds": self.seconds,
            "requests": self.requests,
            "throughput": round(self.requests / self.seconds, 2),
            "p50_ms": round(1000 * self.quantile(0.50), 1),
            "p95_ms": round(1000 * self.quantile(0.95), 1),
            "p99_ms": round(1000 * self.quantile(0.99), 1),
            "errors": self.errors,
            "statuses": dict(self.statuses),
        }


async def _client(
    http: httpx.AsyncClient, log: list[dict[str, Any]], offset: int, deadline: float, level: Level
) -> None:
    i = offset
    while time.monotonic() < deadline:
        params = dict(log[i % len(log)])
        path = params.pop("_path", "/api/v1/search")
        started = time.perf_counter()
        try:
            response = await http.get(path, params=params)
            status = str(response.status_code)
        except httpx.HTTPError as exc:
            status = type(exc).__name__
        level.latencies.append(time.perf_counter() - started)
        level.statuses[status] += 1
        i += 7


async def _load(base: str, log: list[dict[str, Any]], clients: int, seconds: float) -> Level:
    level = Level(clients, seconds)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:
        deadline = time.monotonic() + seconds
        await asyncio.gather(*(_client(http, log, c * 53, deadline, level) for c in range(clients)))
    return level


def load(base: str, log: list[dict[str, Any]], clients: int, seconds: float) -> Level:
    level = asyncio.run(_load(base, log, clients, seconds))
    print(f"  {clients:>2} clients: {level.summary()}", flush=True)
    return level


def bench_backend(
    env: dict[str, str], log: list[dict[str, Any]], args: argparse.Namespace
) -> dict[str, Any]:
    with served(env) as (base, pid):
        load(base, log, 4, 5)  # warm-up: pyvi, caches, connections
        levels = [load(base, log, c, args.seconds).summary() for c in (1, 16, 64)]
        sampler = Sampler(pid)
        sampler.start()
        cycles = []
        for cycle in range(10):
            level = load(base, log, 16, args.cycle_seconds)
            time.sleep(2)
            fds, rss = descriptors_and_rss(pid)
            cycles.append({"cycle": cycle + 1, **level.summary(), "fds": fds, "rss_mb": round(rss)})
        sampler.stopped.set()
        sampler.join()
    return {"levels": levels, "cycles": cycles, "samples": sampler.samples}


# -- the report ------------------------------------------------------------------


def _spread(values: list[float]) -> str:
    low, high = min(values), max(values)
    middle = statistics.median(values)
    return f"{low:g}–{high:g} (median {middle:g}, spread {100 * (high - low) / middle:.1f} %)"


def report(results: dict[str, Any], meta: dict[str, Any]) -> str:
    lines = [
        f"Measured {meta['date']} by `scripts/bench_load.py` on {meta['docs']:,} documents;"
        f" {meta['seconds']:g} s per level, 10 cycles of {meta['cycle_seconds']:g} s (16 clients)"
        " + 2 s idle; one run.",
        f"Machine: {meta['machine']}. Load average before: {meta['load_before']},"
        f" after: {meta['load_after']} (the machine is shared with other work).",
        "",
        "| backend | clients | requests | req/s | ratio to 1 client | p50 ms | p95 ms | p99 ms"
        " | p99 / 1-client p50 | errors |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for backend, data in results.items():
        single = data["levels"][0]
        for level in data["levels"]:
            ratio = level["throughput"] / single["throughput"] if single["throughput"] else 0
            p99x = level["p99_ms"] / single["p50_ms"] if single["p50_ms"] else 0
            lines.append(
                f"| {backend} | {level['clients']} | {level['requests']} | {level['throughput']}"
                f" | {ratio:.2f}× | {level['p50_ms']} | {level['p95_ms']} | {level['p99_ms']}"
                f" | {p99x:.1f}× | {level['errors']} |"
            )
    lines += [
        "",
        "Soak: the server's open descriptors and RSS (all its processes together) after",
        "each of the 10 load cycles (sampled 2 s after the cycle ended), and the cycle's",
        "throughput and errors:",
        "",
        "| backend | descriptors over the cycles | RSS MB over the cycles | req/s per cycle"
        " | errors |",
        "|---|---|---|---|---|",
    ]
    for backend, data in results.items():
        cycles = data["cycles"]
        lines.append(
            f"| {backend} | {_spread([c['fds'] for c in cycles])}"
            f" | {_spread([c['rss_mb'] for c in cycles])}"
            f" | {min(c['throughput'] for c in cycles)}–{max(c['throughput'] for c in cycles)}"
            f" | {sum(c['errors'] for c in cycles)} |"
        )
    return "\n".join(lines)


def _each_process_count(
    results: dict[str, Any],
    backend: str,
    env: dict[str, str],
    log: list[dict[str, Any]],
    args: argparse.Namespace,
    counts: list[int],
) -> None:
    """The benchmark of ``backend`` once per server process count, one after the other."""
    for count in counts:
        label = f"{backend}, {count} process{'es' if count > 1 else ''}"
        print(label, flush=True)
        results[label] = bench_backend({**env, "VANBAN_WORKERS": str(count)}, log, args)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=20.0, help="per client level")
    parser.add_argument("--cycle-seconds", type=float, default=8.0)
    parser.add_argument("--backends", default="sqlite,elasticsearch")
    parser.add_argument(
        "--workers",
        default=f"1,{os.cpu_count() or 1}",
        help="server process counts to measure, side by side (VANBAN_WORKERS)",
    )
    parser.add_argument(
        "--es-url", default=os.environ.get("VANBAN_ES_URL", "http://127.0.0.1:49089")
    )
    parser.add_argument("--no-doc", action="store_true", help="do not rewrite the doc")
    args = parser.parse_args()
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    started = time.monotonic()
    docs = [p.document for p in prepared_documents(args.docs)]
    log = query_log(docs)
    print(f"store of {len(docs)} documents ready in {time.monotonic() - started:.0f} s", flush=True)
    results: dict[str, Any] = {}
    es = None
    process_counts = list(dict.fromkeys(int(n) for n in args.workers.split(",")))
    for backend in args.backends.split(","):
        if backend == "sqlite":
            env = {"VANBAN_DB": str(sqlite_store(args.docs)), "VANBAN_ES_URL": ""}
            _each_process_count(results, backend, env, log, args, process_counts)
        else:
            es = es_version(args.es_url)
            alias = es_store(args.es_url, args.docs)
            try:
                env = {"VANBAN_ES_URL": args.es_url, "VANBAN_INDEX": alias}
                _each_process_count(results, backend, env, log, args, process_counts)
            finally:
                drop_es(args.es_url, alias)
    meta = {
        "date": dt.date.today().isoformat(),
        "docs": args.docs,
        "seconds": args.seconds,
        "cycle_seconds": args.cycle_seconds,
        "machine": machine(es),
        "load_before": load_before,
        "load_after": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE / "results.json").write_text(json.dumps({"meta": meta, "results": results}, indent=1))
    text = report(results, meta)
    print(text)
    if not args.no_doc:
        replace_between(DOC, START, END, text)


if __name__ == "__main__":
    main()
