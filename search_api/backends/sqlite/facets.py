"""Facet counts over the materialized hits of the current search, for every facet
of the registry, from the one ``facet_values`` table."""

from __future__ import annotations

import sqlite3
from collections import defaultdict

from search_api.facets import trimmed
from search_api.models import FacetBucket, Facets
from vanban_core.facets import FACETS, FacetKind

# (facet, key, shown, count) rows of one facet, in the order buckets are shown.
_Row = tuple[str, str, str, int]


def _shown_order(kind: FacetKind, rows: list[_Row]) -> list[_Row]:
    """Terms: most frequent first, then by shown form; years: newest first."""
    if kind is FacetKind.year:
        return sorted(rows, key=lambda row: row[1], reverse=True)
    return sorted(rows, key=lambda row: (-row[3], row[2]))


def read_facets(conn: sqlite3.Connection, size: int) -> tuple[Facets, list[str]]:
    """Up to ``size`` buckets per facet, and the facets that have more.

    One statement counts every facet at once: each hit's values lie together in
    ``facet_values`` (its key starts with the document), so the hits are walked
    once, not once per facet. CROSS JOIN keeps the hits as the outer loop: the
    temporary table has no statistics, and SQLite would otherwise walk every
    document's values through ``facet_values_key`` (the whole collection for a
    query with three hits), so the cost follows the hits, not the collection.
    """
    rows = conn.execute(
        "SELECT f.facet, f.key, MAX(f.shown), COUNT(*) FROM temp.hits h "
        "CROSS JOIN facet_values f ON f.doc_rowid = h.r GROUP BY f.facet, f.key"
    ).fetchall()
    by_facet: dict[str, list[_Row]] = defaultdict(list)
    for row in rows:
        by_facet[row[0]].append(row)
    counted: dict[str, list[FacetBucket]] = {}
    for spec in FACETS:
        ordered = _shown_order(spec.kind, by_facet.get(spec.name, []))[: size + 1]
        counted[spec.name] = [FacetBucket(value=str(v), count=int(c)) for _, _, v, c in ordered]
    return trimmed(counted, size)
