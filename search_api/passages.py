"""The article (Điều) of a hit that best matches the query, chosen at hit-building time.

A question matches one article of a 20–40 KB decree, not the whole text. No
passage is indexed (a second copy of every token would make the SQLite store
larger and its searches slower): the articles of each hit are found in its
text (:mod:`vanban_core.text.articles`) and scored with BM25 against the
plan's folded query syllables, the document's own articles being the
collection. The work is bounded per hit: at most :data:`ARTICLE_CHARS` of
text are read, whatever the document's size.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from collections.abc import Iterable

from vanban_core.text.articles import ArticleSpan, split_articles

ARTICLE_CHARS = 400_000  # a whole code of law; longer texts are searched in their opening
_K1, _B = 1.2, 0.75


def fold_ascii(text: str) -> bytes:
    """Folded lowercase ASCII of ``text``: NFD, then every mark dropped by the ASCII
    codec, all in C, so a 40 KB decree is folded in about a millisecond."""
    plain = text.replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFD", plain).encode("ascii", "ignore").lower()


def _whole_words(folded: bytes, term: bytes) -> int:
    """How often ``term`` stands in ``folded`` as a whole word (bytes.find runs in C;
    only the occurrences are looked at in Python)."""
    found, width = 0, len(term)
    at = folded.find(term)
    while at >= 0:
        end = at + width
        if (at == 0 or not folded[at - 1 : at].isalnum()) and not folded[end : end + 1].isalnum():
            found += 1
        at = folded.find(term, end)
    return found


def best_article(text: str, terms: Iterable[str]) -> ArticleSpan | None:
    """The article of ``text`` scoring best for the folded syllables ``terms``
    (BM25 over the text's articles); None when the text has no articles or no
    article holds a term.

    Each article is folded (in C) but not tokenized: each query word is counted
    as a whole word by substring search, and article lengths are measured in
    folded characters, so a hit costs a fold and a few searches per article, not
    a word list and a count of every word in it.
    """
    wanted = frozenset(t for t in terms if t and t.isascii())
    if not wanted:
        return None
    opening = text[:ARTICLE_CHARS]
    spans = split_articles(opening)
    if not spans:
        return None
    keys = [t.encode() for t in wanted]
    counts: list[Counter[str]] = []
    lengths: list[int] = []
    for span in spans:
        folded = fold_ascii(opening[span.start : span.end])
        lengths.append(len(folded))
        found = ((t, _whole_words(folded, k)) for t, k in zip(wanted, keys, strict=True))
        counts.append(Counter({t: n for t, n in found if n}))
    df = Counter(t for c in counts for t in c)
    if not df:
        return None
    n, mean = len(spans), max(1.0, sum(lengths) / len(spans))
    idf = {t: math.log(1 + (n - k + 0.5) / (k + 0.5)) for t, k in df.items()}
    best, best_score = None, 0.0
    for span, count, length in zip(spans, counts, lengths, strict=True):
        norm = _K1 * (1 - _B + _B * length / mean)
        score = sum(idf[t] * tf * (_K1 + 1) / (tf + norm) for t, tf in count.items())
        if score > best_score:
            best, best_score = span, score
    return best
