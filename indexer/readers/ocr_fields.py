"""Second reading of the fields people look a scanned document up by.

Officials write the serial of "Số: …/2021/TT-BQP" and the day (often the month
too) of "Hà Nội, ngày … tháng … năm …" by hand, or stamp them, after the
document is signed. On a scan these are exactly the words Tesseract's page pass
gets wrong ("Số: 5 @ /2021/TT-BQP", "ngày ‡ tháng õ"), while the printed words
around them are read well. So each such slot is located from the word boxes of
its printed neighbours, cropped, and read again on its own several ways (digits
only, Tesseract's English model as one line and as one word). Inside a slot
that can only hold digits, letters that handwriting and blur share with digits
are mapped back (O→0, l→1, F→7…), the readings vote, and a reading replaces the
page's words only when it is valid: digits for a serial, a day of 1–31, a month
of 1–12, a year 1945–2099. The code after the serial ("TB-LPQT") is re-read as
well, preferring the reading whose parts are codes known from ``mappings/``.

This module decides *where* to look and *what* to accept; :mod:`indexer.readers.ocr`
does the cropping and runs Tesseract, through the ``read`` callable.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from enum import Enum

from vanban_core import codes
from vanban_core.text.normalize import fold

# The header (issuer, "Số:", place and date) sits in the upper part of a first page.
HEADER_SHARE = 0.5
# Words of one header line may sit in different Tesseract blocks (two columns).
_LINE_TOLERANCE = 0.6


class Mode(Enum):
    """The ways a slot is read again (each one Tesseract call on the crop)."""

    DIGITS = "digits"  # only 0-9 allowed, one line
    WORD = "word"  # English model, one word
    LINE = "line"  # English model, one line
    LINE_VIE = "line-vie"  # Vietnamese model, one line
    ZOOM = "zoom"  # English model, one line, crop enlarged twice


Box = tuple[int, int, int, int]  # left, top, right, bottom in page pixels
SlotReader = Callable[[Box, Mode], str]


@dataclass(frozen=True)
class Word:
    """One word of Tesseract's TSV output, with its place on the page."""

    text: str
    left: int
    top: int
    width: int
    height: int
    block: int = 0
    par: int = 0
    line: int = 0

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height

    @property
    def middle(self) -> float:
        return self.top + self.height / 2


def parse_tsv(tsv: str) -> list[Word]:
    """The words (level 5) of ``tesseract … tsv`` output, in reading order."""
    reader = csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    words: list[Word] = []
    for row in reader:
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        try:
            words.append(
                Word(
                    text,
                    int(row["left"]),
                    int(row["top"]),
                    int(row["width"]),
                    int(row["height"]),
                    int(row["block_num"]),
                    int(row["par_num"]),
                    int(row["line_num"]),
                )
            )
        except (KeyError, TypeError, ValueError):
            continue
    return words


def page_text(words: Sequence[Word]) -> str:
    """The page as Tesseract's text output lays it out: a line per line, a blank
    line between paragraphs."""
    out: list[str] = []
    previous: tuple[int, int, int] | None = None
    for word in words:
        here = (word.block, word.par, word.line)
        if previous is None:
            out.append(word.text)
        elif here == previous:
            out.append(" " + word.text)
        elif here[:2] == previous[:2]:
            out.append("\n" + word.text)
        else:
            out.append("\n\n" + word.text)
        previous = here
    return "".join(out)


# -- reading a slot -------------------------------------------------------------

# Shapes that stand for a digit in a slot that holds only digits.
_LOOKALIKES = str.maketrans(
    {
        **dict.fromkeys("OoQDUØø°", "0"),
        **dict.fromkeys("IlLi|!][ÍÌÎïíì", "1"),
        **dict.fromkeys("Zz", "2"),
        **dict.fromkeys("A", "4"),
        **dict.fromkeys("Ss$", "5"),
        **dict.fromkeys("Gb", "6"),
        **dict.fromkeys("TFf?", "7"),
        **dict.fromkeys("B&", "8"),
        **dict.fromkeys("gq", "9"),
        **dict.fromkeys(" .,'‘’`\"“”_-", ""),
    }
)


def as_digits(reading: str) -> str:
    """``reading`` with digit look-alikes mapped, or "" when it still holds other marks."""
    mapped = reading.replace("()", "0").translate(_LOOKALIKES)
    return mapped if mapped.isdigit() else ""


def _vote(candidates: Iterable[str], valid: Callable[[str], bool]) -> str | None:
    """The valid candidate read most often; earlier candidates win ties."""
    kept = [c for c in candidates if c and valid(c)]
    if not kept:
        return None
    counts = Counter(kept)
    return max(kept, key=lambda c: (counts[c], -kept.index(c)))


def _read_digits(
    read: SlotReader, boxes: Sequence[Box], original: str, valid: Callable[[str], bool]
) -> str | None:
    """The slot's value: the page pass's reading when it is already valid, else the
    vote of fresh readings of each crop in ``boxes`` (the page pass's one counts too).

    Several crops, because where a handwritten slot begins is a guess: a crop that
    cuts a stroke or takes in the last letter of "ngày" reads differently.
    """
    if original.isdigit() and valid(original):
        return original
    readings = [read(box, mode) for box in boxes for mode in (Mode.DIGITS, Mode.WORD, Mode.LINE)]
    return _vote((as_digits(r) for r in [*readings, original]), valid)


# -- locating slots -------------------------------------------------------------


def _same_line(a: Word, b: Word) -> bool:
    return abs(a.middle - b.middle) < max(a.height, b.height) * _LINE_TOLERANCE


def _is(word: Word, *forms: str) -> bool:
    return fold(word.text).lower().strip(":.,") in forms


def _line_after(words: Sequence[Word], anchor: int) -> list[int]:
    """Indices of the words right of ``words[anchor]`` on its line, left to right."""
    first = words[anchor]
    # From the anchor's left edge, not its right: a box may swallow the glyphs after it.
    found = [
        i
        for i, w in enumerate(words)
        if i != anchor and w.left > first.left and _same_line(first, w)
    ]
    return sorted(found, key=lambda i: words[i].left)


def _box(words: Iterable[Word], left: int, right: int) -> Box:
    items = list(words)
    pad = max(w.height for w in items) * 2 // 5
    return (left, min(w.top for w in items) - pad, right, max(w.bottom for w in items) + pad)


def _contiguous(indices: Sequence[int]) -> bool:
    """Whether the words are one run in reading order, so replacing them keeps the rest."""
    return max(indices) - min(indices) + 1 == len(indices)


@dataclass(frozen=True)
class _Edit:
    """Replace ``words[start:end]`` by one word ``text`` placed at ``at``."""

    start: int
    end: int
    text: str
    at: Word


# -- the number -----------------------------------------------------------------

_NUMBER_TAIL = re.compile(r"/(?:(?:19|20)\d{2}/)?[A-Za-zĐđ][A-Za-zĐđ0-9]*(?:[-–][A-Za-zĐđ0-9.]+)*")
_CODE_PART = re.compile(r"[A-ZĐ][A-Za-zĐđ0-9]*")
_SERIAL = re.compile(r"\d{1,6}")
_MAX_NUMBER_WORDS = 4


def _tail(reading: str) -> str | None:
    """The "/2023/TB-LPQT" part of a reading of a number, if it has one."""
    found = _NUMBER_TAIL.search(reading.replace(" ", ""))
    return found.group(0).replace("–", "-") if found else None


def _tail_score(tail: str) -> tuple[int, int]:
    parts = tail.rsplit("/", 1)[-1].split("-")
    known = sum(codes.canonical_code(p) is not None for p in parts)
    shaped = sum(_CODE_PART.fullmatch(p) is not None for p in parts)
    return known, shaped


def _all_known(tail: str) -> bool:
    return _tail_score(tail)[0] == len(tail.rsplit("/", 1)[-1].split("-"))


def _best_tail(readings: Sequence[str]) -> str | None:
    tails = [t for t in (_tail(r) for r in readings) if t]
    if not tails:
        return None
    counts = Counter(tails)
    return max(tails, key=lambda t: (*_tail_score(t), counts[t], -tails.index(t)))


def _number_label(words: Sequence[Word], limit: int) -> int | None:
    """Index of the header's "Số:" (with its colon if any "Số" in the zone has one)."""
    labels = [i for i, w in enumerate(words) if w.top < limit and _is(w, "so")]
    with_colon = [i for i in labels if ":" in words[i].text]
    found = with_colon or labels
    return found[0] if found else None


def _number_edit(words: Sequence[Word], read: SlotReader, label: int) -> _Edit | None:
    slot: list[int] = []
    for i in _line_after(words, label)[:_MAX_NUMBER_WORDS]:
        slot.append(i)
        if "/" in words[i].text:
            break
    else:
        return None
    last = words[slot[-1]]
    if not _contiguous(slot):
        return None
    if _tail(last.text[last.text.index("/") :]) is None and _tail(last.text) is None:
        return None
    # Where the serial ends: the first "/" of the last word, by its share of the letters.
    cut = last.left + last.width * last.text.index("/") // max(len(last.text), 1)
    start = words[label].right + 1
    if cut - start < words[label].height // 3:
        return None
    around = [words[label], *(words[i] for i in slot)]
    original = "".join(words[i].text for i in slot)
    serial = _read_digits(
        read,
        [_box(around, start, cut + 2)],
        original.split("/", 1)[0],
        lambda s: _SERIAL.fullmatch(s) is not None,
    )
    printed = _tail(original)
    if printed is not None and _all_known(printed):
        tail: str | None = printed  # every code read as one we know: nothing to improve
    else:
        whole = _box(around, start, last.right + last.height // 2)
        readings = [read(whole, Mode.LINE), read(whole, Mode.LINE_VIE), read(whole, Mode.ZOOM)]
        tail = _best_tail([original, *readings])
    if serial is None or tail is None or serial + tail == original:
        return None
    return _Edit(slot[0], slot[-1] + 1, serial + tail, words[slot[0]])


# -- the date -------------------------------------------------------------------

_YEAR = re.compile(r"(?:19[4-9]|20\d)\d")
# The place-date line is beside the "Số:" line or at most a few lines below it.
_DATE_LINES_BELOW = 4


def _valid_day(text: str) -> bool:
    return 1 <= int(text) <= 31 and len(text) <= 2


def _valid_month(text: str) -> bool:
    return 1 <= int(text) <= 12 and len(text) <= 2


def _valid_year(text: str) -> bool:
    return _YEAR.fullmatch(text) is not None


def _date_edits(
    words: Sequence[Word], read: SlotReader, limit: int, after: int | None
) -> list[_Edit]:
    """Re-read the day, month and year of the place-date line of the header.

    The line is the first "ngày … tháng … năm" in the header zone, at or below the
    "Số:" line when there is one (dates cited in the preamble come later).
    """
    floor, ceiling = 0, limit
    if after is not None:
        label = words[after]
        floor = label.top - label.height
        ceiling = min(limit, label.bottom + _DATE_LINES_BELOW * label.height)
    for n, word in enumerate(words):
        if not floor <= word.top < ceiling or not _is(word, "ngay"):
            continue
        rest = _line_after(words, n)
        month_at = next((i for i in rest if _is(words[i], "thang")), None)
        year_at = next(
            (
                i
                for i in rest
                if _is(words[i], "nam")
                and month_at is not None
                and i != month_at
                and words[i].left > words[month_at].left
            ),
            None,
        )
        if month_at is None or year_at is None:
            continue
        return _date_slot_edits(words, read, n, month_at, year_at, rest)
    return []


def _date_slot_edits(
    words: Sequence[Word],
    read: SlotReader,
    day_at: int,
    month_at: int,
    year_at: int,
    rest: list[int],
) -> list[_Edit]:
    ngay, thang, nam = words[day_at], words[month_at], words[year_at]
    letter = max(thang.width // 5, 1)  # "tháng" has five letters

    def end_of(word: Word, letters: int) -> int:
        """Right edge of a printed word, estimated when its box swallowed what follows."""
        if word.width <= (letters + 1.5) * letter:
            return word.right + 1
        return word.left + int(letters * letter * 1.1)

    edits: list[_Edit] = []
    slots = [
        (day_at, end_of(ngay, 4), thang.left - 1, _valid_day),
        (month_at, end_of(thang, 5), nam.left - 1, _valid_month),
    ]
    after_year = [i for i in rest if words[i].left > nam.left]
    year_end = (
        words[after_year[0]].right
        if after_year and words[after_year[0]].left - nam.right < 3 * letter
        else nam.right + 5 * letter
    )
    slots.append(
        (
            year_at,
            end_of(nam, 3),
            year_end + 2,
            _valid_year,
        )
    )
    for anchor, left, right, valid in slots:
        if right - left < letter:
            continue
        inside = [i for i in rest if left - letter // 2 <= words[i].left < right and i != anchor]
        original = "".join(words[i].text for i in inside)
        boxes = [_box([words[anchor]], x, right) for x in (left, left - letter // 4)]
        value = _read_digits(read, boxes, original, valid)
        if value is None or value == original:
            continue
        if inside:
            if not _contiguous(inside):
                continue
            edits.append(_Edit(min(inside), max(inside) + 1, value, words[min(inside)]))
        else:
            at = replace(words[anchor], text=value, left=left, width=right - left)
            edits.append(_Edit(anchor + 1, anchor + 1, value, at))
    return edits


# -- putting it together --------------------------------------------------------


def reread_header(words: Sequence[Word], page_height: int, read: SlotReader) -> list[Word]:
    """``words`` with the header's number and date slots read again where that
    gives a valid value; other words are untouched. Pages without a header
    ("Số:" or a "ngày … tháng … năm" line near the top) cost nothing extra."""
    limit = int(page_height * HEADER_SHARE)
    label = _number_label(words, limit)
    number = _number_edit(words, read, label) if label is not None else None
    edits = [number] if number is not None else []
    edits.extend(_date_edits(words, read, limit, label))
    if not edits:
        return list(words)
    result: list[Word] = []
    position = 0
    for edit in sorted(edits, key=lambda e: e.start):
        if edit.start < position:
            continue  # overlapping slots: keep the first
        result.extend(words[position : edit.start])
        result.append(replace(edit.at, text=edit.text))
        position = edit.end
    result.extend(words[position:])
    return result
