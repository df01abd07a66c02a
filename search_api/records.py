"""A stored document completed at read time: both directions of its relations,
who cites it, its translations and, when the source gave none, a derived status.

Only outgoing relations are stored (they come from the document's own text);
the incoming side is the other documents' outgoing relations, found through the
citation keys both backends already index (:meth:`SearchBackend.citing`). So a
document indexed later updates the page of the one it repeals without that one
being rewritten.
"""

from __future__ import annotations

from search_api.backends.base import SearchBackend
from vanban_core.analysis import number_key
from vanban_core.schema import Document, Relation, RelationType
from vanban_core.validity import EXPIRED, PARTLY_EXPIRED, UNKNOWN

# What an incoming relation says about the status of the document it points to.
_DERIVED: dict[tuple[RelationType, bool], tuple[str, str]] = {
    (RelationType.replaces, False): (EXPIRED, "Bị thay thế bởi"),
    (RelationType.repeals, False): (EXPIRED, "Bị bãi bỏ bởi"),
    (RelationType.repeals, True): (PARTLY_EXPIRED, "Bị bãi bỏ một phần bởi"),
}


def _resolve(backend: SearchBackend, doc: Document, relation: Relation) -> Relation:
    """An outgoing relation with the id of the indexed document its number names."""
    if not relation.number:
        return relation
    found = [d for d in backend.lookup(relation.number, 3) if d.id != doc.id]
    vietnamese = [d for d in found if d.language == doc.language] or found
    return relation.model_copy(update={"id": vietnamese[0].id if vietnamese else None})


def _incoming(backend: SearchBackend, doc: Document) -> list[Relation]:
    if not doc.number:
        return []
    own = number_key(doc.number)
    relations: list[Relation] = []
    for other in backend.citing(doc.number):
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


def _derived_status(doc: Document, incoming: list[Relation]) -> tuple[str, str | None]:
    """The source's status, or the one an indexed repealing/replacing text implies."""
    if doc.status != UNKNOWN:
        return doc.status, doc.status_reason
    found = [r for r in incoming if (r.type, r.partial) in _DERIVED]
    if not found:
        return doc.status, doc.status_reason
    relation = min(found, key=lambda r: r.partial)  # a whole repeal says more than a part
    status, reason = _DERIVED[(relation.type, relation.partial)]
    return status, f"{reason} {relation.number or relation.id}"


def _outgoing(doc: Document) -> list[Relation]:
    """Stored outgoing relations, plus a ``cites`` one per cited number they leave out
    (records given in the schema may carry ``cites`` without ``relations``)."""
    relations = [r for r in doc.relations if r.direction == "outgoing"]
    named = {number_key(r.number) for r in relations if r.number}
    for number in doc.cites:
        key = number_key(number)
        if key and key not in named:
            named.add(key)
            relations.append(Relation(type=RelationType.cites, number=number))
    return relations


def complete(backend: SearchBackend, doc: Document) -> Document:
    """``doc`` as the document resource shows it (see the module docstring)."""
    outgoing = [_resolve(backend, doc, r) for r in _outgoing(doc)]
    incoming = _incoming(backend, doc)
    status, reason = _derived_status(doc, incoming)
    translations = (
        [
            d.id
            for d in backend.lookup(doc.number, 5)
            if d.id != doc.id and d.language != doc.language
        ]
        if doc.number
        else []
    )
    return doc.model_copy(
        update={
            "relations": outgoing + incoming,
            "cited_by": list(dict.fromkeys(r.id for r in incoming if r.id)),
            "translations": translations,
            "status": status,
            "status_reason": reason,
        }
    )
