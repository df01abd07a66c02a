"""What has been indexed already: source key -> fingerprint and document ids.

Kept in its own small SQLite file beside the store (for either backend), and
written only after the backend committed the documents, so a killed run
resumes where it stopped: committed units are skipped, the rest are redone,
and stable ids mean a redone unit updates instead of duplicating.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterable
from pathlib import Path


class IndexState:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(path)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS units (key TEXT PRIMARY KEY, fingerprint TEXT, ids TEXT)"
        )
        self._conn.commit()

    def is_current(self, key: str, fingerprint: str) -> bool:
        row = self._conn.execute("SELECT fingerprint FROM units WHERE key = ?", (key,)).fetchone()
        return bool(row and row[0] == fingerprint)

    def ids(self, key: str) -> list[str]:
        row = self._conn.execute("SELECT ids FROM units WHERE key = ?", (key,)).fetchone()
        return list(json.loads(row[0])) if row else []

    def claimed(self, ids: Iterable[str], *, besides: Collection[str]) -> set[str]:
        """Those of ``ids`` that a unit other than the ``besides`` keys still produces."""
        wanted = list(dict.fromkeys(ids))
        found: set[str] = set()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            rows = self._conn.execute(
                f"SELECT units.key, j.value FROM units, json_each(units.ids) AS j "
                f"WHERE j.value IN ({marks})",
                chunk,
            )
            found.update(doc_id for key, doc_id in rows if key not in besides)
        return found

    def keys_under(self, prefix: str) -> list[str]:
        """Recorded keys that start with ``prefix`` (the records of one JSON Lines file)."""
        rows = self._conn.execute(
            "SELECT key FROM units WHERE substr(key, 1, ?) = ?", (len(prefix), prefix)
        )
        return [row[0] for row in rows]

    def record(self, entries: list[tuple[str, str, list[str]]]) -> None:
        """Mark units as indexed, in one transaction."""
        with self._conn:
            self._conn.executemany(
                "INSERT OR REPLACE INTO units (key, fingerprint, ids) VALUES (?, ?, ?)",
                [(k, f, json.dumps(ids)) for k, f, ids in entries],
            )

    def forget(self, keys: Iterable[str] | None = None) -> None:
        """Forget the given units, or every unit when ``keys`` is None."""
        with self._conn:
            if keys is None:
                self._conn.execute("DELETE FROM units")
            else:
                self._conn.executemany("DELETE FROM units WHERE key = ?", [(k,) for k in keys])

    def close(self) -> None:
        self._conn.close()
