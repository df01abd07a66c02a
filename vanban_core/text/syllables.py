"""How Vietnamese a piece of text looks: the judge between candidate decodings.

Windows-1258, TCVN3 and VNI all reuse the same byte values, so every one of them
"decodes" any legacy file without error; only the result tells which was right.
Vietnamese words are single syllables with a strict shape (initial consonant,
one of a fixed set of vowel nuclei, an optional final consonant, at most one
tone mark), and mojibake breaks that shape almost every time ("Õt", "®Þnh",
"Quyeát"). Counting the words that are valid syllables is therefore a reliable,
dictionary-free way to pick the decoding, and to notice text typed in a legacy
font inside an otherwise Unicode file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_INITIALS = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx]"
# The vowel nuclei of Vietnamese syllables, written without tone marks.
_NUCLEI_LIST = (
    "a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê "
    "ui uô uơ ưa ưi ươ ưu uy yê iêu oai oay oeo uây uôi ươi ươu uya uyê uyu yêu"
)
_NUCLEI = _NUCLEI_LIST.split()
_FINALS = "ch|ng|nh|[cmnpt]"
_SYLLABLE = re.compile(
    rf"(?:{_INITIALS})?(?:{'|'.join(sorted(_NUCLEI, key=len, reverse=True))})(?:{_FINALS})?"
)
_WORD = re.compile(r"[^\W\d_]+")
_VOWELS = frozenset("aăâeêioôơuưy")


@dataclass(frozen=True)
class Score:
    """Words with non-ASCII letters that are (valid) or are not (invalid) Vietnamese syllables."""

    valid: int
    invalid: int

    @property
    def value(self) -> int:
        """Higher is more Vietnamese; an invalid word costs more than a valid one earns."""
        return self.valid - 2 * self.invalid

    @property
    def ratio(self) -> float:
        total = self.valid + self.invalid
        return self.valid / total if total else 0.0


@lru_cache(maxsize=131072)
def is_syllable(word: str) -> bool:
    """True when ``word`` has the shape of one Vietnamese syllable (any case).

    Cached: :func:`score` asks about every word of every file, and words repeat.
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for char in decomposed if char in _TONE_MARKS)
    if tones > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    return _SYLLABLE.fullmatch(base) is not None


@lru_cache(maxsize=131072)
def _has_vowel(word: str) -> bool:
    decomposed = unicodedata.normalize("NFD", word.lower())
    return any(unicodedata.normalize("NFC", c) in _VOWELS for c in decomposed)


def score(text: str, *, limit: int = 20000) -> Score:
    """Score the words of ``text`` that carry non-ASCII letters (ASCII words are the
    same under every candidate decoding, so they cannot tell candidates apart)."""
    valid = invalid = 0
    for match in _WORD.finditer(text, 0, min(len(text), limit * 8)):
        word = match.group(0)
        if word.isascii() or not _has_vowel(word):
            continue  # abbreviations such as "QĐ" are not syllables either way
        if is_syllable(word):
            valid += 1
        else:
            invalid += 1
        if valid + invalid >= limit:
            break
    return Score(valid, invalid)
