"""The JSON an indexed document becomes in Elasticsearch, and back."""

from __future__ import annotations

from typing import Any

from vanban_core.facets import facet_values
from vanban_core.fields import number_keys
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
        facet=_facet_object(doc),
        year=doc.year,
        **item.tokens,
    )
    return source


def _facet_object(doc: Document) -> dict[str, dict[str, list[str]]]:
    """``{"issuer": {"key": [...], "shown": [...]}, ...}`` for every facet value."""
    facets: dict[str, dict[str, list[str]]] = {}
    for name, key, shown in facet_values(doc):
        entry = facets.setdefault(name, {"key": [], "shown": []})
        entry["key"].append(key)
        entry["shown"].append(shown)
    return facets


def from_source(source: dict[str, Any]) -> Document:
    return Document.model_validate(source)
