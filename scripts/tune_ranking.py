#!/usr/bin/env python3
"""Choose the ranking weights by 5-fold cross-validation over the 400 dev questions.

Indexes the ALQAC article corpus into a fresh SQLite store and (with an
Elasticsearch URL) a fresh Elasticsearch index, then runs every question of
``alqac2023_train`` and ``alqac_extra``, as typed and with diacritics stripped,
through the real :class:`SearchService` once per candidate weighting
(:class:`vanban_core.fields.RankingWeights`). Every figure is therefore the
engine's own ranking, not a re-implementation of it. Per-question nDCG@10 is
cached (``--cache``), so the choice and the folds are recomputed in pure
Python: for each fold, the candidate with the best mean over the other four
folds (with and without diacritics averaged) is scored on the held-out fold.
The figures reported are the held-out means and their spread across folds;
the weights shipped are the candidate chosen on all 400 questions.

    .venv/bin/python scripts/tune_ranking.py --es-url URL
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from _bench import CORPUS, ROOT, index_timed, machine, write_block

from search_api import evaluation
from search_api.backends.base import SearchBackend
from search_api.backends.sqlite import SqliteBackend
from search_api.models import SearchRequest
from search_api.service import SearchService
from vanban_core.analysis import fold
from vanban_core.fields import ENGINE_WEIGHTS, RankingWeights

ARTICLES = CORPUS / "alqac_law_corpus" / "articles.jsonl"
QUESTION_SETS = ("alqac2023_train", "alqac_extra")
TOP = 10
ENGINES = ("sqlite", "elasticsearch")

# The candidates: the shipped weights, then each weight moved alone to a lower and
# a higher value (a search costs ~0.15 s on two shared cores; each candidate is
# 800 searches per engine, so the set is kept small).
ALTERNATIVES: dict[str, tuple[float, ...]] = {
    "proximity": (1.0, 3.0),
    "folded": (0.45, 0.8),
    "title": (0.05, 0.2),
    "meta": (0.15, 0.6),
    "word": (1.0, 1.5),
}


@dataclass(frozen=True)
class Questions:
    qrels: dict[str, dict[str, int]]
    plain: list[evaluation.Query]
    folded: list[evaluation.Query]

    @property
    def ids(self) -> list[str]:
        return sorted(q for q, r in self.qrels.items() if r)


def load_questions() -> Questions:
    qrels: dict[str, dict[str, int]] = {}
    plain: list[evaluation.Query] = []
    for name in QUESTION_SETS:
        folder = CORPUS / "dev-queries" / name
        qrels.update(evaluation.load_qrels(folder / "qrels.tsv"))
        plain.extend(evaluation.load_queries(folder / "queries.jsonl"))
    folded = [evaluation.Query(q.query_id, fold(q.text)) for q in plain]
    return Questions(qrels, plain, folded)


def candidates(engine: str) -> list[RankingWeights]:
    """The shipped weights of ``engine`` first, then one-at-a-time variations."""
    shipped = ENGINE_WEIGHTS[engine]
    found = [shipped]
    for name, values in ALTERNATIVES.items():
        found.extend(replace(shipped, **{name: v}) for v in values if v != getattr(shipped, name))
    return list(dict.fromkeys(found))


def key(weights: RankingWeights) -> str:
    return json.dumps(asdict(weights), sort_keys=True)


def per_question(
    qrels: dict[str, dict[str, int]], run: dict[str, dict[str, float]], ids: list[str]
) -> list[float]:
    """nDCG@10 of each question of ``ids`` (ranx, in its sorted order; 0 for no hit)."""
    from ranx import Qrels, Run, evaluate

    judged = {q: qrels[q] for q in ids}
    filled = {q: (run.get(q) or {"(no result)": 0.0}) for q in ids}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        scores = evaluate(Qrels(judged), Run(filled), "ndcg@10", return_mean=False)
    return [float(s) for s in scores]


def ranker(service: SearchService) -> evaluation.Ranker:
    """The service's top :data:`TOP` for a question, as ``vanban eval`` asks it
    (first 1,000 characters); nDCG@10 needs no deeper page."""

    def rank(text: str) -> list[tuple[str, float]]:
        page = service.search(SearchRequest(q=text[:1000], size=TOP))
        return [(hit.id, hit.score) for hit in page.hits]

    return rank


Table = dict[str, dict[str, list[float]]]  # weights key -> {"with"|"without": per question}


def measure(
    engine: str,
    backend: SearchBackend,
    questions: Questions,
    cache: Table,
    save: Callable[[], None],
) -> None:
    ids = questions.ids
    for weights in candidates(engine):
        k = key(weights)
        if k in cache:
            continue
        # The first stage alone: the reranker is trained on what it returns.
        rank = ranker(SearchService(backend, weights=weights, reranker=None))
        started = time.perf_counter()
        cache[k] = {
            "with": per_question(
                questions.qrels, evaluation.run_queries(questions.plain, rank), ids
            ),
            "without": per_question(
                questions.qrels, evaluation.run_queries(questions.folded, rank), ids
            ),
            "load": [os.getloadavg()[0]],
        }
        save()
        print(
            f"{backend.name} {k}: {statistics.mean(cache[k]['with']):.4f} / "
            f"{statistics.mean(cache[k]['without']):.4f} ({time.perf_counter() - started:.0f} s)",
            file=sys.stderr,
        )


def folds(ids: list[str], k: int, seed: int) -> list[set[int]]:
    order = list(range(len(ids)))
    random.Random(seed).shuffle(order)
    return [set(order[i::k]) for i in range(k)]


def _mean(values: list[float], rows: set[int]) -> float:
    return sum(values[i] for i in rows) / len(rows)


def best(table: Table, rows: set[int]) -> str:
    """The candidate with the best mean of with- and without-diacritics nDCG@10 over
    ``rows``; ties go to the first in key order, so the choice is reproducible."""
    return max(
        sorted(table),
        key=lambda k: _mean(table[k]["with"], rows) + _mean(table[k]["without"], rows),
    )


@dataclass(frozen=True)
class CrossValidated:
    chosen: list[str]
    held_out: dict[str, list[float]]  # "with"/"without" -> one figure per fold
    shipped: str
    shipped_all: dict[str, float]


def cross_validate(table: Table, n: int, k: int, seed: int) -> CrossValidated:
    every = set(range(n))
    chosen: list[str] = []
    held: dict[str, list[float]] = {"with": [], "without": []}
    for test in folds(list(map(str, range(n))), k, seed):
        pick = best(table, every - test)
        chosen.append(pick)
        for variant in held:
            held[variant].append(_mean(table[pick][variant], test))
    shipped = best(table, every)
    return CrossValidated(
        chosen, held, shipped, {v: _mean(table[shipped][v], every) for v in ("with", "without")}
    )


def differences(chosen: str, shipped: str) -> str:
    """``chosen`` as the weights it changes from ``shipped`` ("as shipped" if none)."""
    a, b = json.loads(chosen), json.loads(shipped)
    changed = [f"{name}={a[name]:g}" for name in sorted(a) if a[name] != b[name]]
    return " ".join(changed) or "as shipped"


def spread(values: list[float]) -> str:
    return (
        f"{statistics.mean(values):.4f} ± {statistics.stdev(values):.4f} "
        f"({min(values):.4f}–{max(values):.4f})"
    )


def open_backend(engine: str, work: Path, es_url: str | None) -> SearchBackend:
    if engine == "sqlite":
        return SqliteBackend(work / "alqac.db")
    from search_api.backends.elasticsearch import ElasticsearchBackend

    assert es_url
    return ElasticsearchBackend(es_url, index=f"issue-15-tune-{int(time.time())}")


def index_articles(engine: str, backend: SearchBackend, work: Path) -> float:
    """The ALQAC article corpus indexed into ``backend`` and searchable; the seconds."""
    report, seconds = index_timed(backend, [ARTICLES], work)
    if report.failed:
        raise SystemExit(f"indexing failed: {report.failed[:3]}")
    if engine == "elasticsearch":
        backend.client.indices.refresh(index=backend.alias)  # type: ignore[attr-defined]
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--es-url", help="Elasticsearch to tune on (else SQLite only)")
    parser.add_argument("--engines", default=",".join(ENGINES), help="comma-separated")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--report-only", action="store_true", help="use the cache as it is")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "vanban-tune.json"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "relevance.md")
    args = parser.parse_args()

    questions = load_questions()
    cache: dict[str, Table] = json.loads(args.cache.read_text()) if args.cache.exists() else {}

    def save() -> None:
        args.cache.write_text(json.dumps(cache))

    wanted = [e for e in args.engines.split(",") if e in ENGINES]
    engines = [e for e in wanted if e == "sqlite" or args.es_url]
    for engine in engines:
        table = cache.setdefault(engine, {})
        if args.report_only or all(key(w) in table for w in candidates(engine)):
            continue
        work = Path(tempfile.mkdtemp(prefix="vanban-tune-"))
        backend = open_backend(engine, work, args.es_url)
        seconds = index_articles(engine, backend, work)
        print(f"indexed into {engine}: {seconds:.1f} s", file=sys.stderr)
        try:
            measure(engine, backend, questions, table, save)
        finally:
            if engine == "elasticsearch":
                backend.drop()
            backend.close()

    results = {
        engine: cross_validate(cache[engine], len(questions.ids), args.folds, args.seed)
        for engine in engines
    }
    for engine, cv in results.items():
        print(engine, "held-out", spread(cv.held_out["with"]), spread(cv.held_out["without"]))
        print(engine, "shipped", cv.shipped, cv.shipped_all)
    loads = [x for e in engines for m in cache[e].values() for x in m.get("load", [])]
    write_block(
        args.out, "cross-validation", report_lines(results, len(questions.ids), args, loads)
    )


def report_lines(
    results: dict[str, CrossValidated], n: int, args: argparse.Namespace, loads: list[float]
) -> list[str]:
    lines = [
        f"## Cross-validated ranking ({n} dev questions, {args.folds} folds)",
        "",
        "ALQAC 2023 training questions and the 300 `alqac_extra` questions over the",
        "2,249-article corpus. For each fold the weights are chosen on the other folds",
        "among the candidates measured (the shipped weights and each weight moved alone",
        "down and up; every search run through the real service),",
        "then scored on the held-out fold: held-out nDCG@10, mean ± standard deviation",
        "across folds (lowest–highest fold). Shipped: the candidate chosen on all questions.",
        f"Produced by `.venv/bin/python scripts/tune_ranking.py --es-url URL` (seed {args.seed}).",
        "",
        "| backend | with diacritics | without diacritics | all 400, shipped (with / without) |",
        "|---|---|---|---|",
    ]
    for engine, cv in results.items():
        lines.append(
            f"| {engine} | {spread(cv.held_out['with'])} | {spread(cv.held_out['without'])} | "
            f"{cv.shipped_all['with']:.4f} / {cv.shipped_all['without']:.4f} |"
        )
    lines += ["", "Weights chosen per fold and shipped (`vanban_core.fields.ENGINE_WEIGHTS`):", ""]
    for engine, cv in results.items():
        chosen = ", ".join(
            f"fold {i + 1}: {differences(k, cv.shipped)}" for i, k in enumerate(cv.chosen)
        )
        lines.append(f"- {engine}: shipped `{cv.shipped}`; {chosen}.")
    lines += [
        "",
        f"Machine: {machine()}; 1-minute load average after each candidate: "
        + (f"{min(loads):.2f}–{max(loads):.2f}" if loads else "not recorded by this run")
        + "; one run per candidate.",
    ]
    return lines


if __name__ == "__main__":
    main()
