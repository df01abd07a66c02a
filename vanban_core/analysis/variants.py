"""Query-time alternatives: abbreviations and spelling variants.

Documents say "Ủy ban nhân dân tỉnh Sơn La" or "UBND tỉnh Sơn La", "Thủ tướng
Chính phủ" or "TTg", "kỹ thuật" or "kĩ thuật". Expansion happens only at query
time (documents are indexed as written), from lists kept as data beside the
Elasticsearch settings: ``mappings/abbreviations.tsv``, the issuer and type
codes of ``mappings/issuers.tsv`` and ``mappings/doc_types.tsv``, and
``mappings/spelling_variants.txt``. Both backends get the same alternatives.

Codes that are themselves Vietnamese syllables ("CT", "L") are never expanded:
"ct" is a code, but a syllable could be an ordinary word.
"""

from __future__ import annotations

import csv
from functools import cache

from vanban_core import codes
from vanban_core.resources import mappings_dir
from vanban_core.text.normalize import fold, normalize
from vanban_core.text.syllables import is_syllable

_MIN_CODE_LENGTH = 2


def _syllables(text: str) -> tuple[str, ...]:
    """Folded, lowercase syllables, as the planner matches them."""
    cleaned = "".join(ch if ch.isalnum() else " " for ch in fold(normalize(text)).lower())
    return tuple(cleaned.split())


def _expandable(code: str) -> bool:
    key = "".join(_syllables(code))
    return len(key) >= _MIN_CODE_LENGTH and not is_syllable(normalize(code).lower())


@cache
def abbreviation_table() -> dict[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Folded syllable sequence -> the folded sequences that mean the same."""
    pairs: list[tuple[str, str]] = []
    with (mappings_dir() / "abbreviations.tsv").open(encoding="utf-8") as handle:
        pairs.extend(
            (row["abbreviation"], row["expansion"])
            for row in csv.DictReader(handle, delimiter="\t")
        )
    pairs.extend((e.code, e.name) for e in codes.issuer_entries() if e.code)
    pairs.extend((e.code, e.name) for e in codes.doc_type_entries() if e.code)
    table: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for short, long in pairs:
        if not _expandable(short):
            continue
        code_key = ("".join(_syllables(short)),)
        name_key = _syllables(long)
        if not name_key or code_key == name_key:
            continue
        table.setdefault(code_key, set()).add(name_key)
        table.setdefault(name_key, set()).add(code_key)
    return {k: tuple(sorted(v)) for k, v in table.items()}


@cache
def _longest_abbreviation() -> int:
    """Syllables in the longest key of :func:`abbreviation_table`."""
    return max((len(k) for k in abbreviation_table()), default=0)


@cache
def spelling_table() -> dict[str, tuple[str, ...]]:
    """Exact (accented) syllable -> its other spellings."""
    table: dict[str, tuple[str, ...]] = {}
    path = mappings_dir() / "spelling_variants.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        group = [normalize(w).lower() for w in line.split()]
        if line.startswith("#") or len(group) < 2:
            continue
        for word in group:
            table[word] = tuple(w for w in group if w != word)
    return table


def longest_abbreviation_at(
    folded: list[str], start: int
) -> tuple[int, tuple[tuple[str, ...], ...]] | None:
    """(length, alternatives) of the longest known form starting at ``start``."""
    table = abbreviation_table()
    for length in range(min(_longest_abbreviation(), len(folded) - start), 0, -1):
        key = tuple(folded[start : start + length])
        if key in table:
            return length, table[key]
    return None


@cache
def question_phrases() -> tuple[tuple[str, ...], ...]:
    """Folded syllable sequences of mappings/question_phrases.txt, longest first."""
    path = mappings_dir() / "question_phrases.txt"
    phrases = {
        _syllables(line)
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    return tuple(sorted((p for p in phrases if p), key=len, reverse=True))


def strip_question_phrases(text: str) -> str:
    """``text`` without its question phrases ("…, đúng hay sai?" -> "…,")."""
    words = normalize(text).split()
    folded = [" ".join(_syllables(w)) for w in words]
    kept: list[str] = []
    i = 0
    while i < len(words):
        for phrase in question_phrases():
            window = tuple(" ".join(folded[i : i + len(phrase)]).split())
            if window == phrase:
                i += len(phrase)
                break
        else:
            kept.append(words[i])
            i += 1
    return " ".join(kept)
