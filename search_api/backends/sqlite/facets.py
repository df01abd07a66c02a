"""Facet counts over the materialized hits of the current search, for every facet
of the registry, from the one ``facet_values`` table."""

from __future__ import annotations

import sqlite3

from search_api.facets import trimmed
from search_api.models import FacetBucket, Facets
from vanban_core.facets import FACETS, FacetKind

_ORDER = {
    FacetKind.terms: "COUNT(*) DESC, 2 ASC",
    FacetKind.year: "f.key DESC",
}


def read_facets(conn: sqlite3.Connection, size: int) -> tuple[Facets, list[str]]:
    """Up to ``size`` buckets per facet, and the facets that have more."""
    counted: dict[str, list[FacetBucket]] = {}
    for spec in FACETS:
        rows = conn.execute(
            "SELECT f.key, MAX(f.shown), COUNT(*) FROM temp.hits h "
            "JOIN facet_values f ON f.doc_rowid = h.r AND f.facet = ? "
            f"GROUP BY f.key ORDER BY {_ORDER[spec.kind]} LIMIT ?",
            (spec.name, size + 1),
        )
        counted[spec.name] = [FacetBucket(value=str(v), count=int(c)) for _, v, c in rows]
    return trimmed(counted, size)
