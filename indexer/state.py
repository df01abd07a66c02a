"""What has been indexed already: source key -> fingerprint and document ids.

Kept in its own small SQLite file beside the store (for either backend), and
written only after the backend committed the documents, so a killed run
resumes where it stopped: committed units are skipped, the rest are redone,
and stable ids mean a redone unit updates instead of duplicating.
"""

from __future__ import annotations

import json
import sqlite3
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

    def record(self, entries: list[tuple[str, str, list[str]]]) -> None:
        """Mark units as indexed, in one transaction."""
        with self._conn:
            self._conn.executemany(
                "INSERT OR REPLACE INTO units (key, fingerprint, ids) VALUES (?, ?, ?)",
                [(k, f, json.dumps(ids)) for k, f, ids in entries],
            )

    def forget(self) -> None:
        with self._conn:
            self._conn.execute("DELETE FROM units")

    def close(self) -> None:
        self._conn.close()
