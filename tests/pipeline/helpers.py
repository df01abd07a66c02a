"""Running `vanban index` as a user does, and reading what it left behind."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.conftest import ROOT

VANBAN = [sys.executable, "-m", "vanban_cli.main"]


@dataclass
class Run:
    report: dict[str, Any]
    returncode: int
    max_rss_mb: float
    stderr: str


def index(*args: str, timeout: float = 300) -> Run:
    """`vanban index ARGS --json`; the report, and the peak RSS of the process tree.

    The peak comes from wait4(), which reports the largest resident set of the
    child and of every descendant it waited for (the worker processes).
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(
            [*VANBAN, "index", *args, "--json"], cwd=ROOT, stdout=out, stderr=err
        )
        try:
            _, status, usage = _wait4(process.pid, timeout)
        except TimeoutError:
            process.kill()
            process.wait()
            raise
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8")
        stderr = err.read().decode("utf-8", errors="replace")
    if process.returncode not in (0, 3):
        raise AssertionError(f"vanban index exited {process.returncode}:\n{stderr[-3000:]}")
    report = json.loads(stdout)
    # 3 exactly when some source failed (README "Exit codes").
    assert process.returncode == (3 if report["failed"] else 0), report["failed"]
    return Run(report, process.returncode, usage.ru_maxrss / 1024, stderr)


def _wait4(pid: int, timeout: float) -> tuple[int, int, Any]:
    deadline = time.monotonic() + timeout
    while True:
        waited, status, usage = os.wait4(pid, os.WNOHANG)
        if waited == pid:
            return waited, status, usage
        if time.monotonic() > deadline:
            raise TimeoutError(f"vanban index still running after {timeout:g} s")
        time.sleep(0.05)


def count_rows(db: Path, table: str) -> int:
    """Rows in ``table`` of an SQLite file another process is writing (0 before it exists)."""
    if not db.exists():
        return 0
    try:
        with closing(sqlite3.connect(db, timeout=5)) as conn:
            return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
    except sqlite3.OperationalError:  # the table is not created yet
        return 0


def state_rows(state: Path) -> dict[str, tuple[str, list[str]]]:
    """The index state: unit key -> (fingerprint, document ids)."""
    with closing(sqlite3.connect(state)) as conn:
        rows = conn.execute("SELECT key, fingerprint, ids FROM units").fetchall()
    return {key: (fingerprint, json.loads(ids)) for key, fingerprint, ids in rows}


def failures_by_source(report: dict[str, Any]) -> dict[str, list[dict[str, str]]]:
    found: dict[str, list[dict[str, str]]] = {}
    for failure in report["failed"]:
        found.setdefault(Path(failure["source"]).name, []).append(failure)
    return found
