"""The JSON an indexed document becomes in Elasticsearch, and back."""

from __future__ import annotations

from typing import Any

from indexer.analysis import number_key
from indexer.schema import Document
from search_api.fields import filter_key
from search_api.prepared import PreparedDocument


def to_source(item: PreparedDocument) -> dict[str, Any]:
    """Every field written here must be mapped in mappings/index.json (a test checks)."""
    doc = item.document
    source: dict[str, Any] = doc.model_dump(mode="json")
    own = number_key(doc.number) if doc.number else ""
    source.update(
        number_key=own or None,
        cites_keys=[k for k in dict.fromkeys(number_key(c) for c in doc.cites) if k and k != own],
        doc_type_key=filter_key(doc.doc_type) if doc.doc_type else None,
        issuer_key=filter_key(doc.issuer) if doc.issuer else None,
        year=doc.year,
        **item.tokens,
    )
    return source


def from_source(source: dict[str, Any]) -> Document:
    return Document.model_validate(source)
