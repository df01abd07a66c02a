"""Searchable fields, their token variants and boosts, declared once for both backends.

Each text field is indexed in four variants of the same analysis:
``s`` syllables, ``w`` pyvi words, ``f`` folded syllables, ``wf`` folded words.
The SQLite backend makes them FTS5 columns and the Elasticsearch backend makes
them whitespace-analyzed fields; both take their weights from the query plan
(:class:`RankingWeights`), so a title match outranks a body match and an
exact-diacritic match outranks a folded one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from vanban_core.analysis import (
    AnalyzedText,
    analyze_field,
    joined,
    number_key,
)
from vanban_core.schema import Document

TEXT_FIELDS = ("title", "meta", "text")
VARIANT_NAMES = ("s", "w", "f", "wf")
SYLLABLE_VARIANTS = ("s", "f")
WORD_VARIANTS = ("w", "wf")


@dataclass(frozen=True)
class RankingWeights:
    """Every ranking weight of a text query, carried in the query plan.

    The whole document (``text``) carries the score; title and metadata matches
    add a bonus scored with those fields' own statistics, where a type name
    ("thông báo") or an issuer is rare and so decisive. ``word`` multiplies pyvi
    word columns, ``folded`` the diacritic-free columns (a folded match counts
    less than an exact one), and ``proximity`` weighs the score-only boosts
    (adjacent syllable pairs, words, the whole query) against the matching terms.
    The shipped values per engine (:data:`ENGINE_WEIGHTS`) are the ones chosen by
    5-fold cross-validation over the 400 dev questions (scripts/tune_ranking.py).
    """

    title: float = 0.1
    meta: float = 0.3
    text: float = 1.0
    word: float = 1.2
    folded: float = 0.6
    proximity: float = 2.0

    def field(self, name: str) -> float:
        return float(getattr(self, name))

    def variant(self, variant: str) -> float:
        return (self.word if variant in WORD_VARIANTS else 1.0) * (
            self.folded if variant in ("f", "wf") else 1.0
        )

    def column_weight(self, field: str, variant: str) -> float:
        return round(self.field(field) * self.variant(variant), 6)

    def column_weights(self) -> list[float]:
        """One weight per column of :func:`columns`, in that order."""
        return [self.column_weight(f, v) for f in TEXT_FIELDS for v in VARIANT_NAMES]


# Chosen by scripts/tune_ranking.py (5-fold CV over the 400 dev questions); see
# docs/relevance.md for the figures and the command that re-runs the choice.
ENGINE_WEIGHTS: dict[str, RankingWeights] = {
    # Half the title weight: FTS5 saturates the weighted title frequency against
    # the whole row's length, unlike Elasticsearch's per-field BM25, and here a
    # title match counted too much (every fold chose 0.05; see docs/relevance.md).
    # Folded columns at 0.8 as on Elasticsearch: every fold chose it in the
    # re-run of December 2026 (0.6 before; docs/relevance.md).
    "sqlite": RankingWeights(title=0.05, folded=0.8),
    # Folded columns count more on Elasticsearch, whose per-field BM25 already
    # separates an exact match from a folded one; a stronger proximity bonus
    # since its syllable fields index adjacent pairs (index_phrases), so a pair
    # is weighed by its own rarity (every fold chose 0.8 and 3.0).
    "elasticsearch": RankingWeights(folded=0.8, proximity=3.0),
}

# Number matches dominate text scores: a looked-up document is always first.
NUMBER_SELF_BOOST = 1000.0
NUMBER_CITED_BOOST = 5.0

FACET_FIELDS = ("issuer", "doc_type", "year")


def column(field: str, variant: str) -> str:
    return f"{field}_{variant}"


def columns(weights: RankingWeights | None = None) -> Iterator[tuple[str, float]]:
    """Every token column with its weight, in a fixed order both backends share."""
    weights = weights or RankingWeights()
    for field in TEXT_FIELDS:
        for variant in VARIANT_NAMES:
            yield column(field, variant), weights.column_weight(field, variant)


def meta_text(doc: Document) -> str:
    """The short metadata fields searched together: issuer, type, signer, place."""
    return " . ".join(v for v in (doc.doc_type, doc.issuer, doc.signer, doc.place) if v)


def _variants(analyzed: AnalyzedText) -> dict[str, str]:
    return {
        "s": " ".join(analyzed.syllables),
        "w": " ".join(analyzed.words),
        "f": " ".join(analyzed.folded_syllables),
        "wf": " ".join(analyzed.folded_words),
    }


def document_tokens(doc: Document) -> dict[str, str]:
    """Token strings of every column for ``doc``, space-separated, ready to index.

    The ``text`` field holds the whole document (title, metadata and body), so
    its statistics are document-level BM25; ``title`` and ``meta`` add a bonus
    for matches in those short fields, scored with their own statistics.
    Each field is analyzed once: the whole-text analysis is joined from the
    title's, the metadata's and the body's (see :func:`joined`), never redone.
    """
    title, meta = analyze_field(doc.title), analyze_field(meta_text(doc))
    return tokens_of(title, meta, analyze_field(doc.text))


def tokens_of(title: AnalyzedText, meta: AnalyzedText, body: AnalyzedText) -> dict[str, str]:
    """:func:`document_tokens` from the analyses of a document's parts (a benchmark
    that recombines analyzed paragraphs into documents uses it directly)."""
    analyses = {"title": title, "meta": meta, "text": joined([title, meta, body])}
    tokens: dict[str, str] = {}
    for field, analyzed in analyses.items():
        for variant, value in _variants(analyzed).items():
            tokens[column(field, variant)] = value
    return tokens


def number_keys(doc: Document) -> tuple[str, list[str]]:
    """The lookup key of the document's own number ("" if none) and of each number it
    cites, once each and never its own: a document does not cite itself. A number
    named only by a relation (a record written through the API) is cited too."""
    own = number_key(doc.number) if doc.number else ""
    named = [
        *doc.cites,
        *(r.number for r in doc.relations if r.number and r.direction == "outgoing"),
    ]
    cited = [k for k in dict.fromkeys(number_key(c) for c in named) if k and k != own]
    return own, cited
