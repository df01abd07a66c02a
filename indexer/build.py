"""Assemble a :class:`Document` from text and whatever metadata came with it.

Given metadata (a record's fields, a container's hints) wins over what is
extracted from the text, because it was curated; extraction fills the gaps.
"""

from __future__ import annotations

from typing import Any

from indexer.extract import extract_metadata, resolve_type
from indexer.filenames import number_in_name
from indexer.readers import ReadDocument
from indexer.records import record_fields
from vanban_core.schema import Document, stable_id

_EXTRACTED = ("number", "doc_type", "issuer", "issued_date", "place", "signer", "title")


def build_document(
    given: dict[str, Any], *, fallback_key: str, name_number: str | None = None
) -> Document:
    """Merge ``given`` (raw record or hints) with metadata extracted from its text.

    ``fallback_key`` names the document when it has neither an id nor a number
    (usually source path plus position), so re-indexing updates it in place.
    ``name_number`` (the number in the file's name) is used only when neither
    ``given`` nor the text states one.
    """
    fields = record_fields(given)
    text = str(fields.get("text") or "")
    if text:
        extracted = extract_metadata(text)
        for name in _EXTRACTED:
            value = getattr(extracted, name, None)
            if value and not fields.get(name):
                fields[name] = value
        for name in ("recipients", "cites"):
            if not fields.get(name):
                fields[name] = list(getattr(extracted, name, []) or [])
    if name_number and not fields.get("number"):
        fields["number"] = name_number
        fields["doc_type"] = resolve_type(name_number, fields.get("doc_type"))
    if not fields.get("id"):
        fields["id"] = stable_id(
            fields.get("number"), fields.get("issuer"), fields.get("issued_date"), fallback_key
        )
    return Document.model_validate(fields)


def build_from_read(
    part: ReadDocument, *, key: str, position: int, sole: bool, source_url: str | None = None
) -> Document:
    """The document of one part read from a file (or a download): its text plus
    the hints its container gave; ``key#position`` names it when nothing else does.

    ``sole``: the file held only this document, so a number in its name
    (or URL) is this document's when the text states none.
    """
    given: dict[str, Any] = {"text": part.text, **part.hints}
    if source_url:
        given.setdefault("source_url", source_url)
    name_number = number_in_name(source_url or part.source) if sole else None
    return build_document(given, fallback_key=f"{key}#{position}", name_number=name_number)
