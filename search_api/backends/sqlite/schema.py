"""DDL of the embedded store.

``documents`` holds the canonical record (the pydantic JSON without its text,
plus the two columns date filters and sorting need); ``texts`` holds the text
apart, cut in two: its opening (``lead``, the first :data:`LEAD_CHARS`
characters, all a hit reads: the snippet and the best article) and the ``rest``.
A hit so reads at most that much whatever the document's size, and a filter on the body's
JSON (status, effective date) parses a few hundred bytes, not 20 MB; the full
text (``lead || rest``) is read only by ``get``, lookups and exports. Stores of
schema 3 and before kept the text inside ``body``; they are read as they are
(see the backend) and rebuilt by ``vanban reindex``. ``fts`` indexes the
pre-analyzed token columns declared in :mod:`vanban_core.fields`, keyed by the
same rowid, without storing them (see :mod:`.codec`);
``numbers`` maps number keys to documents, for the document's own number and
for the numbers it cites; ``facet_values`` holds every facet value of every
document (facet name, folded key, shown form), one table for the whole facet
registry, so a new facet needs no new column.
"""

from __future__ import annotations

from search_api.highlight import HIT_TEXT_CHARS
from vanban_core.fields import columns

SCHEMA_VERSION = 4
TEXT_APART_SINCE = 4  # the first schema with the ``texts`` table
LEAD_CHARS = HIT_TEXT_CHARS  # what a hit reads (snippet, best article), stored apart

# FTS5 tokenizes our pre-analyzed strings: tokens are already lowercase and
# segmented, "_" joins the syllables of a word and ":" ends a column prefix;
# neither may split a token.
_TOKENIZER = "unicode61 remove_diacritics 0 tokenchars '_:'"

# The title and metadata columns' tokens carry a prefix of their own ("3:văn").
# FTS5 computes a term's IDF over the whole table, not per column; distinct
# prefixes give those columns their own vocabulary and so their own IDF, as
# Elasticsearch has per field. Without it a word common in bodies ("thông báo")
# would weigh nothing in the short metadata field where it names the type.
# The text columns hold the whole document and keep plain tokens.
COLUMN_PREFIX = {
    name: "" if name.startswith("text_") else f"{position}:"
    for position, (name, _) in enumerate(columns())
}


def namespaced(column: str, tokens: str) -> str:
    prefix = COLUMN_PREFIX[column]
    if not prefix:
        return tokens
    return " ".join(prefix + token for token in tokens.split())


def migrations(columns_present: set[str], now_key: str) -> list[tuple[str, tuple[str, ...]]]:
    """Statements that bring a store written before ``updated_at`` existed up to date.

    Its documents get the migration's instant, in the column and in the body.
    """
    if "updated_at" in columns_present:
        return []
    return [
        ("ALTER TABLE documents ADD COLUMN updated_at TEXT", ()),
        (
            "UPDATE documents SET updated_at = ?, body = json_set(body, '$.updated_at', ?)",
            (now_key, now_key),
        ),
    ]


def ddl() -> list[str]:
    fts_columns = ", ".join(name for name, _ in columns())
    return [
        """
        CREATE TABLE IF NOT EXISTS documents (
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            issued_date TEXT,
            updated_at TEXT,
            body TEXT NOT NULL
        )
        """,
        "CREATE INDEX IF NOT EXISTS documents_date ON documents(issued_date)",
        """
        CREATE TABLE IF NOT EXISTS texts (
            rowid INTEGER PRIMARY KEY,
            lead TEXT NOT NULL,
            rest TEXT NOT NULL
        )
        """,
        "CREATE INDEX IF NOT EXISTS documents_updated ON documents(updated_at)",
        """
        CREATE TABLE IF NOT EXISTS numbers (
            doc_rowid INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
            key TEXT NOT NULL,
            cited INTEGER NOT NULL
        )
        """,
        "CREATE INDEX IF NOT EXISTS numbers_key ON numbers(key, cited)",
        "CREATE INDEX IF NOT EXISTS numbers_doc ON numbers(doc_rowid)",
        """
        CREATE TABLE IF NOT EXISTS facet_values (
            doc_rowid INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
            facet TEXT NOT NULL,
            key TEXT NOT NULL,
            shown TEXT NOT NULL,
            PRIMARY KEY (doc_rowid, facet, key)
        ) WITHOUT ROWID
        """,
        "CREATE INDEX IF NOT EXISTS facet_values_key ON facet_values(facet, key)",
        # Contentless: the index only (see codec.py); fts_tokens keeps what a
        # delete needs, compressed.
        f"CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5({fts_columns}, "
        f"content='', tokenize=\"{_TOKENIZER}\")",
        "CREATE TABLE IF NOT EXISTS fts_tokens (rowid INTEGER PRIMARY KEY, tokens BLOB NOT NULL)",
        "CREATE VIRTUAL TABLE IF NOT EXISTS fts_vocab USING fts5vocab(fts, col)",
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)",
    ]
