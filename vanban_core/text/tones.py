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

# Only a syllable ending in o/u and a toned a/e/y (hoà, khoẻ, thuỷ: the cluster
# written in the new style, with nothing after it) can need its mark moved, so
# one pattern finds exactly those endings and the rest of the text is never touched.
_SWING_END = re.compile(
    r"(?:[oòóỏõọOÒÓỎÕỌ][àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ]|[uùúủũụUÙÚỦŨỤ][ỳýỷỹỵỲÝỶỸỴ])(?![^\W\d_])"
)


def _is_letter(char: str) -> bool:
    """``[^\\W\\d_]`` of the re module: a word character that is no digit."""
    return char.isalnum() and not char.isdecimal()


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


def _canonical_syllable(syllable: str) -> str:
    bare, tone = _split_tone(syllable)
    if tone is None:
        return syllable
    placed = _place(bare, tone)
    return placed or syllable


def canonical_tones(text: str) -> str:
    """Rewrite every syllable of NFC ``text`` to the canonical tone placement.

    One pass of one compiled pattern over the text; only the syllables it finds
    (walked back from their ending to their first letter) are looked at, by the
    placement rule of :func:`_place`.
    """
    pieces: list[str] = []
    last = 0
    for match in _SWING_END.finditer(text):
        start = match.start()
        while start > last and _is_letter(text[start - 1]):
            start -= 1
        pieces.append(text[last:start])
        pieces.append(_canonical_syllable(text[start : match.end()]))
        last = match.end()
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)
