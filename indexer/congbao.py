"""Công báo (the official gazette): recognise it, strip its page furniture, split an issue.

Gazette PDFs, and text extracted from them, carry things that are not part of
any document: a running header on every page (``CÔNG BÁO/Số 1523 + 1524/Ngày
29-12-2024``) with the printed page number beside it, the digital-signature
stamp of the publishing office ("Người ký: CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ /
Email: … / Cơ quan: … / Thời gian ký: …"), "(Xem tiếp Công báo số …)" notes and
decorative rules. Lines are also broken wherever the page ends.

Everything here is a pure function of text, so it works on a PDF read page by
page (:func:`read_gazette_pages`, which also knows the indentation of every
line) and on text someone else already extracted (:func:`clean_gazette_text`,
:func:`split_gazette_text`), such as the ``full_text`` of the phapluat corpus.

Splitting an issue: every document opens with the national motto "CỘNG HÒA XÃ
HỘI CHỦ NGHĨA VIỆT NAM" next to its "Số: …" line, so a page where that pair
begins starts a new document. Forms in appendices repeat the motto but carry
blank numbers ("Số: ……/QĐ"), which is why a real number is required.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# --- recognising the running header -------------------------------------------------------

_HEADER_CORE = (
    r"C[ÔO]NG\s*B[ÁAÀẢ]O\s*/\s*S[ỐÓO]\s*(?P<numbers>\d{1,5}(?:\s*\+\s*\d{1,5})*)\s*/\s*"
    r"Ng[ÀA]Y\s*(?P<day>\d{1,2})\s*[-./]\s*(?P<month>\d{1,2})\s*[-./]\s*(?P<year>(?:19|20)\d{2})"
)
_HEADER_LINE = re.compile(
    rf"^\s*(?P<before>\d{{1,4}})?\s*{_HEADER_CORE}(?P<fused>\d{{1,4}})?\s*(?P<after>\d{{1,4}})?\s*$",
    re.IGNORECASE,
)
# An OCR'd running header too garbled to parse ("8 CÔNG BÁO/Só 639 +610Ngày 1862021");
# removed only near the top or bottom of a page.
_GARBLED_HEADER = re.compile(r"^\W*\d{0,4}\W*C[ÔO0]NG\s*B[ÁAÀẢ]O\s*/\s*S.{0,40}$", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"^\s*(\d{1,4})\s*$")


@dataclass(frozen=True)
class GazetteIssue:
    """One gazette issue (or a double issue such as "Số 1523 + 1524") and its date."""

    numbers: tuple[int, ...]
    date: dt.date

    def label(self) -> str:
        """The form used in hints: "Số 1523 + 1524, ngày 29-12-2024"."""
        numbers = " + ".join(str(n) for n in self.numbers)
        return f"Số {numbers}, ngày {self.date:%d-%m-%Y}"


def _issue(match: re.Match[str]) -> GazetteIssue | None:
    try:
        date = dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return None
    numbers = tuple(int(n) for n in re.findall(r"\d+", match["numbers"]))
    return GazetteIssue(numbers, date)


def header_of(line: str) -> tuple[GazetteIssue | None, int | None] | None:
    """(issue, printed page number) if ``line`` is a running header, else None."""
    match = _HEADER_LINE.match(line)
    if match is None:
        return None
    page = match["before"] or match["fused"] or match["after"]
    return _issue(match), int(page) if page else None


def is_gazette(text: str) -> bool:
    """True when ``text`` carries at least one Công báo running header."""
    return any(header_of(line) is not None for line in text.split("\n"))


# --- page furniture -----------------------------------------------------------------------

_STAMP_START = re.compile(r"^\s*(?:Người ký|Ký bởi)\s*:", re.IGNORECASE)
_STAMP_FIELD = re.compile(
    r"^\s*(?:Email|Cơ quan|Thời gian ký|Ngày ký|Tổ chức|Đơn vị|Chức vụ)\s*:", re.IGNORECASE
)
_CONTINUED = re.compile(r"^\s*\(?\s*(?:Xem tiếp|Tiếp theo)\s+Công báo\s+số[^)]*\)?\s*$", re.I)
_RULE = re.compile(r"^\s*[_\-–—=*.…·]{3,}\s*$")


def _strip_stamps(lines: list[str]) -> list[str]:
    """Remove digital-signature stamp blocks (a "Người ký:"/"Ký bởi:" line plus its fields)."""
    kept: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if _STAMP_START.match(line) and any(
            _STAMP_FIELD.match(nxt) for nxt in lines[index + 1 : index + 4]
        ):
            index += 1
            while index < len(lines):
                nxt = lines[index]
                if _STAMP_FIELD.match(nxt):
                    index += 1
                elif (
                    nxt.strip()
                    and len(nxt.strip()) <= 25
                    and any(_STAMP_FIELD.match(after) for after in lines[index + 1 : index + 2])
                ):
                    index += 1  # a stamp line broken in two ("… Chính" / "phủ")
                else:
                    break
            continue
        kept.append(line)
        index += 1
    return kept


# --- lines with their indentation ---------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """A line of text, its indentation and the left margin of the page it sits on.

    Indentation is only known for ``pdftotext -layout`` output; elsewhere both are 0.
    """

    text: str
    indent: int = 0
    margin: int = 0

    @property
    def indented(self) -> bool:
        return self.indent > self.margin + 2


_MOTTO = re.compile(r"CỘNG\s+HO?[ÒÀ]A?\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM")
_COLUMN_GAP = re.compile(r"\S(?P<gap> {5,})\S")


def _split_columns(raw: str, *, layout: bool) -> list[tuple[int, str]]:
    """Pieces of a line with their columns: layout gaps of 5+ spaces separate columns
    (the two-column header, signature blocks, table cells), and the national motto
    always starts its own piece ("THỦ TƯỚNG CHÍNH PHỦ CỘNG HÒA XÃ HỘI…")."""
    pieces: list[tuple[int, str]] = []
    if layout:
        start = 0
        for match in _COLUMN_GAP.finditer(raw):
            pieces.append((start, raw[start : match.start("gap")]))
            start = match.end("gap")
        pieces.append((start, raw[start:]))
    else:
        pieces.append((0, raw))
    result: list[tuple[int, str]] = []
    for column, piece in pieces:
        indent = column + len(piece) - len(piece.lstrip())
        motto = _MOTTO.search(piece)
        if motto and piece[: motto.start()].strip():
            result.append((indent, piece[: motto.start()].strip()))
            result.append((column + motto.start(), piece[motto.start() :].strip()))
        elif piece.strip():
            result.append((indent, piece.strip()))
    return result


# --- one page -----------------------------------------------------------------------------


@dataclass(frozen=True)
class GazettePage:
    """A page with its furniture removed; ``number`` is the printed page number."""

    lines: tuple[Line, ...]
    number: int | None = None
    issue: GazetteIssue | None = None


def _is_furniture(line: str) -> bool:
    return bool(_CONTINUED.match(line) or _RULE.match(line))


def _near_edge(index: int, lines: Sequence[str]) -> bool:
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return index in filled[:3] or index in filled[-3:]


def clean_page(raw: str, *, layout: bool = False) -> GazettePage:
    """Strip the running header, page number, stamps and rules from one page of text."""
    lines = _strip_stamps(raw.replace("\r", "").split("\n"))
    issue: GazetteIssue | None = None
    number: int | None = None
    header_at: int | None = None
    for index, line in enumerate(lines):
        found = header_of(line)
        if found is not None:
            issue = issue or found[0]
            number = number if number is not None else found[1]
            header_at = index if header_at is None else header_at
            lines[index] = ""
    for index, line in enumerate(lines):
        page = _PAGE_NUMBER.match(line)
        beside_header = header_at is not None and abs(index - header_at) <= 2
        if page and (beside_header or _near_edge(index, lines)):
            number = number if number is not None else int(page.group(1))
            lines[index] = ""
        elif _is_furniture(line) or (_GARBLED_HEADER.match(line) and _near_edge(index, lines)):
            lines[index] = ""
    return GazettePage(_to_lines(lines, layout=layout), number, issue)


def _to_lines(raw_lines: Sequence[str], *, layout: bool) -> tuple[Line, ...]:
    """Lines with columns split; leading/trailing blanks dropped, inner runs kept as one."""
    pieces: list[tuple[int, str]] = []
    for raw in raw_lines:
        split = _split_columns(raw.expandtabs(), layout=layout)
        pieces.extend(split if split else [(0, "")])
    while pieces and not pieces[0][1]:
        pieces.pop(0)
    while pieces and not pieces[-1][1]:
        pieces.pop()
    body = [indent for indent, text in pieces if len(text) >= 30]
    margin = min(body) if layout and body else 0
    lines: list[Line] = []
    for indent, text in pieces:
        if not text and lines and not lines[-1].text:
            continue
        lines.append(Line(text, indent if layout else 0, margin))
    return tuple(lines)


def pages_from_text(text: str) -> list[str]:
    """Pages of already-extracted text: form feeds if it has them, else running headers.

    A page number printed just above a running header belongs to the new page.
    """
    if "\f" in text:
        return text.split("\f")
    lines = text.split("\n")
    starts = [0]
    for index, line in enumerate(lines):
        if header_of(line) is None or index == 0:
            continue
        start = index
        back = index - 1
        while back > starts[-1] and not lines[back].strip():
            back -= 1
        if back > starts[-1] and _PAGE_NUMBER.match(lines[back]):
            start = back
        if start > starts[-1]:
            starts.append(start)
    starts.append(len(lines))
    return ["\n".join(lines[a:b]) for a, b in itertools.pairwise(starts)]


# --- rejoining lines broken by the page layout --------------------------------------------

_UPPER_WORDS = re.compile(r"[^\W\d_]")
_BLOCK_START = re.compile(
    r"""^[“"'(\[]?(?:
        (?:Điều|ĐIỀU)\s+\d+[a-zđ]?(?:\.|:|\s*$)          # Điều 1. / Điều 1
      | (?:Chương|CHƯƠNG|Mục|MỤC|Phần|PHẦN|Tiểu\s+mục)\s+(?:thứ\s+\S+|[IVXLCDM\d]+)(?:[.:]|\s*$)
      | (?:Phụ\s+lục|PHỤ\s+LỤC|Mẫu\s+số|Biểu\s+số)\b
      | \d+(?:\.\d+)*\.\s                               # 1. / 1.2.
      | \d+\)\s | [a-zđ]\)\s | [IVXLC]+\.\s              # 1) a) II.
      | [-–—+•*]\s
      | (?:\w+\s){0,3}[Ss][ốỐ]\s*:                        # Số: / Luật số:
      | (?:Căn\s+cứ|Theo\s+đề\s+nghị|Xét\s+đề\s+nghị|Nơi\s+nhận|Kính\s+gửi|Đồng\s+kính\s+gửi)\b
      | (?:TM|KT|TL|TUQ|Q|PP)\.\s
      | \(Đã\s+ký\)|\(đã\s+ký\)
    )""",
    re.VERBOSE,
)
_LABEL_ONLY = re.compile(
    r"^(?:Điều\s+\d+[a-zđ]?|Chương\s+[IVXLCDM\d]+|Mục\s+\d+|Phần\s+thứ\s+\S+)\.?$", re.I
)
# Header lines that are complete by themselves even without final punctuation:
# "Số: 12/QĐ-UBND" and the place-and-date line "Hà Nội, ngày 07 tháng 4 năm 2026".
_WHOLE_LINE = re.compile(r"^(?:\w+\s){0,3}[Ss]ố\s*:")
_DATE_LINE = re.compile(
    r"^(?:[^\W\d_][^\d,]{0,40}|[.…\s]*),\s*ngày\s+[\d.…]+\s+tháng\s+[\d.…]+\s+năm\s+[\d.…]+\.?$"
)
_TERMINAL = re.compile(r"[.;:!?…][”\"')\]]*\s*$")


def _is_caps(text: str) -> bool:
    letters = _UPPER_WORDS.findall(text)
    return len(letters) >= 2 and not any(letter.islower() for letter in letters)


def _is_date_line(text: str) -> bool:
    return bool(_DATE_LINE.match(text)) and not text[0].islower()


def _starts_block(line: Line, previous: Line) -> bool:
    if _BLOCK_START.match(line.text) or _is_caps(line.text) or _is_date_line(line.text):
        return True
    # Layout: a paragraph's first line is indented, its continuation lines are not.
    return line.indented and (not previous.indented or abs(line.indent - previous.indent) <= 1)


def _ends_block(previous: Line, width: float) -> bool:
    text = previous.text
    return bool(
        _TERMINAL.search(text)
        or _LABEL_ONLY.match(text)
        or _WHOLE_LINE.match(text)
        or _is_date_line(text)
        or _is_caps(text)
        or len(text) < 0.6 * width
    )


def _typical_width(lines: Sequence[Line]) -> float:
    widths = [len(line.text) for line in lines if len(line.text) >= 20]
    if not widths:
        return 0.0
    widths.sort()
    return float(widths[int(len(widths) * 0.8)])


def rejoin_lines(lines: Sequence[Line]) -> list[str]:
    """Paragraphs from lines broken by the page layout.

    A line continues the previous one unless it starts a block (an article,
    numbered item, heading in capitals, "Số:", "Căn cứ", a date line, an indented
    first line) or the previous one ends one (final punctuation, a bare label such
    as "Điều 1", a heading, a line much shorter than the page width). A line
    starting in lowercase always continues. Blank lines always separate.
    """
    width = _typical_width(lines)
    paragraphs: list[str] = []
    previous: Line | None = None
    for line in lines:
        if not line.text:
            previous = None
            continue
        text = " ".join(line.text.split())
        if previous is not None and _continues(line, previous, width):
            paragraphs[-1] = f"{paragraphs[-1]} {text}"
        else:
            paragraphs.append(text)
        previous = line
    return paragraphs


def _continues(line: Line, previous: Line, width: float) -> bool:
    if line.text[0].islower() and not _BLOCK_START.match(line.text):
        return not _TERMINAL.search(previous.text) and not _is_caps(previous.text)
    return not _starts_block(line, previous) and not _ends_block(previous, width)


# --- documents ----------------------------------------------------------------------------

# "Số: 136/2026/NĐ-CP", "Luật số: 51/2024/QH15"; not "Mẫu số: 10-MST" nor a form's "Số: …/QĐ".
_NUMBER_LINE = re.compile(
    r"^(?!(?:Mẫu|Biểu|Phụ\s+lục)\b)(?:[^\W\d_]+\s){0,3}[Ss][ốỐ]\s*:\s*\d+[\w.]*(?:/[\w.]+)*[/-][A-ZĐ]"
)


@dataclass(frozen=True)
class GazetteDocument:
    """One document of a gazette issue, cleaned, with where it sits in the issue."""

    text: str
    issue: GazetteIssue | None
    first_page: int | None
    last_page: int | None

    @property
    def pages(self) -> str | None:
        """ "3-27", or "3" for a one-page document."""
        if self.first_page is None:
            return None
        if self.last_page is None or self.last_page == self.first_page:
            return str(self.first_page)
        return f"{self.first_page}-{self.last_page}"

    def hints(self) -> dict[str, str]:
        hints: dict[str, str] = {}
        if self.issue is not None:
            hints["gazette"] = self.issue.label()
        if self.pages is not None and self.issue is not None:
            hints["gazette_pages"] = self.pages
        return hints


def _is_header_piece(text: str) -> bool:
    """A line of the left header column: the issuing body in capitals or "Số: …"."""
    return _is_caps(text) or bool(_NUMBER_LINE.match(text))


def _document_start(lines: Sequence[Line]) -> int | None:
    """Index where a new document begins on a page: the motto with a real "Số:" nearby,
    moved up over the left header column (issuing body, "Số: …") printed above it."""
    for index, line in enumerate(lines):
        if not _MOTTO.search(line.text):
            continue
        window = lines[max(0, index - 3) : index + 10]
        if not any(_NUMBER_LINE.match(item.text) for item in window):
            continue
        start = index
        while start > 0 and start > index - 5 and _is_header_piece(lines[start - 1].text):
            start -= 1
        return start
    return None


@dataclass
class _Draft:
    lines: list[Line]
    pages: list[int | None]
    issues: list[GazetteIssue]

    def add(self, page: GazettePage, lines: Sequence[Line]) -> None:
        self.lines.extend(lines)  # no blank line: paragraphs continue across pages
        self.pages.append(page.number)
        if page.issue is not None:
            self.issues.append(page.issue)


def split_documents(pages: Sequence[GazettePage]) -> list[GazetteDocument]:
    """Group cleaned pages into documents (see the module docstring)."""
    drafts: list[_Draft] = [_Draft([], [], [])]
    for page in pages:
        start = _document_start(page.lines)
        if start is not None and any(line.text for line in drafts[-1].lines):
            if start > 0:  # the end of the previous document shares this page
                drafts[-1].add(page, page.lines[:start])
            drafts.append(_Draft([], [], []))
            drafts[-1].add(page, page.lines[start:])
        else:
            drafts[-1].add(page, page.lines)
    return [_finish(draft) for draft in drafts if any(line.text for line in draft.lines)]


def _finish(draft: _Draft) -> GazetteDocument:
    numbers = [n for n in draft.pages if n is not None]
    issue = Counter(draft.issues).most_common(1)[0][0] if draft.issues else None
    return GazetteDocument(
        text="\n".join(rejoin_lines(draft.lines)),
        issue=issue,
        first_page=numbers[0] if numbers else None,
        last_page=numbers[-1] if numbers else None,
    )


def read_gazette_pages(pages: Iterable[str], *, layout: bool = True) -> list[GazetteDocument]:
    """Documents of a gazette from its pages' text (``pdftotext -layout``, one per page)."""
    return split_documents([clean_page(page, layout=layout) for page in pages])


def split_gazette_text(text: str) -> list[GazetteDocument]:
    """Documents of already-extracted gazette text (pages found from form feeds or headers)."""
    return read_gazette_pages(pages_from_text(text), layout=False)


def clean_pages(pages: Iterable[str], *, layout: bool) -> str:
    """Pages' text as one clean document (furniture out, lines rejoined across pages)."""
    lines: list[Line] = []
    for page in pages:
        lines.extend(clean_page(page, layout=layout).lines)
    return "\n".join(rejoin_lines(lines))


def clean_gazette_text(text: str) -> str:
    """Already-extracted gazette text as one clean document (furniture out, lines rejoined)."""
    return clean_pages(pages_from_text(text), layout=False)
