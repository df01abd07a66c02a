"""Pure builders of the SQL that selects, filters, pages and facets the hits.

A search first materializes its filtered hits (rowid, score, sort key) into a
per-connection temporary table; the page, the total and every facet are then
read from that table, so the FTS5 query runs once per request.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from search_api.backends.sqlite.fts_query import boost_expression, match_expression
from search_api.cursor import decode_cursor
from search_api.models import Filters, Sort
from search_api.planner import QueryPlan
from vanban_core.facets import facet
from vanban_core.fields import (
    NUMBER_CITED_BOOST,
    NUMBER_SELF_BOOST,
)
from vanban_core.schema import instant_key
from vanban_core.validity import ENDED_STATUSES, NOT_YET

Params = list[object]


@dataclass(frozen=True)
class Statement:
    sql: str
    params: Params


def _placeholders(values: Sequence[object]) -> str:
    return ", ".join("?" for _ in values)


def _text_hits(plan: QueryPlan) -> Statement | None:
    """Matching documents with their score, plus the weighted proximity bonus.

    The bonus is computed only for documents the core expression matched, so
    boosts never add a match. Column and proximity weights come from the plan.
    """
    expression = match_expression(plan)
    if expression is None:
        return None
    ranking = plan.weights_for("sqlite")
    weights = ", ".join(str(w) for w in ranking.column_weights())
    core = f"SELECT rowid AS r, bm25(fts, {weights}) AS s FROM fts WHERE fts MATCH ?"
    boosts = boost_expression(plan)
    if boosts is None:
        return Statement(core, [expression])
    bonus = (
        f"SELECT rowid AS r, {float(ranking.proximity)} * bm25(fts, {weights}) AS s "
        "FROM fts WHERE fts MATCH ?"
    )
    return Statement(
        f"SELECT c.r AS r, c.s + COALESCE(b.s, 0) AS s "
        f"FROM ({core}) c LEFT JOIN ({bonus}) b ON b.r = c.r",
        [expression, boosts],
    )


def _number_hits(plan: QueryPlan) -> Statement | None:
    if not plan.numbers:
        return None
    keys = list(plan.numbers)
    return Statement(
        "SELECT doc_rowid AS r, "
        f"MIN(CASE cited WHEN 0 THEN {-NUMBER_SELF_BOOST} ELSE {-NUMBER_CITED_BOOST} END) AS s "
        f"FROM numbers WHERE key IN ({_placeholders(keys)}) GROUP BY doc_rowid",
        list(keys),
    )


def hits_source(plan: QueryPlan) -> Statement:
    """SELECT r, s for every matching document, before filters; lower s is better."""
    parts = [p for p in (_text_hits(plan), _number_hits(plan)) if p is not None]
    if not parts:
        return Statement("SELECT rowid AS r, 0.0 AS s FROM documents", [])
    if len(parts) == 1:
        return parts[0]
    union = " UNION ALL ".join(p.sql for p in parts)
    params = [v for p in parts for v in p.params]
    return Statement(f"SELECT r, SUM(s) AS s FROM ({union}) GROUP BY r", params)


def _facet_condition(name: str, values: list[str]) -> Statement:
    """Documents with one of ``values`` in facet ``name``; a head key ("242") also
    matches every key under it ("242/2026")."""
    spec = facet(name)
    keys = [spec.key(v) for v in values]
    tests = [f"key IN ({_placeholders(keys)})"]
    params: Params = [name, *keys]
    for key in keys:
        if spec.is_head(key):
            tests.append("substr(key, 1, ?) = ?")
            params.extend([len(key) + 1, key + str(spec.head_separator)])
    return Statement(
        f"d.rowid IN (SELECT doc_rowid FROM facet_values WHERE facet = ? AND "
        f"({' OR '.join(tests)}))",
        params,
    )


def _in_force_condition(day: str) -> Statement:
    """:func:`vanban_core.validity.in_force_on` as SQL over the stored record."""
    effective = "json_extract(d.body, '$.effective_date')"
    expiry = "json_extract(d.body, '$.expiry_date')"
    status = "json_extract(d.body, '$.status')"
    ended = list(ENDED_STATUSES)
    return Statement(
        f"(CASE WHEN {effective} IS NOT NULL THEN {effective} <= ? "
        f"ELSE (d.issued_date IS NULL OR d.issued_date <= ?) AND {status} IS NOT ? END) "
        f"AND (CASE WHEN {expiry} IS NOT NULL THEN {expiry} > ? "
        f"ELSE {status} NOT IN ({_placeholders(ended)}) END)",
        [day, day, NOT_YET, day, *ended],
    )


def filter_clause(filters: Filters) -> Statement:
    """WHERE conditions on ``documents d``; facet values are compared by their key."""
    parts = [_facet_condition(name, values) for name, values in filters.facets.items()]
    conditions = [p.sql for p in parts]
    params: Params = [v for p in parts for v in p.params]
    if filters.date_from:
        conditions.append("d.issued_date >= ?")
        params.append(filters.date_from.isoformat())
    if filters.date_to:
        conditions.append("d.issued_date <= ?")
        params.append(filters.date_to.isoformat())
    if filters.updated_since:
        conditions.append("d.updated_at > ?")
        params.append(instant_key(filters.updated_since))
    if filters.in_force_on:
        in_force = _in_force_condition(filters.in_force_on.isoformat())
        conditions.append(in_force.sql)
        params.extend(in_force.params)
    if filters.number:
        conditions.append(
            "d.rowid IN (SELECT doc_rowid FROM numbers WHERE cited = 0 "
            f"AND key IN ({_placeholders(filters.number)}))"
        )
        params.extend(filters.number)
    return Statement(" AND ".join(conditions) or "1", params)


# The sort key of a relevance sort: the score, which needs no document column.
_SCORE_KEY = "h.s"


def sort_key_sql(sort: Sort, browsing: bool) -> tuple[str, str]:
    """(expression stored as ``k``, ORDER BY clause) for ``sort``.

    A browse (no query) sorted by relevance has no scores, so newest first.
    """
    if sort is Sort.relevance and not browsing:
        return _SCORE_KEY, "k ASC, r ASC"
    if sort is Sort.date_asc:
        return "COALESCE(d.issued_date, '9999-99-99')", "k ASC, r ASC"
    if sort is Sort.updated_desc:
        return "COALESCE(d.updated_at, '')", "k DESC, r ASC"
    return "COALESCE(d.issued_date, '0000-00-00')", "k DESC, r ASC"


def materialize(plan: QueryPlan, sort: Sort) -> Statement:
    """INSERT the filtered hits with their sort key into the temporary table."""
    source = hits_source(plan)
    where = filter_clause(plan.filters)
    key_sql, _ = sort_key_sql(sort, plan.is_empty)
    if where.sql == "1" and key_sql == _SCORE_KEY:
        # Nothing reads the document row: no join (each would seek a row of the
        # widest table for every match).
        return Statement(
            f"INSERT INTO temp.hits (r, s, k) SELECT h.r, h.s, {key_sql} FROM ({source.sql}) h",
            source.params,
        )
    return Statement(
        f"INSERT INTO temp.hits (r, s, k) SELECT h.r, h.s, {key_sql} "
        f"FROM ({source.sql}) h JOIN documents d ON d.rowid = h.r WHERE {where.sql}",
        source.params + where.params,
    )


def count_query(plan: QueryPlan) -> Statement:
    """SELECT how many documents match ``plan``, filters included, scoring nothing.

    The did-you-mean follow-up only compares counts, so it needs neither the
    BM25 of every match nor the temporary table a search fills.
    """
    parts: list[Statement] = []
    expression = match_expression(plan)
    if expression is not None:
        parts.append(Statement("SELECT rowid AS r FROM fts WHERE fts MATCH ?", [expression]))
    if plan.numbers:
        keys: Params = list(plan.numbers)
        marks = _placeholders(keys)
        parts.append(Statement(f"SELECT doc_rowid AS r FROM numbers WHERE key IN ({marks})", keys))
    source = (
        Statement(" UNION ".join(p.sql for p in parts), [v for p in parts for v in p.params])
        if parts
        else Statement("SELECT rowid AS r FROM documents", [])
    )
    where = filter_clause(plan.filters)
    if not where.params and where.sql == "1":
        return Statement(f"SELECT COUNT(*) FROM ({source.sql})", source.params)
    return Statement(
        f"SELECT COUNT(*) FROM ({source.sql}) h JOIN documents d ON d.rowid = h.r "
        f"WHERE {where.sql}",
        source.params + where.params,
    )


def page_query(sort: Sort, browsing: bool, size: int, offset: int, cursor: str | None) -> Statement:
    """SELECT one page from the temporary table, by offset or after a cursor.

    One row more than the page is read, so the caller knows whether a next page exists.
    """
    _, order = sort_key_sql(sort, browsing)
    where, params = "1", []
    if cursor:
        key, rowid = decode_cursor(cursor, sort)
        op = "<" if order.startswith("k DESC") else ">"
        where = f"(k {op} ? OR (k = ? AND r > ?))"
        params = [key, key, rowid]
        offset = 0
    return Statement(
        f"SELECT r, s, k FROM temp.hits WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",
        [*params, size + 1, offset],
    )
