"""A learned second stage: the engine's first :data:`DEPTH` hits reordered by a
LightGBM lambdarank model trained by cross-validation (scripts/train_reranker.py)."""

from search_api.rerank.features import FEATURE_NAMES, QueryText, candidate_rows, hit_features
from search_api.rerank.model import DEPTH, Reranker, configured_reranker, shipped_reranker

__all__ = [
    "DEPTH",
    "FEATURE_NAMES",
    "QueryText",
    "Reranker",
    "candidate_rows",
    "configured_reranker",
    "hit_features",
    "shipped_reranker",
]
