"""`vanban serve --workers N`: several processes share the port and the store.

One Python process uses about one core (the GIL), so a public server runs one
process per core; each must read the latest commit, and none may outlive the
server.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from search_api.backends.sqlite import SqliteBackend
from tests.conformance.test_backend_behaviour import load_docs
from tests.conftest import ROOT
from tests.reliability.live import live_server_process
from tests.reliability.test_fresh_reads import NEW


def _descendants(pid: int) -> list[int]:
    found, i = [pid], 0
    while i < len(found):
        for task in Path(f"/proc/{found[i]}/task").iterdir():
            found.extend(int(c) for c in (task / "children").read_text().split())
        i += 1
    return found[1:]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat").read_text()
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended


def test_two_processes_serve_fresh_reads_and_end_with_the_server(tmp_path: Path) -> None:
    store = tmp_path / "vanban.db"
    writer = SqliteBackend(store, create=True)
    writer.upsert(load_docs())
    with live_server_process(store, env={"VANBAN_WORKERS": "2"}) as (base, server):
        workers = _descendants(server.pid)
        assert len(workers) >= 2, workers  # the supervisor's two serving processes
        assert httpx.get(f"{base}/healthz", timeout=10).status_code == 200
        writer.upsert([NEW])  # another process commits while both serve
        totals = []
        for _ in range(24):  # a new connection each: the kernel spreads them over workers
            response = httpx.get(
                f"{base}/api/v1/search", params={"q": "tuần tra biên giới"}, timeout=10
            )
            assert response.status_code == 200, response.text
            totals.append(response.json()["total"])
        assert set(totals) == {1}, totals
    writer.close()
    # The supervisor has ended; helpers such as multiprocessing's resource
    # tracker end when its pipes close, a moment later.
    deadline = time.monotonic() + 5
    while [pid for pid in workers if _alive(pid)] and time.monotonic() < deadline:
        time.sleep(0.1)
    left = {pid: Path(f"/proc/{pid}/cmdline").read_bytes() for pid in workers if _alive(pid)}
    assert not left


def test_workers_option_is_described_and_checked() -> None:
    """`--workers` is in the help with its default, and 0 is refused before serving."""
    run = [sys.executable, "-m", "vanban_cli.main", "serve"]
    helped = subprocess.run(
        [*run, "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert helped.returncode == 0
    assert "--workers" in helped.stdout and "VANBAN_WORKERS" in helped.stdout
    refused = subprocess.run(
        [*run, "--workers", "0"], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert refused.returncode != 0
    assert "--workers" in refused.stderr
