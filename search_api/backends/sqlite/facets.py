"""Facet counts over the materialized hits of the current search, for every facet
of the registry: counted in SQL from the one ``facet_values`` table, or from its
copy in memory (:mod:`.facet_index`), and shown the same way either way."""

from __future__ import annotations

import sqlite3
from collections import defaultdict

from search_api.backends.sqlite.facet_index import FacetRow
from search_api.facets import trimmed
from search_api.models import FacetBucket, Facets
from vanban_core.facets import FACETS, FacetKind


def _shown_order(kind: FacetKind, rows: list[FacetRow]) -> list[FacetRow]:
    """Terms: most frequent first, then by shown form; years: newest first."""
    if kind is FacetKind.year:
        return sorted(rows, key=lambda row: row[1], reverse=True)
    return sorted(rows, key=lambda row: (-row[3], row[2]))


def count_in_sql(conn: sqlite3.Connection) -> list[FacetRow]:
    """(facet, key, shown, count) of every value among the hits, counted by SQLite.

    One statement counts every facet at once: each hit's values lie together in
    ``facet_values`` (its key starts with the document), so the hits are walked
    once, not once per facet. CROSS JOIN keeps the hits as the outer loop: the
    temporary table has no statistics, and SQLite would otherwise walk every
    document's values through ``facet_values_key`` (the whole collection for a
    query with three hits), so the cost follows the hits, not the collection.
    Used until the in-memory index (:mod:`.facet_index`) holds the snapshot.
    """
    rows = conn.execute(
        "SELECT f.facet, f.key, MAX(f.shown), COUNT(*) FROM temp.hits h "
        "CROSS JOIN facet_values f ON f.doc_rowid = h.r GROUP BY f.facet, f.key"
    ).fetchall()
    return [(str(f), str(k), str(v), int(c)) for f, k, v, c in rows]


def shown_facets(rows: list[FacetRow], size: int) -> tuple[Facets, list[str]]:
    """Up to ``size`` buckets per facet from the counted rows, and the facets that have more."""
    by_facet: dict[str, list[FacetRow]] = defaultdict(list)
    for row in rows:
        by_facet[row[0]].append(row)
    counted: dict[str, list[FacetBucket]] = {}
    for spec in FACETS:
        ordered = _shown_order(spec.kind, by_facet.get(spec.name, []))[: size + 1]
        counted[spec.name] = [FacetBucket(value=str(v), count=int(c)) for _, _, v, c in ordered]
    return trimmed(counted, size)
