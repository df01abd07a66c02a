"""`vanban serve` as started by a user: heavy resources load before the first request."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from search_api.backends.sqlite import SqliteBackend
from tests.conftest import ROOT
from tests.pipeline.helpers import index

NOTICE = ROOT / "samples" / "thong-bao-1016-TB-VPCP.txt"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def serve_until_ready(db: Path, env: dict[str, str]) -> tuple[subprocess.Popen[str], str, str]:
    """Start `vanban serve` on a free port; the process, its URL and its log up to readiness."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "vanban_cli.main", "serve", "--db", str(db), "--port", str(port)],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert server.stdout is not None
    log: list[str] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = server.stdout.readline()
        if not line:
            break
        log.append(line)
        if "Uvicorn running on" in line:
            return server, f"http://127.0.0.1:{port}", "".join(log)
    server.kill()
    raise AssertionError("vanban serve did not start:\n" + "".join(log))


def test_the_server_loads_everything_before_it_accepts_requests(tmp_path: Path) -> None:
    db = tmp_path / "serve.db"
    SqliteBackend(db).close()
    index(str(NOTICE), "--db", str(db))
    server, url, log = serve_until_ready(db, {})
    try:
        ready = [line for line in log.splitlines() if "vanban: ready in" in line]
        assert len(ready) == 1, log
        for step in ("pyvi model", "code tables", "variant tables", "first search"):
            assert f"{step} " in ready[0], ready[0]
        # Loaded during start-up, i.e. before uvicorn said it accepts connections.
        assert log.index("vanban: ready in") < log.index("Application startup complete")
        found = httpx.get(f"{url}/api/v1/search", params={"q": "1016/TB-VPCP"}, timeout=30)
        assert found.json()["hits"][0]["number"] == "1016/TB-VPCP"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_warm_up_can_be_turned_off(tmp_path: Path) -> None:
    db = tmp_path / "serve.db"
    SqliteBackend(db).close()
    server, url, log = serve_until_ready(db, {"VANBAN_WARM_UP": "false"})
    try:
        assert "vanban: ready in" not in log
        assert httpx.get(f"{url}/healthz", timeout=30).status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
