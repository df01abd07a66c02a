"""`kill -9` of `vanban index`: its worker processes, and the tools they run, are gone."""

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


# An indexer in miniature: the real worker pool, whose one worker runs a tool that
# would take a minute through the readers' own helper, as pdftotext or tesseract does.
_TOOL_RUNNER = """
import sys
from indexer.lifetime import worker_pool
from indexer.readers.tools import run_tool

with worker_pool(1) as pool:
    pool.submit(run_tool, ["sleep", "61"], stage="parse", timeout=120).result()
"""


def _descendants(pid: int) -> set[int]:
    found: set[int] = set()
    for child in _children(pid):
        found |= {child, *_descendants(child)}
    return found


def _command(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text().split("\0")
    except FileNotFoundError:  # ended while we looked
        return []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux")
def test_tools_die_with_their_killed_worker() -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", _TOOL_RUNNER],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    tools: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while not tools:
            assert process.poll() is None, "the runner ended before its tool started"
            assert time.monotonic() < deadline, "no tool running in 60 s"
            tools = {p for p in _descendants(process.pid) if "61" in _command(p)[1:]}
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        deadline = time.monotonic() + 5
        while any(_alive(t) for t in tools) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [t for t in tools if _alive(t)], "the tool outlived its killed worker"
    finally:
        for tool in tools:
            if _alive(tool):
                os.kill(tool, signal.SIGKILL)
        if process.poll() is None:
            process.kill()
            process.wait()
