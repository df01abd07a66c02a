"""Per-query cost bounds, which :func:`search_api.planner.plan_query` applies to every
plan before any engine runs it.

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

MAX_TERMS = 32
MAX_GROUPS = 8
MAX_ALTERNATIVES = 8
MAX_EXCLUDED = 8
MAX_BOOSTS = 32
MAX_PHRASE_SYLLABLES = 16
MAX_NUMBERS = 8
