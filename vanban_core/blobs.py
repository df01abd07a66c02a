"""Original files, kept content-addressed: ``<sha256><suffix>`` in one folder.

The indexer copies every file it indexes there (the same bytes are stored once,
whatever their names); the server hands them back under one URL pattern with
the content type of their format. A name is only ever a digest plus a known
suffix, so no request can reach outside the folder.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
import shutil
import tempfile
from pathlib import Path

URL_PREFIX = "/api/v1/files/"
_NAME = re.compile(r"^[0-9a-f]{64}(?:\.[a-z0-9]{1,8}){0,2}$")
_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".rtf": "application/rtf",
    ".txt": "text/plain; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".gz": "application/gzip",
}


def _suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes[-2:] if re.fullmatch(r"\.[A-Za-z0-9]{1,8}", s)]
    return "".join(suffixes)


def store(folder: Path, source: Path) -> str:
    """Copy ``source`` into ``folder`` under its content's name; return that name."""
    digest = hashlib.sha256()
    with source.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    name = digest.hexdigest() + _suffix(source)
    target = folder / name
    if not target.exists():
        folder.mkdir(parents=True, exist_ok=True)
        # Copy then rename: a reader never sees half a file.
        handle_fd, partial = tempfile.mkstemp(dir=folder, prefix=".partial-")
        os.close(handle_fd)
        try:
            shutil.copyfile(source, partial)
            os.replace(partial, target)
        finally:
            Path(partial).unlink(missing_ok=True)
    return name


def url(name: str) -> str:
    return URL_PREFIX + name


def find(folder: Path, name: str) -> Path | None:
    """The stored file of ``name``, or None (an invalid name is never looked up)."""
    if not _NAME.match(name):
        return None
    path = folder / name
    return path if path.is_file() else None


def content_type(name: str) -> str:
    suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    return _TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
