"""Numbers of the other documents a text cites ("Quyết định số 06/2013/QĐ-TTg").

Numbers are found by the shared number analysis (so they are canonical and
keyed exactly as the search index keys them), on the text with lines joined,
because a number is often split from its type name or even cut in two by a
line break in HTML and PDF extractions ("Nghị quyết số" / "203/2025/QH15").
"""

from __future__ import annotations

import re

from indexer.extract.number import find_party_numbers
from vanban_core.analysis import find_numbers, key_of_canonical, number_key

# "203/ 2025/QH15" and "8376 /VBHN-BTP", as line breaks and typing leave them.
_TIGHTEN = re.compile(r"(?<=\d)\s+/\s*|/\s+(?=\d)")


def find_citations(lines: list[str], own_number: str | None) -> list[str]:
    """Canonical numbers cited in ``lines``, first mention first, without duplicates.

    The document's own number is left out, in whatever spelling it recurs.
    """
    text = _TIGHTEN.sub("/", " ".join(line for line in lines if line))
    own = {number_key(own_number), own_number} if own_number else set()
    found = [(m.start, m.canonical, key_of_canonical(m.canonical)) for m in find_numbers(text)]
    # Party numbers ("57-NQ/TW") are keyed by themselves: the shared key is for
    # the state form only.
    found += [(start, number, number) for start, _, number in find_party_numbers(text)]
    seen: set[str] = set()
    cites: list[str] = []
    for _, number, key in sorted(found):
        if key and key not in seen and key not in own:
            seen.add(key)
            cites.append(number)
    return cites
