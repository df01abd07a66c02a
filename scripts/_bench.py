"""What the bench scripts share: the corpus, the local Elasticsearch, timed indexing, the machine.

The scripts run as ``.venv/bin/python scripts/bench_X.py``, so this folder is on
``sys.path`` and they import it as ``from _bench import ...``. Importing it also puts
the repository root on ``sys.path``, for ``indexer`` and ``search_api``.
"""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

if TYPE_CHECKING:
    from indexer.pipeline import IndexReport
    from search_api.backends.base import SearchBackend

CORPUS = ROOT.parent / "shared" / "corpus"
ES_LOCAL = ROOT / "scripts" / "elasticsearch_local.py"
STOPPED = 3  # exit code of `elasticsearch_local.py status` when no node runs


@contextmanager
def local_es(url: str | None, start: bool) -> Iterator[str | None]:
    """The Elasticsearch URL to benchmark on: ``url``, else (with ``start``) the local node.

    The local node is started when none runs, and then stopped on the way out; a node
    that was already running (another script's, or the tests') is left running.
    """
    if url or not start:
        yield url
        return
    script = [sys.executable, str(ES_LOCAL)]
    status = subprocess.run([*script, "status"], capture_output=True, text=True)
    # Exit 1 (a node that stopped answering) is replaced by `start`: ours too.
    started = status.returncode != 0
    node = subprocess.run(
        [*script, "start"], check=True, capture_output=True, text=True
    ).stdout.strip()
    try:
        yield node
    finally:
        if started:
            subprocess.run([*script, "stop"], check=False)


def es_version(url: str) -> str:
    """The version(s) of the Elasticsearch nodes at ``url``."""
    import httpx

    nodes = httpx.get(f"{url}/_nodes?filter_path=nodes.*.version", timeout=10).json()
    return ", ".join(sorted({n["version"] for n in nodes["nodes"].values()}))


def index_timed(
    backend: SearchBackend, paths: Iterable[Path], work: Path, workers: int | None = None
) -> tuple[IndexReport, float]:
    """Index ``paths`` into ``backend`` from scratch (state in ``work``); report and seconds."""
    from indexer.pipeline import Indexer
    from indexer.state import IndexState

    state = IndexState(work / f"{backend.name}.state")
    started = time.perf_counter()
    report = Indexer(backend, state, force=True, workers=workers).run(paths)
    state.close()
    return report, time.perf_counter() - started


def machine(es: str | None = None) -> str:
    """One line on the hardware and software a benchmark ran on (``es``: its version)."""
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    parts = [
        f"{os.cpu_count()} cores ({model})",
        f"{memory:.0f} GB RAM",
        f"Linux {platform.release()}",
        f"Python {platform.python_version()}",
        f"SQLite {sqlite3.sqlite_version}",
    ]
    if es:
        parts.append(f"Elasticsearch {es} (local node, scripts/elasticsearch_local.py)")
    return ", ".join(parts)


def replace_between(path: Path, start: str, end: str, text: str) -> None:
    """Put ``text`` between the markers ``start`` and ``end`` of ``path``, which must
    hold them (a page whose prose around the figures is written by hand)."""
    doc = path.read_text(encoding="utf-8")
    head, rest = doc.split(start, 1)
    _, tail = rest.split(end, 1)
    path.write_text(f"{head}{start}\n{text}\n{end}{tail}", encoding="utf-8")


def write_block(path: Path, name: str, lines: list[str]) -> None:
    """Replace the generated block ``name`` of ``path`` (between its marker comments)
    with ``lines``, or append it; the rest of the page, written by hand or by other
    benchmarks, is kept."""
    start, end = f"<!-- {name}: generated -->", f"<!-- {name}: end -->"
    block = "\n".join([start, *lines, end])
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if start in text and end in text:
        before, rest = text.split(start, 1)
        text = before + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + ("\n\n" if text else "") + block + "\n"
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path} ({name})", file=sys.stderr)
