"""API keys for the write API: created and revoked by ``vanban keys``, hashed at rest.

A key reads ``vb_<id>_<secret>``. Only the SHA-256 of the whole key is stored,
so the key file leaks nothing usable; the id finds the row and the hashes are
compared in constant time. A key is scoped ``read-write`` (may write) or
``read`` (identifies a client but may not write). The server only reads the
file, and a missing file means no key is valid, so serving never creates it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

PREFIX = "vb_"


class Scope(StrEnum):
    read = "read"
    read_write = "read-write"


@dataclass(frozen=True)
class KeyInfo:
    id: str
    name: str
    scope: Scope
    created: str
    revoked: str | None


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _key_id(key: str) -> str | None:
    if not key.startswith(PREFIX):
        return None
    key_id, _, secret = key[len(PREFIX) :].partition("_")
    return key_id if key_id and secret else None


class KeyStore:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    @contextmanager
    def _connect(self, *, create: bool) -> Iterator[sqlite3.Connection]:
        if create:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        uri = f"file:{self.path}{'' if create else '?mode=ro'}"
        conn = sqlite3.connect(uri, uri=True, timeout=10)
        try:
            if create:
                conn.execute(
                    "CREATE TABLE IF NOT EXISTS keys (id TEXT PRIMARY KEY, name TEXT NOT NULL, "
                    "hash TEXT NOT NULL, scope TEXT NOT NULL, created TEXT NOT NULL, revoked TEXT)"
                )
            yield conn
            conn.commit()
        finally:
            conn.close()

    def create(self, name: str, scope: Scope = Scope.read_write) -> tuple[KeyInfo, str]:
        """A new key; the plain key is returned once and never stored."""
        key_id = secrets.token_hex(6)
        key = f"{PREFIX}{key_id}_{secrets.token_urlsafe(32)}"
        created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self._connect(create=True) as conn:
            conn.execute(
                "INSERT INTO keys (id, name, hash, scope, created) VALUES (?, ?, ?, ?, ?)",
                (key_id, name, _digest(key), scope.value, created),
            )
        return KeyInfo(key_id, name, scope, created, None), key

    def revoke(self, key_id: str) -> bool:
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self._connect(create=True) as conn:
            cursor = conn.execute(
                "UPDATE keys SET revoked = ? WHERE id = ? AND revoked IS NULL", (now, key_id)
            )
            return cursor.rowcount == 1

    def list(self) -> list[KeyInfo]:
        if not self.path.exists():
            return []
        with self._connect(create=False) as conn:
            rows = conn.execute(
                "SELECT id, name, scope, created, revoked FROM keys ORDER BY created, rowid"
            ).fetchall()
        return [KeyInfo(r[0], r[1], Scope(r[2]), r[3], r[4]) for r in rows]

    def verify(self, key: str) -> KeyInfo | None:
        """The live key ``key`` is, or None (unknown, malformed or revoked)."""
        key_id = _key_id(key)
        if key_id is None or not self.path.exists():
            return None
        try:
            with self._connect(create=False) as conn:
                row = conn.execute(
                    "SELECT id, name, hash, scope, created, revoked FROM keys WHERE id = ?",
                    (key_id,),
                ).fetchone()
        except sqlite3.Error:
            return None
        if row is None or row[5] is not None or not hmac.compare_digest(row[2], _digest(key)):
            return None
        return KeyInfo(row[0], row[1], Scope(row[3]), row[4], None)
