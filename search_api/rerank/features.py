"""Features of a (query, hit) pair for the learned reranker, the same on every backend.

They are computed from what every backend hands :func:`search_api.highlight.make_hit`
(the title and the passage a snippet is cut from: the best article, or the
text's bounded opening), never from engine internals, so one model serves both
engines. The engine's own score enters only relative to the top hit, which
makes it comparable between engines whose scores differ in scale. No collection
statistics are read: an offline ablation found IDF-weighted coverage no better
than plain coverage once the engine's BM25 score is a feature (docs/relevance.md).
Whether the query was typed with diacritics is a feature of its own, so one
model learns how much an exact form should count for each kind of query.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from itertools import pairwise

from search_api.models import Hit
from search_api.passages import fold_ascii
from vanban_core.text.normalize import normalize

FEATURE_NAMES = (
    "score_vs_top",  # engine score / the first hit's score
    "log_rank",  # log(1 + engine rank)
    "coverage",  # share of the query's distinct folded syllables in the passage
    "pair_coverage",  # share of the query's adjacent syllable pairs in the passage
    "title_coverage",  # share of the query's syllables in the title
    "title_in_query",  # share of the title's syllables that the query holds
    "exact_coverage",  # share of the query's syllables as typed (diacritics) in the passage
    "log_length",  # log(1 + passage syllables)
    "query_terms",  # distinct query syllables
    "longest_run",  # longest run of consecutive query pairs found, / query pairs
    "typed_with_diacritics",  # 1.0 when a query syllable holds a letter outside ASCII
    "exact_pair_coverage",  # share of the query's adjacent pairs as typed found in the passage
    "window_coverage",  # most distinct query syllables inside one window of WINDOW syllables
    "title_pair_coverage",  # share of the query's adjacent pairs in the title
    "score_gap",  # (score - the next hit's score) / the first hit's score
)
WINDOW = 30  # syllables: about a sentence of a legal text
PASSAGE_CHARS = 20_000  # features read a bounded passage, whatever the document's size
_FOLDED_WORD = re.compile(r"[a-z0-9]+")
_WORD = re.compile(r"\w+")


def folded_syllables(text: str) -> list[str]:
    """Lowercase ASCII syllables, folded as the article finder folds (in C)."""
    # Decoded once, then split: one str per syllable, not one bytes object and a decode.
    return _FOLDED_WORD.findall(fold_ascii(text).decode("ascii"))


def exact_syllables(text: str) -> list[str]:
    """Lowercase syllables as written, diacritics kept (normalized forms)."""
    return _WORD.findall(normalize(text).lower())


@dataclass(frozen=True)
class QueryText:
    """The query's syllables, analyzed once per search for every hit."""

    folded: list[str]
    distinct: frozenset[str]
    pairs: frozenset[tuple[str, str]]
    exact: frozenset[str]
    exact_pairs: frozenset[tuple[str, str]]
    with_diacritics: bool

    @classmethod
    def of(cls, q: str) -> QueryText:
        folded = folded_syllables(q)
        exact = exact_syllables(q)
        return cls(
            folded,
            frozenset(folded),
            frozenset(pairwise(folded)),
            frozenset(exact),
            frozenset(pairwise(exact)),
            any(not syllable.isascii() for syllable in exact),
        )


def _share(wanted: frozenset[str] | frozenset[tuple[str, str]], found: set[object]) -> float:
    return sum(1 for t in wanted if t in found) / len(wanted) if wanted else 0.0


def window_share(query: QueryText, syllables: list[str]) -> float:
    """The largest share of the query's distinct syllables that one window of
    :data:`WINDOW` consecutive passage syllables holds: a passage that answers
    holds the question's words together, not scattered over a long article."""
    if not query.distinct:
        return 0.0
    found = [(i, t) for i, t in enumerate(syllables) if t in query.distinct]
    counts: dict[str, int] = {}
    best = start = 0
    for position, term in found:
        counts[term] = counts.get(term, 0) + 1
        while position - found[start][0] >= WINDOW:
            first = found[start][1]
            counts[first] -= 1
            if not counts[first]:
                del counts[first]
            start += 1
        best = max(best, len(counts))
    return best / len(query.distinct)


def hit_features(
    query: QueryText, hit: Hit, rank: int, top_score: float, next_score: float = 0.0
) -> list[float]:
    """One row of :data:`FEATURE_NAMES` for ``hit`` at ``rank`` (0-based);
    ``next_score`` is the engine score of the hit after it (0 for the last)."""
    passage = hit.passage[:PASSAGE_CHARS]
    syllables = folded_syllables(passage)
    present: set[object] = set(syllables)
    pairs: set[object] = set(pairwise(syllables))
    exact = exact_syllables(passage)
    title = folded_syllables(hit.title or "")
    run = longest = 0
    for pair in pairwise(query.folded):
        run = run + 1 if pair in pairs else 0
        longest = max(longest, run)
    return [
        hit.score / top_score if top_score else 0.0,
        math.log1p(rank),
        _share(query.distinct, present),
        _share(query.pairs, pairs),
        _share(query.distinct, set(title)),
        sum(1 for t in title if t in query.distinct) / len(title) if title else 0.0,
        _share(query.exact, set(exact)),
        math.log1p(len(syllables)),
        float(len(query.distinct)),
        longest / max(1, len(query.folded) - 1),
        1.0 if query.with_diacritics else 0.0,
        _share(query.exact_pairs, set(pairwise(exact))),
        window_share(query, syllables),
        _share(query.pairs, set(pairwise(title))),
        (hit.score - next_score) / top_score if top_score else 0.0,
    ]


def candidate_rows(query: QueryText, hits: list[Hit]) -> list[list[float]]:
    """The feature rows of ``hits`` in the engine's order, as the model reads them."""
    top = hits[0].score if hits else 0.0
    scores = [h.score for h in hits[1:]] + [0.0]
    return [hit_features(query, h, i, top, scores[i]) for i, h in enumerate(hits)]
