"""Engine-neutral facet logic: trimming what a backend counted, counting small lists.

Backends count ``size + 1`` buckets per facet of the registry, so a facet with
more values than shown is known to be truncated and the UI can offer "more".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from search_api.models import FacetBucket, Facets
from vanban_core.facets import FACETS, facet_values
from vanban_core.schema import Document


def trimmed(counted: dict[str, list[FacetBucket]], size: int) -> tuple[Facets, list[str]]:
    """The first ``size`` buckets of each facet, and the facets that had more."""
    truncated = [spec.name for spec in FACETS if len(counted.get(spec.name, [])) > size]
    return Facets(**{name: buckets[:size] for name, buckets in counted.items()}), truncated


def facets_of(docs: Iterable[Document]) -> Facets:
    """Facet counts of a small, already fetched list of documents (number lookups)."""
    counts: dict[str, Counter[str]] = {spec.name: Counter() for spec in FACETS}
    for doc in docs:
        for name, _, shown in facet_values(doc):
            counts[name][shown] += 1
    return Facets(
        **{
            name: [FacetBucket(value=v, count=c) for v, c in counter.most_common()]
            for name, counter in counts.items()
        }
    )
