"""The JSON an indexed document becomes in Elasticsearch, and back."""

from __future__ import annotations

from typing import Any

from vanban_core.fields import filter_key, number_keys
from vanban_core.prepared import PreparedDocument
from vanban_core.schema import Document


def to_source(item: PreparedDocument) -> dict[str, Any]:
    """Every field written here must be mapped in mappings/index.json (a test checks)."""
    doc = item.document
    source: dict[str, Any] = doc.model_dump(mode="json")
    own, cited = number_keys(doc)
    source.update(
        number_key=own or None,
        cites_keys=cited,
        doc_type_key=filter_key(doc.doc_type) if doc.doc_type else None,
        issuer_key=filter_key(doc.issuer) if doc.issuer else None,
        year=doc.year,
        **item.tokens,
    )
    return source


def from_source(source: dict[str, Any]) -> Document:
    return Document.model_validate(source)
