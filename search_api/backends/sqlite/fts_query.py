"""Pure translation of a :class:`QueryPlan` into an FTS5 MATCH expression.

Every token is double-quoted (inner quotes doubled), so no user input can be
read as FTS5 syntax. Tokens are searched in the prefixed vocabulary of each
column (see schema.COLUMN_PREFIX). Syllable terms go to syllable columns and
word terms to word columns; exact forms go to exact columns, folded forms to
folded columns, and the column weights (see :mod:`vanban_core.fields`) rank
exact matches above folded ones.

Boost terms must not change which documents match, only their score, so they
have an expression of their own, scored separately for the matching documents.
"""

from __future__ import annotations

from search_api.backends.sqlite.schema import COLUMN_PREFIX
from search_api.planner import QueryPlan, Terms
from vanban_core.fields import SYLLABLE_VARIANTS, TEXT_FIELDS, WORD_VARIANTS, column


def quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _phrase_in(column_name: str, tokens: tuple[str, ...], *, prefix_last: bool = False) -> str:
    """The phrase in one column's own vocabulary (see schema.COLUMN_PREFIX);
    ``prefix_last`` matches the last token as a prefix."""
    prefix = COLUMN_PREFIX[column_name]
    quoted = [quote(prefix + t) for t in tokens]
    if prefix_last:
        quoted[-1] += " *"
    return f"{{{column_name}}} : ({' + '.join(quoted)})"


def terms_expr(terms: Terms) -> str:
    """Exact form in every field's exact column OR (unless strict) folded form in
    every field's folded column; each column scores with its own IDF."""
    exact_variant, folded_variant = WORD_VARIANTS if terms.word else SYLLABLE_VARIANTS
    options = [_phrase_in(column(f, exact_variant), terms.exact) for f in TEXT_FIELDS]
    if not terms.strict:
        options.extend(_phrase_in(column(f, folded_variant), terms.folded) for f in TEXT_FIELDS)
    return "(" + " OR ".join(options) + ")"


def _any(group: tuple[Terms, ...]) -> str:
    return "(" + " OR ".join(terms_expr(t) for t in group) + ")"


def match_expression(plan: QueryPlan) -> str | None:
    """The MATCH string deciding which documents match; None when ``plan`` has no text."""
    parts = [terms_expr(t) for t in plan.required]
    parts.extend(_any(group) for group in plan.any_of)
    if plan.optional:
        parts.append(_any(plan.optional))
    if not parts:
        return None
    core = " AND ".join(parts)
    if plan.excluded:
        core = f"({core}) NOT ({' OR '.join(terms_expr(t) for t in plan.excluded)})"
    return core


def boost_expression(plan: QueryPlan) -> str | None:
    """The MATCH string of the score-only proximity terms (scored separately and
    weighted by the plan's ``RankingWeights.proximity``)."""
    if not plan.boosts:
        return None
    return " OR ".join(terms_expr(b) for b in plan.boosts)


def title_prefix_expression(folded: tuple[str, ...]) -> str:
    """Folded title phrase whose last syllable is a prefix: autocomplete as one types."""
    return _phrase_in(column("title", "f"), folded, prefix_last=True)
