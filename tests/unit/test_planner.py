"""The query planner, compared as data: a request in, the backend-neutral plan out."""

from __future__ import annotations

import datetime as dt

from search_api.models import Filters, SearchRequest
from search_api.planner import (
    MAX_REQUIRED_TERMS,
    QueryPlan,
    Terms,
    is_number_lookup,
    plan_query,
)


def _plan(q: str, **facets: list[str]) -> QueryPlan:
    return plan_query(SearchRequest(q=q, filters=Filters(facets=facets)))


def _syl(exact: str, folded: str | None = None) -> Terms:
    folded = exact if folded is None else folded
    return Terms(tuple(exact.split()), tuple(folded.split()), strict=exact != folded)


def test_accented_query_requires_each_syllable_strictly() -> None:
    assert _plan("học phí") == QueryPlan(
        required=(_syl("học", "hoc"), _syl("phí", "phi")),
        boosts=(
            Terms(("học_phí",), ("hoc_phi",), word=True, strict=True),
            _syl("học phí", "hoc phi"),
        ),
        highlight=frozenset({"hoc", "phi"}),
    )


def test_folded_query_is_not_strict() -> None:
    plan = _plan("hoc phi")
    assert plan.required == (_syl("hoc"), _syl("phi"))
    assert not plan.is_strict and plan.has_text and not plan.is_empty


def test_relaxed_plan_loosens_every_term() -> None:
    relaxed = _plan("học phí").relaxed()
    assert relaxed.required == (
        Terms(("học",), ("hoc",), strict=False),
        Terms(("phí",), ("phi",), strict=False),
    )
    assert not relaxed.is_strict
    assert all(not b.strict for b in relaxed.boosts)


def test_a_number_alone_is_a_number_only_lookup() -> None:
    for q in ("1016/TB-VPCP", "số 1016/TB-VPCP", "Thông báo số 1016/tb-vpcp"):
        assert _plan(q) == QueryPlan(numbers=("1016-tb-vpcp",), number_only=True), q


LOOKUPS = ("1016/TB-VPCP", "số 1016/TB-VPCP", "Quyết định 06/2013/QĐ-TTg", "Số: 15/2020/NĐ-CP")
NOT_LOOKUPS = (
    "Quyết định 06/2013/QĐ-TTg về học phí",
    "bảo hiểm xã hội",
    "so:1016/TB-VPCP",  # field syntax: the planner reads it as a filter, not a lookup
    "",
    "1016/TB-VPCP " + "học " * 200,  # longer than any bare number
)


def test_the_quick_lane_takes_only_what_the_planner_plans_as_a_lookup() -> None:
    for q in LOOKUPS:
        assert is_number_lookup(q) and _plan(q).number_only, q
    for q in NOT_LOOKUPS:
        assert not is_number_lookup(q), q


def test_a_number_beside_words_keeps_the_words() -> None:
    plan = _plan("Quyết định 06/2013/QĐ-TTg về học phí")
    assert plan.numbers == ("6-2013-qd-ttg",)
    assert not plan.number_only
    assert plan.required == (_syl("về", "ve"), _syl("học", "hoc"), _syl("phí", "phi"))


def test_read_numbers_off_takes_the_number_as_words() -> None:
    plan = plan_query(SearchRequest(q="1016/TB-VPCP"), read_numbers=False)
    assert plan.numbers == ()
    assert plan.has_text


def test_abbreviations_become_alternatives_phrases_and_exclusions_stay() -> None:
    plan = _plan('UBND "học phí" -miễn')
    assert plan.required == (_syl("học phí", "hoc phi"),)
    assert plan.any_of == ((_syl("ubnd"), _syl("uy ban nhan dan")),)
    assert plan.excluded == (_syl("miễn", "mien"),)
    assert plan.highlight == {"hoc", "phi", "ubnd", "uy", "ban", "nhan", "dan"}


def test_or_groups() -> None:
    plan = _plan("a OR b")
    assert plan.any_of == ((_syl("a"), _syl("b")),)
    assert plan.required == ()


def test_long_queries_match_any_syllable() -> None:
    words = ["một", "hai", "ba", "bốn", "năm", "sáu", "bảy"]
    assert len(words) > MAX_REQUIRED_TERMS
    plan = _plan(" ".join(words))
    assert plan.required == ()
    assert [t.exact[0] for t in plan.optional] == words
    assert plan.boosts[-1].exact == tuple(words)  # the whole query as a phrase


def test_typed_filters_merge_with_the_request_filters() -> None:
    plan = _plan(
        "loai:QĐ nam:2024 so:15/2024/TT-BGDĐT ngay:2024-01-01.. thuế",
        issuer=["Bộ Tài chính"],
        year=["2023"],
    )
    assert plan.filters == Filters(
        facets={"issuer": ["Bộ Tài chính"], "doc_type": ["Quyết định"], "year": ["2023", "2024"]},
        date_from=dt.date(2024, 1, 1),
        number=["15-2024-tt-bgddt"],
    )
    assert plan.required == (_syl("thuế", "thue"),)


def test_an_empty_query_is_a_browse() -> None:
    plan = _plan("", doc_type=["Thông báo"])
    assert plan.is_empty and not plan.has_text
    assert plan.filters == Filters(facets={"doc_type": ["Thông báo"]})
