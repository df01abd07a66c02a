"""Killing `vanban index` part-way and running it again gives the index one run gives.

For real: the CLI runs as a subprocess with two workers on ~410 units of the
bundled samples, is SIGKILLed (with its workers) as soon as the first batch is
committed, then run again to completion. The result is compared with an
uninterrupted run of the same folder into another store.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from search_api.backends.base import SearchBackend
from search_api.backends.sqlite import SqliteBackend
from tests.conftest import ROOT, require_es
from tests.pipeline.helpers import VANBAN, count_rows, index, state_rows
from vanban_core.schema import Document

SAMPLES = ROOT / "samples"
INPUTS = (
    "congbao-sonla.jsonl",
    "phapluat-sample.jsonl.gz",
    "portal-news-2014-02-13.txt",
    "thong-bao-1016-TB-VPCP.txt",
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One input folder for every run: unit keys and fallback ids contain its path."""
    target = tmp_path_factory.mktemp("resume") / "input"
    target.mkdir()
    for name in INPUTS:
        shutil.copyfile(SAMPLES / name, target / name)
    return target


@pytest.fixture(scope="module")
def reference(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One uninterrupted run into a fresh embedded store."""
    db = tmp_path_factory.mktemp("reference") / "ref.db"
    run = index(str(folder), "--db", str(db), "--workers", "2")
    assert run.report["failed"] == []
    store = SqliteBackend(db)
    documents = {d.id: _comparable(d) for d in store.iter_documents()}
    store.close()
    return {
        "report": run.report,
        "documents": documents,
        "state": state_rows(db.with_name(db.name + ".state")),
    }


def kill_after_first_commit(args: list[str], state: Path) -> int:
    """Start `vanban index ARGS`, SIGKILL it once a batch is committed; units committed."""
    process = subprocess.Popen(
        [*VANBAN, "index", *args, "--json"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the workers die with it
    )
    deadline = time.monotonic() + 180
    try:
        # Units are recorded in the state only after the backend committed their
        # documents, so a unit there means a whole batch is in the store.
        while count_rows(state, "units") == 0:
            assert process.poll() is None, "vanban index ended before a batch was committed"
            assert time.monotonic() < deadline, "no batch committed in 180 s"
            time.sleep(0.02)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    assert process.returncode == -signal.SIGKILL, "the run had finished before the kill"
    return count_rows(state, "units")


def _comparable(doc: Document) -> dict[str, Any]:
    """The document as stored, less ``updated_at``: when this store wrote it, which two
    separate runs cannot share."""
    return doc.model_dump(mode="json", exclude={"updated_at"})


def check_same_documents(store: SearchBackend, state: Path, reference: dict[str, Any]) -> None:
    documents = [_comparable(d) for d in store.iter_documents()]
    ids = [d["id"] for d in documents]
    assert len(ids) == len(set(ids)), "duplicate documents"
    assert store.count() == len(ids)
    assert set(ids) == set(reference["documents"])
    assert {d["id"]: d for d in documents} == reference["documents"]
    assert state_rows(state) == reference["state"]


def check_same_index(
    store: SearchBackend, state: Path, reference: dict[str, Any], run: dict[str, Any], killed: int
) -> None:
    check_same_documents(store, state, reference)
    # Units committed before the kill were skipped; all others were (re)done.
    assert run["failed"] == []
    assert run["unchanged"] == killed > 0
    total_units = len(reference["state"])
    assert killed < total_units
    # A unit whose document joined another unit's record in its batch is "merged".
    assert run["indexed"] + run["updated"] + run["merged"] == total_units - killed


def test_killed_sqlite_run_resumes_to_the_same_index(
    folder: Path, reference: dict[str, Any], tmp_path: Path
) -> None:
    db = tmp_path / "killed.db"
    state = db.with_name(db.name + ".state")
    args = [str(folder), "--db", str(db), "--workers", "2"]
    killed = kill_after_first_commit(args, state)
    assert count_rows(db, "documents") > 0

    resumed = index(*args).report

    store = SqliteBackend(db)
    try:
        check_same_index(store, state, reference, resumed, killed)
        # The full-text rows follow the documents exactly: nothing half-written survives.
        assert count_rows(db, "fts") == count_rows(db, "documents") == store.count()
    finally:
        store.close()


@pytest.mark.elasticsearch
def test_killed_elasticsearch_run_resumes_to_the_same_index(
    folder: Path, reference: dict[str, Any], tmp_path: Path
) -> None:
    url = require_es()
    from search_api.backends.elasticsearch import ElasticsearchBackend

    alias = f"vanban-resume-{uuid.uuid4().hex[:12]}"
    state = tmp_path / f"{alias}.es-state.db"
    args = [str(folder), "--es-url", url, "--index", alias, "--db", str(tmp_path / "s.db")]
    store = ElasticsearchBackend(url, index=alias)
    try:
        killed = kill_after_first_commit([*args, "--workers", "2"], state)
        resumed = index(*args, "--workers", "2").report
        store.client.indices.refresh(index=alias)
        check_same_index(store, state, reference, resumed, killed)
    finally:
        store.drop()
        store.close()


def workers_of(pid: int) -> list[int]:
    """The worker processes of `vanban index`: its children running the same command."""
    command = Path(f"/proc/{pid}/cmdline").read_bytes()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            same = (entry / "cmdline").read_bytes() == command
        except OSError:  # the process ended meanwhile
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid and same:
            found.append(int(entry.name))
    return found


def test_a_worker_killed_part_way_does_not_stop_the_run(
    folder: Path, reference: dict[str, Any], tmp_path: Path
) -> None:
    """The OOM killer or a crash in a C library takes one worker: the run goes on."""
    db = tmp_path / "worker.db"
    state = db.with_name(db.name + ".state")
    process = subprocess.Popen(
        [*VANBAN, "index", str(folder), "--db", str(db), "--workers", "2", "--json"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 180
        while count_rows(state, "units") == 0:
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.02)
        workers = workers_of(process.pid)
        assert len(workers) == 2
        os.kill(workers[0], signal.SIGKILL)
        out, err = process.communicate(timeout=300)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err[-2000:]
    report = json.loads(out)
    assert report["failed"] == []  # the lost units were read again, one by one
    store = SqliteBackend(db)
    try:
        check_same_documents(store, state, reference)
    finally:
        store.close()
