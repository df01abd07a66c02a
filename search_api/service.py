"""The search service: query planning above the backend, shared by API, UI and CLI."""

from __future__ import annotations

from search_api.backends.base import SearchBackend
from search_api.facets import facets_of
from search_api.highlight import make_hit
from search_api.models import MAX_OFFSET, SearchPage, SearchRequest, Suggestion
from search_api.planner import plan_query
from search_api.records import complete
from search_api.suggest import did_you_mean, suggest
from search_api.timing import stage
from vanban_core.fields import RankingWeights
from vanban_core.schema import Document


class PageTooDeep(ValueError):
    """Offset paging was asked beyond :data:`MAX_OFFSET`; cursors go further."""


class SearchService:
    def __init__(self, backend: SearchBackend, weights: RankingWeights | None = None) -> None:
        """``weights`` replaces the engine's shipped ranking weights (for tuning)."""
        self.backend = backend
        self.weights = weights

    def search(self, request: SearchRequest) -> SearchPage:
        if request.cursor is None and request.offset + request.size > MAX_OFFSET:
            raise PageTooDeep(
                f"trang quá sâu: tối đa {MAX_OFFSET} kết quả theo trang, hãy dùng cursor "
                f"(offset paging stops at {MAX_OFFSET} results; use the cursor)"
            )
        with stage("plan"):
            plan = plan_query(request, weights=self.weights)
        page = self.backend.search(request, plan)
        if page.total == 0 and plan.number_only:
            # A number no document has or cites: what looked like one may be words.
            with stage("plan"):
                plan = plan_query(request, read_numbers=False, weights=self.weights)
            page = self.backend.search(request, plan)
        # ``total`` counts every match, not the page: a cursor from a retried
        # search is retried the same way, so its later pages come from that plan.
        if page.total == 0 and plan.is_strict:
            # Nothing with the diacritics as typed: they may be wrong, so fold them.
            with stage("retry folded"):
                page = self.backend.search(request, plan.relaxed())
        if page.total == 0 and plan.has_text and request.cursor is None:
            with stage("did you mean"):
                page.suggestion = did_you_mean(self.backend, request.q, self._phrase_count)
        return page

    def _phrase_count(self, text: str) -> int:
        return self.backend.count_matches(plan_query(SearchRequest(q=f'"{text}"')))

    def suggest(self, text: str, limit: int = 8) -> list[Suggestion]:
        return suggest(self.backend, text, limit)

    def lookup(self, number: str, limit: int = 20) -> list[Document]:
        return self.backend.lookup(number, limit)

    def get(self, doc_id: str) -> Document | None:
        """The stored document with both directions of its relations (see
        :mod:`search_api.records`)."""
        doc = self.backend.get(doc_id)
        return complete(self.backend, doc) if doc is not None else None

    def lookup_page(self, number: str, size: int = 10) -> SearchPage:
        """Number lookup in the shape of a search page, so clients parse one format."""
        docs = self.lookup(number, size)
        return SearchPage(
            total=len(docs),
            hits=[make_hit(doc, 1.0, ()) for doc in docs],
            facets=facets_of(docs),
            size=size,
        )
