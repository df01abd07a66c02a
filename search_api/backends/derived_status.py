"""A status the source does not give, derived from the indexed texts that end the document.

A document repealed or replaced by an indexed one is "Hết hiệu lực toàn bộ"
(or "một phần") even when its source says nothing. The status facet, the
``status=`` filter and ``in_force_on`` read the *stored* status, so the derived
one is written into the stored record (with ``status_reason``) by both
backends' writes, through this one module:

- when a repealing/replacing text is written, the stored documents it names are
  rewritten with their status derived (:func:`restatus`, the second list);
- when a document is written after the text that repealed it, its status is
  derived at its own write (the first list);
- when a repealing text is deleted, what it named is derived again
  (:func:`delete_restatusing`: :func:`acting` before the delete,
  :func:`after_removal` after).

A status the source gave is never overridden; one derived earlier (it has a
``status_reason``) is derived again. The read side (:mod:`search_api.records`)
uses the same rule, so a store written before this module still shows the
derived status on the document page.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import Protocol

from vanban_core.analysis import number_key
from vanban_core.prepared import PreparedDocument
from vanban_core.schema import Document, Relation, RelationType
from vanban_core.validity import EXPIRED, PARTLY_EXPIRED, UNKNOWN

# What an incoming relation says about the status of the document it points to.
_DERIVED: dict[tuple[RelationType, bool], tuple[str, str]] = {
    (RelationType.replaces, False): (EXPIRED, "Bị thay thế bởi"),
    (RelationType.repeals, False): (EXPIRED, "Bị bãi bỏ bởi"),
    (RelationType.repeals, True): (PARTLY_EXPIRED, "Bị bãi bỏ một phần bởi"),
}
_ENDING = (RelationType.replaces, RelationType.repeals)


class Citations(Protocol):
    """What derivation reads of a backend (both implement it)."""

    def get(self, doc_id: str) -> Document | None: ...

    def lookup(self, number: str, limit: int = 20) -> list[Document]: ...

    def citing(self, number: str, limit: int = 200) -> list[Document]: ...


def incoming(doc: Document, others: Iterable[Document]) -> list[Relation]:
    """``doc``'s incoming relations from ``others`` (documents citing its number):
    the type of each one's edge to it, ``cites`` when none is typed."""
    if not doc.number:
        return []
    own = number_key(doc.number)
    relations: list[Relation] = []
    for other in others:
        if other.id == doc.id:
            continue
        typed = [
            r
            for r in other.relations
            if r.type is not RelationType.cites and r.number and number_key(r.number) == own
        ]
        for relation in typed or [Relation(type=RelationType.cites)]:
            relations.append(
                Relation(
                    type=relation.type,
                    direction="incoming",
                    number=other.number,
                    id=other.id,
                    partial=relation.partial,
                )
            )
    return relations


def derivable(doc: Document) -> bool:
    """Whether ``doc``'s status is ours to derive: the source gave none, or we did."""
    return doc.status == UNKNOWN or doc.status_reason is not None


def derived(doc: Document, relations: Iterable[Relation]) -> tuple[str, str | None]:
    """The source's status, or the one an indexed repealing/replacing text implies."""
    if not derivable(doc):
        return doc.status, doc.status_reason
    found = [r for r in relations if (r.type, r.partial) in _DERIVED]
    if not found:
        return UNKNOWN, None
    relation = min(found, key=lambda r: (r.partial, r.number or r.id or ""))  # whole first
    status, reason = _DERIVED[(relation.type, relation.partial)]
    return status, f"{reason} {relation.number or relation.id}"


def _ends(doc: Document) -> list[str]:
    """Numbers ``doc`` repeals or replaces."""
    return [
        r.number
        for r in doc.relations
        if r.type in _ENDING and r.number and r.direction == "outgoing"
    ]


def _with_status(store: Citations, doc: Document, batch: dict[str, Document]) -> Document:
    """``doc`` with its status derived from the stored citing texts, the batch's
    versions of them taking the place of the stored ones."""
    if not derivable(doc) or not doc.number:
        return doc
    others = {d.id: d for d in store.citing(doc.number) if d.id not in batch}
    others.update(batch)
    status, reason = derived(doc, incoming(doc, others.values()))
    if (status, reason) == (doc.status, doc.status_reason):
        return doc
    return doc.model_copy(update={"status": status, "status_reason": reason})


def _targets(
    store: Citations, enders: Iterable[Document], batch: dict[str, Document]
) -> list[Document]:
    """Stored documents named by ``enders`` whose derived status changes, re-stamped."""
    changed: dict[str, Document] = {}
    for ender in enders:
        for number in _ends(ender):
            for target in store.lookup(number, 20):
                if target.id in batch or target.id in changed:
                    continue
                new = _with_status(store, target, batch)
                if new is not target:
                    changed[target.id] = new.model_copy(update={"updated_at": None})
    return list(changed.values())


def restatus(
    store: Citations, items: list[PreparedDocument]
) -> tuple[list[PreparedDocument], list[Document]]:
    """A batch about to be written with each document's status derived, and the
    stored documents the batch's repealing/replacing texts change (to write too)."""
    batch = {item.document.id: item.document for item in items}
    ready = [
        dataclasses.replace(item, document=_with_status(store, item.document, batch))
        for item in items
    ]
    for item in ready:
        batch[item.document.id] = item.document
    enders = [d for d in batch.values() if _ends(d)]
    return ready, _targets(store, enders, batch)


def acting(store: Citations, ids: Iterable[str]) -> list[Document]:
    """The documents among ``ids`` that repeal or replace another (read before a delete)."""
    found = (store.get(i) for i in ids)
    return [d for d in found if d is not None and _ends(d)]


def after_removal(store: Citations, removed: list[Document]) -> list[Document]:
    """Stored documents whose derived status changes now that ``removed`` are gone."""
    return _targets(store, removed, {}) if removed else []


def delete_restatusing(
    store: Citations,
    ids: list[str],
    delete: Callable[[list[str]], int],
    write: Callable[[list[Document]], object],
) -> int:
    """Delete ``ids`` with the backend's own ``delete``, then ``write`` again the
    documents whose derived status they held up; the count deleted. The repealing
    texts are read before they are gone, which is why the order lives here, once."""
    removed = acting(store, ids)
    deleted = delete(ids)
    if removed:
        write(after_removal(store, removed))
    return deleted
