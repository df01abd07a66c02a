"""How the embedded store keeps documents and their tokens compactly.

The FTS5 table is contentless (``content=''``): the inverted index is all it
keeps, so the token strings are not stored a second time beside it (they were
3.4× the size of the text). Removing a contentless row needs the tokens it was
indexed with, so they are kept zlib-compressed in ``fts_tokens`` (about a sixth
of their size), and the document's JSON is compressed the same way: together
well under the text's own size. A body written by an older version as plain
JSON text still reads.
"""

from __future__ import annotations

import zlib

from vanban_core.schema import Document

_LEVEL = 6
_SEPARATOR = "\x00"  # never inside a token: tokens are letters, digits, "_" and ":"


def pack_document(doc: Document) -> bytes:
    return zlib.compress(doc.model_dump_json().encode("utf-8"), _LEVEL)


def unpack_document(value: bytes | str) -> Document:
    if isinstance(value, str):
        return Document.model_validate_json(value)
    return Document.model_validate_json(zlib.decompress(value))


def pack_tokens(columns: list[str]) -> bytes:
    return zlib.compress(_SEPARATOR.join(columns).encode("utf-8"), _LEVEL)


def unpack_tokens(value: bytes) -> list[str]:
    return zlib.decompress(value).decode("utf-8").split(_SEPARATOR)
