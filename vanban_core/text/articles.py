"""Articles (Điều) of a legal text: where each starts, its number and heading.

A Vietnamese legal document is a sequence of articles, each opening on its own
line with "Điều 5. Heading" (or "Điều 5: …", "ĐIỀU 5 …"). A mention inside a
sentence ("theo Điều 5 của Luật này") is not at the start of a line, so it is
never taken for an article. The web page anchors each article as ``dieu-5``
and search hits name the article that matches best, both from this one parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING = re.compile(
    r"^[ \t]*(?:Điều|ĐIỀU|Dieu|DIEU)[ \t]+(\d{1,4}[a-zđ]?)[ \t]*(?:[.:][ \t]*([^\n]*)|[ \t]*$)",
    re.MULTILINE,
)
HEADING_CHARS = 200  # a heading is one line; a run-on first line is cut to this
_KEYWORDS = ("Điều", "ĐIỀU", "Dieu", "DIEU")  # what _HEADING can open with


@dataclass(frozen=True)
class ArticleSpan:
    """One article: ``text[start:end]`` runs from its heading line to the next article."""

    number: str
    heading: str
    start: int
    end: int

    @property
    def anchor(self) -> str:
        return anchor(self.number)


def anchor(number: str) -> str:
    """The fragment id of article ``number`` on the document page: ``dieu-5``."""
    return f"dieu-{number.lower()}"


def split_articles(text: str) -> list[ArticleSpan]:
    """Every article of ``text`` in order; empty when the text has no article heading.

    A number seen again (an amending law quoting "Điều 5" of another law on its
    own line) keeps its first place, so every anchor on a page is unique.
    """
    found = _headings(text)
    spans: list[ArticleSpan] = []
    seen: set[str] = set()
    for i, match in enumerate(found):
        number = match.group(1).lower()
        end = found[i + 1].start() if i + 1 < len(found) else len(text)
        if number in seen:
            if spans:  # the quoted heading stays inside the article quoting it
                spans[-1] = ArticleSpan(spans[-1].number, spans[-1].heading, spans[-1].start, end)
            continue
        seen.add(number)
        heading = (match.group(2) or "").strip()[:HEADING_CHARS]
        spans.append(ArticleSpan(number, heading, match.start(), end))
    return spans


def _headings(text: str) -> list[re.Match[str]]:
    """What ``_HEADING.finditer(text)`` finds, without running the pattern at every
    position of a long text: each keyword is found by ``str.find`` (in C), and the
    pattern is tried only at the start of a line holding one before anything else.
    A heading never spans lines, so the matches are the same. Only the blanks just
    before a keyword are looked at, never the rest of its line: a text of one
    400 KB line with a keyword every 60 characters costs what its length does."""
    line_starts: set[int] = set()
    for word in _KEYWORDS:
        at = text.find(word)
        while at >= 0:
            line = at
            while line > 0 and text[line - 1] in " \t":
                line -= 1
            if line == 0 or text[line - 1] == "\n":
                line_starts.add(line)
            at = text.find(word, at + len(word))
    matches = (_HEADING.match(text, line) for line in sorted(line_starts))
    return [m for m in matches if m]
