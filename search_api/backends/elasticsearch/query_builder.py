"""Pure translation of a :class:`QueryPlan` and a request into an Elasticsearch body.

Mirrors :mod:`search_api.backends.sqlite.fts_query`: each required term is a
phrase matched on exact-form fields or folded-form fields, weights come from
the plan (:class:`vanban_core.fields.RankingWeights`), boosts only add score,
filters go to ``bool.filter`` so they never affect scoring, and user text
only ever appears as the value of a ``match_phrase``-style clause, never as ``query_string`` syntax.
A syllable phrase is executed on the pairs its field indexes (``index_phrases``
in mappings/index.json), so a pair weighs by its own document frequency, as an
FTS5 phrase does, not by the sum of its syllables' IDFs.
"""

from __future__ import annotations

from typing import Any

from search_api.cursor import decode_cursor
from search_api.models import Filters, SearchRequest, Sort
from search_api.planner import QueryPlan, Terms
from vanban_core.facets import FACETS, FacetKind, facet
from vanban_core.fields import (
    ENGINE_WEIGHTS,
    NUMBER_CITED_BOOST,
    NUMBER_SELF_BOOST,
    SYLLABLE_VARIANTS,
    TEXT_FIELDS,
    WORD_VARIANTS,
    RankingWeights,
    column,
)
from vanban_core.schema import instant_key
from vanban_core.validity import ENDED_STATUSES, NOT_YET

Body = dict[str, Any]


def _fields(variant: str, weights: RankingWeights) -> list[str]:
    return [f"{column(f, variant)}^{weights.column_weight(f, variant):g}" for f in TEXT_FIELDS]


def terms_clause(terms: Terms, weights: RankingWeights | None = None) -> Body:
    """Exact form on exact fields OR (unless strict) folded form on folded fields."""
    weights = weights or ENGINE_WEIGHTS["elasticsearch"]
    exact_variant, folded_variant = WORD_VARIANTS if terms.word else SYLLABLE_VARIANTS
    should = [_phrase(" ".join(terms.exact), _fields(exact_variant, weights))]
    if not terms.strict:
        should.append(_phrase(" ".join(terms.folded), _fields(folded_variant, weights)))
    return {"bool": {"should": should, "minimum_should_match": 1}}


def _phrase(text: str, fields: list[str]) -> Body:
    return {"multi_match": {"query": text, "type": "phrase", "fields": fields, "tie_breaker": 1.0}}


def _text_query(plan: QueryPlan) -> Body | None:
    weights = plan.weights_for("elasticsearch")
    must = [terms_clause(t, weights) for t in plan.required]
    must.extend(
        {"bool": {"should": [terms_clause(t, weights) for t in group], "minimum_should_match": 1}}
        for group in plan.any_of
    )
    if plan.optional:
        must.append(
            {
                "bool": {
                    "should": [terms_clause(t, weights) for t in plan.optional],
                    "minimum_should_match": 1,
                }
            }
        )
    if not must:
        return None
    query: Body = {"bool": {"must": must}}
    if plan.boosts:
        query["bool"]["should"] = [
            {
                "bool": {
                    "should": [terms_clause(b, weights) for b in plan.boosts],
                    "boost": weights.proximity,
                }
            }
        ]
    return query


def _number_clauses(plan: QueryPlan) -> list[Body]:
    if not plan.numbers:
        return []
    keys = list(plan.numbers)
    return [
        {"constant_score": {"filter": {"terms": {"number_key": keys}}, "boost": NUMBER_SELF_BOOST}},
        {
            "constant_score": {
                "filter": {"terms": {"cites_keys": keys}},
                "boost": NUMBER_CITED_BOOST,
            }
        },
    ]


def _facet_clause(name: str, values: list[str]) -> Body:
    """Documents with one of ``values`` in facet ``name``; a head key ("242") also
    matches every key under it ("242/2026")."""
    spec = facet(name)
    field = f"facet.{name}.key"
    keys = [spec.key(v) for v in values]
    heads = [key for key in keys if spec.is_head(key)]
    if not heads:
        return {"terms": {field: keys}}
    should: list[Body] = [{"terms": {field: keys}}]
    should.extend({"prefix": {field: key + str(spec.head_separator)}} for key in heads)
    return {"bool": {"should": should, "minimum_should_match": 1}}


def _missing(field: str) -> Body:
    return {"bool": {"must_not": [{"exists": {"field": field}}]}}


def _in_force_clause(day: str) -> Body:
    """:func:`vanban_core.validity.in_force_on` as a filter."""
    started = {
        "bool": {
            "should": [
                {"range": {"effective_date": {"lte": day}}},
                {
                    "bool": {
                        "must": [
                            _missing("effective_date"),
                            {
                                "bool": {
                                    "should": [
                                        _missing("issued_date"),
                                        {"range": {"issued_date": {"lte": day}}},
                                    ],
                                    "minimum_should_match": 1,
                                }
                            },
                        ],
                        "must_not": [{"term": {"status": NOT_YET}}],
                    }
                },
            ],
            "minimum_should_match": 1,
        }
    }
    not_ended = {
        "bool": {
            "should": [
                {"range": {"expiry_date": {"gt": day}}},
                {
                    "bool": {
                        "must": [_missing("expiry_date")],
                        "must_not": [{"terms": {"status": list(ENDED_STATUSES)}}],
                    }
                },
            ],
            "minimum_should_match": 1,
        }
    }
    return {"bool": {"filter": [started, not_ended]}}


def filter_clauses(filters: Filters) -> list[Body]:
    clauses = [_facet_clause(name, values) for name, values in filters.facets.items()]
    if filters.number:
        clauses.append({"terms": {"number_key": list(filters.number)}})
    if filters.updated_since:
        since = instant_key(filters.updated_since)
        clauses.append({"range": {"updated_at": {"gt": since}}})
    if filters.date_from or filters.date_to:
        bounds: Body = {}
        if filters.date_from:
            bounds["gte"] = filters.date_from.isoformat()
        if filters.date_to:
            bounds["lte"] = filters.date_to.isoformat()
        clauses.append({"range": {"issued_date": bounds}})
    if filters.in_force_on:
        clauses.append(_in_force_clause(filters.in_force_on.isoformat()))
    return clauses


def build_query(plan: QueryPlan) -> Body:
    """The ``query`` part of the request."""
    text = _text_query(plan)
    numbers = _number_clauses(plan)
    scoring: Body
    if text and numbers:
        scoring = {"bool": {"should": [text, *numbers], "minimum_should_match": 1}}
    elif numbers:
        scoring = {"bool": {"should": numbers, "minimum_should_match": 1}}
    elif text:
        scoring = text
    else:
        scoring = {"match_all": {}}
    bool_query: Body = {"must": [scoring], "filter": filter_clauses(plan.filters)}
    if plan.excluded:
        bool_query["must_not"] = [terms_clause(t) for t in plan.excluded]
    return {"bool": bool_query}


def sort_clause(sort: Sort, browsing: bool) -> list[Body | str]:
    """Sort with ``id`` as the tiebreaker, so ``search_after`` cursors are stable."""
    if sort is Sort.relevance and not browsing:
        return ["_score", {"id": "asc"}]
    if sort is Sort.updated_desc:
        return [{"updated_at": {"order": "desc", "missing": "_last"}}, {"id": "asc"}]
    order = "asc" if sort is Sort.date_asc else "desc"
    return [{"issued_date": {"order": order, "missing": "_last"}}, {"id": "asc"}]


def facet_aggs(size: int) -> Body:
    """One terms aggregation per facet of the registry, ``size + 1`` buckets (is there
    more?), each bucket's most common written form as a sub-aggregation."""
    order: dict[FacetKind, Body | list[Body]] = {
        FacetKind.terms: [{"_count": "desc"}, {"_key": "asc"}],
        FacetKind.year: {"_key": "desc"},
    }
    return {
        spec.name: {
            "terms": {
                "field": f"facet.{spec.name}.key",
                "size": size + 1,
                "order": order[spec.kind],
            },
            "aggs": {"shown": {"terms": {"field": f"facet.{spec.name}.shown", "size": 1}}},
        }
        for spec in FACETS
    }


def build_search(request: SearchRequest, plan: QueryPlan) -> Body:
    """The whole search body: query, sort, page or cursor, aggregations, exact total."""
    body: Body = {
        "query": build_query(plan),
        "sort": sort_clause(request.sort, plan.is_empty),
        "size": request.size + 1,  # one more: is there a next page?
        "track_total_hits": True,
        "aggs": facet_aggs(request.facet_size),
        "_source": {"excludes": ["recipients"]},
    }
    if request.cursor:
        body["search_after"] = decode_cursor(request.cursor, request.sort)
    else:
        body["from"] = request.offset
    return body
