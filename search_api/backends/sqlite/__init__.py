"""The embedded backend: one SQLite file with an FTS5 index, nothing to install."""

from search_api.backends.sqlite.backend import SqliteBackend

__all__ = ["SqliteBackend"]
