"""Analysis against plain pyvi, side by side in one process (part of bench_indexing.py).

Every document of the shared corpus but the scans is read and built as the
pipeline does (readers, extraction), untimed. Then, on the same texts, in the
same process, CPU time is taken for
- plain pyvi: ``pyvi.ViTokenizer.tokenize`` on each sentence-sized chunk of the
  normalized title, metadata and body (the very chunks vanban segments), which
  is segmentation alone;
- vanban: ``vanban_core.fields.document_tokens`` of each document, which is
  everything indexing computes from text (normalization, tone placement,
  numbers, segmentation, tokens, folding, the twelve columns), caches cold at
  the start;
and every chunk's words are compared, token by token, between the two. The
documents are then written to a fresh SQLite store, for its bytes per document
and per byte of text.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from indexer.build import build_document, build_from_read
from indexer.readers import read_file
from indexer.sources import WorkItem, expand
from search_api.backends.sqlite import SqliteBackend
from vanban_core.analysis import segment
from vanban_core.analysis.analyzer import _blank_numbers
from vanban_core.analysis.crf import tokenize_nfc
from vanban_core.fields import document_tokens, meta_text
from vanban_core.prepared import PreparedDocument
from vanban_core.schema import Document
from vanban_core.text.normalize import normalize


@dataclass(frozen=True)
class AnalysisResult:
    documents: int
    text_bytes: int
    chunks: int
    tokens: int
    mismatched_chunks: int
    pyvi_cpu: float
    vanban_cpu: float
    store_bytes: int

    @property
    def speedup(self) -> float:
        return self.pyvi_cpu / self.vanban_cpu


def _documents(item: WorkItem) -> list[Document]:
    if item.kind == "record":
        record = json.loads(item.payload or "")
        return [build_document(record, fallback_key=item.key)] if isinstance(record, dict) else []
    read = read_file(Path(item.path))
    return [
        build_from_read(part, key=item.key, position=i, sole=len(read) == 1)
        for i, part in enumerate(read)
        if part.text.strip() or part.hints
    ]


def corpus_documents(paths: list[Path]) -> list[Document]:
    docs: list[Document] = []
    for item in expand(paths):
        if isinstance(item, WorkItem):
            try:
                docs.extend(_documents(item))
            except Exception as exc:  # reported by the pipeline run; not this table's subject
                print(f"skipped {item.key}: {exc}", file=sys.stderr)
    return docs


def _chunks(doc: Document) -> list[str]:
    """The chunks vanban hands the segmenter for ``doc``: normalized, numbers blanked."""
    out: list[str] = []
    for text in (doc.title, meta_text(doc), doc.text):
        if text:
            cleaned, _ = _blank_numbers(normalize(text))
            out.extend(c for m in segment._CHUNK.finditer(cleaned) if (c := m.group(0).strip()))
    return out


def compare(paths: list[Path]) -> AnalysisResult:
    from pyvi import ViTokenizer

    docs = corpus_documents(paths)
    chunks = [c for d in docs for c in _chunks(d)]
    ViTokenizer.tokenize("khởi động")  # load the model outside the timing
    tokenize_nfc("khởi động")
    started = time.process_time()
    reference = [ViTokenizer.tokenize(c).split() for c in chunks]
    pyvi_cpu = time.process_time() - started
    segment._segment_chunk.cache_clear()
    started = time.process_time()
    prepared = [PreparedDocument(d, document_tokens(d)) for d in docs]
    vanban_cpu = time.process_time() - started
    mismatched = sum(tokenize_nfc(c) != words for c, words in zip(chunks, reference, strict=True))
    with tempfile.TemporaryDirectory(prefix="vanban-bench-analysis-") as work:
        store = SqliteBackend(Path(work) / "store.db")
        for start in range(0, len(prepared), 500):
            store.upsert(prepared[start : start + 500])
        store.checkpoint()
        store.close()
        store_bytes = (Path(work) / "store.db").stat().st_size
    return AnalysisResult(
        documents=len(docs),
        text_bytes=sum(len(d.text.encode("utf-8")) for d in docs),
        chunks=len(chunks),
        tokens=sum(len(w) for w in reference),
        mismatched_chunks=mismatched,
        pyvi_cpu=pyvi_cpu,
        vanban_cpu=vanban_cpu,
        store_bytes=store_bytes,
    )


def render(r: AnalysisResult) -> list[str]:
    mb = r.text_bytes / 1024**2
    return [
        "### Analysis against plain pyvi (one process, one core, same texts, same run)",
        "",
        "| what | CPU s | MB of text per CPU s | documents per CPU s |",
        "|---|---|---|---|",
        f"| plain `pyvi.ViTokenizer.tokenize` (segmentation only) | {r.pyvi_cpu:.1f} "
        f"| {mb / r.pyvi_cpu:.2f} | {r.documents / r.pyvi_cpu:.1f} |",
        f"| vanban `document_tokens` (all twelve columns) | {r.vanban_cpu:.1f} "
        f"| {mb / r.vanban_cpu:.2f} | {r.documents / r.vanban_cpu:.1f} |",
        "",
        f"vanban analysis is **{r.speedup:.2f}×** plain pyvi's throughput per core on "
        f"{r.documents:,} documents ({mb:.1f} MB of text, {r.chunks:,} chunks, "
        f"{r.tokens:,} pyvi words); segmentation differs from pyvi's in "
        f"**{r.mismatched_chunks}** of {r.chunks:,} chunks (compared token by token).",
        "",
        f"SQLite store of these documents: {r.store_bytes / 1024**2:.1f} MB, "
        f"{r.store_bytes / r.documents / 1024:.1f} KB per document, "
        f"**{r.store_bytes / r.text_bytes:.2f}×** the text "
        f"({r.text_bytes / r.documents / 1024:.1f} KB of text per document).",
    ]
