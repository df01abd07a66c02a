"""Facet counts over the materialized hits of the current search."""

from __future__ import annotations

import sqlite3

from search_api.models import FacetBucket, Facets

# Each facet: the value shown, the grouping key, and the order of buckets.
_FACETS = {
    "issuer": ("MAX(d.issuer)", "d.issuer_key", "COUNT(*) DESC, 1 ASC"),
    "doc_type": ("MAX(d.doc_type)", "d.doc_type_key", "COUNT(*) DESC, 1 ASC"),
    "year": ("d.year", "d.year", "d.year DESC"),
}


def read_facets(conn: sqlite3.Connection, size: int) -> Facets:
    result: dict[str, list[FacetBucket]] = {}
    for name, (shown, key, order) in _FACETS.items():
        rows = conn.execute(
            f"SELECT {shown}, COUNT(*) FROM temp.hits h JOIN documents d ON d.rowid = h.r "
            f"WHERE {key} IS NOT NULL GROUP BY {key} ORDER BY {order} LIMIT ?",
            (size,),
        )
        result[name] = [FacetBucket(value=str(v), count=int(c)) for v, c in rows]
    return Facets(**result)
