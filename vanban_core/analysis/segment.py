"""Word segmentation: pyvi's segmentation, through the fast decoder of :mod:`.crf`.

pyvi joins the syllables of a word with "_" ("văn_phòng"). Its CRF model is
loaded once, on first use, because loading it costs about a second. Lines
repeat across documents (the "Căn cứ …" preamble, signature blocks, headers),
so the words of recent chunks are cached.
"""

from __future__ import annotations

import re
from functools import lru_cache

from vanban_core.analysis import crf

# pyvi's own syllable splitter is slow on very long lines; feeding it one
# sentence-sized chunk at a time keeps its cost linear.
_CHUNK = re.compile(r"[^\n.;:!?]{1,2000}[\n.;:!?]?")


@lru_cache(maxsize=16384)
def _segment_chunk(chunk: str) -> tuple[str, ...]:
    return tuple(crf.tokenize_nfc(chunk))


def segment(text: str) -> list[str]:
    """Split normalized (NFC) ``text`` into pyvi words, punctuation included, case kept."""
    words: list[str] = []
    for match in _CHUNK.finditer(text):
        chunk = match.group(0).strip()
        if chunk:
            words.extend(_segment_chunk(chunk))
    return words
