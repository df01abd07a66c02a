"""Reference systems the evaluation compares vanban against.

- ``syllable-bm25``: plain BM25 over syllables: SQLite FTS5 with its stock
  unicode61 tokenizer (lowercase, split on non-letters, diacritics kept) over
  title and text, the query's syllables OR-ed, no folding, no phrases, no
  field weights, no number handling.
- ``es-standard``: Elasticsearch's standard analyzer over title and text,
  queried with a ``multi_match`` (OR) of the raw query text.

Each builds its own throwaway index from the documents of the store under
evaluation, so all systems rank the very same collection.
"""

from __future__ import annotations

import re
import sqlite3
import uuid
from collections.abc import Iterable
from typing import Any

from search_api.backends.sqlite.fts_query import quote
from search_api.evaluation import DEPTH, Ranker
from vanban_core.schema import Document

_SYLLABLE = re.compile(r"\w+", re.UNICODE)


class SyllableBM25:
    def __init__(self, documents: Iterable[Document]) -> None:
        self._conn = sqlite3.connect(":memory:")
        self._conn.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, text, "
            "tokenize='unicode61 remove_diacritics 0')"
        )
        self._conn.executemany(
            "INSERT INTO docs (id, title, text) VALUES (?, ?, ?)",
            ((d.id, d.title or "", d.text) for d in documents),
        )

    def rank(self, text: str) -> list[tuple[str, float]]:
        syllables = dict.fromkeys(s.lower() for s in _SYLLABLE.findall(text))
        if not syllables:
            return []
        expression = " OR ".join(quote(s) for s in syllables)
        rows = self._conn.execute(
            "SELECT id, bm25(docs) FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?",
            (expression, DEPTH),
        )
        return [(doc_id, -float(score)) for doc_id, score in rows]


class EsStandard:
    """A temporary index with the standard analyzer; call :meth:`close` to drop it."""

    def __init__(self, url: str, documents: Iterable[Document]) -> None:
        from elasticsearch import Elasticsearch, helpers

        self._client = Elasticsearch(url, request_timeout=120)
        self._index = f"vanban-baseline-{uuid.uuid4().hex[:8]}"
        text = {"type": "text", "analyzer": "standard"}
        self._client.indices.create(
            index=self._index,
            settings={"number_of_shards": 1, "number_of_replicas": 0},
            mappings={"properties": {"title": text, "text": text}},
        )
        actions = (
            {
                "_index": self._index,
                "_id": d.id,
                "_source": {"title": d.title or "", "text": d.text},
            }
            for d in documents
        )
        helpers.bulk(self._client, actions, chunk_size=500, refresh="wait_for")

    def rank(self, text: str) -> list[tuple[str, float]]:
        body: dict[str, Any] = {
            "query": {"multi_match": {"query": text, "fields": ["title", "text"]}},
            "size": DEPTH,
            "_source": False,
        }
        hits = self._client.search(index=self._index, **body)["hits"]["hits"]
        return [(h["_id"], float(h["_score"])) for h in hits]

    def close(self) -> None:
        self._client.indices.delete(index=self._index, ignore_unavailable=True)
        self._client.close()


def baseline_ranker(name: str, documents: list[Document], es_url: str | None) -> tuple[Ranker, Any]:
    """(ranker, resource to close or None) for a baseline name."""
    if name == "syllable-bm25":
        return SyllableBM25(documents).rank, None
    if name == "es-standard":
        if not es_url:
            raise ValueError("es-standard needs an Elasticsearch server: pass --es-url")
        system = EsStandard(es_url, documents)
        return system.rank, system
    raise ValueError(f"unknown system {name!r}")
