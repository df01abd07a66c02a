"""The shipped reranker: a bag of LightGBM lambdarank boosters in one JSON file.

Trained and chosen by scripts/train_reranker.py (5-fold cross-validation over
the 400 dev questions, the candidates of both engines pooled), so the file
records how it was made beside the boosters themselves.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from search_api.models import Hit
from search_api.rerank.features import FEATURE_NAMES, QueryText, candidate_rows
from vanban_core.settings import Settings

DEPTH = 30  # the engine's first hits that the model reorders; later ones keep its order
MODEL_PATH = Path(__file__).with_name("model.json")


@dataclass(frozen=True)
class Reranker:
    boosters: tuple[Any, ...]  # lightgbm.Booster; lightgbm is imported only when used

    @classmethod
    def from_strings(cls, models: list[str]) -> Reranker:
        import lightgbm

        return cls(tuple(lightgbm.Booster(model_str=m) for m in models))

    def scores(self, rows: list[list[float]]) -> list[float]:
        import numpy

        matrix = numpy.asarray(rows, dtype=float)
        total = sum(b.predict(matrix, num_threads=1) for b in self.boosters)
        return [float(x) / len(self.boosters) for x in total]

    def reorder(self, q: str, hits: list[Hit]) -> list[Hit]:
        """``hits`` (the engine's order) in the model's order; ties keep the engine's."""
        if len(hits) < 2:
            return hits
        scores = self.scores(candidate_rows(QueryText.of(q), hits))
        order = sorted(range(len(hits)), key=lambda i: (-scores[i], i))
        return [hits[i] for i in order]


def read_model(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURE_NAMES:
        raise ValueError(f"{path}: trained on other features than search_api.rerank.features")
    return data


@cache
def shipped_reranker() -> Reranker | None:
    """The model that ships with the package, or None when none has been trained."""
    if not MODEL_PATH.exists():
        return None
    return Reranker.from_strings(read_model(MODEL_PATH)["models"])


def configured_reranker(settings: Settings) -> Reranker | None:
    """The reranker a server or CLI search uses: the shipped one unless VANBAN_RERANK is off."""
    return shipped_reranker() if settings.rerank else None
