"""The search service: query planning above the backend, shared by API, UI and CLI."""

from __future__ import annotations

from dataclasses import replace

from search_api.backends.base import SearchBackend
from search_api.cursor import BadCursor, decode_cursor, encode_cursor
from search_api.facets import facets_of
from search_api.highlight import cut_snippet, make_hit
from search_api.models import MAX_OFFSET, SearchPage, SearchRequest, Sort, Suggestion
from search_api.planner import QueryPlan, plan_query
from search_api.records import complete
from search_api.rerank import DEPTH, Reranker, shipped_reranker
from search_api.suggest import did_you_mean, suggest
from search_api.timing import stage
from vanban_core.fields import RankingWeights
from vanban_core.schema import Document


class PageTooDeep(ValueError):
    """Offset paging was asked beyond :data:`MAX_OFFSET`; cursors go further."""


# The second value of a cursor into the reranked window (the first is a position).
_WINDOW_TAG = "~rerank"
_SHIPPED = "shipped"


class SearchService:
    def __init__(
        self,
        backend: SearchBackend,
        weights: RankingWeights | None = None,
        reranker: Reranker | str | None = _SHIPPED,
    ) -> None:
        """``weights`` replaces the engine's shipped ranking weights and ``reranker``
        the shipped model (None: the engine's order alone), both for tuning."""
        self.backend = backend
        self.weights = weights
        self.reranker: Reranker | None = (
            shipped_reranker() if isinstance(reranker, str) else reranker
        )

    def search(self, request: SearchRequest) -> SearchPage:
        if request.cursor is None and request.offset + request.size > MAX_OFFSET:
            raise PageTooDeep(
                f"trang quá sâu: tối đa {MAX_OFFSET} kết quả theo trang, hãy dùng cursor "
                f"(offset paging stops at {MAX_OFFSET} results; use the cursor)"
            )
        with stage("plan"):
            plan = plan_query(request, weights=self.weights)
        page = self._run(request, plan)
        if page.total == 0 and plan.number_only:
            # A number no document has or cites: what looked like one may be words.
            with stage("plan"):
                plan = plan_query(request, read_numbers=False, weights=self.weights)
            page = self._run(request, plan)
        # ``total`` counts every match, not the page: a cursor from a retried
        # search is retried the same way, so its later pages come from that plan.
        if page.total == 0 and plan.is_strict:
            # Nothing with the diacritics as typed: they may be wrong, so fold them.
            with stage("retry folded"):
                page = self._run(request, plan.relaxed())
        if page.total == 0 and plan.has_text and request.cursor is None:
            with stage("did you mean"):
                page.suggestion = did_you_mean(self.backend, request.q, self._phrase_count)
        return page

    def _run(self, request: SearchRequest, plan: QueryPlan) -> SearchPage:
        """The backend's page, with the first :data:`DEPTH` results of a text query
        in the reranker's order.

        Results from :data:`DEPTH` on keep the engine's order, so paging stays
        exact: a page inside the window is cut from the reordered window, and a
        cursor inside it carries the position; the cursor of a page ending at or
        past the window's end is the engine's own, after the same result.
        """
        start = self._window_start(request, plan)
        if start is None or self.reranker is None:
            return self.backend.search(request, plan)
        end = start + request.size
        window = request.model_copy(update={"page": 1, "size": max(DEPTH, end), "cursor": None})
        page = self.backend.search(window, replace(plan, snippets=False))
        with stage("rerank"):
            hits = self.reranker.reorder(request.q, page.hits[:DEPTH]) + page.hits[DEPTH:]
        with stage("snippets"):
            served = [cut_snippet(h) for h in hits[start:end]]
        more = page.next_cursor is not None or len(hits) > end
        if end >= DEPTH:
            cursor = page.next_cursor
        else:
            cursor = encode_cursor(Sort.relevance, [end, _WINDOW_TAG]) if more else None
        return page.model_copy(
            update={
                "hits": served,
                "page": request.page,
                "size": request.size,
                "next_cursor": cursor,
            }
        )

    @staticmethod
    def _window_start(request: SearchRequest, plan: QueryPlan) -> int | None:
        """Where in the reranked window this page starts; None when the engine's order
        serves it (other sorts, number lookups, browsing, pages past the window)."""
        if request.sort != Sort.relevance or not plan.has_text or plan.numbers:
            if request.cursor is not None:
                _reject_window_cursor(request)
            return None
        if request.cursor is None:
            return request.offset if request.offset < DEPTH else None
        values = decode_cursor(request.cursor, request.sort)
        if values[1] != _WINDOW_TAG:
            return None  # the engine's cursor past the window
        position = values[0]
        if not isinstance(position, int) or not 0 < position < DEPTH:
            raise BadCursor("cursor is not valid")
        return position

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


def _reject_window_cursor(request: SearchRequest) -> None:
    """A window cursor sent with a query the reranker does not order is not ours."""
    try:
        values = decode_cursor(request.cursor or "", request.sort)
    except BadCursor:
        return  # the backend reports its own cursor errors
    if values[1] == _WINDOW_TAG:
        raise BadCursor("cursor belongs to another query")
