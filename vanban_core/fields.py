"""Searchable fields, their token variants and boosts, declared once for both backends.

Each text field is indexed in four variants of the same analysis:
``s`` syllables, ``w`` pyvi words, ``f`` folded syllables, ``wf`` folded words.
The SQLite backend makes them FTS5 columns and the Elasticsearch backend makes
them whitespace-analyzed fields; both use the weights below, so a title match
outranks a body match and an exact-diacritic match outranks a folded one.
"""

from __future__ import annotations

from collections.abc import Iterator

from vanban_core.analysis import (
    AnalyzedText,
    analyze_field,
    joined,
    number_key,
)
from vanban_core.schema import Document

# Weights were tuned on the ALQAC dev questions (scripts/bench_relevance.py):
# the whole document carries the score; title and metadata matches add a bonus
# scored with those fields' own statistics, where a type name ("thông báo") or
# an issuer is rare and so decisive; folded matches count a little over half.
TEXT_FIELDS: dict[str, float] = {"title": 0.1, "meta": 0.3, "text": 1.0}
VARIANTS: dict[str, float] = {"s": 1.0, "w": 1.2, "f": 0.6, "wf": 0.72}
SYLLABLE_VARIANTS = ("s", "f")
# Weight of the proximity bonus (adjacent syllable pairs, words, whole query)
# relative to the matching terms themselves.
BOOST_WEIGHT = 2.0
WORD_VARIANTS = ("w", "wf")

# Number matches dominate text scores: a looked-up document is always first.
NUMBER_SELF_BOOST = 1000.0
NUMBER_CITED_BOOST = 5.0

FACET_FIELDS = ("issuer", "doc_type", "year")


def column(field: str, variant: str) -> str:
    return f"{field}_{variant}"


def columns() -> Iterator[tuple[str, float]]:
    """Every token column with its weight, in a fixed order both backends share."""
    for field, boost in TEXT_FIELDS.items():
        for variant, factor in VARIANTS.items():
            yield column(field, variant), boost * factor


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
