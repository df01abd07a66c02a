"""`kill -9` of `vanban index`: its worker processes are gone within seconds."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.pipeline.helpers import VANBAN

SAMPLES = ROOT / "samples"


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text()
        found.update(int(p) for p in text.split())
    return found


def _alive(pid: int) -> bool:
    """Running or sleeping; a zombie waiting for a reaper has already died."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux")
def test_workers_die_with_a_killed_indexer(tmp_path: Path) -> None:
    folder = tmp_path / "input"
    folder.mkdir()
    for name in ("phapluat-sample.jsonl.gz", "congbao-sonla.jsonl"):
        shutil.copyfile(SAMPLES / name, folder / name)
    process = subprocess.Popen(
        [*VANBAN, "index", str(folder), "--db", str(tmp_path / "k.db"), "--workers", "2"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        workers: set[int] = set()
        while len(workers) < 2:
            assert process.poll() is None, "vanban index ended before its workers started"
            assert time.monotonic() < deadline, "no workers in 120 s"
            workers = _children(process.pid)
            time.sleep(0.05)
        time.sleep(0.5)  # the workers are at work
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        deadline = time.monotonic() + 5
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [w for w in workers if _alive(w)], "workers outlived the killed indexer"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
