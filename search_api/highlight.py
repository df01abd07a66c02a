"""Snippets with matches marked, built the same way for every backend.

The snippet is cut from the stored original text, not from index tokens, so it
reads as the document does. Every piece of text is HTML-escaped *before* the
``<mark>`` tags are added, so a document containing markup can never inject it.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from search_api.models import Hit, HitArticle
from search_api.passages import ARTICLE_CHARS, best_article
from vanban_core.schema import Document
from vanban_core.text.normalize import fold_token

_WORD = re.compile(r"\w+", re.UNICODE)
SNIPPET_WORDS = 36
SOURCE_CHARS = 32_000  # snippets come from the opening: a 20 MB text costs what 32 KB does
# What a backend must hand make_hit of a hit's text: the opening the article finder reads.
HIT_TEXT_CHARS = max(SOURCE_CHARS, ARTICLE_CHARS)


def _window(keys: list[str | None], width: int) -> int:
    """Start of the ``width``-word window that shows the most distinct query terms.

    Distinct terms count far more than repeats, so a window holding the whole
    query beats one repeating a single common word.
    """
    if len(keys) <= width:
        return 0
    counts: Counter[str] = Counter(k for k in keys[:width] if k)
    best_start, best = 0, len(counts) * 100 + sum(counts.values())
    for start in range(1, len(keys) - width + 1):
        leaving, entering = keys[start - 1], keys[start + width - 1]
        if leaving:
            counts[leaving] -= 1
            if not counts[leaving]:
                del counts[leaving]
        if entering:
            counts[entering] += 1
        score = len(counts) * 100 + sum(counts.values())
        if score > best:
            best, best_start = score, start
    # Open slightly before the first match so it is read in context.
    first = next((i for i in range(best_start, best_start + width) if keys[i]), best_start)
    return max(0, min(best_start, first - 4))


# Within the opening (SOURCE_CHARS), the snippet is cut from the first piece of
# this many characters that holds a query term, so a long opening is not
# tokenized whole when its first piece already matches.
SCAN_CHARS = 8_000
SCAN_PIECES = SOURCE_CHARS // SCAN_CHARS


def _bounded_window(text: str, wanted: set[str], width: int) -> tuple[str, bool, bool]:
    """The part of ``text`` a snippet is cut from, and whether text was cut before
    and after it: the opening when nothing is to be marked (a number lookup), else
    the first piece of :data:`SCAN_CHARS` holding a wanted term, within the first
    :data:`SCAN_PIECES` pieces (else the opening)."""
    if not wanted:
        return text[: width * 40], False, len(text) > width * 40
    if len(text) <= SCAN_CHARS:
        return text, False, False
    for piece in range(SCAN_PIECES):
        start = piece * SCAN_CHARS
        if start >= len(text):
            break
        # Pieces overlap by a window's worth, so a run of terms on a border survives.
        end = start + SCAN_CHARS + width * 12
        chunk = text[start:end]
        if any(fold_token(m.group(0).lower()) in wanted for m in _WORD.finditer(chunk)):
            if start:
                # Drop the word the cut went through: it would be half a word.
                chunk = chunk[chunk.find(" ") + 1 :]
            return chunk, start > 0, end < len(text)
    return text[:SCAN_CHARS], False, True


def snippet(text: str, terms: Iterable[str], width: int = SNIPPET_WORDS) -> str:
    """An escaped excerpt of ``text`` around the densest run of ``terms``.

    ``terms`` are folded lowercase syllables; matching is folded too, so a query
    typed without diacritics still marks the accented words it found.
    """
    wanted = {t for t in terms if t}
    text = text[:SOURCE_CHARS]
    # Stored text is already normalized by the schema (NFC); matching is on
    # folded tokens, where tone placement no longer matters, so the costly
    # canonical-tone pass over a whole long document is not needed here.
    window, cut_before, cut_after = _bounded_window(text, wanted, width)
    text = unicodedata.normalize("NFC", window)
    words = list(_WORD.finditer(text))
    if not words:
        return ""
    folded = [fold_token(m.group(0).lower()) for m in words]
    keys = [f if f in wanted else None for f in folded]
    flags = [k is not None for k in keys]
    start = _window(keys, width) if wanted else 0
    end = min(len(words), start + width)
    begin_char = words[start].start()
    end_char = words[end - 1].end()
    out: list[str] = ["… " if start > 0 or cut_before else ""]
    # Escaping works character by character, so the text between two marked
    # words is escaped in one piece rather than word by word.
    cursor = begin_char
    for i in range(start, end):
        if flags[i]:
            m = words[i]
            out.append(html.escape(text[cursor : m.start()]))
            out.append(f"<mark>{html.escape(m.group(0))}</mark>")
            cursor = m.end()
    out.append(html.escape(text[cursor:end_char]))
    if end < len(words) or cut_after:
        out.append(" …")
    return " ".join("".join(out).split())


def make_hit(
    doc: Document, score: float, terms: Iterable[str], *, with_snippet: bool = True
) -> Hit:
    """The result-list entry of ``doc``, with its snippet; one builder for every backend.

    When the text has articles, the hit names the best-matching one and the
    snippet is cut from it, so the excerpt shown is the part that answers.
    ``with_snippet=False`` leaves the snippet to :func:`cut_snippet`, for hits
    fetched to be reordered of which a page shows only some: cutting a snippet
    is the larger part of building a hit.
    """
    terms = list(terms)
    text = doc.text or doc.title or ""
    span = best_article(doc.text or "", terms)
    article = None
    if span is not None:
        article = HitArticle(number=span.number, heading=span.heading, anchor=span.anchor)
        text = text[span.start : span.end]
    hit = Hit(
        id=doc.id,
        number=doc.number,
        doc_type=doc.doc_type,
        issuer=doc.issuer,
        issued_date=doc.issued_date,
        title=doc.title,
        updated_at=doc.updated_at,
        status=doc.status,
        effective_date=doc.effective_date,
        expiry_date=doc.expiry_date,
        language=doc.language,
        gazette=doc.gazette,
        snippet=snippet(text, terms) if with_snippet else "",
        article=article,
        score=round(score, 4),
    )
    hit._passage = text[:SOURCE_CHARS]
    if not with_snippet:
        hit._snippet_terms = frozenset(terms)
    return hit


def cut_snippet(hit: Hit) -> Hit:
    """``hit`` with the snippet :func:`make_hit` would have cut (it reads the same
    bounded passage), for a hit built ``with_snippet=False``."""
    hit.snippet = snippet(hit.passage, hit._snippet_terms)
    return hit
