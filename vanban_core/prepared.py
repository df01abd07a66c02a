"""A document together with its analyzed tokens, computed once and reused.

Analysis (pyvi segmentation) is the costly part of indexing; the pipeline runs
it in worker processes and hands the result to whichever backend writes it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from vanban_core.fields import document_tokens
from vanban_core.schema import Document, stamped


@dataclass(frozen=True)
class PreparedDocument:
    document: Document
    tokens: dict[str, str]


def prepare(doc: Document | PreparedDocument) -> PreparedDocument:
    if isinstance(doc, PreparedDocument):
        return doc
    return PreparedDocument(doc, document_tokens(doc))


def stamp(item: PreparedDocument, when: dt.datetime) -> PreparedDocument:
    """``item`` with ``updated_at = when`` unless it has one.

    Both stores call this with one instant per batch, taken as the batch is
    written, so a document never carries an instant earlier than the writes
    around it (a sync by ``updated_since`` would miss it). A document that
    has an ``updated_at`` (a reindex, an unchanged API write) keeps it; tokens
    never depend on it.
    """
    if item.document.updated_at is not None:
        return item
    return replace(item, document=stamped(item.document, when))
