"""Word segmentation with pyvi, isolated so its cost and quirks stay in one place.

pyvi joins the syllables of a word with "_" ("văn_phòng"). Its CRF model is
loaded once, on first use, because importing it costs about a second.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Protocol


class _Tokenizer(Protocol):
    def tokenize(self, text: str) -> str: ...


@lru_cache(maxsize=1)
def _tokenizer() -> _Tokenizer:
    from pyvi import ViTokenizer

    tokenizer: _Tokenizer = ViTokenizer
    return tokenizer


# pyvi's own syllable splitter is slow on very long lines; feeding it one
# sentence-sized chunk at a time keeps its cost linear.
_CHUNK = re.compile(r"[^\n.;:!?]{1,2000}[\n.;:!?]?")


@lru_cache(maxsize=8192)
def _segment_chunk(chunk: str) -> tuple[str, ...]:
    return tuple(_tokenizer().tokenize(chunk).split())


def segment(text: str) -> list[str]:
    """Split ``text`` into pyvi words, punctuation included, case kept."""
    words: list[str] = []
    for match in _CHUNK.finditer(text):
        chunk = match.group(0).strip()
        if chunk:
            words.extend(_segment_chunk(chunk))
    return words
