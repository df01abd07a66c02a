"""One suite of behaviours every backend must show, run against each of them.

The documents are real (the seed notice, the portal article, vbpl.vn decrees and
circulars, Sơn La gazette records) plus two written for ranking and safety
checks that real texts cannot pin down (exact vs folded diacritics, markup).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest

from search_api.backends.base import BadCursor, SearchBackend
from search_api.models import Filters, SearchRequest, Sort
from search_api.service import PageTooDeep, SearchService
from vanban_core.schema import Document

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "conformance_docs.jsonl"

EXTRA = [
    Document(
        id="hoa-exact",
        doc_type="Quyết định",
        issuer="Bộ Ngoại giao",
        issued_date=dt.date(2020, 5, 1),
        title="Về hòa giải tranh chấp",
        text="Quy định về hòa giải tranh chấp giữa các bên.",
    ),
    Document(
        id="hoa-folded",
        doc_type="Quyết định",
        issuer="Bộ Ngoại giao",
        issued_date=dt.date(2020, 6, 1),
        title="Về hoa giải thưởng",
        text="Quy định về hoa giải thưởng trong cuộc thi.",
    ),
    Document(
        id="xss",
        doc_type="Thông báo",
        issuer="Bộ Ngoại giao",
        issued_date=dt.date(2021, 1, 1),
        title="Thông báo kiểm thử mã độc",
        text=(
            'Nội dung có mã <script>alert("xss")</script> độc hại <b>đậm</b> kiểm thử. '
            "Áp dụng tại 12 quận của TP HCM."
        ),
        cites=["1016/TB-VPCP"],
    ),
]


def load_docs() -> list[Document]:
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    return [Document.model_validate(json.loads(line)) for line in lines] + EXTRA


@pytest.fixture
def docs() -> list[Document]:
    return load_docs()


@pytest.fixture
def service(backend: SearchBackend, docs: list[Document]) -> SearchService:
    report = backend.upsert(docs)
    assert report.failed == {}
    return SearchService(backend)


def ids(service: SearchService, q: str, **kwargs: object) -> list[str]:
    page = service.search(SearchRequest(q=q, size=50, **kwargs))  # type: ignore[arg-type]
    return [h.id for h in page.hits]


def test_upsert_counts_and_is_idempotent(service: SearchService, docs: list[Document]) -> None:
    assert service.backend.count() == len(docs)
    report = service.backend.upsert(docs[:3])
    assert (report.indexed, report.updated) == (0, 3)
    assert service.backend.count() == len(docs)


def test_get_returns_the_stored_document(service: SearchService, docs: list[Document]) -> None:
    stored_doc = service.backend.get("tb-1016-vpcp")
    assert stored_doc is not None and stored_doc.updated_at is not None  # stamped on write
    assert stored_doc.model_copy(update={"updated_at": None}) == docs[0]
    completed = service.get("tb-1016-vpcp")
    assert completed is not None and completed.updated_at is not None
    stored = {"relations", "cited_by", "translations", "status", "status_reason", "updated_at"}
    assert completed.model_dump(exclude=stored) == docs[0].model_dump(exclude=stored)
    assert service.get("no-such-id") is None


def test_updated_at_is_stable_and_filters(service: SearchService, docs: list[Document]) -> None:
    """``updated_at`` is set on write, kept when given (reindex), and filters by instant."""
    before = service.get("tb-1016-vpcp")
    assert before is not None and before.updated_at is not None
    later = before.updated_at + dt.timedelta(seconds=5)
    changed = docs[1].model_copy(update={"title": "Tiêu đề mới", "updated_at": later})
    service.backend.upsert([changed])
    stored = service.get(changed.id)
    assert stored is not None and stored.updated_at == later
    one_second_on = before.updated_at + dt.timedelta(seconds=1)
    since = SearchRequest(filters=Filters(updated_since=one_second_on))
    assert [h.id for h in service.search(since).hits] == [changed.id]
    assert service.search(since).hits[0].updated_at == later
    everything = SearchRequest(filters=Filters(updated_since=before.updated_at - dt.timedelta(1)))
    assert service.search(everything).total == len(docs)


def test_a_write_after_searches_is_seen_at_once(service: SearchService) -> None:
    """Searching leaves no transaction open that would hide later writes."""
    assert ids(service, "xyzabc qwerty") == []
    new = Document(id="late", doc_type="Thông báo", title="Xyzabc qwerty", text="Xyzabc.")
    assert service.backend.upsert([new]).indexed == 1
    assert ids(service, "xyzabc qwerty") == ["late"]
    assert service.backend.delete(["late"]) == 1
    assert ids(service, "xyzabc qwerty") == []


def test_reindex_keeps_updated_at(service: SearchService) -> None:
    before = service.get("tb-1016-vpcp")
    assert before is not None and before.updated_at is not None
    service.backend.reindex()
    again = service.get("tb-1016-vpcp")
    assert again is not None and again.updated_at == before.updated_at


def test_delete(service: SearchService) -> None:
    assert service.backend.delete(["xss", "missing"]) == 1
    assert service.get("xss") is None
    assert "xss" not in ids(service, "mã độc")


@pytest.mark.parametrize(
    "spelling",
    [
        "1016/TB-VPCP",
        "1016/tb-vpcp",
        "1016 TB VPCP",
        "Số: 1016/TB–VPCP",
        "so 1016/tb-vpcp",
        "1016/TB - VPCP",
    ],
)
def test_lookup_by_number_in_any_spelling(service: SearchService, spelling: str) -> None:
    found = service.lookup(spelling)
    assert [d.id for d in found][:1] == ["tb-1016-vpcp"]


@pytest.mark.parametrize("spelling", ["1016 tb vpcp", "Thông báo 1016/TB-VPCP", "số 1016/TB-VPCP"])
def test_number_typed_in_search_box_ranks_its_document_first(
    service: SearchService, spelling: str
) -> None:
    assert ids(service, spelling)[0] == "tb-1016-vpcp"


def test_citing_documents_follow_the_cited_number(service: SearchService) -> None:
    # Neither document is 06/2013/QĐ-TTg itself; both cite it.
    assert set(ids(service, "Quyết định 06/2013/QD-TTg")) >= {
        "tb-1016-vpcp",
        "portal-news-2014-02-13",
    }


def test_lookup_of_a_number_shared_by_provinces_is_exact(service: SearchService) -> None:
    found = service.lookup("1182/QĐ-UBND")
    assert [d.id for d in found] == ["sonla-00322A58A69D"]
    assert service.lookup("9999/QĐ-UBND") == []


def test_seed_query_ranks_the_notice_first(service: SearchService) -> None:
    assert ids(service, "van phong chinh phu thong bao")[0] == "tb-1016-vpcp"


@pytest.mark.parametrize(
    "query",
    ["văn phòng chính phủ", "van phong chinh phu", "VĂN PHÒNG CHÍNH PHỦ", "Văn Phòng Chính Phủ"],
)
def test_accent_and_case_insensitive(service: SearchService, query: str) -> None:
    assert "tb-1016-vpcp" in ids(service, query)


def test_nfd_query_matches_nfc_documents(service: SearchService) -> None:
    import unicodedata

    nfd = unicodedata.normalize("NFD", "cổng thông tin điện tử")
    assert set(ids(service, nfd)) == set(ids(service, "cổng thông tin điện tử"))
    assert "tb-1016-vpcp" in ids(service, nfd)


def test_old_and_new_tone_placement_are_equal(service: SearchService) -> None:
    assert ids(service, "hoà giải") == ids(service, "hòa giải")
    assert "hoa-exact" in ids(service, "hoà giải")


def test_exact_diacritics_rank_above_folded_matches(service: SearchService) -> None:
    # Typed without diacritics, a syllable matches every accented form; the
    # document spelled as typed comes first.
    assert ids(service, "hoa giải")[:2] == ["hoa-folded", "hoa-exact"]
    assert set(ids(service, "hoa giai")[:2]) == {"hoa-exact", "hoa-folded"}
    assert ids(service, "van phong chinh phu")[0] == "tb-1016-vpcp"


def test_diacritics_typed_are_meant(service: SearchService) -> None:
    found = ids(service, "hòa giải")
    assert found[0] == "hoa-exact" and "hoa-folded" not in found
    assert "hoa-exact" not in ids(service, "hoa giải thưởng")


def test_wrong_diacritics_fall_back_to_folded_matching(service: SearchService) -> None:
    assert {"hoa-exact", "hoa-folded"} <= set(ids(service, "hóa giài"))


def test_filters_by_issuer_type_year_and_date(service: SearchService) -> None:
    def search(**filters: object) -> set[str]:
        page = service.search(SearchRequest(size=100, filters=Filters(**filters)))  # type: ignore[arg-type]
        return {h.id for h in page.hits}

    assert search(issuer=["Văn phòng Chính phủ"]) == {"tb-1016-vpcp"}
    assert search(issuer=["van phong chinh phu"]) == {"tb-1016-vpcp"}
    assert search(doc_type=["Nghị quyết"]) == {"sonla-02F837B72CA3"}
    assert search(year=[2014]) == {"tb-1016-vpcp", "portal-news-2014-02-13"}
    assert search(date_from=dt.date(2014, 2, 14), date_to=dt.date(2014, 3, 1)) == {"tb-1016-vpcp"}
    assert search(issuer=["Bộ Ngoại giao"], year=[2020]) == {"hoa-exact", "hoa-folded"}


def test_facet_counts_match_the_documents(service: SearchService, docs: list[Document]) -> None:
    page = service.search(SearchRequest(size=1))
    assert page.total == len(docs)
    issuers = {b.value: b.count for b in page.facets.issuer}
    assert issuers == dict(Counter(d.issuer for d in docs if d.issuer))
    types = {b.value: b.count for b in page.facets.doc_type}
    assert types == dict(Counter(d.doc_type for d in docs if d.doc_type))
    years = {b.value: b.count for b in page.facets.year}
    assert years == {str(y): c for y, c in Counter(d.year for d in docs if d.year).items()}


def test_facets_follow_the_query_and_filters(service: SearchService) -> None:
    page = service.search(SearchRequest(q="hòa giải", filters=Filters(facets={"year": ["2020"]})))
    assert {b.value: b.count for b in page.facets.issuer} == {"Bộ Ngoại giao": page.total}


def test_sort_by_date(service: SearchService, docs: list[Document]) -> None:
    newest = service.search(SearchRequest(sort=Sort.date_desc, size=100))
    dates = [h.issued_date for h in newest.hits if h.issued_date]
    assert dates == sorted(dates, reverse=True)
    oldest = service.search(SearchRequest(sort=Sort.date_asc, size=100))
    assert [h.issued_date for h in oldest.hits if h.issued_date] == sorted(dates)


def test_pages_are_disjoint_and_complete(service: SearchService, docs: list[Document]) -> None:
    seen: list[str] = []
    for page_number in range(1, 10):
        page = service.search(SearchRequest(sort=Sort.date_desc, size=4, page=page_number))
        seen.extend(h.id for h in page.hits)
    assert sorted(seen) == sorted(d.id for d in docs)


def walk_cursor(service: SearchService, request: SearchRequest, pages: int = 50) -> list[str]:
    """Ids of every page reached by following ``next_cursor`` from the first."""
    seen: list[str] = []
    cursor = None
    for _ in range(pages):
        page = service.search(request.model_copy(update={"cursor": cursor}))
        seen.extend(h.id for h in page.hits)
        cursor = page.next_cursor
        if cursor is None:
            break
    return seen


@pytest.mark.parametrize("sort", list(Sort))
def test_cursor_pagination_reaches_every_hit(service: SearchService, sort: Sort) -> None:
    request = SearchRequest(q="quyết định", sort=sort, size=2)
    seen = walk_cursor(service, request)
    assert len(seen) == len(set(seen)) == service.search(request).total


def test_cursor_pages_follow_the_folded_retry(service: SearchService) -> None:
    # "hóa giài" matches nothing as typed; every page, not only the first, is folded.
    request = SearchRequest(q="hóa giài", size=1)
    seen = walk_cursor(service, request)
    assert {"hoa-exact", "hoa-folded"} <= set(seen)
    assert len(seen) == len(set(seen)) == service.search(request).total


def test_a_number_no_document_has_is_searched_as_words(service: SearchService) -> None:
    # "12 TP HCM" reads as number 12/TP-HCM; no document has it, so it is words.
    assert ids(service, "12 TP HCM") == ["xss"]
    assert ids(service, "9999/TB-VPCP") == []


def test_deep_offset_paging_is_refused(service: SearchService) -> None:
    with pytest.raises(PageTooDeep):
        service.search(SearchRequest(size=100, page=11))


def test_foreign_cursor_is_refused(service: SearchService) -> None:
    with pytest.raises(BadCursor):
        service.search(SearchRequest(q="quyết định", cursor="bm90LWEtY3Vyc29y"))


def test_snippets_mark_matches_and_escape_markup(service: SearchService) -> None:
    page = service.search(SearchRequest(q="mã độc hại"))
    hit = next(h for h in page.hits if h.id == "xss")
    assert "<script>" not in hit.snippet and "<b>" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet
    assert "<mark>độc</mark>" in hit.snippet


def test_folded_query_marks_accented_words(service: SearchService) -> None:
    page = service.search(SearchRequest(q="cong thong tin"))
    hit = next(h for h in page.hits if h.id == "tb-1016-vpcp")
    assert "<mark>Cổng</mark>" in hit.snippet


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"unclosed phrase',
        "NEAR(a b)",
        "a* OR",
        "col:value",
        "^",
        "-",
        "AND OR NOT",
        "(((",
        "'; DROP TABLE documents; --",
        "x" * 1000,
        "{title_s}: quyết",
        "\x00\x01",
    ],
)
def test_hostile_queries_never_error(service: SearchService, query: str) -> None:
    page = service.search(SearchRequest(q=query))
    assert page.total >= 0


def test_query_syntax(service: SearchService) -> None:
    assert ids(service, '"hòa giải tranh chấp"') == ["hoa-exact"]
    assert "hoa-folded" not in ids(service, "hoa -thưởng")
    ministry = Filters(facets={"issuer": ["Bộ Ngoại giao"]})
    assert set(ids(service, "tranh OR thưởng", filters=ministry)) == {"hoa-exact", "hoa-folded"}
    assert ids(service, "so:1016/TB-VPCP") == ["tb-1016-vpcp"]
    assert set(ids(service, "loai:QĐ nam:2020")) == {"hoa-exact", "hoa-folded"}
    assert ids(service, "co_quan:VPCP") == ["tb-1016-vpcp"]
    assert ids(service, "ngay:2014-02-20..2014-03-01") == ["tb-1016-vpcp"]
