"""Backend selection: the one place where a store is opened from settings."""

from __future__ import annotations

from search_api.backends.base import BackendError, BadCursor, SearchBackend
from vanban_core.settings import Settings


def open_backend(
    settings: Settings,
    *,
    create: bool = False,
    searchable_writes: bool = False,
    wait_for_store: bool = False,
    serving: bool = False,
) -> SearchBackend:
    """Elasticsearch when ``es_url`` is set, the embedded SQLite store otherwise.

    Only indexing passes ``create``: a server or a search must never leave an
    empty store file where the real one was missing. ``searchable_writes``: each
    write returns once it is searchable (Elasticsearch ``refresh``), as the write
    API promises; bulk indexing leaves it off. ``wait_for_store`` (the server):
    an Elasticsearch cluster that does not answer yet is not an error; requests
    are answered 503 until it does (an embedded store missing at start already is).
    ``serving`` (a long-lived server): the embedded store keeps its facet values in
    memory when ``settings.facet_index`` says so; a one-off search would only pay
    for building them.
    """
    if settings.es_url:
        from search_api.backends.elasticsearch import ElasticsearchBackend

        return ElasticsearchBackend(
            settings.es_url,
            index=settings.index,
            timeout=settings.es_timeout,
            search_timeout=settings.search_timeout,
            refresh=searchable_writes,
            wait_for_cluster=wait_for_store,
        )
    from search_api.backends.sqlite import SqliteBackend

    return SqliteBackend(
        settings.db,
        search_timeout=settings.search_timeout,
        create=create,
        facet_index=serving and settings.facet_index,
        mmap_mb=settings.sqlite_mmap_mb,
    )


__all__ = ["BackendError", "BadCursor", "SearchBackend", "open_backend"]
