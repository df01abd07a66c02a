"""Elasticsearch implementation of :class:`search_api.backends.base.SearchBackend`.

The client is built here and nowhere else. Reads and writes go through the
alias; :meth:`reindex` builds a fresh version and swaps the alias atomically.

A cluster that does not answer when the backend is opened is an error for the
command-line tools, but a server (``wait_for_cluster``) starts anyway: every use
tries the cluster again (at most once a second, so an outage costs each request
no more than a refused connection) and fails with :class:`BackendError`, which
the server answers 503 with Retry-After, until the cluster answers.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Iterator
from typing import Any

from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError, helpers

from search_api.backends.base import BackendError, ReindexResult
from search_api.backends.derived_status import delete_restatusing, restatus
from search_api.backends.elasticsearch import admin
from search_api.backends.elasticsearch.documents import from_source, to_source
from search_api.backends.elasticsearch.query_builder import (
    build_query,
    build_search,
)
from search_api.cursor import next_cursor
from search_api.facets import trimmed
from search_api.highlight import make_hit
from search_api.models import FacetBucket, Facets, Hit, SearchPage, SearchRequest, UpsertReport
from search_api.planner import QueryPlan
from vanban_core.analysis import number_key
from vanban_core.facets import FACETS
from vanban_core.prepared import PreparedDocument, prepare, stamp
from vanban_core.schema import Document, utc_now

_ERRORS = (ApiError, TransportError, ConnectionError)
RETRY_SECONDS = 1.0  # how often a backend waiting for its cluster tries it again

log = logging.getLogger("vanban.elasticsearch")


class ElasticsearchBackend:
    name = "elasticsearch"

    def __init__(
        self,
        url: str,
        *,
        index: str = "vanban",
        timeout: float = 30.0,
        search_timeout: float = 10.0,
        refresh: bool = True,
        wait_for_cluster: bool = False,
    ) -> None:
        """``refresh``: make each write searchable before the call returns, so the
        next request sees it (False only for bulk tools that refresh at the end).
        ``wait_for_cluster``: an unreachable cluster is not an error here; each
        use tries it again until it answers (a server's start, see the module)."""
        self.alias = index
        self.search_timeout = search_timeout
        self._refresh = refresh
        self._url = url
        self._client = Elasticsearch(
            url, request_timeout=timeout, retry_on_timeout=True, max_retries=2
        )
        self._ready = False
        self._next_try = 0.0
        self._lock = threading.Lock()
        try:
            self._connect(self._client)
        except BackendError as exc:
            if not (wait_for_cluster and _unreachable(exc.__cause__)):
                raise
            log.warning("vanban: %s; serving 503 until it answers", exc)

    @property
    def client(self) -> Elasticsearch:
        """The client, once the cluster has answered; :class:`BackendError` until then."""
        if self._ready:
            return self._client
        # One request at a time tries the cluster, once a second at most; the
        # others are answered at once instead of waiting for its answer.
        if time.monotonic() < self._next_try or not self._lock.acquire(blocking=False):
            raise BackendError(f"Elasticsearch at {self._url} is not reachable yet")
        try:
            if not self._ready:
                self._connect(self._client.options(max_retries=0))
        finally:
            self._lock.release()
        return self._client

    def _connect(self, client: Elasticsearch) -> None:
        """Open (or create) the alias; on failure, note when to try again."""
        try:
            admin.ensure_alias(client, self.alias)
        except _ERRORS as exc:
            self._next_try = time.monotonic() + RETRY_SECONDS
            raise BackendError(f"Elasticsearch at {self._url} is not usable: {exc}") from exc
        self._ready = True

    # -- writes --------------------------------------------------------------

    def upsert(self, documents: Iterable[Document | PreparedDocument]) -> UpsertReport:
        when = utc_now()
        items = [stamp(prepare(d), when) for d in documents]
        if not self._refresh and items:
            self._make_visible()  # derivation reads the batches written before this one
        items, restated = restatus(self, items)
        report = self._bulk_into(self.alias, items, self._refresh_for(len(items)))
        if restated:  # stored documents the batch repeals or replaces: not this call's
            extra = [stamp(prepare(d), when) for d in restated]
            self._bulk_into(self.alias, extra, self._refresh_for(len(extra)))
        return report

    def _refresh_for(self, count: int) -> bool | str:
        """How a write of ``count`` documents becomes visible.

        A batch (the indexer's) is refreshed once, right after its last chunk:
        ``refresh=True`` on each chunk would cost a refresh per 200 documents.
        A single write waits for the next scheduled refresh (``wait_for``),
        which costs the cluster nothing extra.
        """
        if not self._refresh:
            return False
        return "wait_for" if count == 1 else False

    def _visible(self, count: int) -> None:
        """Refresh after a batch of ``count`` writes (see :meth:`_refresh_for`)."""
        if self._refresh and count > 1:
            try:
                self.client.indices.refresh(index=self.alias)
            except _ERRORS as exc:
                raise BackendError(f"refresh after writing failed: {exc}") from exc

    def _make_visible(self) -> None:
        try:
            self.client.indices.refresh(index=self.alias)
        except _ERRORS as exc:
            raise BackendError(f"refresh before deriving statuses failed: {exc}") from exc

    def _bulk_into(
        self, index: str, items: Iterable[PreparedDocument], refresh: bool | str
    ) -> UpsertReport:
        report = UpsertReport()
        actions = (
            {
                "_op_type": "index",
                "_index": index,
                "_id": item.document.id,
                "_source": to_source(item),
            }
            for item in items
        )
        try:
            for ok, result in helpers.streaming_bulk(
                self.client,
                actions,
                chunk_size=200,
                raise_on_error=False,
                raise_on_exception=True,
                refresh=refresh,
                max_retries=3,
            ):
                info = result.get("index", {})
                if not ok:
                    report.failed[str(info.get("_id"))] = _reason(info.get("error"))
                elif info.get("result") == "updated":
                    report.updated += 1
                else:
                    report.indexed += 1
        except _ERRORS as exc:
            raise BackendError(f"bulk indexing failed: {exc}") from exc
        if index == self.alias:
            self._visible(report.indexed + report.updated)
        return report

    def delete(self, ids: Iterable[str]) -> int:
        return delete_restatusing(self, list(ids), self._delete, self.upsert)

    def _delete(self, wanted: list[str]) -> int:
        actions = ({"_op_type": "delete", "_index": self.alias, "_id": i} for i in wanted)
        deleted = 0
        try:
            for ok, _ in helpers.streaming_bulk(
                self.client,
                actions,
                raise_on_error=False,
                refresh=self._refresh_for(len(wanted)),
            ):
                deleted += int(ok)
        except _ERRORS as exc:
            raise BackendError(f"delete failed: {exc}") from exc
        self._visible(len(wanted))
        return deleted

    # -- reads ---------------------------------------------------------------

    def get(self, doc_id: str) -> Document | None:
        try:
            found = self.client.get(index=self.alias, id=doc_id)
        except NotFoundError:
            return None
        except _ERRORS as exc:
            raise BackendError(f"get failed: {exc}") from exc
        return from_source(found["_source"])

    def existing_ids(self, ids: Iterable[str]) -> set[str]:
        wanted = list(ids)
        if not wanted:
            return set()
        try:
            result = self.client.mget(index=self.alias, ids=wanted, source=False)
        except _ERRORS as exc:
            raise BackendError(f"mget failed: {exc}") from exc
        return {d["_id"] for d in result["docs"] if d.get("found")}

    def lookup(self, number: str, limit: int = 20) -> list[Document]:
        key = number_key(number)
        if not key:
            return []
        body = {
            "query": {"bool": {"filter": [{"term": {"number_key": key}}]}},
            "sort": [{"issued_date": {"order": "desc", "missing": "_last"}}, {"id": "asc"}],
            "size": limit,
        }
        return [from_source(h["_source"]) for h in self._search(body)["hits"]["hits"]]

    def citing(self, number: str, limit: int = 200) -> list[Document]:
        key = number_key(number)
        if not key:
            return []
        body = {
            "query": {"bool": {"filter": [{"term": {"cites_keys": key}}]}},
            "sort": [{"issued_date": {"order": "desc", "missing": "_last"}}, {"id": "asc"}],
            "size": limit,
        }
        return [from_source(h["_source"]) for h in self._search(body)["hits"]["hits"]]

    def suggest_numbers(self, key_prefix: str, limit: int) -> list[Document]:
        if not key_prefix:
            return []
        body = {
            "query": {"prefix": {"number_key": key_prefix}},
            "sort": [{"number_key": "asc"}, {"issued_date": {"order": "desc", "missing": "_last"}}],
            "size": limit,
        }
        return [from_source(h["_source"]) for h in self._search(body)["hits"]["hits"]]

    def suggest_titles(self, folded: tuple[str, ...], limit: int) -> list[Document]:
        if not folded:
            return []
        query = {"match_phrase_prefix": {"title_f": {"query": " ".join(folded)}}}
        body = {"query": query, "size": limit}
        return [from_source(h["_source"]) for h in self._search(body)["hits"]["hits"]]

    def term_counts(self, folded_terms: list[str]) -> dict[str, int]:
        if not folded_terms:
            return {}
        filters = {t: {"term": {"text_f": t}} for t in folded_terms}
        body = {"size": 0, "aggs": {"terms": {"filters": {"filters": filters}}}}
        buckets = self._search(body)["aggregations"]["terms"]["buckets"]
        return {t: int(b["doc_count"]) for t, b in buckets.items() if b["doc_count"]}

    def count(self) -> int:
        try:
            return int(self.client.count(index=self.alias)["count"])
        except _ERRORS as exc:
            raise BackendError(f"count failed: {exc}") from exc

    def settle(self) -> None:
        """Nothing is built beside the cluster's own structures."""

    def health(self) -> dict[str, object]:
        try:
            cluster = self.client.cluster.health()
        except _ERRORS as exc:
            raise BackendError(f"Elasticsearch unavailable: {exc}") from exc
        return {
            "backend": self.name,
            "alias": self.alias,
            "indices": admin.indices_behind(self.client, self.alias),
            "cluster_status": cluster["status"],
            "documents": self.count(),
        }

    def search(self, request: SearchRequest, plan: QueryPlan) -> SearchPage:
        body = build_search(request, plan)
        body["timeout"] = f"{int(self.search_timeout * 1000)}ms"
        result = self._search(body)
        fetched = result["hits"]["hits"]
        raw_hits = fetched[: request.size]
        last = raw_hits[-1]["sort"] if raw_hits else []
        facets, truncated = _facets(result.get("aggregations", {}), request.facet_size)
        return SearchPage(
            total=int(result["hits"]["total"]["value"]),
            hits=[_hit(h, plan) for h in raw_hits],
            facets=facets,
            facets_truncated=truncated,
            page=request.page,
            size=request.size,
            next_cursor=next_cursor(request.sort, len(fetched), request.size, last),
        )

    def count_matches(self, plan: QueryPlan) -> int:
        try:
            return int(self.client.count(index=self.alias, query=build_query(plan))["count"])
        except _ERRORS as exc:
            raise BackendError(f"count failed: {exc}") from exc

    def _search(self, body: dict[str, Any]) -> Any:
        try:
            return self.client.search(index=self.alias, **body)
        except _ERRORS as exc:
            raise BackendError(f"search failed: {exc}") from exc

    # -- lifecycle -----------------------------------------------------------

    def iter_documents(self) -> Iterator[Document]:
        """Every stored document, read with search_after so it scales past 10,000."""
        after: list[Any] | None = None
        while True:
            body: dict[str, Any] = {
                "size": 500,
                "sort": [{"id": "asc"}],
                "query": {"match_all": {}},
            }
            if after:
                body["search_after"] = after
            try:
                page = self.client.search(index=self.alias, **body)["hits"]["hits"]
            except _ERRORS as exc:
                raise BackendError(f"reading documents failed: {exc}") from exc
            if not page:
                return
            yield from (from_source(h["_source"]) for h in page)
            after = page[-1]["sort"]

    def reindex(self) -> ReindexResult:
        """Rebuild into a new index version and swap the alias.

        The old index is kept for rollback. On any failure the new index is
        deleted and the alias keeps pointing where it did.
        """
        new = admin.new_index_name(self.alias)
        try:
            admin.create_index(self.client, new, bulk_mode=True)
            report = self._bulk_into(new, (prepare(d) for d in self.iter_documents()), False)
            if report.failed:
                raise BackendError(f"{len(report.failed)} documents failed: {report.failed}")
            admin.finish_bulk_mode(self.client, new)
            old = admin.swap_alias(self.client, self.alias, new)
        except BaseException:
            self.client.indices.delete(index=new, ignore_unavailable=True)
            raise
        return ReindexResult(new=new, previous=old, documents=report.indexed)

    def drop(self) -> None:
        """Delete every index behind the alias (tests and `vanban` admin only)."""
        for name in admin.indices_behind(self.client, self.alias):
            self.client.indices.delete(index=name, ignore_unavailable=True)
        for name in self.client.indices.get(index=f"{self.alias}-v*"):
            self.client.indices.delete(index=name, ignore_unavailable=True)

    def close(self) -> None:
        self._client.close()


def _unreachable(error: BaseException | None) -> bool:
    """No answer, or one saying the cluster is not ready (5xx): worth waiting for.

    A refusal (bad credentials, a forbidden index) is a setting to fix and stays
    a start-up error."""
    if isinstance(error, ApiError):
        return int(error.meta.status) >= 500
    return isinstance(error, TransportError | ConnectionError)


def _reason(error: Any) -> str:
    if isinstance(error, dict):
        return f"{error.get('type')}: {error.get('reason')}"
    return str(error)


def _hit(raw: dict[str, Any], plan: QueryPlan) -> Hit:
    source, score = from_source(raw["_source"]), float(raw.get("_score") or 0.0)
    return make_hit(source, score, plan.highlight, with_snippet=plan.snippets)


def _facets(aggs: dict[str, Any], size: int) -> tuple[Facets, list[str]]:
    counted: dict[str, list[FacetBucket]] = {}
    for spec in FACETS:
        buckets = []
        for b in aggs.get(spec.name, {}).get("buckets", []):
            shown = b.get("shown", {}).get("buckets") or [{"key": b["key"]}]
            buckets.append(FacetBucket(value=str(shown[0]["key"]), count=int(b["doc_count"])))
        counted[spec.name] = buckets
    return trimmed(counted, size)
