"""Facet values of the store held in memory, so a search counts them with numpy.

Why: counting facets in SQL walks each hit's rows of ``facet_values`` and
groups them with a sorter, which for the thousands of hits of a common query
at 100,000 documents cost about half as much as the full-text match. The same
counts from arrays in memory (one code per value, a mask of the hits, one
``bincount``) are the same numbers for a tenth of the time (the facets stage
of scripts/bench_search.py: about 45 against 5 ms per query, docs/performance.md).

Why a generation: the arrays are one snapshot of the store, and other
processes write to it (``vanban index`` beside a running server). Every write
transaction of :class:`~search_api.backends.sqlite.backend.SqliteBackend`
stores a fresh random token in ``meta`` (:func:`new_generation`); a search
reads the token in its own read transaction and uses the arrays only when they
were built from the same token, so it never counts another snapshot's values.
Otherwise it counts in SQL, and the arrays are rebuilt in a background thread,
so no request waits for them.
"""

from __future__ import annotations

import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

# (facet, key, shown, count) rows, one per value found among the hits.
FacetRow = tuple[str, str, str, int]

GENERATION_KEY = "generation"
_CHUNK = 20_000  # rows read between two looks at whether the store is closing
_VALUES_PER_HIT = 2_500  # one hit counted in SQL costs about this many values here


def new_generation(conn: sqlite3.Connection) -> None:
    """Mark the store changed, inside the writer's transaction."""
    conn.execute(
        "INSERT INTO meta(key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (GENERATION_KEY, secrets.token_hex(8)),
    )


def ensure_generation(conn: sqlite3.Connection) -> None:
    """Give a store written before generations existed its first token."""
    conn.execute(
        "INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)",
        (GENERATION_KEY, secrets.token_hex(8)),
    )


def read_generation(conn: sqlite3.Connection) -> str | None:
    """The token of the snapshot ``conn`` reads; None for a store without one."""
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (GENERATION_KEY,)).fetchone()
    except sqlite3.OperationalError:  # a store older than the meta table
        return None
    return str(row[0]) if row else None


@dataclass(frozen=True)
class FacetIndex:
    """Every (document, facet value) pair of one snapshot, as parallel arrays."""

    generation: str
    docs: npt.NDArray[np.int64]  # rowid of the document of each pair
    codes: npt.NDArray[np.int32]  # index into ``values`` of each pair
    values: tuple[tuple[str, str, str], ...]  # (facet, key, shown) of each code
    last_rowid: int  # the highest rowid in ``docs`` (-1 for none), found once at load

    @classmethod
    def load(
        cls, conn: sqlite3.Connection, generation: str, cancelled: Callable[[], bool]
    ) -> FacetIndex | None:
        """Read every value in one pass (``conn`` must read the snapshot of ``generation``);
        None when ``cancelled`` says so on the way (the store is closing).

        A key's shown form is the greatest among all its documents, where the
        SQL count takes the greatest among the hits: they can differ only for a
        key written in several forms ("UBND tỉnh Sơn La", "Ubnd Tinh Son La"),
        and then only in the form shown, never in the count or the filter.
        """
        values: list[tuple[str, str, str]] = []
        code_of: dict[tuple[str, str], int] = {}
        for facet, key, shown in conn.execute(
            "SELECT facet, key, MAX(shown) FROM facet_values GROUP BY facet, key"
        ):
            code_of[(facet, key)] = len(values)
            values.append((facet, key, shown))
        docs: list[int] = []
        codes: list[int] = []
        rows = conn.execute("SELECT doc_rowid, facet, key FROM facet_values")
        while chunk := rows.fetchmany(_CHUNK):
            if cancelled():
                return None
            for rowid, facet, key in chunk:
                docs.append(rowid)
                codes.append(code_of[(facet, key)])
        return cls(
            generation,
            np.array(docs, dtype=np.int64),
            np.array(codes, dtype=np.int32),
            tuple(values),
            max(docs, default=-1),
        )

    def pays_for(self, hits: int) -> bool:
        """Whether counting ``hits`` here beats SQL: a count here passes over every
        value of the store, SQL only over the hits' values. Measured (one run, 30
        repetitions each): SQL 3–5 µs per hit; here about 0.1 ms + 0.7 ns per value
        of the store; even at about 200 hits for 500,000 values, 40 for 50,000.
        So a number lookup's few hits are counted in SQL, a word query's thousands here."""
        return hits * _VALUES_PER_HIT >= len(self.docs)

    def count(self, rowids: Iterable[int]) -> list[FacetRow]:
        """(facet, key, shown, count) of every value the documents ``rowids`` hold."""
        hits = np.fromiter(rowids, dtype=np.int64)
        if not len(self.docs) or not len(hits):
            return []
        size = max(self.last_rowid, int(hits.max())) + 1
        chosen = np.zeros(size, dtype=bool)
        chosen[hits] = True
        counts = np.bincount(self.codes[chosen[self.docs]], minlength=len(self.values))
        return [(*self.values[i], int(counts[i])) for i in np.flatnonzero(counts)]


class FacetCache:
    """The latest :class:`FacetIndex` of a store, rebuilt in the background when stale.

    Why rebuilds are spaced: a store written all the time (documents pushed
    through the write API one by one) would otherwise be rebuilt after every
    commit, a core kept busy for searches that count in SQL anyway. A build
    starts only once the time since the last one ended is at least
    :data:`REST_FACTOR` times what it took (a quarter of one core at most);
    meanwhile searches count in SQL, and the counts are exact either way.
    """

    REST_FACTOR = 3.0

    def __init__(
        self,
        reader: Callable[[], AbstractContextManager[sqlite3.Connection]],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """``reader`` gives a connection inside one read transaction (the backend's pool)."""
        self._reader = reader
        self._clock = clock
        self._index: FacetIndex | None = None
        self._lock = threading.Lock()
        self._builder: threading.Thread | None = None
        self._epoch = 0  # moved on by close(): a build begun before it is not installed
        self._rest_until = 0.0  # no build starts before this (clock seconds)

    def _held(self, generation: str | None) -> FacetIndex | None:
        index = self._index
        if generation is None or index is None or index.generation != generation:
            return None
        return index

    def holds(self, generation: str | None) -> bool:
        return self._held(generation) is not None

    def current(self, generation: str | None) -> FacetIndex | None:
        """The index of ``generation`` if built; otherwise start building it (unless
        resting) and say None."""
        index = self._held(generation)
        if index is None and generation is not None:
            self._start(rest=True)
        return index

    def settle(self, generation: str | None) -> None:
        """Build the index of ``generation`` now if it is not held, and wait for it."""
        if generation is not None and self._held(generation) is None:
            self._start(rest=False)
            self.wait()

    def _start(self, *, rest: bool) -> None:
        with self._lock:
            if self._builder is not None and self._builder.is_alive():
                return
            if rest and self._clock() < self._rest_until:
                return
            self._builder = threading.Thread(
                target=self._build, args=(self._epoch,), name="vanban-facets", daemon=True
            )
            self._builder.start()

    def _build(self, epoch: int) -> None:
        def cancelled() -> bool:
            return epoch != self._epoch

        started = self._clock()
        index: FacetIndex | None = None
        try:
            with self._reader() as conn:
                generation = read_generation(conn)
                if generation is not None:
                    index = FacetIndex.load(conn, generation, cancelled)
        except Exception:  # the store went away or broke: searches count in SQL meanwhile
            index = None
        with self._lock:
            ended = self._clock()
            self._rest_until = ended + self.REST_FACTOR * (ended - started)
            if index is not None and not cancelled():
                self._index = index

    def wait(self) -> None:
        """Let a running build finish (tests, and :meth:`close`)."""
        with self._lock:
            builder = self._builder
        if builder is not None:
            builder.join()

    def close(self) -> None:
        """Forget the index; a build still running stops at its next chunk and gives
        back its connection before this returns."""
        with self._lock:
            self._epoch += 1
        self.wait()
        self._index = None
