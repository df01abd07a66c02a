#!/usr/bin/env python3
"""Fault drill against `vanban serve` on 127.0.0.1: store moved away and back, indexer
killed mid-run, pathological queries flooded; then checks nothing was lost and
latency returns.

Runs on a copy of the load benchmark's store (scripts/bench_load.py builds and
caches it under .cache/bench_load/), served by `vanban serve` as a subprocess:

1. the store file is moved away: every route must answer 503 with Retry-After,
   no empty file may appear; it is moved back: the next request must succeed;
2. `vanban index` adds the Công báo texts (phapluat_8chude, 414 records) to the
   live store and is SIGKILLed after its first committed batch: its workers
   must be gone within 5 s; a rerun completes, a third run finds nothing to do,
   every document that was there before is still served, and the server sees
   the new total at once;
3. 8 threads flood 500 x "a ", 100-term OR chains and 1 MB URLs for --flood
   seconds while a probe measures a known-item query; afterwards the known-item
   latency is measured again and compared with the baseline.

The results go to docs/reliability.md (between the chaos markers). Rerun with:

    .venv/bin/python scripts/chaos.py
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
from _bench import CORPUS, ROOT, machine, replace_between
from bench_load import CACHE, DOC, make_documents, served, sqlite_store

START, END = "<!-- chaos:start -->", "<!-- chaos:end -->"
VANBAN = [sys.executable, "-m", "vanban_cli.main"]
ADDED = CORPUS / "phapluat_8chude" / "docs.jsonl.gz"
ROUTES = [
    "/api/v1/search?q=quyet+dinh",
    "/api/v1/documents/load-000001",
    "/api/v1/lookup?number=1/2010/QĐ-UBND",
    "/api/v1/suggest?q=quyet",
    "/api/v1/facets",
    "/healthz",
    "/?q=quyet+dinh",
    "/van-ban/load-000001",
]


def _move(source: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        path = source.with_name(source.name + suffix)
        if path.exists():
            os.replace(path, target.with_name(target.name + suffix))


def known_items(docs: int, count: int = 40) -> list[tuple[str, str]]:
    rng = random.Random(12)
    generated = make_documents(docs)
    return [(d.number or "", d.id) for d in rng.sample(generated, count)]


def known_item_latency(base: str, items: list[tuple[str, str]]) -> dict[str, Any]:
    latencies, wrong = [], 0
    with httpx.Client(base_url=base, timeout=60) as http:
        for number, doc_id in items:
            started = time.perf_counter()
            hits = http.get("/api/v1/search", params={"q": number}).json()["hits"]
            latencies.append(time.perf_counter() - started)
            wrong += not hits or hits[0]["id"] != doc_id
    return {"p50_ms": round(1000 * statistics.median(latencies), 1), "wrong_first": wrong}


def store_moved(base: str, live: Path) -> dict[str, Any]:
    away = live.with_name("away.db")
    _move(live, away)
    answers = []
    with httpx.Client(base_url=base, timeout=30) as http:
        for route in ROUTES:
            response = http.get(route)
            answers.append((route, response.status_code, "retry-after" in response.headers))
        created = live.exists()
        _move(away, live)
        after = [http.get(route).status_code for route in ROUTES]
    return {
        "while_away": Counter(status for _, status, _ in answers),
        "retry_after_on_all": all(has for _, _, has in answers),
        "empty_file_created": created,
        "first_requests_after_return": Counter(after),
    }


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.update(int(p) for p in (task / "children").read_text().split())
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _index(live: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*VANBAN, "index", str(ADDED), "--db", str(live), "--workers", "2", *extra],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def _units(state: Path) -> int:
    if not state.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{state}?mode=ro", uri=True) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM units").fetchone()[0])
    except sqlite3.Error:
        return 0


def indexer_killed(base: str, live: Path, sample: list[str]) -> dict[str, Any]:
    before = httpx.get(f"{base}/healthz", timeout=30).json()["documents"]
    state = live.with_name(live.name + ".state")
    process = _index(live)
    deadline = time.monotonic() + 300
    while _units(state) == 0 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = _children(process.pid)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    killed_at = time.monotonic()
    while any(_alive(w) for w in workers) and time.monotonic() - killed_at < 5:
        time.sleep(0.1)
    survivors = [w for w in workers if _alive(w)]
    committed = httpx.get(f"{base}/healthz", timeout=30).json()["documents"]
    rerun = _index(live, "--json")
    rerun.communicate(timeout=900)
    again = _index(live, "--json")
    out, _ = again.communicate(timeout=900)
    third = json.loads(out)
    after = httpx.get(f"{base}/healthz", timeout=30).json()["documents"]
    with httpx.Client(base_url=base, timeout=30) as http:
        missing = [i for i in sample if http.get(f"/api/v1/documents/{i}").status_code != 200]
    return {
        "documents_before": before,
        "workers_seen": len(workers),
        "workers_alive_5s_after_kill": len(survivors),
        "documents_after_kill": committed,
        "documents_after_rerun": after,
        "third_run_indexed": third["indexed"] + third["updated"],
        "third_run_failed": len(third["failed"]),
        "earlier_documents_missing": len(missing),
    }


def _raw_megabyte(base: str) -> str:
    host, port = base.removeprefix("http://").split(":")
    try:
        attacker = ("127.0.0.2", 0)  # the attackers' address (see flood)
        with socket.create_connection(
            (host, int(port)), timeout=60, source_address=attacker
        ) as sock:
            sock.sendall(
                f"GET /api/v1/search?q={'a' * 1_000_000} HTTP/1.1\r\nHost: x\r\n\r\n".encode()
            )
            return sock.recv(64).split(b" ")[1].decode()
    except OSError as exc:
        return type(exc).__name__


def flood(base: str, seconds: float, probe_query: tuple[str, str]) -> dict[str, Any]:
    statuses: Counter[str] = Counter()
    probe: list[float] = []
    probe_errors = Counter[str]()
    stop = threading.Event()
    chain = " OR ".join(f"tu{i}" for i in range(100))
    bodies = [{"q": "a " * 499}, {"q": chain}, None]

    # The attackers and the probe are different clients, as on the Internet: the
    # attackers send from 127.0.0.2, the probe from 127.0.0.3 (all of 127/8 is
    # loopback), so the fair admission queue can tell them apart.
    def attacker(n: int) -> None:
        transport = httpx.HTTPTransport(local_address="127.0.0.2")
        with httpx.Client(base_url=base, timeout=60, transport=transport) as http:
            i = n
            while not stop.is_set():
                params = bodies[i % 3]
                try:
                    if params is None:
                        status = _raw_megabyte(base)
                    else:
                        status = str(http.get("/api/v1/search", params=params).status_code)
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                statuses[status] += 1
                i += 1

    def prober() -> None:
        transport = httpx.HTTPTransport(local_address="127.0.0.3")
        with httpx.Client(base_url=base, timeout=60, transport=transport) as http:
            while not stop.wait(0.25):
                started = time.perf_counter()
                try:
                    response = http.get("/api/v1/search", params={"q": probe_query[0]})
                    probe_errors[str(response.status_code)] += 1
                except httpx.HTTPError as exc:
                    probe_errors[type(exc).__name__] += 1
                probe.append(time.perf_counter() - started)

    threads = [threading.Thread(target=attacker, args=(n,)) for n in range(8)]
    threads.append(threading.Thread(target=prober))
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    return {
        "flood_statuses": dict(statuses),
        "probe_statuses": dict(probe_errors),
        "probe_p50_ms": round(1000 * statistics.median(probe), 1),
        "probe_max_ms": round(1000 * max(probe), 1),
    }


def report(results: dict[str, Any], meta: dict[str, Any]) -> str:
    moved, killed, flooded = results["moved"], results["killed"], results["flood"]
    base, after = results["baseline"], results["after"]
    return "\n".join(
        [
            f"Measured {meta['date']} by `scripts/chaos.py` on a copy of the"
            f" {meta['docs']:,}-document store; one run. Machine: {meta['machine']}."
            " Load average before:"
            f" {meta['load_before']}, after: {meta['load_after']}.",
            "",
            "| drill | what happened |",
            "|---|---|",
            f"| store moved away | every route: {dict(moved['while_away'])} (status: count),"
            f" Retry-After on all: {moved['retry_after_on_all']}, empty file created:"
            f" {moved['empty_file_created']} |",
            f"| store moved back | first request on each route: "
            f"{dict(moved['first_requests_after_return'])} |",
            f"| `vanban index` SIGKILLed after its first batch | {killed['workers_seen']} workers,"
            f" {killed['workers_alive_5s_after_kill']} alive 5 s later; documents"
            f" {killed['documents_before']:,} → {killed['documents_after_kill']:,} (committed"
            f" batches) → {killed['documents_after_rerun']:,} after the rerun, seen by the"
            f" server at once; a third run indexed {killed['third_run_indexed']} and failed"
            f" {killed['third_run_failed']}; earlier documents missing:"
            f" {killed['earlier_documents_missing']} of {meta['sample']} checked |",
            f'| flood ({meta["flood"]:g} s, 8 threads: 500 × "a ", 100-term OR chains,'
            f" 1 MB URLs) | answers {flooded['flood_statuses']}; a known-item probe every"
            f" 0.25 s: {flooded['probe_statuses']}, p50 {flooded['probe_p50_ms']} ms,"
            f" max {flooded['probe_max_ms']} ms |",
            f"| known-item latency (40 numbers) | before {base['p50_ms']} ms p50"
            f" ({base['wrong_first']} not first), after the drills {after['p50_ms']} ms p50"
            f" ({after['wrong_first']} not first) |",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--flood", type=float, default=20.0, help="seconds of flooding")
    parser.add_argument("--no-doc", action="store_true")
    args = parser.parse_args()
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    work = CACHE / "chaos"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    live = work / "live.db"
    shutil.copyfile(sqlite_store(args.docs), live)
    items = known_items(args.docs)
    sample = [f"load-{i:06d}" for i in random.Random(13).sample(range(args.docs), 50)]
    results: dict[str, Any] = {}
    with served({"VANBAN_DB": str(live), "VANBAN_ES_URL": ""}) as (base, _pid):
        known_item_latency(base, items[:5])  # warm-up
        results["baseline"] = known_item_latency(base, items)
        print("baseline", results["baseline"], flush=True)
        results["moved"] = store_moved(base, live)
        print("moved", results["moved"], flush=True)
        results["killed"] = indexer_killed(base, live, sample)
        print("killed", results["killed"], flush=True)
        results["flood"] = flood(base, args.flood, items[0])
        print("flood", results["flood"], flush=True)
        results["after"] = known_item_latency(base, items)
        print("after", results["after"], flush=True)
    meta = {
        "date": time.strftime("%Y-%m-%d"),
        "docs": args.docs,
        "flood": args.flood,
        "sample": len(sample),
        "machine": machine(),
        "load_before": load_before,
        "load_after": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
    text = report(results, meta)
    print(text)
    if not args.no_doc:
        replace_between(DOC, START, END, text)


if __name__ == "__main__":
    main()
