#!/usr/bin/env python3
"""First search on a freshly started server against the next 20, with and without warm-up.

Indexes the bundled samples (`samples/`) into a fresh embedded store with
`vanban index`, then, ``--runs`` times, starts `vanban serve` on it twice — with
the start-up warm-up (the default, ``VANBAN_WARM_UP=true``) and without it —
and for each server times, from this process over 127.0.0.1: the start
(launch until /healthz answers), the first `/api/v1/search`, and the next 20
identical searches. The two modes alternate within each run, so both see the
same machine load. Writes docs/first-query.md::

    .venv/bin/python scripts/bench_first_query.py [--runs 3]

The goal (issue 14): the first search within 2x the median of the next 20.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from _bench import ROOT, machine

QUERY = "van phong chinh phu thong bao"
REPEATS = 20
START_TIMEOUT = 180.0
VANBAN = [sys.executable, "-m", "vanban_cli.main"]
READY = re.compile(r"vanban: ready in .*")


@dataclass
class Sample:
    warm_up: bool
    start: float
    first: float
    rest: list[float]
    ready_line: str

    @property
    def median(self) -> float:
        return statistics.median(self.rest)

    @property
    def ratio(self) -> float:
        return self.first / self.median


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def timed_get(client: httpx.Client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url, params={"q": QUERY})
    elapsed = time.perf_counter() - started
    response.raise_for_status()
    return elapsed


def serve_and_time(db: Path, warm_up: bool, log: Path) -> Sample:
    port = free_port()
    env = {**os.environ, "VANBAN_WARM_UP": "true" if warm_up else "false"}
    base = f"http://127.0.0.1:{port}"
    with log.open("w") as handle:
        launched = time.perf_counter()
        server = subprocess.Popen(
            [*VANBAN, "serve", "--db", str(db), "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
        try:
            with httpx.Client(timeout=60) as client:
                while True:
                    if server.poll() is not None or time.perf_counter() - launched > START_TIMEOUT:
                        raise RuntimeError(f"the server did not start: see {log}")
                    try:
                        if client.get(f"{base}/healthz").status_code == 200:
                            break
                    except httpx.TransportError:
                        time.sleep(0.05)
                start = time.perf_counter() - launched
                url = f"{base}/api/v1/search"
                first = timed_get(client, url)
                rest = [timed_get(client, url) for _ in range(REPEATS)]
        finally:
            server.terminate()
            server.wait(timeout=30)
    found = READY.search(log.read_text(encoding="utf-8"))
    return Sample(warm_up, start, first, rest, found.group(0) if found else "")


def report(samples: list[Sample], loads: tuple[str, str], indexed: str) -> str:
    rows = []
    for number, sample in enumerate(samples, start=1):
        run = (number + 1) // 2
        rows.append(
            f"| {run} | {'on' if sample.warm_up else 'off'} | {sample.start:.2f} | "
            f"{sample.first:.3f} | {sample.median:.3f} | {sample.ratio:.1f}× |"
        )
    worst = {mode: max(s.ratio for s in samples if s.warm_up is mode) for mode in (True, False)}
    ready = next((s.ready_line for s in samples if s.warm_up and s.ready_line), "")
    runs = len(samples) // 2
    return "\n".join(
        [
            "# First search after start",
            "",
            "<!-- written by scripts/bench_first_query.py; rerun it, do not edit by hand -->",
            "",
            f"    .venv/bin/python scripts/bench_first_query.py --runs {runs}",
            "",
            f"The bundled samples ({indexed}) in a fresh embedded store; `vanban serve`",
            f"started {2 * runs} times, the two modes alternating; each time the first",
            f"`GET /api/v1/search?q={QUERY.replace(' ', '+')}` and the next {REPEATS} identical",
            "ones timed from the client over 127.0.0.1. *start* = launch until `/healthz`",
            "answers (the warm-up runs before the server accepts connections).",
            "",
            "| run | warm-up | start, s | first search, s | median of next 20, s | first/median |",
            "|---|---|---|---|---|---|",
            *rows,
            "",
            f"Worst ratio over {runs} runs: **{worst[True]:.1f}×** with the warm-up (goal: at most"
            f" 2×), {worst[False]:.1f}× without it (`VANBAN_WARM_UP=false`).",
            "",
            f"The server's own log line, first run: `{ready}`" if ready else "",
            "",
            f"Machine: {machine()}. Load average (1, 5, 15 min) before: {loads[0]};"
            f" after: {loads[1]} (the machine is shared, so absolute times vary between runs;"
            " the ratios compare the two modes under the same load).",
            "",
        ]
    )


def load_average() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "first-query.md")
    args = parser.parse_args()
    before = load_average()
    with tempfile.TemporaryDirectory(prefix="vanban-first-query-") as work:
        db = Path(work) / "vanban.db"
        indexed = subprocess.run(
            [*VANBAN, "index", "samples/", "--db", str(db), "--json"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        count = re.search(r'"indexed": (\d+)', indexed.stdout)
        documents = f"{count.group(1)} documents" if count else "samples/"
        samples: list[Sample] = []
        for run in range(args.runs):
            for warm_up in (True, False):
                sample = serve_and_time(db, warm_up, Path(work) / f"serve-{run}-{warm_up}.log")
                print(
                    f"run {run + 1} warm-up {'on ' if warm_up else 'off'}: start {sample.start:.2f}"
                    f" s, first {sample.first:.3f} s, median {sample.median:.3f} s,"
                    f" ratio {sample.ratio:.1f}"
                )
                samples.append(sample)
    text = report(samples, (before, load_average()), documents)
    args.out.write_text(text, encoding="utf-8")
    print(f"written to {args.out}")
    worst = max(s.ratio for s in samples if s.warm_up)
    return 0 if worst <= 2.0 else 1


if __name__ == "__main__":
    sys.exit(main())
