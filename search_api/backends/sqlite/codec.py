"""How the embedded store keeps the tokens of its contentless index.

The FTS5 table is contentless (``content=''``): the inverted index is all it
keeps, so the token strings are not stored a second time beside it (they were
3.4× the size of the text). Removing a contentless row needs the tokens it was
indexed with, so they are kept zlib-compressed in ``fts_tokens``, about a sixth
of their size. (The document JSON stays plain text: snippets cut its text in
SQL, see ``SqliteBackend._bodies``.)
"""

from __future__ import annotations

import zlib

_LEVEL = 6
_SEPARATOR = "\x00"  # never inside a token: tokens are letters, digits, "_" and ":"


def pack_tokens(columns: list[str]) -> bytes:
    return zlib.compress(_SEPARATOR.join(columns).encode("utf-8"), _LEVEL)


def unpack_tokens(value: bytes) -> list[str]:
    return zlib.decompress(value).decode("utf-8").split(_SEPARATOR)
