"""Expand what the user named (files, folders, JSON Lines) into units of work.

A unit is a file, or one record of a ``.jsonl``/``.jsonl.gz`` file. Each has a
stable key (its path, or path#line) and a fingerprint of its content, which is
what makes indexing incremental and resumable: a unit whose fingerprint is
already recorded as indexed is skipped.
"""

from __future__ import annotations

import errno
import gzip
import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from indexer.readers import oversize_reason, supported_suffixes
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


def _files_under(folder: Path) -> Iterator[Path | SourceFailure]:
    """Files to read under ``folder``; what cannot be walked, as failures.

    Symbolic links to folders are followed (a user who links a folder in wants
    it indexed) unless they lead back to a folder already walked, which would
    loop forever; such a link, and a folder that cannot be listed, is reported
    instead of silently skipped.
    """
    failures: list[SourceFailure] = []

    def unlisted(error: OSError) -> None:
        reason = f"không đọc được thư mục (cannot list the folder): {error.strerror or error}"
        failures.append(SourceFailure(str(error.filename), "open", reason))

    walked: set[str] = set()
    for root, dirs, files in os.walk(folder, onerror=unlisted, followlinks=True):
        yield from failures
        failures.clear()
        walked.add(os.path.realpath(root))
        kept = []
        for name in sorted(d for d in dirs if not d.startswith(".")):
            link = Path(root) / name
            if link.is_symlink() and os.path.realpath(link) in walked | _ancestors(link):
                reason = "vòng liên kết (symbolic link loop): it leads back to a folder above it"
                yield SourceFailure(str(link), "open", reason)
            else:
                kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            path = Path(root) / name
            if not name.startswith(".") and _wanted(path):
                yield path
    yield from failures


def _ancestors(path: Path) -> set[str]:
    """The real paths of the folders above ``path``, itself excluded."""
    return {os.path.realpath(parent) for parent in path.parents}


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
                if isinstance(found, SourceFailure):
                    yield found
                else:
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
        yield SourceFailure(str(path), "open", _broken_link_reason(path))
        return
    if not path.is_file():  # reading a pipe or a device would block or never end
        reason = "không phải tệp thường (not a regular file): a device, socket or pipe"
        yield SourceFailure(str(path), "open", reason)
        return
    try:
        oversize = oversize_reason(path.stat().st_size)
        if oversize:  # refused before hashing: reading 2 GiB to refuse it costs seconds
            yield SourceFailure(str(path), "detect", oversize)
            return
        fingerprint = _file_digest(path)
    except OSError as exc:
        yield SourceFailure(
            str(path), "open", f"không đọc được tệp (cannot read): {exc.strerror or exc}"
        )
        return
    yield WorkItem(str(path), "file", str(path), fingerprint)


def _broken_link_reason(path: Path) -> str:
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "vòng liên kết (symbolic link loop): the link leads back to itself"
        if exc.errno == errno.EACCES:
            return "không có quyền đọc đích liên kết (the link's target is not readable)"
    return "liên kết hỏng (broken symbolic link): its target does not exist"


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
            if isinstance(found, SourceFailure):
                total += 1
            elif _is_jsonl(found):
                total += sum(1 for item in _records(found))
            else:
                total += 1
    return total
