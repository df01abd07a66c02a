"""A document together with its analyzed tokens, computed once and reused.

Analysis (pyvi segmentation) is the costly part of indexing; the pipeline runs
it in worker processes and hands the result to whichever backend writes it.
"""

from __future__ import annotations

from dataclasses import dataclass

from vanban_core.fields import document_tokens
from vanban_core.schema import Document


@dataclass(frozen=True)
class PreparedDocument:
    document: Document
    tokens: dict[str, str]


def prepare(doc: Document | PreparedDocument) -> PreparedDocument:
    if isinstance(doc, PreparedDocument):
        return doc
    return PreparedDocument(doc, document_tokens(doc))
