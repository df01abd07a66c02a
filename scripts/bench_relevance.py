#!/usr/bin/env python3
"""Relevance table: every system × the dev queries, with and without diacritics.

Indexes the ALQAC law-article corpus (read from ../shared/corpus) into a fresh
embedded store and, when an Elasticsearch URL is given (or --start-es), into a
fresh Elasticsearch alias; then runs `vanban eval`'s code path for each system
and writes docs/relevance.md. Rerun with:

    .venv/bin/python scripts/bench_relevance.py --start-es
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _bench import CORPUS, ROOT, index_timed, local_es, write_block

from search_api import evaluation
from search_api.backends.base import SearchBackend
from search_api.backends.sqlite import SqliteBackend
from search_api.baselines import EsStandard, SyllableBM25
from search_api.service import SearchService
from vanban_core.analysis import fold

ARTICLES = CORPUS / "alqac_law_corpus" / "articles.jsonl"
QUERIES = CORPUS / "dev-queries" / "alqac2023_train" / "queries.jsonl"
QRELS = CORPUS / "dev-queries" / "alqac2023_train" / "qrels.tsv"


def load(backend: SearchBackend, state_dir: Path) -> float:
    report, seconds = index_timed(backend, [ARTICLES], state_dir)
    if report.failed:
        raise SystemExit(f"indexing failed: {report.failed[:3]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--es-url", help="Elasticsearch to evaluate on")
    parser.add_argument("--start-es", action="store_true", help="start a local test server")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "relevance.md")
    args = parser.parse_args()

    qrels = evaluation.load_qrels(QRELS)
    plain = evaluation.load_queries(QUERIES)
    folded = [evaluation.Query(q.query_id, fold(q.text)) for q in plain]
    with local_es(args.es_url, args.start_es) as es_url:
        work = Path(tempfile.mkdtemp(prefix="vanban-bench-"))
        embedded = SqliteBackend(work / "alqac.db")
        print(f"indexing into SQLite: {load(embedded, work):.1f} s", file=sys.stderr)
        docs = list(embedded.iter_documents())

        systems: dict[str, evaluation.Ranker] = {"syllable BM25": SyllableBM25(docs).rank}
        closers: list[Callable[[], None]] = []
        if es_url:
            standard = EsStandard(es_url, docs)
            systems["Elasticsearch standard analyzer"] = standard.rank
            closers.append(standard.close)
        systems["vanban, embedded (SQLite)"] = evaluation.service_ranker(SearchService(embedded))
        if es_url:
            from search_api.backends.elasticsearch import ElasticsearchBackend

            es = ElasticsearchBackend(es_url, index=f"vanban-bench-{int(time.time())}")
            print(f"indexing into Elasticsearch: {load(es, work):.1f} s", file=sys.stderr)
            es.client.indices.refresh(index=es.alias)
            systems["vanban, Elasticsearch"] = evaluation.service_ranker(SearchService(es))
            closers.append(es.drop)

        rows = []
        for name, ranker in systems.items():
            with_marks = evaluation.score(qrels, evaluation.run_queries(plain, ranker))
            without = evaluation.score(qrels, evaluation.run_queries(folded, ranker))
            rows.append((name, with_marks, without))
            print(name, with_marks, without, file=sys.stderr)
        for close in closers:
            close()
    write_table(args.out, rows, len(plain))


def write_table(
    out: Path, rows: list[tuple[str, dict[str, float], dict[str, float]]], n: int
) -> None:
    measures = list(evaluation.MEASURES)
    header = "| system | queries | " + " | ".join(measures) + " |"
    lines = [
        "## Systems compared on the ALQAC 2023 training questions",
        "",
        f"ALQAC 2023 training questions ({n} queries, binary judgments) over the ALQAC",
        "law-article corpus (2,249 articles), as typed (with diacritics) and with every",
        "diacritic stripped. Produced by `.venv/bin/python scripts/bench_relevance.py --start-es`.",
        "",
        header,
        "|" + "---|" * (len(measures) + 2),
    ]
    for name, with_marks, without in rows:
        for label, scores in (("with diacritics", with_marks), ("without diacritics", without)):
            cells = " | ".join(f"{scores[m]:.4f}" for m in measures)
            lines.append(f"| {name} | {label} | {cells} |")
    write_block(out, "systems", lines)


if __name__ == "__main__":
    main()
