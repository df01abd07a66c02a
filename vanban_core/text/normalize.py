"""Character-level normalization: NFC, canonical tones, case and diacritic folding."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from vanban_core.text.tones import canonical_tones

# Cyrillic letters that look Latin slip into numbers copied from web pages
# ("TT-BTС" with a Cyrillic С); Vietnamese text never needs them.
HOMOGLYPHS = str.maketrans(dict(zip("АВЕКМНОРСТХаеорсх", "ABEKMHOPCTXaeopcx", strict=True)))
# Typographic variants that carry no meaning for search, and the homoglyphs above.
CHAR_MAP = (
    str.maketrans(
        {
            "\u2010": "-",
            "\u2011": "-",
            "\u2012": "-",
            "\u2013": "-",
            "\u2014": "-",
            "\u2015": "-",
            "\u2212": "-",
            "\u00a0": " ",
            "\u2009": " ",
            "\u200b": "",
            "\ufeff": "",
            "\u00ad": "",
            "\u2018": "'",
            "\u2019": "'",
            "\u201c": '"',
            "\u201d": '"',
        }
    )
    | HOMOGLYPHS
)
_SPACES = re.compile(r"[ \t\f\v]+")
# The characters CHAR_MAP changes, so text without any (nearly all of it) is
# scanned once by one compiled class instead of translated character by character.
_MAPPED = re.compile("[" + re.escape("".join(chr(c) for c in CHAR_MAP)) + "]")
_REPLACEMENTS = {
    chr(c): chr(int(v)) if isinstance(v, int) else v or "" for c, v in CHAR_MAP.items()
}


def _unify(text: str) -> str:
    """``text.translate(CHAR_MAP)``, done as one replace per mapped character present
    (a dictionary translation looks up every character of a long text in Python)."""
    for char in set(_MAPPED.findall(text)):
        text = text.replace(char, _REPLACEMENTS[char])
    return text


def normalize(text: str) -> str:
    """NFC, canonical tone placement and unified dashes/spaces; case is kept.

    Used on stored text too, so what is displayed matches what is indexed.
    """
    text = _unify(unicodedata.normalize("NFC", text))
    return canonical_tones(text)


def fold(text: str) -> str:
    """Remove every diacritic, including the bar of đ, so "Đà Nẵng" matches "da nang"."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d").replace("Đ", "D")


@lru_cache(maxsize=131072)
def fold_token(token: str) -> str:
    """:func:`fold` for a single token, cached because vocabularies are small."""
    return fold(token)


def normalize_for_match(text: str) -> str:
    """Normalized, lowercased, single-spaced text: the form compared by filters and facets."""
    return _SPACES.sub(" ", normalize(text).lower()).strip()
