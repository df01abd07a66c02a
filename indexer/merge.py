"""One record per real document, whatever the number of sources that carry it.

The same decree reaches the index from vbpl.vn twice (two page ids), from the
Công báo and from a file. Identity is the number + issuer + issue date (a
translation is a document of its own, so the language too); a second source of
a document already indexed is merged into that record instead of becoming a
second hit: empty fields are filled, the longer text is kept, every source
URL or file is listed in ``sources``.
"""

from __future__ import annotations

from vanban_core.analysis import number_key, parse_number
from vanban_core.schema import Document
from vanban_core.text.normalize import fold
from vanban_core.validity import UNKNOWN

_LISTS = ("recipients", "cites", "field", "relations", "sources", "file_urls")
_SCALARS = (
    "number",
    "doc_type",
    "issuer",
    "issued_date",
    "place",
    "signer",
    "title",
    "effective_date",
    "expiry_date",
    "source_url",
    "gazette",
    "original_file",
)


def same_document(a: Document, b: Document) -> bool:
    """Whether two records describe one document (see the module docstring).

    A missing issuer or date on one side is accepted only for a number that
    carries its year: "1182/QĐ-UBND" alone names a document per province.
    """
    if not a.number or not b.number or a.language != b.language:
        return False
    if number_key(a.number) != number_key(b.number):
        return False
    parts = parse_number(a.number)
    lenient = parts is not None and parts.year is not None
    if a.issuer and b.issuer:
        if fold(a.issuer).lower() != fold(b.issuer).lower():
            return False
    elif not lenient:
        return False
    if a.issued_date and b.issued_date:
        return a.issued_date == b.issued_date
    return lenient


def merge(kept: Document, other: Document) -> Document:
    """``kept`` (the record already indexed, whose id stays) completed by ``other``."""
    update: dict[str, object] = {}
    for name in _SCALARS:
        if getattr(kept, name) in (None, "") and getattr(other, name) not in (None, ""):
            update[name] = getattr(other, name)
    for name in _LISTS:
        values = [*getattr(kept, name), *getattr(other, name)]
        unique = list({_list_key(v): v for v in reversed(values)}.values())[::-1]
        update[name] = unique
    if len(other.text) > len(kept.text):
        update["text"] = other.text
    if kept.status == UNKNOWN and other.status != UNKNOWN:
        update["status"] = other.status
    return kept.model_copy(update=update)


def _list_key(value: object) -> str:
    if hasattr(value, "model_dump_json"):
        return str(value.model_dump_json())
    return str(value)
