"""A stored document completed at read time: both directions of its relations,
who cites it, its translations and, when the source gave none, a derived status.

Only outgoing relations are stored (they come from the document's own text);
the incoming side is the other documents' outgoing relations, found through the
citation keys both backends already index (:meth:`SearchBackend.citing`). So a
document indexed later shows on the page of the one it repeals. The status
that repeal derives is also written into the repealed record, for the facet and
filters (:mod:`search_api.backends.derived_status`); it is derived here too, by
the same rule, for stores written before that.
"""

from __future__ import annotations

from search_api.backends.base import SearchBackend
from search_api.backends.derived_status import derived, incoming
from vanban_core.analysis import number_key
from vanban_core.schema import Document, Relation, RelationType


def _resolve(backend: SearchBackend, doc: Document, relation: Relation) -> Relation:
    """An outgoing relation with the id of the indexed document its number names."""
    if not relation.number:
        return relation
    found = [d for d in backend.lookup(relation.number, 3) if d.id != doc.id]
    vietnamese = [d for d in found if d.language == doc.language] or found
    return relation.model_copy(update={"id": vietnamese[0].id if vietnamese else None})


def _incoming(backend: SearchBackend, doc: Document) -> list[Relation]:
    return incoming(doc, backend.citing(doc.number)) if doc.number else []


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
    relations = _incoming(backend, doc)
    status, reason = derived(doc, relations)
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
            "relations": outgoing + relations,
            "cited_by": list(dict.fromkeys(r.id for r in relations if r.id)),
            "translations": translations,
            "status": status,
            "status_reason": reason,
        }
    )
