"""Document numbers (số hiệu): finding, canonicalizing and keying them.

Numbers are pulled out of text before word segmentation, because pyvi splits
"06/2013/QĐ-TTg" into six tokens and the number would be lost. A number has a
serial ("06"), an optional year ("2013") and a code part made of a type code
("QĐ") and issuer codes ("TTg"), joined by hyphens.

Three forms are used:
- ``raw``: as written in the source;
- canonical: the display form, with known codes restored to their official
  spelling ("06/2013/QD-TTG" becomes "06/2013/QĐ-TTg");
- key: the lookup form, folded, lowercased, leading zeros dropped and every
  separator unified ("6-2013-qd-ttg"), so "1016 tb vpcp", "Số: 1016/TB–VPCP"
  and "1016/TB-VPCP" all meet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vanban_core import codes
from vanban_core.text.normalize import fold, normalize

_LETTER = "A-Za-zĐđ"
# A serial may carry a sub-number after a dot: "66.16/2026/NQ-CP".
_SERIAL = r"\d{1,6}(?:\.\d{1,3})?"
# Strict form, as numbers are printed in documents: serial/[year/]CODE[-CODE...].
_STRICT = re.compile(
    rf"(?<![\w/])"
    rf"(?P<serial>{_SERIAL}[a-zA-Z]?)"
    rf"(?:/(?P<year>(?:19|20)\d{{2}}))?"
    rf"/(?P<code>[{_LETTER}][{_LETTER}0-9]*(?:\s?[-/]\s?[{_LETTER}][{_LETTER}0-9]*)*)"
    rf"(?![\w])",
)
# Lenient form, for what people type into a search box: any of / - . _ or a space
# between parts ("1016 tb vpcp", "06.2013.qd-ttg"). It may take words that follow
# a number; :func:`_typed_code` decides which parts really belong to it.
_LENIENT = re.compile(
    rf"(?<![\w])"
    rf"(?P<serial>{_SERIAL})"
    rf"(?:[\s/._-]+(?P<year>(?:19|20)\d{{2}}))?"
    rf"(?P<code>(?:[\s/._-]+[{_LETTER}][{_LETTER}0-9]*){{1,8}})"
    rf"(?![\w])",
)
_CODE_PART = re.compile(rf"(?P<sep>[\s/._-]+)(?P<part>[{_LETTER}][{_LETTER}0-9]*)")
_EXPLICIT = frozenset("/._-")
# The shape of a Vietnamese syllable typed without diacritics ("thong", "viec", "da"):
# codes such as "VPCP", "KHTC" or "QH15" never have it.
_WORD_SHAPE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?"
)
_SPLIT = re.compile(r"[\s/._-]+")
_YEAR = re.compile(r"(?:19|20)\d{2}")
# A canonical number that :func:`canonical_number` gives back unchanged but for
# code spellings (which keys fold away): see :func:`key_of_canonical`.
_PLAIN_CANONICAL = re.compile(
    rf"{_SERIAL}[a-zA-Z]?(?:/(?:19|20)\d{{2}})?"
    rf"/[{_LETTER}][{_LETTER}0-9]*(?:-[{_LETTER}][{_LETTER}0-9]*){{0,7}}"
)
# A number being typed, possibly after "Số:" / "so".
_TYPED_START = re.compile(r"^\s*(?:s[oố]\s*:?\s*)?(\d[\w/. -]*)$", re.IGNORECASE)


@dataclass(frozen=True)
class NumberParts:
    """A number split into its meaningful parts."""

    serial: str
    year: int | None
    type_code: str | None
    issuer_code: str | None


@dataclass(frozen=True)
class NumberMatch:
    """One number found in a text, with its position in that (normalized) text."""

    start: int
    end: int
    raw: str
    canonical: str


def _canonical_code(part: str) -> str:
    """Restore a code to its official spelling, e.g. "qd" -> "QĐ", "ttg" -> "TTg"."""
    known = codes.canonical_code(part)
    return known if known else part.upper()


def _compose(serial: str, year: str | None, code_parts: list[str]) -> str:
    head = f"{serial}/{year}/" if year else f"{serial}/"
    return head + "-".join(_canonical_code(p) for p in code_parts)


def _code_parts(code: str) -> list[str]:
    return [p for p in _SPLIT.split(code) if p]


def canonical_number(raw: str) -> str | None:
    """Canonical display form of a number, or None when ``raw`` holds none.

    Leading words such as "Số:" or a type name are ignored; the first number
    found wins.
    """
    found = _match(normalize(raw), lenient=True)
    return found.canonical if found else None


def number_key(raw: str) -> str:
    """Lookup key of a number: folded, lowercased, separators unified, zeros trimmed.

    Returns "" for text that is not a number, so callers can skip it.
    """
    canonical = canonical_number(raw)
    return _key_of(canonical) if canonical is not None else ""


def key_of_canonical(canonical: str) -> str:
    """:func:`number_key` of a canonical number (a :attr:`NumberMatch.canonical`).

    Keyed directly when re-reading it could not give another number: plain
    code letters (no "Ư"), at most the eight code parts a lenient reading
    takes. Other numbers are read again, as :func:`number_key` does.
    """
    if _PLAIN_CANONICAL.fullmatch(canonical):
        return _key_of(canonical)
    return number_key(canonical)


def _key_of(text: str) -> str:
    """The key form of number text, whole or half-typed: folded, lowercased,
    separators unified to "-", leading zeros dropped."""
    parts = [p for p in _SPLIT.split(fold(text).lower()) if p]
    return "-".join(p.lstrip("0") or "0" if p.isdigit() else p for p in parts)


def number_key_prefix(typed: str) -> str:
    """The start of a key from a number still being typed ("06/2013/QĐ-T" -> "6-2013-qd-t"),
    for autocomplete; "" when ``typed`` does not start like a number."""
    match = _TYPED_START.match(normalize(typed))
    if not match:
        return ""
    key = _key_of(match.group(1))
    # A trailing separator means the next part has not started yet.
    return key + "-" if key and _SPLIT.fullmatch(match.group(1)[-1]) else key


def parse_number(raw: str) -> NumberParts | None:
    """Split a number into serial, year, type code and issuer code."""
    canonical = canonical_number(raw)
    if canonical is None:
        return None
    pieces = canonical.split("/")
    serial = pieces[0]
    year = int(pieces[1]) if len(pieces) == 3 else None
    code_parts = pieces[-1].split("-")
    type_code = code_parts[0] if codes.doc_type_name(code_parts[0]) else None
    issuer_parts = code_parts[1:] if type_code else code_parts
    return NumberParts(serial, year, type_code, "-".join(issuer_parts) or None)


def _toned(part: str) -> bool:
    """Written with diacritics other than Đ, and not in capitals: a word ("đã", "Thông")."""
    bare = part.replace("đ", "d").replace("Đ", "D")
    return fold(bare) != bare and not part.isupper()


def _word_shaped(part: str) -> bool:
    return _WORD_SHAPE.fullmatch(fold(part).lower()) is not None


def _code_shaped(part: str) -> bool:
    """Neither a toned word nor shaped like an unaccented syllable: "KHTC", "tp", "QH15"."""
    return not _toned(part) and not _word_shaped(part)


def _spaced_part(
    part: str, parts: list[str], joins: list[bool], *, dashed: bool, run: bool, year_like: bool
) -> bool:
    """Whether ``part``, joined to the number by spaces only, is one of its codes.

    ``dashed``: a dash ties it to the next part ("1333 TP-KHTC"); ``run``: the next
    part follows by a space and is code-shaped too ("1333 TP KHTC"); ``year_like``:
    the serial reads as a year, as in "2024 TP HCM", which is a place, not a number.
    """
    if _toned(part):
        return False
    known = codes.canonical_code(part) is not None
    if not parts:
        # "2014 thong bao", "nam 2014 da ban hanh": a bare number then words.
        # A code outside the tables still counts when a dash ties it to the next,
        # or when another code-shaped part follows after a non-year serial.
        unlisted = not _word_shaped(part) and (dashed or (run and not year_like))
        return (known or unlisted) and not (part.islower() and _word_shaped(part))
    after_type = len(parts) == 1 and codes.doc_type_name(parts[0]) is not None
    # "1333/TP KHTC": one code we do not know is a number cut short; its issuer may
    # follow after a space. A known code ("41/2024/QH15 bhxh") is a whole number.
    after_unlisted = len(parts) == 1 and joins[0] and codes.canonical_code(parts[0]) is None
    spaced = not joins[-1] or after_type or after_unlisted
    return spaced and (known or not _word_shaped(part))


def _typed_code(m: re.Match[str]) -> tuple[list[str], int]:
    """Code parts of a typed number, and where it ends: words after it are not codes.

    A part joined by "/", "-", "." or "_" belongs to the number. A part joined by
    spaces only belongs to it when it is a code and the number was spaced so far
    ("1016 tb vpcp", "867 QĐ QLTA", "1333 TP KHTC"), or is the issuer right after a
    type code or an unlisted code ("06/2013/QĐ TTg", "1333/TP KHTC"); so "2014 thong
    bao", "nam 2014 da ban hanh" and "2024 TP HCM" hold no number, and
    "1016/TB-VPCP thong bao" or "41/2024/QH15 bhxh" end before the words.
    """
    parts: list[str] = []
    joins: list[bool] = []  # whether each accepted part was joined by a separator mark
    end = m.start("code")
    pieces = list(_CODE_PART.finditer(m.group("code")))
    year_like = m.group("year") is None and _YEAR.fullmatch(m.group("serial")) is not None
    for i, piece in enumerate(pieces):
        part = piece.group("part")
        explicit = bool(_EXPLICIT & set(piece.group("sep")))
        after = pieces[i + 1] if i + 1 < len(pieces) else None
        dashed = after is not None and "-" in after.group("sep")
        run = (
            after is not None
            and not _EXPLICIT & set(after.group("sep"))
            and _code_shaped(after.group("part"))
        )
        if not explicit and not _spaced_part(
            part, parts, joins, dashed=dashed, run=run, year_like=year_like
        ):
            break
        parts.append(part)
        joins.append(explicit)
        end = m.start("code") + piece.end()
    return parts, end


def _match_at(m: re.Match[str], lenient: bool) -> NumberMatch | None:
    end = m.end()
    if lenient:
        parts, end = _typed_code(m)
    else:
        parts = _code_parts(m.group("code"))
    if not parts:
        return None
    canonical = _compose(m.group("serial"), m.group("year"), parts)
    return NumberMatch(m.start(), end, m.string[m.start() : end], canonical)


def _match(text: str, lenient: bool) -> NumberMatch | None:
    matches = find_numbers(text, lenient=lenient)
    return matches[0] if matches else None


def find_numbers(text: str, *, lenient: bool = False) -> list[NumberMatch]:
    """Every number in ``text`` in order of appearance.

    ``lenient`` accepts the loose spellings typed in search boxes; documents are
    scanned strictly so that dates or amounts are never taken for numbers.
    Positions refer to ``text`` as given (callers pass normalized text).
    """
    pattern = _LENIENT if lenient else _STRICT
    found: list[NumberMatch] = []
    for m in pattern.finditer(text):
        match = _match_at(m, lenient)
        if match is not None:
            found.append(match)
    if lenient:
        # Strict matches are a subset in spirit; add them where lenient parsing refused.
        for strict in find_numbers(text, lenient=False):
            if not any(f.start <= strict.start < f.end for f in found):
                found.append(strict)
        found.sort(key=lambda f: f.start)
    return found
