"""Backend selection: the one place where a store is opened from settings."""

from __future__ import annotations

from search_api.backends.base import BackendError, BadCursor, SearchBackend
from vanban_core.settings import Settings


def open_backend(settings: Settings, *, create: bool = False) -> SearchBackend:
    """Elasticsearch when ``es_url`` is set, the embedded SQLite store otherwise.

    Only indexing passes ``create``: a server or a search must never leave an
    empty store file where the real one was missing.
    """
    if settings.es_url:
        from search_api.backends.elasticsearch import ElasticsearchBackend

        return ElasticsearchBackend(
            settings.es_url,
            index=settings.index,
            timeout=settings.es_timeout,
            search_timeout=settings.search_timeout,
        )
    from search_api.backends.sqlite import SqliteBackend

    return SqliteBackend(settings.db, search_timeout=settings.search_timeout, create=create)


__all__ = ["BackendError", "BadCursor", "SearchBackend", "open_backend"]
