"""Vietnamese text analysis shared by indexing and querying.

Everything that turns text into tokens lives here, so a query is always analyzed
exactly as the documents were: Unicode NFC, one canonical tone placement,
lowercase, document numbers pulled out before word segmentation, pyvi word
segmentation, syllable tokens and diacritic-folded variants of both.
"""

from vanban_core.analysis.analyzer import AnalyzedText, analyze, analyze_field, joined
from vanban_core.analysis.numbers import (
    NumberMatch,
    NumberParts,
    canonical_number,
    find_numbers,
    key_of_canonical,
    number_key,
    parse_number,
)
from vanban_core.text.normalize import fold, normalize, normalize_for_match

__all__ = [
    "AnalyzedText",
    "NumberMatch",
    "NumberParts",
    "analyze",
    "analyze_field",
    "canonical_number",
    "find_numbers",
    "fold",
    "joined",
    "key_of_canonical",
    "normalize",
    "normalize_for_match",
    "number_key",
    "parse_number",
]
