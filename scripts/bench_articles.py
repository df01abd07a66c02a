#!/usr/bin/env python3
"""Document-level benchmark: each ALQAC law as one document, found by its article.

The ALQAC corpus splits 17 laws into 2,249 articles. Here each law is put back
together as one document whose text is its articles in order ("Điều 29. Đơn
phương chấm dứt hợp đồng làm việc …"), as a real law reads, so a question
must find a 30–370 KB document by one of its articles. The 400 dev questions'
judgments are mapped to the law (document level) and to the article (article
level: the top hit is the judged law and its ``Hit.article`` is the judged
article). Runs every question as typed and with diacritics stripped through
the real service, on SQLite and (with a URL) Elasticsearch, and writes its
block of docs/relevance.md:

    .venv/bin/python scripts/bench_articles.py --es-url URL
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from _bench import CORPUS, ROOT, machine, write_block
from tune_ranking import load_questions

from search_api import evaluation
from search_api.backends.base import SearchBackend
from search_api.backends.sqlite import SqliteBackend
from search_api.models import Hit, SearchRequest
from search_api.service import SearchService
from vanban_core.schema import Document

ARTICLES = CORPUS / "alqac_law_corpus" / "articles.jsonl"
TOP = 10


def laws() -> list[Document]:
    """The 17 laws, each one document of its articles in corpus order."""
    grouped: dict[str, list[dict[str, str]]] = defaultdict(list)
    for line in ARTICLES.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            grouped[row["law_code"]].append(row)
    docs = []
    for code, rows in grouped.items():
        text = "\n\n".join(f"Điều {r['article_id']}. {r['text']}" for r in rows)
        name = rows[0]["law_id"]
        doc_type = next((t for t in ("Bộ luật", "Hiến pháp", "Luật") if name.startswith(t)), None)
        docs.append(Document(id=code, doc_type=doc_type, title=name, text=text))
    return docs


def article_of(doc_id: str) -> tuple[str, str]:
    """'LVC-29' -> ('LVC', '29'): the law and the article of a corpus judgment."""
    law, _, number = doc_id.rpartition("-")
    return law, number.lower()


def run(
    service: SearchService, queries: list[evaluation.Query]
) -> tuple[dict[str, list[Hit]], float]:
    hits: dict[str, list[Hit]] = {}
    started = time.perf_counter()
    for query in queries:
        hits[query.query_id] = service.search(SearchRequest(q=query.text[:1000], size=TOP)).hits
    return hits, (time.perf_counter() - started) / max(1, len(queries))


def figures(qrels: dict[str, dict[str, int]], hits: dict[str, list[Hit]]) -> dict[str, float]:
    law_qrels = {
        q: {article_of(d)[0]: 1 for d, rel in judged.items() if rel > 0}
        for q, judged in qrels.items()
        if any(rel > 0 for rel in judged.values())
    }
    docs_run = {q: {h.id: float(TOP - i) for i, h in enumerate(found)} for q, found in hits.items()}
    scores = evaluation.score(law_qrels, docs_run)
    article_hits = []
    for q, judged in qrels.items():
        wanted = {article_of(d) for d, rel in judged.items() if rel > 0}
        if not wanted:
            continue
        top = hits.get(q, [])[:1]
        article_hits.append(
            bool(top)
            and top[0].article is not None
            and (top[0].id, top[0].article.number) in wanted
        )
    return {
        "law nDCG@10": scores["nDCG@10"],
        "law P@1": scores["P@1"],
        "article@1": round(statistics.mean(article_hits), 4),
    }


def open_backend(engine: str, work: Path, es_url: str | None) -> SearchBackend:
    if engine == "sqlite":
        return SqliteBackend(work / "laws.db")
    from search_api.backends.elasticsearch import ElasticsearchBackend

    assert es_url
    return ElasticsearchBackend(es_url, index=f"issue-15-laws-{int(time.time())}", refresh=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--es-url", help="Elasticsearch to measure too")
    parser.add_argument("--engines", default="sqlite,elasticsearch")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "relevance.md")
    args = parser.parse_args()
    questions = load_questions()
    documents = laws()
    rows: list[str] = []
    loads: list[float] = []
    for engine in args.engines.split(","):
        if engine == "elasticsearch" and not args.es_url:
            continue
        backend = open_backend(engine, Path(tempfile.mkdtemp(prefix="vanban-laws-")), args.es_url)
        try:
            backend.upsert(documents)
            service = SearchService(backend)
            for label, queries in (("with", questions.plain), ("without", questions.folded)):
                hits, seconds = run(service, queries)
                result = figures(questions.qrels, hits)
                print(engine, label, result, f"{seconds * 1000:.0f} ms/question", file=sys.stderr)
                cells = " | ".join(f"{v:.4f}" for v in result.values())
                rows.append(f"| {engine} | {label} diacritics | {cells} | {seconds * 1000:.0f} |")
            loads.append(os.getloadavg()[0])
        finally:
            if engine == "elasticsearch":
                backend.drop()
            backend.close()
    lines = [
        f"## Long documents: {len(documents)} ALQAC laws, each one document",
        "",
        "Each law of the ALQAC corpus rebuilt as one document of its articles",
        f"({min(len(d.text) for d in documents) // 1000}–"
        f"{max(len(d.text) for d in documents) // 1000} KB of text); the"
        f" {len(questions.ids)} dev questions, judged by law (document level) and",
        "by article: article@1 is the share of questions whose first hit is the judged",
        "law *and* whose `Hit.article` is the judged article (chosen at hit-building",
        "time, no passage index). Time: mean per question through `SearchService`,",
        "10 hits with their articles and snippets, the shipped reranker on, as served.",
        "Produced by `.venv/bin/python scripts/bench_articles.py --es-url URL`.",
        "",
        "| backend | questions | law nDCG@10 | law P@1 | article@1 | ms / question |",
        "|---|---|---|---|---|---|",
        *rows,
        "",
        f"Machine: {machine()}; load average after each backend: "
        + ", ".join(f"{x:.2f}" for x in loads)
        + "; one run.",
    ]
    write_block(args.out, "long-documents", lines)


if __name__ == "__main__":
    main()
