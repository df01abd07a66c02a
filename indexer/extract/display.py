"""The stored and shown text: the document's words without the debris of its source.

PDF text layers cut syllables apart ("Hà N ội", "Chín h phủ"), Công báo pages
carry running headers and signature stamps, Word and plain-text exports carry
rule lines ("______", "-----") and markdown ``**``. None of it is the
document, and all of it reaches snippets. Syllables are rejoined only where
the joined form is a valid Vietnamese syllable and one piece cannot stand
alone (an onset without a vowel, a final consonant without one), so real
words are never glued together.
"""

from __future__ import annotations

import re

from indexer.congbao import clean_gazette_text, is_gazette
from vanban_core.text.syllables import is_syllable

_RULE = re.compile(r"^\s*[_\-–—=*.…·~•+]{3,}\s*$")
_INLINE_RULE = re.compile(r"[_=]{4,}|-{5,}")
_BOLD = re.compile(r"\*\*|__(?=\w)|(?<=\w)__")
_LETTERS = re.compile(r"^[^\W\d_]{1,6}$")
_TRAILING = '.,;:!?)"”’'
_NO_VOWEL = re.compile(
    r"^[^aăâeêioôơuưyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]+$",
    re.IGNORECASE,
)


def _cut(left: str, right: str) -> bool:
    """Whether "left right" is one syllable cut in two (see the module docstring);
    punctuation after the right piece stays with it ("Hà N ội." -> "Hà Nội.")."""
    right = right.rstrip(_TRAILING)
    if not (_LETTERS.match(left) and _LETTERS.match(right)) or not is_syllable(left + right):
        return False
    onset_cut = bool(_NO_VOWEL.match(left)) and len(left) <= 3 and not right[:1].isupper()
    upper_cut = left.isupper() and right.isupper() and bool(_NO_VOWEL.match(left))
    final_cut = bool(_NO_VOWEL.match(right)) and len(right) <= 2 and right.islower()
    return onset_cut or upper_cut or final_cut


def rejoin_syllables(line: str) -> str:
    """ "Hà N ội" -> "Hà Nội", "Chín h phủ" -> "Chính phủ"; "khoản a điểm b" unchanged."""
    if " " not in line:
        return line
    words = line.split(" ")
    out: list[str] = [words[0]]
    for word in words[1:]:
        if out[-1] and word and _cut(out[-1], word):
            out[-1] += word
        else:
            out.append(word)
    return " ".join(out)


def display_text(text: str) -> str:
    """The text to store, index and show (see the module docstring)."""
    if not text:
        return text
    if is_gazette(text):
        text = clean_gazette_text(text)
    lines: list[str] = []
    for line in text.split("\n"):
        if _RULE.match(line):
            line = ""
        else:
            line = rejoin_syllables(_INLINE_RULE.sub(" ", _BOLD.sub("", line))).rstrip()
        if line or (lines and lines[-1]):
            lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)
