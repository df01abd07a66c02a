"""Relevance evaluation: run judged queries through the search path, score the runs.

Every query goes through :class:`SearchService`, exactly as the API would run
it; metrics come from ranx (well-tested implementations, no hand-written
formulas). The measure names are those of the issue tracker and README table.
"""

from __future__ import annotations

import csv
import json
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from search_api.models import SearchRequest
from search_api.service import SearchService

# Our name -> ranx's name.
MEASURES = {
    "nDCG@10": "ndcg@10",
    "P@1": "precision@1",
    "R@10": "recall@10",
    "R@100": "recall@100",
    "RR@10": "mrr@10",
}
DEPTH = 100


@dataclass(frozen=True)
class Query:
    query_id: str
    text: str


def load_queries(path: Path) -> list[Query]:
    queries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            queries.append(Query(str(record["query_id"]), str(record["text"])))
    return queries


def load_qrels(path: Path) -> dict[str, dict[str, int]]:
    """TSV ``query_id doc_id relevance``; a header line is recognized and skipped."""
    qrels: dict[str, dict[str, int]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if len(row) < 3 or not row[2].strip().lstrip("-").isdigit():
                continue  # header or blank line
            qrels.setdefault(row[0], {})[row[1]] = int(row[2])
    return qrels


Ranker = Callable[[str], list[tuple[str, float]]]


def service_ranker(service: SearchService) -> Ranker:
    def rank(text: str) -> list[tuple[str, float]]:
        page = service.search(SearchRequest(q=text[:1000], size=DEPTH))
        return [(hit.id, hit.score) for hit in page.hits]

    return rank


def run_queries(queries: list[Query], ranker: Ranker) -> dict[str, dict[str, float]]:
    run: dict[str, dict[str, float]] = {}
    for query in queries:
        ranked = ranker(query.text)
        # Strictly decreasing scores keep ranx's order equal to ours, ties included.
        run[query.query_id] = {doc_id: float(DEPTH - i) for i, (doc_id, _) in enumerate(ranked)}
    return run


def score(qrels: dict[str, dict[str, int]], run: dict[str, dict[str, float]]) -> dict[str, float]:
    """Mean of each measure over the judged queries (a query with no hit scores 0)."""
    from ranx import Qrels, Run, evaluate

    judged = {q: r for q, r in qrels.items() if r}
    filled = {q: (run.get(q) or {"(no result)": 0.0}) for q in judged}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = evaluate(Qrels(judged), Run(filled), list(MEASURES.values()))
    return {ours: round(float(result[theirs]), 4) for ours, theirs in MEASURES.items()}


def per_query(
    qrels: dict[str, dict[str, int]], run: dict[str, dict[str, float]]
) -> list[dict[str, object]]:
    """Rank of the first relevant document per query, for --details."""
    rows: list[dict[str, object]] = []
    for query_id, relevant in qrels.items():
        ranked = sorted(run.get(query_id, {}), key=lambda d: -run[query_id][d])
        first = next((i + 1 for i, d in enumerate(ranked) if relevant.get(d, 0) > 0), None)
        rows.append({"query_id": query_id, "first_relevant_rank": first, "top": ranked[:3]})
    return rows
