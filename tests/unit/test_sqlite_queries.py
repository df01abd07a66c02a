"""The SQLite backend's pure builders, compared as strings: FTS5 MATCH and SQL."""

from __future__ import annotations

import datetime as dt

import pytest

from search_api.backends.sqlite import fts_query, sql_query
from search_api.backends.sqlite.sql_query import Statement
from search_api.cursor import BadCursor, encode_cursor
from search_api.models import Filters, Sort
from search_api.planner import QueryPlan, Terms
from vanban_core.fields import ENGINE_WEIGHTS, RankingWeights

WEIGHTS = "0.05, 0.06, 0.04, 0.048, 0.3, 0.36, 0.24, 0.288, 1.0, 1.2, 0.8, 0.96"  # shipped
HOC = Terms(("hoc",), ("hoc",))
THUE = Terms(("thuế",), ("thue",), strict=True)


def test_a_loose_syllable_is_searched_exact_and_folded_in_every_field() -> None:
    assert fts_query.terms_expr(HOC) == (
        '({title_s} : ("0:hoc") OR {meta_s} : ("4:hoc") OR {text_s} : ("hoc")'
        ' OR {title_f} : ("2:hoc") OR {meta_f} : ("6:hoc") OR {text_f} : ("hoc"))'
    )


def test_a_strict_syllable_is_searched_exact_only() -> None:
    assert fts_query.terms_expr(THUE) == (
        '({title_s} : ("0:thuế") OR {meta_s} : ("4:thuế") OR {text_s} : ("thuế"))'
    )


def test_words_go_to_word_columns_and_phrases_join_with_plus() -> None:
    word = Terms(("học_phí",), ("hoc_phi",), word=True, strict=True)
    assert fts_query.terms_expr(word) == (
        '({title_w} : ("1:học_phí") OR {meta_w} : ("5:học_phí") OR {text_w} : ("học_phí"))'
    )
    phrase = Terms(("hoc", "phi"), ("hoc", "phi"), strict=True)
    assert '{text_s} : ("hoc" + "phi")' in fts_query.terms_expr(phrase)


def test_every_token_is_quoted_so_user_text_is_never_syntax() -> None:
    hostile = Terms(('a"b', "NEAR(x", "*"), ('a"b', "near(x", "*"), strict=True)
    assert fts_query.terms_expr(hostile).endswith('{text_s} : ("a""b" + "NEAR(x" + "*"))')
    assert fts_query.quote('"') == '""""'


def test_match_expression_combines_required_groups_optional_and_exclusions() -> None:
    a, b, c, x = (Terms((t,), (t,), strict=True) for t in ("a", "b", "c", "x"))
    e = fts_query.terms_expr
    plan = QueryPlan(required=(a,), any_of=((b, c),), optional=(c,), excluded=(x,))
    assert fts_query.match_expression(plan) == (
        f"({e(a)} AND ({e(b)} OR {e(c)}) AND ({e(c)})) NOT ({e(x)})"
    )


def test_no_text_no_match_and_boosts_are_separate() -> None:
    assert fts_query.match_expression(QueryPlan(numbers=("k",))) is None
    assert fts_query.boost_expression(QueryPlan(required=(HOC,))) is None
    plan = QueryPlan(required=(HOC,), boosts=(HOC, THUE))
    assert fts_query.boost_expression(plan) == (
        f"{fts_query.terms_expr(HOC)} OR {fts_query.terms_expr(THUE)}"
    )


def test_title_prefix_expression_marks_the_last_syllable_as_prefix() -> None:
    assert fts_query.title_prefix_expression(("hoc", "ph")) == ('{title_f} : ("2:hoc" + "2:ph" *)')


def test_text_hits_add_the_weighted_bonus_only_to_matches() -> None:
    plan = QueryPlan(required=(HOC,), boosts=(HOC,))
    expr = fts_query.terms_expr(HOC)
    assert sql_query.hits_source(plan) == Statement(
        "SELECT c.r AS r, c.s + COALESCE(b.s, 0) AS s "
        f"FROM (SELECT rowid AS r, bm25(fts, {WEIGHTS}) AS s FROM fts WHERE fts MATCH ?) c "
        f"LEFT JOIN (SELECT rowid AS r, 2.0 * bm25(fts, {WEIGHTS}) AS s FROM fts "
        "WHERE fts MATCH ?) b ON b.r = c.r",
        [expr, expr],
    )


def test_number_hits_rank_own_number_above_citations() -> None:
    assert sql_query.hits_source(QueryPlan(numbers=("k1", "k2"))) == Statement(
        "SELECT doc_rowid AS r, MIN(CASE cited WHEN 0 THEN -1000.0 ELSE -5.0 END) AS s "
        "FROM numbers WHERE key IN (?, ?) GROUP BY doc_rowid",
        ["k1", "k2"],
    )


def test_text_and_number_hits_are_summed_per_document() -> None:
    statement = sql_query.hits_source(QueryPlan(required=(HOC,), numbers=("k",)))
    assert statement.sql.startswith("SELECT r, SUM(s) AS s FROM (SELECT rowid AS r, bm25(")
    assert statement.sql.endswith(" GROUP BY doc_rowid) GROUP BY r")
    assert " UNION ALL SELECT doc_rowid AS r" in statement.sql
    assert statement.params == [fts_query.terms_expr(HOC), "k"]


def test_a_browse_selects_every_document() -> None:
    assert sql_query.hits_source(QueryPlan()) == Statement(
        "SELECT rowid AS r, 0.0 AS s FROM documents", []
    )


def test_filters_compare_folded_keys_and_bind_every_value() -> None:
    filters = Filters(
        facets={
            "issuer": ["Bộ Tài chính"],
            "doc_type": ["Thông báo", "Quyết định"],
            "year": ["2024"],
            "gazette": ["12"],
        },
        date_from=dt.date(2024, 1, 1),
        date_to=dt.date(2024, 12, 31),
        number=["1016-tb-vpcp"],
    )
    facet = "d.rowid IN (SELECT doc_rowid FROM facet_values WHERE facet = ? AND (key IN ({})))"
    # A gazette issue without its year ("12") also names every "12/<year>" key.
    gazette = (
        "d.rowid IN (SELECT doc_rowid FROM facet_values WHERE facet = ? AND "
        "(key IN (?) OR substr(key, 1, ?) = ?))"
    )
    assert sql_query.filter_clause(filters) == Statement(
        " AND ".join(
            [
                facet.format("?"),
                facet.format("?, ?"),
                facet.format("?"),
                gazette,
                "d.issued_date >= ?",
                "d.issued_date <= ?",
                "d.rowid IN (SELECT doc_rowid FROM numbers WHERE cited = 0 AND key IN (?))",
            ]
        ),
        [
            "issuer",
            "bo tai chinh",
            "doc_type",
            "thong bao",
            "quyet dinh",
            "year",
            "2024",
            "gazette",
            "12",
            3,
            "12/",
            "2024-01-01",
            "2024-12-31",
            "1016-tb-vpcp",
        ],
    )
    assert sql_query.filter_clause(Filters()) == Statement("1", [])


@pytest.mark.parametrize(
    ("sort", "browsing", "expected"),
    [
        (Sort.relevance, False, ("h.s", "k ASC, r ASC")),
        (Sort.relevance, True, ("COALESCE(d.issued_date, '0000-00-00')", "k DESC, r ASC")),
        (Sort.date_desc, False, ("COALESCE(d.issued_date, '0000-00-00')", "k DESC, r ASC")),
        (Sort.date_asc, True, ("COALESCE(d.issued_date, '9999-99-99')", "k ASC, r ASC")),
    ],
)
def test_sort_keys(sort: Sort, browsing: bool, expected: tuple[str, str]) -> None:
    assert sql_query.sort_key_sql(sort, browsing) == expected


def test_materialize_joins_filters_onto_the_hits() -> None:
    plan = QueryPlan(numbers=("k",), filters=Filters(facets={"gazette": ["40/2026"]}))
    statement = sql_query.materialize(plan, Sort.date_asc)
    assert statement.sql == (
        "INSERT INTO temp.hits (r, s, k) SELECT h.r, h.s, COALESCE(d.issued_date, '9999-99-99') "
        "FROM (SELECT doc_rowid AS r, MIN(CASE cited WHEN 0 THEN -1000.0 ELSE -5.0 END) AS s "
        "FROM numbers WHERE key IN (?) GROUP BY doc_rowid) h "
        "JOIN documents d ON d.rowid = h.r WHERE d.rowid IN (SELECT doc_rowid FROM "
        "facet_values WHERE facet = ? AND (key IN (?)))"
    )
    assert statement.params == ["k", "gazette", "40/2026"]


def test_a_page_reads_one_row_more_than_its_size() -> None:
    assert sql_query.page_query(Sort.relevance, False, 10, 20, None) == Statement(
        "SELECT r, s, k FROM temp.hits WHERE 1 ORDER BY k ASC, r ASC LIMIT ? OFFSET ?",
        [11, 20],
    )


def test_a_cursor_continues_after_its_row_whatever_the_offset() -> None:
    ascending = encode_cursor(Sort.relevance, [-3.5, 42])
    assert sql_query.page_query(Sort.relevance, False, 5, 40, ascending) == Statement(
        "SELECT r, s, k FROM temp.hits WHERE (k > ? OR (k = ? AND r > ?)) "
        "ORDER BY k ASC, r ASC LIMIT ? OFFSET ?",
        [-3.5, -3.5, 42, 6, 0],
    )
    descending = encode_cursor(Sort.date_desc, ["2024-05-01", 7])
    statement = sql_query.page_query(Sort.date_desc, False, 5, 0, descending)
    assert statement.sql.startswith("SELECT r, s, k FROM temp.hits WHERE (k < ? OR")
    assert statement.params == ["2024-05-01", "2024-05-01", 7, 6, 0]


def test_a_cursor_of_another_sort_is_refused() -> None:
    with pytest.raises(BadCursor):
        sql_query.page_query(Sort.date_asc, False, 5, 0, encode_cursor(Sort.date_desc, ["x", 1]))


def test_the_plan_carries_the_column_and_proximity_weights() -> None:
    weights = RankingWeights(title=0.5, meta=0.2, word=1.0, folded=0.5, proximity=3.0)
    plan = QueryPlan(required=(HOC,), boosts=(HOC,), weights=weights)
    sql = sql_query.hits_source(plan).sql
    columns = "0.5, 0.5, 0.25, 0.25, 0.2, 0.2, 0.1, 0.1, 1.0, 1.0, 0.5, 0.5"
    assert f"SELECT rowid AS r, bm25(fts, {columns}) AS s FROM fts" in sql
    assert f"3.0 * bm25(fts, {columns})" in sql
    # Without weights of its own, a plan ranks with the engine's shipped ones.
    shipped = ", ".join(str(w) for w in ENGINE_WEIGHTS["sqlite"].column_weights())
    assert f"bm25(fts, {shipped})" in sql_query.hits_source(QueryPlan(required=(HOC,))).sql
