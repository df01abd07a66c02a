"""From text to the token streams every backend indexes and every query uses.

A document field is indexed four ways, so a query can be scored on each:
words (pyvi segmentation, "văn_phòng"), syllables ("văn", "phòng"), and the
diacritic-folded variants of both ("van_phong", "van", "phong"). Exact forms
are weighted above folded ones by the backends, so "hòa" ranks a text with
"hòa" above one with "hoa" while still finding both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from vanban_core.analysis.numbers import find_numbers, key_of_canonical
from vanban_core.analysis.segment import segment
from vanban_core.text.normalize import fold_token, normalize


@dataclass(frozen=True)
class AnalyzedText:
    """Token streams of one piece of text, lowercased and tone-canonical."""

    words: list[str] = field(default_factory=list)
    syllables: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)

    @property
    def folded_words(self) -> list[str]:
        return list(map(fold_token, self.words))

    @property
    def folded_syllables(self) -> list[str]:
        return list(map(fold_token, self.syllables))

    @property
    def number_parts(self) -> list[str]:
        """The syllables :func:`analyze` appends for the numbers (at the end)."""
        return [part for key in self.numbers for part in key.split("-")]


# Letters and digits, syllables joined by "_". pyvi keeps punctuation glued to
# capitals ("UBND.", "TP.HCM"); a backend that splits on whitespace only
# (Elasticsearch) would then never match "ubnd", so tokens are cut here.
_TOKEN = re.compile(r"[^\W_]+(?:_[^\W_]+)*")


@lru_cache(maxsize=262144)
def _tokens(word: str) -> tuple[str, ...]:
    """The lowercase tokens of one pyvi word; cached, as words repeat endlessly."""
    return tuple(t.lower() for t in _TOKEN.findall(word))


@lru_cache(maxsize=262144)
def _syllables(word: str) -> tuple[str, ...]:
    """The syllables of one token ("văn_phòng" -> "văn", "phòng")."""
    return tuple(s for s in word.split("_") if s)


def _syllables_of(words: list[str]) -> list[str]:
    return [s for w in words for s in _syllables(w)]


def _blank_numbers(text: str) -> tuple[str, list[str]]:
    """Pull numbers out before segmentation and blank them in the text.

    The number's own parts ("QĐ", "TTg") stay searchable as syllables through
    the number key tokens added by the caller, not as stray pyvi fragments.
    """
    keys: list[str] = []
    pieces: list[str] = []
    last = 0
    for match in find_numbers(text):
        key = key_of_canonical(match.canonical)
        if key:
            keys.append(key)
        pieces.append(text[last : match.start])
        pieces.append(" , ")
        last = match.end
    pieces.append(text[last:])
    return "".join(pieces), keys


def analyze(text: str) -> AnalyzedText:
    """Analyze text for indexing or querying: the one path both sides share."""
    if not text:
        return AnalyzedText()
    cleaned, numbers = _blank_numbers(normalize(text))
    words = [t for w in segment(cleaned) for t in _tokens(w)]
    syllables = _syllables_of(words)
    # Number parts stay findable as plain tokens: "VPCP" finds …/TB-VPCP.
    analyzed = AnalyzedText(words=words, syllables=syllables, numbers=numbers)
    syllables.extend(analyzed.number_parts)
    return analyzed


def analyze_field(text: str | None) -> AnalyzedText:
    """:func:`analyze` that accepts a missing field."""
    return analyze(text or "")


def joined(parts: list[AnalyzedText]) -> AnalyzedText:
    """The analysis of the parts' texts joined by line breaks, from their own analyses.

    Segmentation works line by line, so analyzing "title\nmeta\nbody" gives
    the parts' words one after the other; the number parts that :func:`analyze`
    appends to the syllables come last, after every part's own syllables. A
    document is thus analyzed once, and its whole-text column is put together
    from its fields' columns.
    """
    words = [w for p in parts for w in p.words]
    syllables: list[str] = []
    for p in parts:
        syllables.extend(p.syllables[: len(p.syllables) - len(p.number_parts)])
    analyzed = AnalyzedText(words, syllables, [n for p in parts for n in p.numbers])
    syllables.extend(analyzed.number_parts)
    return analyzed
