"""Assemble a :class:`Document` from text and whatever metadata came with it.

Given metadata (a record's fields, a container's hints) wins over what is
extracted from the text, because it was curated; extraction fills the gaps.
"""

from __future__ import annotations

from typing import Any

from indexer.congbao import is_gazette, split_gazette_text
from indexer.extract import extract_metadata, resolve_type
from indexer.extract.display import display_text
from indexer.extract.english import extract_english
from indexer.filenames import number_in_name
from indexer.readers import ReadDocument
from indexer.records import record_fields
from vanban_core.schema import Document, stable_id

_EXTRACTED = ("number", "doc_type", "issuer", "issued_date", "place", "signer", "title")
_ENGLISH = ("number", "doc_type", "issuer", "issued_date", "place", "title", "effective_date")


def _without_gazette_furniture(text: str, fields: dict[str, Any]) -> str:
    """Gazette text without its page furniture; the issue and pages its running
    headers give become the document's ``gazette`` unless the source named one."""
    if not is_gazette(text):
        return text
    parts = split_gazette_text(text)
    if not parts:
        return text
    issue = next((p.issue for p in parts if p.issue is not None), None)
    if issue is not None and not fields.get("gazette"):
        first = next((p.first_page for p in parts if p.first_page is not None), None)
        last = next((p.last_page for p in reversed(parts) if p.last_page is not None), None)
        pages = (
            None if first is None else str(first) if last in (None, first) else f"{first}-{last}"
        )
        fields["gazette"] = issue.label()
        if first is not None and not fields.get("gazette_pages"):
            fields["gazette_pages"] = pages
    return "\n".join(p.text for p in parts)


def _fill_english(fields: dict[str, Any], text: str) -> None:
    """A translation: number and type from its page title, the rest from its text."""
    extracted = extract_english(text, fields.get("title"))
    if extracted.title and fields.get("title") and extracted.number:
        fields["title"] = extracted.title  # the page title was only "Circular 25/…"
    for name in _ENGLISH:
        value = getattr(extracted, name)
        if value and not fields.get(name):
            fields[name] = value


def _fill_extracted(fields: dict[str, Any], text: str) -> None:
    extracted = extract_metadata(text)
    for name in _EXTRACTED:
        value = getattr(extracted, name, None)
        if value and not fields.get(name):
            fields[name] = value
    if not fields.get("recipients"):
        fields["recipients"] = list(extracted.recipients)
    cites = list(fields.get("cites") or extracted.cites)
    related = [r.number for r in extracted.relations if r.number]
    fields["cites"] = list(dict.fromkeys([*cites, *related]))
    if not fields.get("relations"):
        fields["relations"] = list(extracted.relations)
    if extracted.effective_date and not fields.get("effective_date"):
        fields["effective_date"] = extracted.effective_date


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
        text = display_text(_without_gazette_furniture(text, fields))
        fields["text"] = text
        if fields.get("language") == "en":
            _fill_english(fields, text)
        else:
            _fill_extracted(fields, text)
    elif fields.get("language") == "en" and fields.get("title"):
        _fill_english(fields, "")
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
