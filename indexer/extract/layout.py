"""Line predicates shared by the extractors: capitals, the Quốc hiệu.

Whether a line is printed in capitals is the main layout signal that survives
text extraction: issuing bodies, type headings and the signer's titles are in
capitals, running text is not.
"""

from __future__ import annotations

import re

from vanban_core.text.normalize import fold

# Marks of a signature on someone's behalf: "TM." (thay mặt), "KT." (ký thay),
# "TL." (thừa lệnh), "TUQ." (thừa ủy quyền), also spelled "T/M", "K.T", "TM".
ON_BEHALF_MARKS = r"T[./]?M\.?|K[./]?T\.?|T[./]?L\.?|T[./]?U[./]?Q\.?"
# Matched on folded text, so typos in marks ("NGHÍA") and a cut "VIỆT" / "NAM" still match.
_NATIONAL = re.compile(
    r"(?:CONG\s*HOA\s*XA\s*HOI\s*CHU\s*NGHIA(?:\s*VIET(?:\s*NAM)?)?"
    r"|DOC\s*LAP\s*-\s*TU\s*DO\s*-\s*HANH\s*PHUC|DANG\s*CONG\s*SAN\s*VIET\s*NAM)",
    re.IGNORECASE,
)


def is_caps(line: str) -> bool:
    """True when the letters of ``line`` are (almost) all capitals."""
    letters = [c for c in line if c.isalpha()]
    if len(letters) < 2:
        return False
    upper = sum(1 for c in letters if c.isupper())
    return upper >= 0.9 * len(letters)


def is_national_line(line: str) -> bool:
    """Quốc hiệu, motto and the Party's name: right-column furniture, never the issuer.

    Only in capitals or filling most of the line: a title may well mention
    "Chính phủ nước Cộng hòa xã hội chủ nghĩa Việt Nam".
    """
    m = _NATIONAL.search(fold(line))
    if not m:
        return False
    return is_caps(line[m.start() : m.end()]) or len(m.group(0)) >= 0.6 * len(line.strip())


def strip_national(line: str) -> str:
    """``line`` without the Quốc hiệu or motto that interleaving put on it.

    Folding keeps one character per character of NFC Vietnamese text, so
    positions found in the folded line apply to the line itself.
    """
    m = _NATIONAL.search(fold(line))
    while m:
        line = line[: m.start()] + " " + line[m.end() :]
        m = _NATIONAL.search(fold(line))
    return line
