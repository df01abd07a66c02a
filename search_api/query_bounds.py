"""Per-query cost bounds, applied to every plan before any engine runs it.

Why truncate rather than refuse: the search box must never answer a long
pasted question with an error, and the words past the bounds add little to
ranking. Why these bounds: the work an engine does grows with the number of
terms it matches, the alternatives it ORs, and the length of the phrases it
checks position by position, so each of those is capped; the query text itself
is already capped at ``MAX_QUERY_CHARS``. Kept, in order of typing:

- ``MAX_TERMS`` distinct required or optional terms (together);
- ``MAX_GROUPS`` OR groups (typed ``a OR b`` and expanded abbreviations and
  spelling variants), each with at most ``MAX_ALTERNATIVES`` alternatives;
- ``MAX_EXCLUDED`` exclusions, ``MAX_BOOSTS`` score-only phrases;
- every phrase cut to its first ``MAX_PHRASE_SYLLABLES`` syllables;
- ``MAX_NUMBERS`` document numbers (each one is a lookup).

So 500 x "a", a 250-term OR chain or a 1,000-character question each cost
about what a 30-word query does.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from search_api.planner import QueryPlan, Terms

MAX_TERMS = 32
MAX_GROUPS = 8
MAX_ALTERNATIVES = 8
MAX_EXCLUDED = 8
MAX_BOOSTS = 32
MAX_PHRASE_SYLLABLES = 16
MAX_NUMBERS = 8


def _cut(terms: Terms) -> Terms:
    if len(terms.exact) <= MAX_PHRASE_SYLLABLES:
        return terms
    return replace(
        terms,
        exact=terms.exact[:MAX_PHRASE_SYLLABLES],
        folded=terms.folded[:MAX_PHRASE_SYLLABLES],
    )


def _first(terms: tuple[Terms, ...], limit: int) -> tuple[Terms, ...]:
    return tuple(dict.fromkeys(_cut(t) for t in terms))[:limit]


def bounded(plan: QueryPlan) -> QueryPlan:
    """``plan`` within the bounds above; the same plan when it already is."""
    required = _first(plan.required, MAX_TERMS)
    optional = _first(plan.optional, max(0, MAX_TERMS - len(required)))
    any_of = tuple(_first(group, MAX_ALTERNATIVES) for group in plan.any_of[:MAX_GROUPS])
    kept = (*required, *optional, *(t for group in any_of for t in group))
    return replace(
        plan,
        required=required,
        optional=optional,
        any_of=any_of,
        excluded=_first(plan.excluded, MAX_EXCLUDED),
        boosts=_first(plan.boosts, MAX_BOOSTS),
        numbers=plan.numbers[:MAX_NUMBERS],
        highlight=frozenset(f for t in kept for f in t.folded) & plan.highlight,
    )
