"""Metadata extraction from the plain text of a Vietnamese administrative document.

The text is read as the layout of Nghị định 30/2020/NĐ-CP prescribes it:
header (issuing body, Quốc hiệu, "Số: …", place and date), type heading and
trích yếu, preamble and body, "Nơi nhận:" and the signature block. Each part
has its own module; this one cleans the text once, finds the zones and
resolves fields that need more than one part (the type from heading, number
label or number code; the issuer from the header or, failing that, from the
number's issuer code).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from indexer.extract.citations import find_citations
from indexer.extract.cleanup import clean_lines
from indexer.extract.dates import find_effective_date, find_passage
from indexer.extract.header import HEADER_LINES, Header, extract_header, find_consolidation
from indexer.extract.heading import (
    HEADING_LINES,
    PREAMBLE_OPENER,
    Heading,
    Title,
    find_heading,
    find_subject,
    read_title,
)
from indexer.extract.model import ExtractedMetadata
from indexer.extract.number import find_number, issuer_from_number
from indexer.extract.recipients import read_recipients
from indexer.extract.relations import find_relations
from indexer.extract.signature import find_signature
from vanban_core import codes
from vanban_core.analysis import parse_number
from vanban_core.text.normalize import normalize

__all__ = ["ExtractedMetadata", "extract_metadata", "resolve_type"]

_CONSOLIDATED = "Văn bản hợp nhất"
_AFTER_SIGNATURE = 8
_APPENDIX = re.compile(r"^(?:PHỤ LỤC|Phụ lục|Mẫu số|MẪU SỐ|Biểu mẫu|BIỂU MẪU|DANH MỤC)\b")
_JOINT_TYPES = frozenset({"Thông tư liên tịch", "Nghị quyết liên tịch", "Thông tư liên bộ"})
_OFFICIAL_LETTER = "Công văn"
# Lines between a labelled "… số:" line and a heading that is the document's own.
_HEADING_REACH = 8
_DATE_LINE = re.compile(r"^(?:Ngày|ngày)\s*\d{1,2}\s*tháng\s*\d{1,2}\s*năm\s*\d{4}\s*$")


def _body_start(lines: list[str]) -> int:
    """Index of the first line of the preamble or body: the header zone ends there."""
    for i, line in enumerate(lines[:HEADING_LINES]):
        if i > 0 and PREAMBLE_OPENER.match(line) and not _DATE_LINE.match(line):
            return i
    return min(len(lines), HEADING_LINES)


def resolve_type(number: str | None, named: str | None) -> str | None:
    """A document's type from its number's type code and the type its text names.

    A consolidated text keeps the heading of the document it consolidates
    ("THÔNG TƯ"), so a VBHN code wins over the heading; otherwise the text's
    own word wins, and the code fills in when the text names no type.
    """
    parts = parse_number(number) if number else None
    by_code = codes.doc_type_name(parts.type_code) if parts and parts.type_code else None
    if by_code == _CONSOLIDATED:
        return by_code
    return named or by_code


def _doc_type(header: Header, heading: Heading | None, subject: str | None) -> str | None:
    """Type from, in order: a VBHN number, the heading, "Luật số:", the number's type code."""
    named = heading.doc_type if heading is not None else None
    if named is None and header.number_label:
        named = codes.doc_type_name(header.number_label)
    resolved = resolve_type(header.number, named)
    if resolved:
        return resolved
    parts = parse_number(header.number) if header.number else None
    if subject is not None or (parts is not None and parts.issuer_code):
        return _OFFICIAL_LETTER if header.number or subject else None
    return None


def _with_consolidation(header: Header, lines: list[str]) -> Header:
    """Fill what a VBHN's header lacks from its certification block."""
    block = find_consolidation(lines)
    if block is None:
        return header
    return Header(
        number=block.number,
        number_label=header.number_label,
        issuer=header.issuer or block.issuer,
        place=header.place or block.place,
        issued_date=header.issued_date or block.issued_date,
    )


def _in_appendix(lines: list[str], start: int, signature: int) -> bool:
    """True when a "Nơi nhận:" at ``start`` belongs to a form in an appendix.

    The document's own list sits next to its signature; one well below it, or
    below an appendix heading that follows the signature, is part of a form.
    """
    if start <= signature:
        return False
    if start > signature + _AFTER_SIGNATURE:
        return True
    return any(_APPENDIX.match(line) for line in lines[signature:start])


def _normalized(**fields: Any) -> ExtractedMetadata:
    """The metadata with every text in the search analysis's normal form.

    Cleanup keeps the text's own tone placement (normalizing a whole text is
    slow); the few extracted strings are normalized here instead, so "Uỷ ban"
    and "Ủy ban" come out the same and match the index.
    """
    for name, value in fields.items():
        if isinstance(value, str):
            fields[name] = normalize(value)
        elif isinstance(value, list):
            fields[name] = [normalize(v) for v in value]
    return ExtractedMetadata(**fields)


def extract_metadata(text: str) -> ExtractedMetadata:
    """Everything the document's own text says about it; absent fields stay empty."""
    lines = clean_lines(text)
    if not lines:
        return ExtractedMetadata()
    zone_end = _body_start(lines)
    _, label, number_index = find_number(lines[: min(zone_end, HEADER_LINES)])
    heading = find_heading(lines, (number_index or -1) + 1, zone_end) or find_heading(
        lines, 0, zone_end
    )
    labelled = codes.doc_type_name(label) if label else None
    if (
        heading is not None
        and labelled
        and heading.doc_type != labelled
        and heading.index - (number_index or 0) > _HEADING_REACH
    ):
        # "Án lệ số 17/2018/AL" names the type; a "QUYẾT ĐỊNH:" thirty lines below
        # is a section of the judgment it quotes. (Right under "Luật số:", a
        # "BỘ LUẬT" heading is the document's own and more precise.)
        heading = None
    joint = heading is not None and heading.doc_type in _JOINT_TYPES
    header = extract_header(
        lines, heading.index if heading else zone_end, heading=heading is not None, joint=joint
    )
    if header.number is None:
        header = _with_consolidation(header, lines)
    title = read_title(lines, heading) if heading else Title(None, consolidated=False)
    subject = None if heading else find_subject(lines, zone_end + 1)
    body_from = heading.title_start if heading else 0
    recipients = read_recipients(lines, body_from)
    signature = find_signature(lines, body_from, recipients.end if recipients else None)
    if recipients and signature and _in_appendix(lines, recipients.start, signature.index):
        recipients = None
    issuer = header.issuer or issuer_from_number(header.number)
    # The passing statement ("… thông qua ngày …") fills a date or an issuer the
    # header and the number leave out; the whole text is searched for it, so
    # only when needed.
    passage = None if header.issued_date and issuer else find_passage(lines)
    issued_date = header.issued_date or (passage.date if passage else None)
    doc_type = _CONSOLIDATED if title.consolidated else _doc_type(header, heading, subject)
    cites = find_citations(lines, header.number)
    metadata = _normalized(
        number=header.number,
        doc_type=doc_type,
        issuer=issuer
        or (codes.issuer_opening(passage.body) if passage else None)
        or (signature.body() if signature else None),
        issued_date=issued_date,
        place=header.place,
        signer=signature.name if signature else None,
        signer_title=signature.title if signature else None,
        title=title.text or subject,
        recipients=recipients.items if recipients else [],
        cites=cites,
    )
    return replace(
        metadata,
        relations=find_relations(
            lines,
            title=metadata.title,
            doc_type=doc_type,
            own_number=header.number,
            cites=metadata.cites,
        ),
        effective_date=find_effective_date(lines, issued_date),
    )
