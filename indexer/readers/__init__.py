"""File readers: a real file in, plain text of one or more documents out.

``read_file`` checks the path and size, sniffs the format from the content
(:mod:`indexer.readers.detect`), and hands the bytes to one reader per format.
Every reader returns :class:`ReadDocument` values (NFC text, ``\\n`` lines, gazette
furniture removed, container metadata as ``hints``) or raises :class:`ReaderError`
with the failing stage and a reason a user can act on. See docs/formats.md.
"""

from __future__ import annotations

import dataclasses
import errno
from pathlib import Path

from indexer.readers.base import ReadDocument, ReaderError
from indexer.readers.detect import SUFFIX_KIND, detect
from indexer.readers.doc import read_doc
from indexer.readers.docx import read_docx
from indexer.readers.html import read_html
from indexer.readers.pdf import read_pdf
from indexer.readers.text import read_text

__all__ = ["ReadDocument", "ReaderError", "oversize_reason", "read_file", "supported_suffixes"]

DEFAULT_MAX_BYTES = 200 * 1024 * 1024


def oversize_reason(size: int, max_bytes: int = DEFAULT_MAX_BYTES) -> str | None:
    """Why a file of ``size`` bytes is refused unread, or ``None`` if it is not.

    One wording for the readers and for :mod:`indexer.sources`, which asks
    before hashing the file (hashing 2 GiB costs seconds for nothing).
    """
    if size > max_bytes:
        return f"file is {size:,} bytes, over the {max_bytes:,}-byte limit"
    return None


def supported_suffixes() -> frozenset[str]:
    """File name endings the indexer picks up when walking a folder (lowercase, with dot)."""
    return frozenset(SUFFIX_KIND)


def _load(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, after the checks that give clear reasons instead of tracebacks."""
    if path.is_symlink() and not path.exists():
        raise ReaderError("detect", "broken symbolic link: its target does not exist")
    try:
        stat = path.stat()
    except FileNotFoundError as exc:
        raise ReaderError("detect", "file not found") from exc
    except OSError as exc:
        raise ReaderError("detect", f"cannot access the file: {exc.strerror}") from exc
    if path.is_dir():
        raise ReaderError("detect", "this is a folder, not a file")
    if not path.is_file():
        raise ReaderError("detect", "not a regular file (a device, socket or pipe)")
    oversize = oversize_reason(stat.st_size, max_bytes)
    if oversize:
        raise ReaderError("detect", oversize)
    if stat.st_size == 0:
        raise ReaderError("detect", "empty file (0 bytes)")
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EPERM):
            raise ReaderError("detect", "permission denied: the file cannot be read") from exc
        raise ReaderError("detect", f"cannot read the file: {exc.strerror}") from exc
    if len(data) > max_bytes:  # grew while we looked
        raise ReaderError("detect", f"file is over the {max_bytes:,}-byte limit")
    return data


def read_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[ReadDocument]:
    """Read ``path`` into one document (or one per document of a Công báo issue).

    Raises :class:`ReaderError` for anything that is not a readable document.
    """
    path = Path(path)
    data = _load(path, max_bytes)
    detection = detect(path, data)
    if detection.kind == "pdf":
        documents = read_pdf(path, data)
    elif detection.kind == "docx":
        documents = read_docx(path, data)
    elif detection.kind in ("doc", "rtf"):
        documents = read_doc(path, data)
    elif detection.kind == "html":
        documents = read_html(path, data)
    else:
        documents = read_text(path, data)
    if detection.warning is None:
        return documents
    return [
        dataclasses.replace(doc, warnings=(detection.warning, *doc.warnings)) for doc in documents
    ]
