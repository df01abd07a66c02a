"""Expand what the user named (files, folders, JSON Lines) into units of work.

A unit is a file, or one record of a ``.jsonl``/``.jsonl.gz`` file. Each has a
stable key (its path, or path#line) and a fingerprint of its content, which is
what makes indexing incremental and resumable: a unit whose fingerprint is
already recorded as indexed is skipped.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from indexer.readers import supported_suffixes
from indexer.remote import Fetcher, FetchError, is_url

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")


@dataclass(frozen=True)
class WorkItem:
    key: str
    kind: Literal["file", "record"]
    path: str
    fingerprint: str
    payload: str | None = None
    source_url: str | None = None


@dataclass(frozen=True)
class SourceFailure:
    source: str
    stage: str
    reason: str


def _is_jsonl(path: Path) -> bool:
    return path.name.lower().endswith(JSONL_SUFFIXES)


def _wanted(path: Path) -> bool:
    return _is_jsonl(path) or path.suffix.lower() in supported_suffixes()


def _file_digest(path: Path) -> str:
    digest = hashlib.sha1()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _records(path: Path) -> Iterator[WorkItem | SourceFailure]:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8", errors="strict") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                fingerprint = hashlib.sha1(line.encode("utf-8")).hexdigest()
                yield WorkItem(f"{path}#{number}", "record", str(path), fingerprint, line)
    except (OSError, UnicodeDecodeError, EOFError) as exc:
        yield SourceFailure(str(path), "read", f"cannot read JSON Lines: {exc}")


def _files_under(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root) / name
            if not name.startswith(".") and _wanted(path):
                yield path


def _expand_url(url: str, fetcher: Fetcher | None) -> Iterator[WorkItem | SourceFailure]:
    if fetcher is None:
        yield SourceFailure(url, "fetch", "remote sources are not enabled here")
        return
    try:
        path = fetcher.fetch(url)
    except FetchError as exc:
        yield SourceFailure(url, "fetch", exc.reason)
        return
    yield WorkItem(url, "file", str(path), _file_digest(path), source_url=url)


def expand(
    sources: Iterable[str | Path], fetcher: Fetcher | None = None
) -> Iterator[WorkItem | SourceFailure]:
    """Every unit of work in ``sources``, in a stable order; unusable ones as failures.

    URLs are downloaded here, one at a time, so the per-host rate limit holds.
    """
    for source in sources:
        if isinstance(source, str) and is_url(source):
            yield from _expand_url(source, fetcher)
            continue
        path = Path(source)
        if path.is_dir():
            for found in _files_under(path):
                yield from _expand_file(found)
        elif path.exists() or path.is_symlink():
            yield from _expand_file(path)
        else:
            yield SourceFailure(str(path), "open", "không tìm thấy tệp (no such file or folder)")


def _expand_file(path: Path) -> Iterator[WorkItem | SourceFailure]:
    if _is_jsonl(path):
        yield from _records(path)
        return
    if path.is_symlink() and not path.exists():
        reason = "liên kết hỏng (broken symbolic link): its target does not exist"
        yield SourceFailure(str(path), "open", reason)
        return
    if not path.is_file():  # reading a pipe or a device would block or never end
        reason = "không phải tệp thường (not a regular file): a device, socket or pipe"
        yield SourceFailure(str(path), "open", reason)
        return
    try:
        fingerprint = _file_digest(path)
    except OSError as exc:
        yield SourceFailure(
            str(path), "open", f"không đọc được tệp (cannot read): {exc.strerror or exc}"
        )
        return
    yield WorkItem(str(path), "file", str(path), fingerprint)


def count_units(sources: Iterable[str | Path]) -> int:
    """How many units ``expand`` will yield, for a progress bar with an ETA."""
    total = 0
    for source in sources:
        if isinstance(source, str) and is_url(source):
            total += 1
            continue
        path = Path(source)
        files = list(_files_under(path)) if path.is_dir() else [path]
        for found in files:
            if _is_jsonl(found):
                total += sum(1 for item in _records(found))
            else:
                total += 1
    return total
