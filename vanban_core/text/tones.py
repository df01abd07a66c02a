"""One canonical tone-mark placement for Vietnamese syllables.

Two spellings of the same syllable are in everyday use: "hoà"/"hòa",
"uỷ"/"ủy", "thuỷ"/"thủy". They differ only in which vowel of the clusters
oa, oe, uy carries the tone mark when no consonant follows. Both documents and
queries are rewritten to the "old" placement (tone on the first vowel of those
clusters: hòa, ủy, thủy), which is what legal texts mostly use, so either
spelling finds the other.
"""

from __future__ import annotations

import re
import unicodedata

# Combining tone marks (dấu thanh), as produced by NFD.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_VOWELS = set("aeiouyăâêôơư")
# The clusters whose placement differs between the two conventions.
_SWING_CLUSTERS = {"oa", "oe", "uy"}

_SYLLABLE = re.compile(r"[^\W\d_]+", re.UNICODE)


def _split_tone(syllable: str) -> tuple[str, str | None]:
    """Return the syllable in NFC without its tone mark, and the mark."""
    decomposed = unicodedata.normalize("NFD", syllable)
    tone = next((ch for ch in decomposed if ch in _TONES), None)
    if tone is None:
        return syllable, None
    bare = "".join(ch for ch in decomposed if ch not in _TONES)
    return unicodedata.normalize("NFC", bare), tone


def _place(bare: str, tone: str) -> str:
    """Put the tone back on the vowel the old-style rule selects.

    Only the oa/oe/uy clusters with no final consonant are moved; every other
    syllable keeps the vowel it had, because there both conventions agree.
    """
    lower = bare.lower()
    start = 0
    # "qu" and "gi" are consonant clusters: their u/i is not part of the nucleus.
    if lower.startswith("qu") or (
        lower.startswith("gi") and len(lower) > 2 and lower[2] in _VOWELS
    ):
        start = 2
    i = start
    while i < len(lower) and lower[i] not in _VOWELS:
        i += 1
    j = i
    while j < len(lower) and lower[j] in _VOWELS:
        j += 1
    nucleus = lower[i:j]
    if nucleus not in _SWING_CLUSTERS or j != len(lower):
        return ""
    target = i
    chars = list(bare)
    marked = unicodedata.normalize("NFC", chars[target] + tone)
    chars[target] = marked
    return "".join(chars)


def _canonical_syllable(match: re.Match[str]) -> str:
    syllable = match.group(0)
    bare, tone = _split_tone(syllable)
    if tone is None:
        return syllable
    placed = _place(bare, tone)
    return placed or syllable


def canonical_tones(text: str) -> str:
    """Rewrite every syllable of NFC ``text`` to the canonical tone placement."""
    return _SYLLABLE.sub(_canonical_syllable, text)
