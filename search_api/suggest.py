"""Autocomplete on numbers and titles, and "did you mean" for queries that find nothing.

Both work on folded forms, so "quyet dinh 06" and "Quyết định 06" complete the
same way. Corrections are found by edit distance 1 on each unknown folded
syllable, keeping the candidate most documents contain: cheap, language-blind
and good at the typos people make on phone keyboards ("thong bap" → "thong bao").
"""

from __future__ import annotations

import string
from collections.abc import Callable

from search_api.backends.base import SearchBackend
from search_api.models import Suggestion
from vanban_core.analysis import analyze
from vanban_core.analysis.numbers import number_key_prefix
from vanban_core.schema import Document

_ALPHABET = string.ascii_lowercase + string.digits


def _entry(doc: Document, kind: str) -> Suggestion:
    text = (doc.number if kind == "number" else doc.title) or doc.id
    return Suggestion(text=text, kind=kind, id=doc.id, number=doc.number, doc_type=doc.doc_type)


def suggest(backend: SearchBackend, text: str, limit: int = 8) -> list[Suggestion]:
    """Numbers first when the text starts like a number, then titles."""
    found: list[Suggestion] = []
    key = number_key_prefix(text)
    if key:
        found.extend(_entry(d, "number") for d in backend.suggest_numbers(key, limit))
    folded = tuple(analyze(text).folded_syllables)
    if folded and len(found) < limit:
        seen = {s.id for s in found}
        titles = backend.suggest_titles(folded, limit)
        found.extend(_entry(d, "title") for d in titles if d.id not in seen and d.title)
    return found[:limit]


def _edits(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in _ALPHABET}
    inserts = {a + c + b for a, b in splits for c in _ALPHABET}
    return (deletes | swaps | replaces | inserts) - {word, ""}


CANDIDATES = 5
MAX_SYLLABLE = 8


def did_you_mean(
    backend: SearchBackend, text: str, count_phrase: Callable[[str], int]
) -> str | None:
    """A corrected query when some syllables are unknown to the index, else None.

    For each unknown syllable the few most frequent one-edit neighbours are
    tried in context: the one whose corrected query, read as a phrase, occurs
    in the most documents wins ("thong bap" -> "thong bao", not the more
    frequent but unrelated "thong ban").
    """
    syllables = analyze(text).folded_syllables
    if not syllables or len(syllables) > 12:
        return None
    known = backend.term_counts(list(dict.fromkeys(syllables)))
    corrected = list(syllables)
    changed = False
    for position, syllable in enumerate(syllables):
        # Vietnamese syllables have at most 7 letters; longer tokens are codes or noise.
        if known.get(syllable) or syllable.isdigit() or len(syllable) > MAX_SYLLABLE:
            continue
        counts = backend.term_counts(sorted(_edits(syllable)))
        if not counts:
            continue
        frequent = sorted(counts, key=lambda c: (-counts[c], c))[:CANDIDATES]

        scored = {
            candidate: (
                count_phrase(
                    " ".join([*corrected[:position], candidate, *corrected[position + 1 :]])
                ),
                counts[candidate],
            )
            for candidate in frequent
        }
        corrected[position] = max(frequent, key=scored.__getitem__)
        changed = True
    return " ".join(corrected) if changed else None
