#!/usr/bin/env python3
"""Train the learned reranker by 5-fold cross-validation and report held-out figures.

Indexes the ALQAC article corpus into a fresh SQLite store and (with a URL) a
fresh Elasticsearch index, asks every one of the 400 dev questions, as typed
and with diacritics stripped, through the real :class:`SearchService` with the
reranker off, and turns each question's first :data:`DEPTH` hits into
features (:mod:`search_api.rerank.features`, the code the service runs). The
candidates of both engines are pooled, so one model serves both.

For each of the folds of scripts/tune_ranking.py (same seed), the number of
boosting rounds is chosen by an inner cross-validation on the other four folds,
a bag of LightGBM lambdarank boosters is trained on them, and the held-out
questions are asked again through the real service with that model. The model
shipped (search_api/rerank/model.json) is trained on all 400 with the rounds
the folds choose on all of them. Writes the "reranker" block of docs/relevance.md:

    .venv/bin/python scripts/train_reranker.py --es-url URL
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from _bench import ROOT, machine, write_block
from tune_ranking import (
    ENGINES,
    Questions,
    folds,
    index_articles,
    load_questions,
    open_backend,
    per_question,
    spread,
)

from search_api import evaluation
from search_api.backends.base import SearchBackend
from search_api.models import SearchRequest
from search_api.rerank import DEPTH, FEATURE_NAMES, QueryText, Reranker, candidate_rows
from search_api.rerank.model import MODEL_PATH
from search_api.service import SearchService

ROUNDS = (200, 400, 800)
SEEDS = 5  # boosters per bag: their mean is steadier than one booster's
PARAMS: dict[str, Any] = {
    "objective": "lambdarank",
    "metric": "ndcg",
    "eval_at": [10],
    "learning_rate": 0.05,
    "num_leaves": 7,
    "min_data_in_leaf": 20,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambdarank_truncation_level": 20,
    "num_threads": 1,
    "verbose": -1,
}
VARIANTS = ("with", "without")


@dataclass
class Candidates:
    """Per (engine, variant, question index): the feature rows and relevance labels,
    and the hits' ids in the engine's order."""

    rows: dict[tuple[str, str, int], tuple[list[list[float]], list[int]]]
    ids: dict[tuple[str, str, int], list[str]]

    def group(
        self, keys: list[tuple[str, str, int]]
    ) -> tuple[list[list[float]], list[int], list[int]]:
        x: list[list[float]] = []
        y: list[int] = []
        sizes: list[int] = []
        for k in keys:
            rows, labels = self.rows[k]
            if rows:
                x += rows
                y += labels
                sizes.append(len(rows))
        return x, y, sizes


def collect(engine: str, backend: SearchBackend, questions: Questions, into: Candidates) -> None:
    service = SearchService(backend, reranker=None)
    ids = questions.ids
    position = {q: i for i, q in enumerate(ids)}
    for variant, queries in zip(VARIANTS, (questions.plain, questions.folded), strict=True):
        for query in queries:
            if query.query_id not in position:
                continue
            text = query.text[:1000]
            hits = service.search(SearchRequest(q=text, size=DEPTH)).hits
            relevant = questions.qrels[query.query_id]
            into.ids[(engine, variant, position[query.query_id])] = [h.id for h in hits]
            into.rows[(engine, variant, position[query.query_id])] = (
                candidate_rows(QueryText.of(text), hits),
                [1 if relevant.get(h.id, 0) > 0 else 0 for h in hits],
            )


def train(
    cands: Candidates, keys: list[tuple[str, str, int]], rounds: int, seeds: int = SEEDS
) -> list[str]:
    import lightgbm
    import numpy

    x, y, sizes = cands.group(keys)
    data = lightgbm.Dataset(numpy.asarray(x), numpy.asarray(y), group=sizes)
    return [
        lightgbm.train({**PARAMS, "seed": seed}, data, rounds).model_to_string()
        for seed in range(seeds)
    ]


def offline_ndcg(
    model: Reranker, cands: Candidates, keys: list[tuple[str, str, int]], questions: Questions
) -> float:
    """Mean nDCG@10 (ranx) of the reranked candidates: the inner choice of rounds
    only, never a reported figure."""
    values = []
    for k in keys:
        rows, ids = cands.rows[k][0], cands.ids[k]
        scores = model.scores(rows) if rows else []
        order = sorted(range(len(rows)), key=lambda i: (-scores[i], i))
        run = {ids[i]: float(len(order) - r) for r, i in enumerate(order)}
        query_id = questions.ids[k[2]]
        values += per_question(questions.qrels, {query_id: run}, [query_id])
    return statistics.mean(values)


def keys_of(engines: list[str], rows: set[int]) -> list[tuple[str, str, int]]:
    return [(e, v, i) for e in engines for v in VARIANTS for i in sorted(rows)]


def choose_rounds(
    cands: Candidates, engines: list[str], rows: set[int], seed: int, questions: Questions
) -> int:
    """The rounds with the best inner cross-validated nDCG@10 over ``rows``."""
    ordered = sorted(rows)
    inner = [{ordered[i] for i in f} for f in folds(list(map(str, ordered)), 4, seed)]
    best, best_score = ROUNDS[0], -1.0
    for rounds in ROUNDS:
        score = statistics.mean(
            offline_ndcg(
                Reranker.from_strings(train(cands, keys_of(engines, rows - part), rounds)),
                cands,
                keys_of(engines, part),
                questions,
            )
            for part in inner
        )
        if score > best_score:
            best, best_score = rounds, score
    return best


def served(
    backend: SearchBackend, questions: Questions, model: Reranker | None, rows: set[int]
) -> dict[str, list[float]]:
    """Per-question nDCG@10 over ``rows``, asked through the real service, and the
    seconds of each search (key "seconds")."""
    service = SearchService(backend, reranker=model)
    ids = [questions.ids[i] for i in sorted(rows)]
    wanted = set(ids)

    seconds: list[float] = []

    def rank(text: str) -> list[tuple[str, float]]:
        began = time.perf_counter()
        hits = service.search(SearchRequest(q=text[:1000], size=10)).hits
        seconds.append(time.perf_counter() - began)
        return [(h.id, h.score) for h in hits]

    out = {}
    for variant, queries in zip(VARIANTS, (questions.plain, questions.folded), strict=True):
        asked = [q for q in queries if q.query_id in wanted]
        out[variant] = per_question(questions.qrels, evaluation.run_queries(asked, rank), ids)
    out["seconds"] = seconds
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--es-url", help="Elasticsearch to train on too (else SQLite only)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=15, help="the folds of tune_ranking.py")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "relevance.md")
    parser.add_argument("--model", type=Path, default=MODEL_PATH)
    parser.add_argument(
        "--ablation",
        action="store_true",
        help="instead of training: leave each feature out in turn (offline, same folds) "
        "and write the block reranker-ablation of --out",
    )
    args = parser.parse_args()

    questions = load_questions()
    engines = [e for e in ENGINES if e == "sqlite" or args.es_url]
    backends: dict[str, SearchBackend] = {}
    cands = Candidates({}, {})
    started = time.perf_counter()
    try:
        for engine in engines:
            work = Path(tempfile.mkdtemp(prefix="vanban-rerank-"))
            backend = open_backend(engine, work, args.es_url)
            backends[engine] = backend
            index_articles(engine, backend, work)
            collect(engine, backend, questions, cands)
            print(f"{engine}: candidates collected", file=sys.stderr)
        if args.ablation:
            write_block(args.out, "reranker-ablation", ablation(cands, engines, questions, args))
            return

        n = len(questions.ids)
        every = set(range(n))
        held: dict[str, dict[str, list[float]]] = {
            f"{e} {s}": {v: [] for v in (*VARIANTS, "seconds")}
            for e in engines
            for s in ("engine", "reranked")
        }
        chosen_rounds = []
        loads = []
        for test in folds(questions.ids, args.folds, args.seed):
            train_rows = every - test
            rounds = choose_rounds(cands, engines, train_rows, args.seed, questions)
            chosen_rounds.append(rounds)
            model = Reranker.from_strings(train(cands, keys_of(engines, train_rows), rounds))
            for engine, backend in backends.items():
                for label, reranker in (("engine", None), ("reranked", model)):
                    figures = served(backend, questions, reranker, test)
                    for v in VARIANTS:
                        held[f"{engine} {label}"][v].append(statistics.mean(figures[v]))
                    held[f"{engine} {label}"]["seconds"] += figures["seconds"]
            loads.append(os.getloadavg()[0])
            print(f"fold done: rounds {rounds}", file=sys.stderr)
        final_rounds = choose_rounds(cands, engines, every, args.seed, questions)
        models = train(cands, keys_of(engines, every), final_rounds)
    finally:
        for engine, backend in backends.items():
            if engine == "elasticsearch":
                backend.drop()
            backend.close()

    importance = feature_gain(models)
    args.model.write_text(
        json.dumps(
            {
                "features": list(FEATURE_NAMES),
                "depth": DEPTH,
                "rounds": final_rounds,
                "params": PARAMS,
                "trained_on": f"{n} dev questions (alqac2023_train + alqac_extra), with and "
                f"without diacritics, candidates of {' and '.join(engines)}",
                "models": models,
            },
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    for key, figures in held.items():
        print(key, spread(figures["with"]), spread(figures["without"]))
    lines = report_lines(held, chosen_rounds, final_rounds, importance, args, n, loads)
    lines.append(f"Whole run: {time.perf_counter() - started:.0f} s.")
    write_block(args.out, "reranker", lines)


ABLATION_SEEDS = 3  # boosters per bag in the ablation: 16 feature sets x 5 folds


def without_feature(cands: Candidates, drop: int | None) -> Candidates:
    """The candidates with feature column ``drop`` removed (None: all kept)."""
    if drop is None:
        return cands
    rows = {
        k: ([r[:drop] + r[drop + 1 :] for r in rows], labels)
        for k, (rows, labels) in cands.rows.items()
    }
    return Candidates(rows, cands.ids)


def ablation(
    cands: Candidates, engines: list[str], questions: Questions, args: argparse.Namespace
) -> list[str]:
    """Held-out nDCG@10 of the reranker with each feature left out in turn, scored
    offline on the candidates (the same folds; rounds as the shipped model's)."""
    rounds = int(json.loads(args.model.read_text(encoding="utf-8"))["rounds"])
    every = set(range(len(questions.ids)))
    splits = folds(questions.ids, args.folds, args.seed)
    table: dict[str, dict[tuple[str, str], float]] = {}
    for drop in (None, *range(len(FEATURE_NAMES))):
        name = "(all kept)" if drop is None else FEATURE_NAMES[drop]
        subset = without_feature(cands, drop)
        scores: dict[tuple[str, str], list[float]] = {}
        for test in splits:
            model = Reranker.from_strings(
                train(subset, keys_of(engines, every - test), rounds, ABLATION_SEEDS)
            )
            for e in engines:
                for v in VARIANTS:
                    keys = [(e, v, i) for i in sorted(test)]
                    scores.setdefault((e, v), []).append(
                        offline_ndcg(model, subset, keys, questions)
                    )
        table[name] = {k: statistics.mean(x) for k, x in scores.items()}
        print(f"ablation {name}: {table[name]}", file=sys.stderr)
    columns = [(e, v) for e in engines for v in VARIANTS]
    kept = table["(all kept)"]
    lines = [
        f"## Learned reranker, each feature left out ({len(questions.ids)} dev questions)",
        "",
        f"Held-out nDCG@10 over the same {args.folds} folds (seed {args.seed}), the"
        f" candidates scored offline (not through the service), bags of {ABLATION_SEEDS}"
        f" boosters, {rounds} rounds; the difference to all features kept in",
        "brackets (negative: the feature helps). Seed-to-seed spread of one figure is",
        "about ±0.3 point. Produced by `scripts/train_reranker.py --es-url URL --ablation`.",
        "",
        "| left out | " + " | ".join(f"{e}, {v} diacritics" for e, v in columns) + " |",
        "|---|" + "---|" * len(columns),
    ]
    for name, row in table.items():
        cells = [
            f"{row[c]:.4f}" if name == "(all kept)" else f"{row[c]:.4f} ({row[c] - kept[c]:+.4f})"
            for c in columns
        ]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += [
        "",
        f"Machine: {machine()}; 1-minute load average at the end: "
        f"{os.getloadavg()[0]:.2f}; one run.",
    ]
    return lines


def feature_gain(models: list[str]) -> dict[str, float]:
    """Share of the bag's total split gain per feature."""
    import lightgbm

    totals = dict.fromkeys(FEATURE_NAMES, 0.0)
    for text in models:
        booster = lightgbm.Booster(model_str=text)
        for name, gain in zip(
            FEATURE_NAMES, booster.feature_importance(importance_type="gain"), strict=True
        ):
            totals[name] += float(gain)
    whole = sum(totals.values()) or 1.0
    return {k: v / whole for k, v in totals.items()}


def report_lines(
    held: dict[str, dict[str, list[float]]],
    chosen: list[int],
    final: int,
    importance: dict[str, float],
    args: argparse.Namespace,
    n: int,
    loads: list[float],
) -> list[str]:
    lines = [
        f"## Learned reranker, cross-validated ({n} dev questions, {args.folds} folds)",
        "",
        f"The engine's first {DEPTH} hits reordered by a bag of {SEEDS} LightGBM lambdarank",
        "boosters (`search_api/rerank/`). For each fold the model is trained on the other",
        "folds (rounds chosen by an inner 4-fold cross-validation among "
        + ", ".join(map(str, ROUNDS))
        + "), candidates of both engines pooled, and",
        "the held-out questions are asked through the real service with it; `engine` is",
        "the same service with the reranker off (the first stage, weights of",
        "`tune_ranking.py`). Held-out nDCG@10, mean ± standard deviation across folds",
        f"(lowest–highest fold); folds of seed {args.seed}, as in the table above.",
        "Produced by `.venv/bin/python scripts/train_reranker.py --es-url URL`.",
        "",
        "| backend | ranking | with diacritics | without diacritics | ms per search (p50 / mean) |",
        "|---|---|---|---|---|",
    ]
    for key, figures in held.items():
        engine, label = key.split()
        ms = [1000 * s for s in figures["seconds"]]
        lines.append(
            f"| {engine} | {label} | {spread(figures['with'])} | {spread(figures['without'])} | "
            f"{statistics.median(ms):.1f} / {statistics.mean(ms):.1f} |"
        )
    lines += [
        "",
        f"Rounds chosen per fold: {', '.join(map(str, chosen))}; shipped model: {final} rounds,",
        f"trained on all {n} questions. Share of the shipped model's split gain per feature: "
        + ", ".join(f"{k} {v:.2f}" for k, v in sorted(importance.items(), key=lambda x: -x[1]))
        + ".",
        "",
        "Time: each held-out search of one client, in process, the model's cost included",
        f"(the window fetches {DEPTH} hits, not 10, and cuts snippets for the 10 served only);",
        "the engine and reranked runs alternate fold by fold on the same store.",
        "",
        f"Machine: {machine()}; 1-minute load average after each fold: "
        f"{min(loads):.2f}–{max(loads):.2f}; one run.",
    ]
    return lines


if __name__ == "__main__":
    main()
