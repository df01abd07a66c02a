"""Uploaded files into documents, for the write API: the indexer's readers and extractor.

The API layer may not import the indexer, so the server is given this
function. The upload is written to a private temporary file under its own
file ending (the readers sniff the content, the ending is a hint), read, and
removed; every part becomes a document exactly as ``vanban index`` would make
it, its id derived from the content when the text names no number.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from pathlib import Path

from indexer.build import build_from_read
from indexer.readers import ReaderError, read_file
from search_api.api.write_routes import UploadRejected
from vanban_core.schema import Document

_SAFE_SUFFIX = re.compile(r"^\.[a-z0-9]{1,8}$")


def convert_upload(filename: str, content: bytes) -> list[Document]:
    suffix = Path(filename).suffix.lower()
    suffix = suffix if _SAFE_SUFFIX.match(suffix) else ".bin"
    key = "upload:" + hashlib.sha1(content).hexdigest()
    with tempfile.TemporaryDirectory(prefix="vanban-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(content)
        try:
            parts = read_file(path)
        except ReaderError as exc:
            raise UploadRejected(f"[{exc.stage}] {exc.reason}") from exc
        return [
            build_from_read(part, key=key, position=n, sole=len(parts) == 1)
            for n, part in enumerate(parts)
        ]
