"""The indexing pipeline: sources -> documents -> backend, in parallel, resumably.

Units of work (files, JSON Lines records) are read, extracted and analyzed in
worker processes, because pyvi segmentation is CPU-bound; the parent writes
batches to the backend and then records the units as done in the index state.
A unit that fails is reported with its stage and reason and never stops the
batch. Units already indexed with the same content are skipped.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from indexer.build import build_document, build_from_read
from indexer.lifetime import worker_pool
from indexer.merge import merge, same_document
from indexer.readers import ReaderError, read_file
from indexer.remote import Fetcher
from indexer.sources import SourceFailure, WorkItem, expand
from indexer.state import IndexState
from vanban_core import blobs
from vanban_core.analysis import number_key
from vanban_core.prepared import PreparedDocument, prepare
from vanban_core.schema import Document
from vanban_core.store import DocumentStore

CHUNK = 16
BATCH_DOCUMENTS = 128


@dataclass
class Failure:
    source: str
    stage: str
    reason: str


@dataclass
class ItemResult:
    item: WorkItem
    documents: list[PreparedDocument] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class IndexReport:
    indexed: int = 0
    updated: int = 0
    unchanged: int = 0
    merged: int = 0  # documents written as part of another source's record (indexer.merge)
    removed: int = 0
    failed: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def to_json(self) -> dict[str, object]:
        return {
            "indexed": self.indexed,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "merged": self.merged,
            "failed": [f.__dict__ for f in self.failed],
            "warnings": self.warnings,
            "seconds": round(self.seconds, 2),
        }


def _process_record(item: WorkItem) -> ItemResult:
    result = ItemResult(item)
    try:
        record = json.loads(item.payload or "")
    except json.JSONDecodeError as exc:
        result.failures.append(Failure(item.key, "parse", f"invalid JSON: {exc.msg}"))
        return result
    if not isinstance(record, dict):
        result.failures.append(Failure(item.key, "parse", "a record must be a JSON object"))
        return result
    result.documents.append(prepare(build_document(record, fallback_key=item.key)))
    return result


def _process_file(item: WorkItem) -> ItemResult:
    result = ItemResult(item)
    try:
        read = read_file(Path(item.path))
    except ReaderError as exc:
        result.failures.append(Failure(item.key, exc.stage, exc.reason))
        return result
    for position, part in enumerate(read):
        result.warnings.extend(f"{item.key}: {w}" for w in part.warnings)
        if not part.text.strip() and not part.hints:
            result.failures.append(Failure(item.key, "read", "tệp không có nội dung (no text)"))
            continue
        doc = build_from_read(
            part,
            key=item.key,
            position=position,
            sole=len(read) == 1,
            source_url=item.source_url,
        )
        result.documents.append(prepare(doc))
    return result


def ids_written(documents: list[PreparedDocument]) -> set[str]:
    return {d.document.id for d in documents}


def process_items(items: list[WorkItem]) -> list[ItemResult]:
    """Worker entry point: one chunk of units, each isolated from the others' errors."""
    results: list[ItemResult] = []
    for item in items:
        try:
            handler = _process_record if item.kind == "record" else _process_file
            results.append(handler(item))
        except Exception as exc:  # one bad unit never stops the batch
            results.append(ItemResult(item, failures=[Failure(item.key, "extract", repr(exc))]))
    return results


def _chunks(items: Iterator[WorkItem], size: int) -> Iterator[list[WorkItem]]:
    chunk: list[WorkItem] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


ProgressFn = Callable[[int], None]


class Indexer:
    """Runs units through workers and writes their documents in batches."""

    def __init__(
        self,
        backend: DocumentStore,
        state: IndexState,
        *,
        workers: int | None = None,
        force: bool = False,
        on_progress: ProgressFn | None = None,
        fetcher: Fetcher | None = None,
        blob_dir: Path | None = None,
    ) -> None:
        self.backend = backend
        self.blob_dir = blob_dir
        self.fetcher = fetcher
        self.state = state
        self.workers = max(1, workers if workers is not None else (os.cpu_count() or 1))
        self.force = force
        self.on_progress = on_progress or (lambda _n: None)
        self.report = IndexReport()
        self._pending: list[ItemResult] = []
        # JSON Lines files read in full this run -> the record keys they yielded.
        self._records_seen: dict[str, set[str]] = {}
        self._unreadable: set[str] = set()
        # Stored ids whose record was merged into one with a smaller id this run.
        self._superseded: set[str] = set()

    def _todo(self, sources: Iterable[str | Path]) -> Iterator[WorkItem]:
        for entry in expand(sources, self.fetcher):
            if isinstance(entry, SourceFailure):
                self._unreadable.add(entry.source)
                self.report.failed.append(Failure(entry.source, entry.stage, entry.reason))
                self.on_progress(1)
                continue
            if entry.kind == "record":
                self._records_seen.setdefault(entry.path, set()).add(entry.key)
            if not self.force and self.state.is_current(entry.key, entry.fingerprint):
                self.report.unchanged += 1
                self.on_progress(1)
            else:
                yield entry

    def run(self, sources: Iterable[str | Path]) -> IndexReport:
        started = time.perf_counter()
        chunks = _chunks(self._todo(sources), CHUNK)
        if self.workers == 1:
            for chunk in chunks:
                self._collect(process_items(chunk))
        else:
            self._run_parallel(chunks)
        self._flush()
        self._drop_vanished_records()
        self.report.seconds = time.perf_counter() - started
        return self.report

    def _drop_vanished_records(self) -> None:
        """Remove the documents of records no longer in a JSON Lines file read in full."""
        for path, seen in self._records_seen.items():
            if path in self._unreadable:
                continue
            gone = [k for k in self.state.keys_under(f"{path}#") if k not in seen]
            if not gone:
                continue
            ids = {doc_id for key in gone for doc_id in self.state.ids(key)}
            stale = ids - self.state.claimed(ids, besides=set(gone))
            if stale:
                self.report.removed += self.backend.delete(sorted(stale))
            self.state.forget(gone)

    def _run_parallel(self, chunks: Iterator[list[WorkItem]]) -> None:
        pool = worker_pool(self.workers)
        running: dict[Future[list[ItemResult]], list[WorkItem]] = {}
        try:
            for chunk in chunks:
                try:
                    running[pool.submit(process_items, chunk)] = chunk
                except BrokenProcessPool:
                    pool = self._recover(pool, running, list(chunk))
                while len(running) >= self.workers * 2:
                    pool = self._take_done(pool, running)
            while running:
                pool = self._take_done(pool, running)
        finally:
            pool.shutdown()

    def _take_done(
        self, pool: ProcessPoolExecutor, running: dict[Future[list[ItemResult]], list[WorkItem]]
    ) -> ProcessPoolExecutor:
        done, _ = wait(running, return_when=FIRST_COMPLETED)
        lost: list[WorkItem] = []
        for future in done:
            chunk = running.pop(future)
            try:
                self._collect(future.result())
            except BrokenProcessPool:
                lost.extend(chunk)
        return self._recover(pool, running, lost) if lost else pool

    def _recover(
        self,
        pool: ProcessPoolExecutor,
        running: dict[Future[list[ItemResult]], list[WorkItem]],
        lost: list[WorkItem],
    ) -> ProcessPoolExecutor:
        """A worker died (killed, out of memory, a crash in a C library): the pool is gone.

        The units it held are redone one by one in a new pool; those lost again (with
        a unit that kills its process every time) are redone each in a process of its
        own, so that only such a unit fails. Then a new pool goes on with the rest.
        """
        for future, chunk in running.items():  # all finished or failed with the pool
            try:
                self._collect(future.result())
            except BrokenProcessPool:
                lost.extend(chunk)
        running.clear()
        pool.shutdown()
        with worker_pool(self.workers) as retry:
            again = [(retry.submit(process_items, [item]), item) for item in lost]
            lost = []
            for future, item in again:
                try:
                    self._collect(future.result())
                except BrokenProcessPool:
                    lost.append(item)
        for item in lost:
            with worker_pool(1) as alone:
                try:
                    results = alone.submit(process_items, [item]).result()
                except BrokenProcessPool:
                    reason = "the process reading it died (killed, out of memory or crashed)"
                    results = [ItemResult(item, failures=[Failure(item.key, "extract", reason)])]
            self._collect(results)
        return worker_pool(self.workers)

    def _merge_duplicates(self, pending: list[ItemResult]) -> None:
        """Fold every document that is already indexed (or earlier in this batch)
        under another id into that record (see :mod:`indexer.merge`).

        The record keeps the smallest of the ids, whatever order the workers
        finished in, so an interrupted and resumed run gives the same store as an
        uninterrupted one; a stored record whose id gives way is deleted after
        the batch is written (:attr:`_superseded`)."""
        batch: dict[str, Document] = {}  # "number key|id" -> latest record of this batch
        for result in pending:
            merged: list[PreparedDocument] = []
            for item in result.documents:
                doc = item.document
                own = set(self.state.ids(result.item.key))  # this unit's earlier ids
                target, in_batch = self._same_as(doc, batch, own)
                # A record of this batch under the same id (a stored record another
                # unit of the batch already merged into) is merged too, not overwritten.
                if target is not None:
                    # Smallest id first; for one id, a fixed order of the contents.
                    first, second = sorted((target, doc), key=lambda d: (d.id, d.model_dump_json()))
                    doc = merge(first, second)
                    item = prepare(doc)  # merged fields are searched too
                    # Written once with the record it joins: counted apart, not as indexed.
                    self.report.merged += in_batch
                    if target.id != doc.id:
                        batch.pop(f"{number_key(target.number or '')}|{target.id}", None)
                        if in_batch:
                            self._replace_in_batch(pending, target.id, item)
                        else:
                            self._superseded.add(target.id)
                if doc.number:
                    batch[f"{number_key(doc.number)}|{doc.id}"] = doc
                merged.append(item)
            result.documents = merged

    @staticmethod
    def _replace_in_batch(pending: list[ItemResult], old_id: str, item: PreparedDocument) -> None:
        """Earlier results of the batch that yielded ``old_id`` now yield the merged record."""
        for result in pending:
            result.documents = [item if d.document.id == old_id else d for d in result.documents]

    def _same_as(
        self, doc: Document, batch: dict[str, Document], own: set[str]
    ) -> tuple[Document | None, bool]:
        """The record ``doc`` is a second source of, and whether it is in this batch.

        A stored record under ``doc``'s own id is another source's too unless this
        unit yielded that id before (then ``doc`` is its new version, not a merge)."""
        if not doc.number:
            return None, False
        key = number_key(doc.number)
        for seen_key, seen in batch.items():
            if seen_key.startswith(key + "|") and same_document(seen, doc):
                return seen, True
        for stored in self.backend.lookup(doc.number, 10):
            if (stored.id != doc.id or stored.id not in own) and same_document(stored, doc):
                return stored, False
        return None, False

    def _keep_original(self, result: ItemResult) -> None:
        """Copy the file a result was read from into the blob folder and name it on
        its documents (``original_file``), so the page can offer it for download."""
        if self.blob_dir is None or result.item.kind != "file" or not result.documents:
            return
        try:
            name = blobs.store(self.blob_dir, Path(result.item.path))
        except OSError as exc:
            self.report.warnings.append(f"{result.item.key}: original not kept: {exc}")
            return
        kept: list[PreparedDocument] = []
        for item in result.documents:
            doc = item.document
            sources = list(dict.fromkeys([*doc.sources, result.item.key]))
            update = {"original_file": blobs.url(name), "sources": sources}
            kept.append(PreparedDocument(doc.model_copy(update=update), item.tokens))
        result.documents = kept

    def _collect(self, results: list[ItemResult]) -> None:
        for result in results:
            self._keep_original(result)
        self._pending.extend(results)
        self.on_progress(len(results))
        if sum(len(r.documents) for r in self._pending) >= BATCH_DOCUMENTS:
            self._flush()

    def _flush(self) -> None:
        """Write pending documents, then mark their units done: never the reverse."""
        pending, self._pending = self._pending, []
        if not pending:
            return
        self._merge_duplicates(pending)
        documents = list({d.document.id: d for r in pending for d in r.documents}.values())
        written = self.backend.upsert(documents) if documents else None
        failed_ids = set(written.failed) if written else set()
        if written:
            self.report.indexed += written.indexed
            self.report.updated += written.updated
        done: list[tuple[str, str, list[str]]] = []
        stale: set[str] = set()
        for result in pending:
            self.report.failed.extend(result.failures)
            self.report.warnings.extend(result.warnings)
            ids = [d.document.id for d in result.documents]
            for doc_id in set(ids) & failed_ids:
                reason = written.failed[doc_id] if written else ""
                self.report.failed.append(Failure(result.item.key, "index", reason))
            if not result.failures and not failed_ids & set(ids):
                stale.update(set(self.state.ids(result.item.key)) - set(ids))
                done.append((result.item.key, result.item.fingerprint, ids))
        # An id this unit no longer yields may now come from another unit (a record
        # that moved to another line): delete only ids that no unit yields any more.
        stale -= {d.document.id for d in documents}
        if stale:
            stale -= self.state.claimed(stale, besides={key for key, _, _ in done})
        if stale:
            self.report.removed += self.backend.delete(sorted(stale))
        superseded, self._superseded = self._superseded - set(ids_written(documents)), set()
        if superseded:
            self.backend.delete(sorted(superseded))
        self.state.record(done)
