"""SQLite FTS5 implementation of :class:`search_api.backends.base.SearchBackend`.

Writes are one transaction per batch: a crash mid-batch leaves the previous
state intact (no committed document lost, no half-written one), because the
document row, its FTS row and its number rows are written together.
Connections come from one bounded pool (:mod:`.pool`): every read is one
transaction ended before the connection is reused, so each request sees the
latest commit of any writer; WAL lets readers run during a write. Only a
backend opened with ``create=True`` (indexing) may create the file.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from search_api.backends.base import BackendError, ReindexResult
from search_api.backends.derived_status import delete_restatusing, restatus
from search_api.backends.sqlite import fts_query, sql_query
from search_api.backends.sqlite.codec import pack_tokens, unpack_tokens
from search_api.backends.sqlite.facet_index import (
    FacetCache,
    FacetRow,
    ensure_generation,
    new_generation,
    read_generation,
)
from search_api.backends.sqlite.facets import count_in_sql, shown_facets
from search_api.backends.sqlite.pool import ConnectionPool
from search_api.backends.sqlite.schema import (
    LEAD_CHARS,
    SCHEMA_VERSION,
    TEXT_APART_SINCE,
    ddl,
    migrations,
    namespaced,
)
from search_api.cursor import next_cursor
from search_api.highlight import HIT_TEXT_CHARS, make_hit
from search_api.models import Hit, SearchPage, SearchRequest, Sort, UpsertReport
from search_api.planner import QueryPlan
from search_api.timing import stage
from vanban_core.analysis import number_key
from vanban_core.facets import facet_values
from vanban_core.fields import columns, number_keys
from vanban_core.prepared import PreparedDocument, prepare, stamp
from vanban_core.schema import Document, instant_key, utc_now
from vanban_core.settings import SQLITE_MMAP_MB
from vanban_core.store import SearchTimeout, StoreUnavailable

_FTS_COLUMNS = [name for name, _ in columns()]
_MARKS = ", ".join("?" for _ in _FTS_COLUMNS)
_T = TypeVar("_T")


class SqliteBackend:
    """The embedded store: everything in one file, nothing to install."""

    name = "sqlite"

    def __init__(
        self,
        path: str | Path,
        *,
        search_timeout: float = 10.0,
        create: bool = True,
        pool_size: int | None = None,
        facet_index: bool = False,
        mmap_mb: int = SQLITE_MMAP_MB,
    ) -> None:
        """Open the store at ``path``; with ``create`` (indexing) make it if missing.

        Without ``create`` nothing is written at opening and a missing file is
        :class:`StoreUnavailable` at each use, until it appears. ``facet_index``
        counts facets from memory (:mod:`.facet_index`) instead of in SQL: for a
        server, which builds it once and keeps it; a one-off CLI search would
        pay the build for nothing. ``mmap_mb``: how much of the file readers map
        into memory (see :class:`.pool.ConnectionPool`; 0 reads it with read()).
        """
        self.path = Path(path)
        self.search_timeout = search_timeout
        size = pool_size or max(4, 2 * (os.cpu_count() or 1))
        self._pool = ConnectionPool(
            self.path, size=size, create=create, mmap_bytes=mmap_mb * 1024 * 1024
        )
        self.facet_cache = FacetCache(self._pool.read) if facet_index else None
        if create:
            with self._write() as conn:
                self._migrate(conn)
                for statement in ddl():
                    conn.execute(statement)
                conn.execute(
                    "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)",
                    (str(SCHEMA_VERSION),),
                )
                ensure_generation(conn)
        elif self.path.exists():
            self._upgrade_existing()

    @staticmethod
    def _migrate(conn: sqlite3.Connection) -> None:
        """Columns added since the store was written (``updated_at``), filled in place."""
        present = {r[1] for r in conn.execute("PRAGMA table_info(documents)")}
        for statement, params in migrations(present, instant_key(utc_now())) if present else []:
            conn.execute(statement, params)
        if present:
            conn.execute("CREATE INDEX IF NOT EXISTS documents_updated ON documents(updated_at)")

    def _upgrade_existing(self) -> None:
        """A server opening a store from before ``updated_at``: upgrade it once.

        Opening never creates a file; an existing one is brought up to date (one
        short write), or, if it cannot be written, left as it is for its reads to
        report the problem.
        """
        try:
            with self._write() as conn:
                self._migrate(conn)
                ensure_generation(conn)
        except (sqlite3.Error, BackendError):
            pass

    @property
    def schema_version(self) -> int:
        """The schema the store was built with (:data:`SCHEMA_VERSION` for new stores)."""
        with self._read() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else SCHEMA_VERSION

    def _check_writable(self) -> None:
        """Stores of an older schema are searched as they are, but written only after
        ``vanban reindex`` (their index keeps its tokens in a way this version no longer
        removes); reindex reads them and builds the current schema."""
        version = self.schema_version
        if version < SCHEMA_VERSION:
            raise BackendError(
                f"kho {self.path} có lược đồ cũ ({version}): hãy chạy `vanban reindex` "
                f"(store schema {version} is older than {SCHEMA_VERSION}: "
                "run `vanban reindex` before writing)"
            )

    # -- connections ---------------------------------------------------------

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """A pooled connection reading one current snapshot; errors as BackendError."""
        try:
            with self._pool.read() as conn:
                yield conn
        except sqlite3.OperationalError as exc:
            if "interrupted" in str(exc):
                raise SearchTimeout(
                    f"search took longer than {self.search_timeout:g} s and was stopped"
                ) from exc
            raise StoreUnavailable(f"store read failed: {exc}") from exc
        except sqlite3.DatabaseError as exc:  # not a database, or a damaged one
            raise StoreUnavailable(f"store read failed: {exc}") from exc

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._pool.write() as conn:
            yield conn

    def connections(self) -> list[sqlite3.Connection]:
        """The pool's idle read connections (tests check none is left in a transaction)."""
        return self._pool.connections()

    def close(self) -> None:
        if self.facet_cache is not None:
            self.facet_cache.close()
        self._pool.close()

    # -- admin ---------------------------------------------------------------

    def reindex(self) -> ReindexResult:
        """Re-analyze every document into a fresh file, then swap it in with one rename.

        Readers keep the old file until they reconnect; the old version stays
        beside the new one as ``<db>.previous``. Any failure removes the
        half-built file and leaves the live store untouched.
        """
        building = self.path.with_name(self.path.name + ".reindex")
        previous = self.path.with_name(self.path.name + ".previous")
        _remove_database(building)
        fresh = SqliteBackend(building, search_timeout=self.search_timeout, create=True)
        try:
            count = 0
            batch: list[Document] = []
            for doc in self.iter_documents():
                batch.append(doc)
                if len(batch) == 500:
                    count += _written(fresh.upsert(batch))
                    batch.clear()
            count += _written(fresh.upsert(batch))
            fresh.checkpoint()
        except BaseException:
            fresh.close()
            _remove_database(building)
            raise
        fresh.close()
        self.checkpoint()
        self.close()
        _remove_database(previous)
        os.replace(self.path, previous)
        os.replace(building, self.path)
        return ReindexResult(new=str(self.path), previous=[str(previous)], documents=count)

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the file, so the file alone is the store."""
        with self._pool.write(transaction=False) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def drop(self) -> None:
        self.close()
        for version in (self.path, self.path.with_name(self.path.name + ".previous")):
            _remove_database(version)

    # -- writes --------------------------------------------------------------

    def upsert(self, documents: Iterable[Document | PreparedDocument]) -> UpsertReport:
        self._check_writable()
        report = UpsertReport()
        ready: list[PreparedDocument] = []
        for doc in documents:
            try:
                ready.append(prepare(doc))
            except Exception as exc:  # analysis of one document must not sink the batch
                doc_id = doc.document.id if isinstance(doc, PreparedDocument) else doc.id
                report.failed[doc_id] = f"analysis failed: {exc}"
        ready, restated = restatus(self, ready)
        restated_ready = [prepare(d) for d in restated]
        with self._write() as conn:
            when = utc_now()
            for item in (stamp(r, when) for r in ready):
                if self._write_one(conn, item.document, item.tokens):
                    report.updated += 1
                else:
                    report.indexed += 1
            for item in (stamp(r, when) for r in restated_ready):  # not this call's documents
                self._write_one(conn, item.document, item.tokens)
            new_generation(conn)
        return report

    def _write_one(self, conn: sqlite3.Connection, doc: Document, tokens: dict[str, str]) -> bool:
        """Write one document; True when it replaced an existing one."""
        row = conn.execute("SELECT rowid FROM documents WHERE id = ?", (doc.id,)).fetchone()
        values = (
            doc.issued_date.isoformat() if doc.issued_date else None,
            instant_key(doc.updated_at) if doc.updated_at else None,
            doc.model_dump_json(exclude={"text"}),  # the text goes to ``texts``
        )
        if row:
            rowid = int(row[0])
            conn.execute(
                "UPDATE documents SET issued_date=?, updated_at=?, body=? WHERE rowid=?",
                (*values, rowid),
            )
            _unindex(conn, rowid)
            conn.execute("DELETE FROM numbers WHERE doc_rowid = ?", (rowid,))
            conn.execute("DELETE FROM facet_values WHERE doc_rowid = ?", (rowid,))
        else:
            cursor = conn.execute(
                "INSERT INTO documents (id, issued_date, updated_at, body) VALUES (?, ?, ?, ?)",
                (doc.id, *values),
            )
            rowid = int(cursor.lastrowid or 0)
        conn.execute(
            "INSERT OR REPLACE INTO texts (rowid, lead, rest) VALUES (?, ?, ?)",
            (rowid, doc.text[:LEAD_CHARS], doc.text[LEAD_CHARS:]),
        )
        values_in_columns = [namespaced(c, tokens[c]) for c in _FTS_COLUMNS]
        conn.execute(
            f"INSERT INTO fts (rowid, {', '.join(_FTS_COLUMNS)}) VALUES (?, {_MARKS})",
            (rowid, *values_in_columns),
        )
        conn.execute(
            "INSERT INTO fts_tokens (rowid, tokens) VALUES (?, ?)",
            (rowid, pack_tokens(values_in_columns)),
        )
        conn.executemany(
            "INSERT INTO numbers (doc_rowid, key, cited) VALUES (?, ?, ?)",
            _number_rows(rowid, doc),
        )
        conn.executemany(
            "INSERT INTO facet_values (doc_rowid, facet, key, shown) VALUES (?, ?, ?, ?)",
            [(rowid, *value) for value in facet_values(doc)],
        )
        return row is not None

    def delete(self, ids: Iterable[str]) -> int:
        self._check_writable()
        return delete_restatusing(self, list(ids), self._delete, self.upsert)

    def _delete(self, ids: list[str]) -> int:
        deleted = 0
        with self._write() as conn:
            for doc_id in ids:
                row = conn.execute("SELECT rowid FROM documents WHERE id = ?", (doc_id,)).fetchone()
                if row is None:
                    continue
                _unindex(conn, int(row[0]))
                conn.execute("DELETE FROM numbers WHERE doc_rowid = ?", (row[0],))
                conn.execute("DELETE FROM facet_values WHERE doc_rowid = ?", (row[0],))
                conn.execute("DELETE FROM texts WHERE rowid = ?", (row[0],))
                conn.execute("DELETE FROM documents WHERE rowid = ?", (row[0],))
                deleted += 1
            new_generation(conn)
        return deleted

    # -- reads ---------------------------------------------------------------

    def get(self, doc_id: str) -> Document | None:
        with self._read() as conn:
            row = conn.execute(
                "SELECT rowid, body FROM documents WHERE id = ?", (doc_id,)
            ).fetchone()
            found = _with_texts(conn, [row]) if row else []
        return found[0] if found else None

    def iter_documents(self) -> Iterator[Document]:
        last = 0
        while True:
            with self._read() as conn:  # one short read per chunk: no snapshot held between
                rows = conn.execute(
                    "SELECT rowid, body FROM documents WHERE rowid > ? ORDER BY rowid LIMIT 500",
                    (last,),
                ).fetchall()
                documents = _with_texts(conn, rows)
            if not rows:
                return
            yield from documents
            last = int(rows[-1][0])

    def existing_ids(self, ids: Iterable[str]) -> set[str]:
        wanted = list(ids)
        found: set[str] = set()
        with self._read() as conn:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ", ".join("?" for _ in chunk)
                rows = conn.execute(f"SELECT id FROM documents WHERE id IN ({marks})", chunk)
                found.update(r[0] for r in rows)
        return found

    def lookup(self, number: str, limit: int = 20) -> list[Document]:
        key = number_key(number)
        if not key:
            return []
        return self._documents(
            "SELECT d.rowid, d.body FROM numbers n JOIN documents d ON d.rowid = n.doc_rowid "
            "WHERE n.key = ? AND n.cited = 0 "
            "ORDER BY COALESCE(d.issued_date, '') DESC, d.rowid LIMIT ?",
            (key, limit),
        )

    def citing(self, number: str, limit: int = 200) -> list[Document]:
        key = number_key(number)
        if not key:
            return []
        return self._documents(
            "SELECT d.rowid, d.body FROM numbers n JOIN documents d ON d.rowid = n.doc_rowid "
            "WHERE n.key = ? AND n.cited = 1 "
            "ORDER BY COALESCE(d.issued_date, '') DESC, d.rowid LIMIT ?",
            (key, limit),
        )

    def suggest_numbers(self, key_prefix: str, limit: int) -> list[Document]:
        if not key_prefix:
            return []
        return self._documents(
            "SELECT d.rowid, d.body FROM numbers n JOIN documents d ON d.rowid = n.doc_rowid "
            "WHERE n.cited = 0 AND n.key >= ? AND n.key < ? "
            "ORDER BY n.key, COALESCE(d.issued_date, '') DESC LIMIT ?",
            (key_prefix, key_prefix + "\uffff", limit),
        )

    def suggest_titles(self, folded: tuple[str, ...], limit: int) -> list[Document]:
        if not folded:
            return []
        return self._documents(
            "SELECT d.rowid, d.body FROM fts JOIN documents d ON d.rowid = fts.rowid "
            "WHERE fts MATCH ? ORDER BY bm25(fts) LIMIT ?",
            (fts_query.title_prefix_expression(folded), limit),
        )

    def _documents(self, sql: str, params: tuple[object, ...]) -> list[Document]:
        """Whole documents from ``sql``, which selects (rowid, body)."""
        with self._read() as conn:
            return _with_texts(conn, conn.execute(sql, params).fetchall())

    def term_counts(self, folded_terms: list[str]) -> dict[str, int]:
        if not folded_terms:
            return {}
        marks = ", ".join("?" for _ in folded_terms)
        with self._read() as conn:
            rows = conn.execute(
                f"SELECT term, doc FROM fts_vocab WHERE col = 'text_f' AND term IN ({marks})",
                folded_terms,
            ).fetchall()
        return {term: int(doc) for term, doc in rows}

    def count(self) -> int:
        with self._read() as conn:
            return int(conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])

    def health(self) -> dict[str, object]:
        return {"backend": self.name, "path": str(self.path), "documents": self.count()}

    def search(self, request: SearchRequest, plan: QueryPlan) -> SearchPage:
        return self._bounded(lambda conn: self._search(conn, request, plan))

    def count_matches(self, plan: QueryPlan) -> int:
        count = sql_query.count_query(plan)
        return self._bounded(lambda conn: int(conn.execute(count.sql, count.params).fetchone()[0]))

    def _bounded(self, work: Callable[[sqlite3.Connection], _T]) -> _T:
        """Run a query under the search time limit, as a :class:`BackendError` on failure."""
        with self._read() as conn:
            deadline = time.monotonic() + self.search_timeout
            # SQLite calls this every 10,000 VM steps; a non-zero return aborts the query.
            conn.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
            try:
                return work(conn)
            finally:
                conn.set_progress_handler(None, 0)

    def _search(
        self, conn: sqlite3.Connection, request: SearchRequest, plan: QueryPlan
    ) -> SearchPage:
        with stage("match"):
            total = self._fill(conn, plan, request.sort)
        with stage("rank"):
            page = sql_query.page_query(
                request.sort, plan.is_empty, request.size, request.offset, request.cursor
            )
            fetched = conn.execute(page.sql, page.params).fetchall()
        rows = fetched[: request.size]
        with stage("snippets"):
            bodies = self._bodies(conn, [int(r[0]) for r in rows])
            hits = [_hit(bodies[int(r)], float(s), plan) for r, s, _ in rows]
        last = [rows[-1][2], int(rows[-1][0])] if rows else []
        with stage("facets"):
            facets, truncated = shown_facets(self._facet_rows(conn, total), request.facet_size)
        return SearchPage(
            total=total,
            hits=hits,
            facets=facets,
            facets_truncated=truncated,
            page=request.page,
            size=request.size,
            next_cursor=next_cursor(request.sort, len(fetched), request.size, last),
        )

    def settle(self) -> None:
        """Build the facet index of the current snapshot if it is not held, and wait."""
        if self.facet_cache is not None:
            with self._read() as conn:
                generation = read_generation(conn)
            self.facet_cache.settle(generation)

    def facets_in_memory(self) -> bool:
        """Whether the facet index holds the snapshot the next search reads (tests)."""
        if self.facet_cache is None:
            return False
        with self._read() as conn:
            return self.facet_cache.holds(read_generation(conn))

    def _facet_rows(self, conn: sqlite3.Connection, hits: int) -> list[FacetRow]:
        """The facet values of the ``hits`` matches, from memory when it holds this
        snapshot and they are enough to pay for it, else from SQL."""
        cache = self.facet_cache
        index = cache.current(read_generation(conn)) if cache is not None else None
        if index is None or not index.pays_for(hits):
            return count_in_sql(conn)
        return index.count(r for (r,) in conn.execute("SELECT r FROM temp.hits"))

    @staticmethod
    def _fill(conn: sqlite3.Connection, plan: QueryPlan, sort: Sort) -> int:
        """Put the plan's matches in temp.hits; return how many there are."""
        conn.execute("DELETE FROM temp.hits")
        fill = sql_query.materialize(plan, sort)
        conn.execute(fill.sql, fill.params)
        return int(conn.execute("SELECT COUNT(*) FROM temp.hits").fetchone()[0])

    @staticmethod
    def _bodies(conn: sqlite3.Connection, rowids: list[int]) -> dict[int, Document]:
        """The hits' documents with only the opening of their text, which is all a
        snippet and the article finder read: the ``lead`` column, the same bounded
        opening whatever the size of the document (the rest of a 20 MB text is not
        even read from disk)."""
        if not rowids:
            return {}
        marks = ", ".join("?" for _ in rowids)
        if not _texts_apart(conn):  # schema 3 and before: cut out of the body's JSON
            rows = conn.execute(
                "SELECT rowid, json_remove(body, '$.text'), substr(body ->> '$.text', 1, ?) "
                f"FROM documents WHERE rowid IN ({marks})",
                [HIT_TEXT_CHARS, *rowids],
            )
            return {int(r): _document(rest, text) for r, rest, text in rows}
        rows = conn.execute(
            "SELECT d.rowid, d.body, t.lead FROM documents d "
            f"LEFT JOIN texts t ON t.rowid = d.rowid WHERE d.rowid IN ({marks})",
            list(rowids),
        )
        return {int(r): _document(body, lead or "") for r, body, lead in rows}


def _texts_apart(conn: sqlite3.Connection) -> bool:
    """Whether this store keeps texts in ``texts`` (schema 4 on) or in ``body``.

    Asked on each read, not once: `vanban reindex` replaces the file under a
    running server, which then reads the new schema from its next request."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) >= TEXT_APART_SINCE if row else True


def _document(body: str, text: str | None) -> Document:
    """A document from its stored JSON; ``text`` (stored apart) put back in when given."""
    document = Document.model_validate_json(body)
    return document if text is None else document.model_copy(update={"text": text})


def _with_texts(conn: sqlite3.Connection, rows: list[tuple[int, str]]) -> list[Document]:
    """Whole documents from (rowid, body) rows: each body with its full text."""
    if not rows or not _texts_apart(conn):  # schema 3 and before: the text is in the body
        return [Document.model_validate_json(body) for _, body in rows]
    texts: dict[int, str] = {}
    rowids = [int(r) for r, _ in rows]
    for start in range(0, len(rowids), 500):
        chunk = rowids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        found = conn.execute(
            f"SELECT rowid, lead || rest FROM texts WHERE rowid IN ({marks})", chunk
        )
        texts.update((int(r), text) for r, text in found)
    return [_document(body, texts.get(int(r), "")) for r, body in rows]


def _written(report: UpsertReport) -> int:
    if report.failed:
        raise BackendError(f"{len(report.failed)} documents failed: {report.failed}")
    return report.indexed + report.updated


def _unindex(conn: sqlite3.Connection, rowid: int) -> None:
    """Take a row out of the contentless FTS index, with the tokens it was indexed with."""
    row = conn.execute("SELECT tokens FROM fts_tokens WHERE rowid = ?", (rowid,)).fetchone()
    if row is None:
        return
    conn.execute(
        f"INSERT INTO fts (fts, rowid, {', '.join(_FTS_COLUMNS)}) VALUES ('delete', ?, {_MARKS})",
        (rowid, *unpack_tokens(row[0])),
    )
    conn.execute("DELETE FROM fts_tokens WHERE rowid = ?", (rowid,))


def _remove_database(path: Path) -> None:
    """Delete a SQLite file with its write-ahead log and shared-memory index."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def _number_rows(rowid: int, doc: Document) -> list[tuple[int, str, int]]:
    own, cited = number_keys(doc)
    return [(rowid, own, 0)] * bool(own) + [(rowid, key, 1) for key in cited]


def _hit(doc: Document, score: float, plan: QueryPlan) -> Hit:
    # FTS5's bm25() is lower-is-better; the API reports higher-is-better.
    return make_hit(doc, -score, plan.highlight, with_snippet=plan.snippets)
