"""The Elasticsearch backend's pure builder, compared as dicts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from search_api.backends.elasticsearch import query_builder as qb
from search_api.cursor import BadCursor, encode_cursor
from search_api.models import Filters, SearchRequest, Sort
from search_api.planner import QueryPlan, Terms, plan_query
from vanban_core.fields import ENGINE_WEIGHTS, RankingWeights

HOC = Terms(("hoc",), ("hoc",))
THUE = Terms(("thuế",), ("thue",), strict=True)
SYLLABLE_FIELDS = ["title_s^0.1", "meta_s^0.3", "text_s^1"]
FOLDED_FIELDS = ["title_f^0.08", "meta_f^0.24", "text_f^0.8"]  # ENGINE_WEIGHTS: folded 0.8
ID = {"id": "asc"}


def _phrase(text: str, fields: list[str]) -> dict[str, Any]:
    return {"multi_match": {"query": text, "type": "phrase", "fields": fields, "tie_breaker": 1.0}}


def _either(*should: dict[str, Any]) -> dict[str, Any]:
    return {"bool": {"should": list(should), "minimum_should_match": 1}}


def test_a_loose_term_matches_exact_or_folded_fields() -> None:
    assert qb.terms_clause(HOC) == _either(
        _phrase("hoc", SYLLABLE_FIELDS), _phrase("hoc", FOLDED_FIELDS)
    )


def test_a_strict_term_matches_exact_fields_only() -> None:
    assert qb.terms_clause(THUE) == _either(_phrase("thuế", SYLLABLE_FIELDS))


def test_words_use_word_fields_and_phrases_are_one_query_string() -> None:
    word = Terms(("học_phí",), ("hoc_phi",), word=True)
    assert qb.terms_clause(word) == _either(
        _phrase("học_phí", ["title_w^0.12", "meta_w^0.36", "text_w^1.2"]),
        _phrase("hoc_phi", ["title_wf^0.096", "meta_wf^0.288", "text_wf^0.96"]),
    )
    phrase = Terms(("học", "phí"), ("hoc", "phi"), strict=True)
    assert qb.terms_clause(phrase) == _either(_phrase("học phí", SYLLABLE_FIELDS))


def test_text_query_with_groups_optional_boosts_and_exclusions() -> None:
    plan = QueryPlan(
        required=(THUE,), any_of=((HOC, THUE),), optional=(HOC,), excluded=(HOC,), boosts=(THUE,)
    )
    assert qb.build_query(plan) == {
        "bool": {
            "must": [
                {
                    "bool": {
                        "must": [
                            qb.terms_clause(THUE),
                            _either(qb.terms_clause(HOC), qb.terms_clause(THUE)),
                            _either(qb.terms_clause(HOC)),
                        ],
                        "should": [{"bool": {"should": [qb.terms_clause(THUE)], "boost": 3.0}}],
                    }
                }
            ],
            "filter": [],
            "must_not": [qb.terms_clause(HOC)],
        }
    }


def test_numbers_score_own_number_above_citations() -> None:
    own = {"constant_score": {"filter": {"terms": {"number_key": ["k"]}}, "boost": 1000.0}}
    cited = {"constant_score": {"filter": {"terms": {"cites_keys": ["k"]}}, "boost": 5.0}}
    assert qb.build_query(QueryPlan(numbers=("k",))) == {
        "bool": {"must": [_either(own, cited)], "filter": []}
    }
    with_text = qb.build_query(QueryPlan(required=(HOC,), numbers=("k",)))
    assert with_text["bool"]["must"] == [
        _either({"bool": {"must": [qb.terms_clause(HOC)]}}, own, cited)
    ]


def test_a_browse_matches_all() -> None:
    assert qb.build_query(QueryPlan()) == {"bool": {"must": [{"match_all": {}}], "filter": []}}


def test_filters_are_terms_on_folded_keys_and_one_date_range() -> None:
    filters = Filters(
        facets={
            "issuer": ["Bộ Tài chính"],
            "doc_type": ["Thông báo"],
            "year": ["2024", "2025"],
            "gazette": ["12"],
        },
        number=["1016-tb-vpcp"],
        date_from=dt.date(2024, 1, 1),
    )
    assert qb.filter_clauses(filters) == [
        {"terms": {"facet.issuer.key": ["bo tai chinh"]}},
        {"terms": {"facet.doc_type.key": ["thong bao"]}},
        {"terms": {"facet.year.key": ["2024", "2025"]}},
        {
            "bool": {
                "should": [
                    {"terms": {"facet.gazette.key": ["12"]}},
                    {"prefix": {"facet.gazette.key": "12/"}},
                ],
                "minimum_should_match": 1,
            }
        },
        {"terms": {"number_key": ["1016-tb-vpcp"]}},
        {"range": {"issued_date": {"gte": "2024-01-01"}}},
    ]
    assert qb.filter_clauses(Filters(date_to=dt.date(2024, 2, 1))) == [
        {"range": {"issued_date": {"lte": "2024-02-01"}}}
    ]
    assert qb.filter_clauses(Filters()) == []


@pytest.mark.parametrize(
    ("sort", "browsing", "expected"),
    [
        (Sort.relevance, False, ["_score", {"id": "asc"}]),
        (
            Sort.relevance,
            True,
            [{"issued_date": {"order": "desc", "missing": "_last"}}, {"id": "asc"}],
        ),
        (
            Sort.date_asc,
            False,
            [{"issued_date": {"order": "asc", "missing": "_last"}}, {"id": "asc"}],
        ),
    ],
)
def test_sort_has_a_unique_tiebreaker(sort: Sort, browsing: bool, expected: list[Any]) -> None:
    assert qb.sort_clause(sort, browsing) == expected


def test_search_body_by_offset_fetches_one_more_than_the_page() -> None:
    plan = QueryPlan(required=(HOC,))
    body = qb.build_search(SearchRequest(q="hoc", page=3, size=10), plan)
    body.pop("aggs")  # facets are checked by the behaviour suite
    assert body == {
        "query": qb.build_query(plan),
        "sort": ["_score", {"id": "asc"}],
        "size": 11,
        "track_total_hits": True,
        "_source": {"excludes": ["recipients"]},
        "from": 20,
    }


def test_search_body_after_a_cursor_has_no_offset() -> None:
    cursor = encode_cursor(Sort.date_desc, [1714521600000, "doc-9"])
    request = SearchRequest(sort=Sort.date_desc, page=4, cursor=cursor)
    body = qb.build_search(request, QueryPlan())
    assert body["search_after"] == [1714521600000, "doc-9"]
    assert "from" not in body


def test_search_body_refuses_a_cursor_of_another_sort() -> None:
    cursor = encode_cursor(Sort.relevance, [1.0, "doc-9"])
    with pytest.raises(BadCursor):
        qb.build_search(SearchRequest(sort=Sort.date_asc, cursor=cursor), QueryPlan())


def test_the_plan_carries_the_field_and_proximity_weights() -> None:
    weights = RankingWeights(title=0.5, meta=0.2, word=1.0, folded=0.5, proximity=3.0)
    plan = QueryPlan(required=(HOC,), boosts=(HOC,), weights=weights)
    query = qb.build_query(plan)["bool"]["must"][0]
    assert query["bool"]["must"][0] == _either(
        _phrase("hoc", ["title_s^0.5", "meta_s^0.2", "text_s^1"]),
        _phrase("hoc", ["title_f^0.25", "meta_f^0.1", "text_f^0.5"]),
    )
    assert query["bool"]["should"][0]["bool"]["boost"] == 3.0


def test_the_planner_and_service_pass_weights_through() -> None:
    weights = RankingWeights(proximity=5.0)
    plan = plan_query(SearchRequest(q="hoc phi"), weights=weights)
    assert plan.weights == weights
    assert plan.relaxed().weights == weights
    assert (
        plan_query(SearchRequest(q="hoc phi")).weights_for("elasticsearch")
        == (ENGINE_WEIGHTS["elasticsearch"])
    )
