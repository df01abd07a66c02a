"""Turn a user's query into a backend-neutral plan: what must match, what scores.

Both backends receive the same :class:`QueryPlan`, built here with the shared
analysis module, so they differ only in how they execute it.

Ranking decisions made here:
- A document number found in the query (any common spelling) is a lookup: the
  document with that number must rank first. When nothing but the number (and
  words such as "số" or a type name) was typed, the query matches by number
  only, and documents citing the number follow the document itself.
- Short queries (up to ``MAX_REQUIRED_TERMS`` syllables) require every
  syllable, which is what people expect from a search box; longer ones, such as
  questions pasted in full, match any syllable and rely on ranking.
- A syllable typed with diacritics means what it says and matches only that
  form ("thưởng" does not find "thường"); a syllable typed without them matches
  every accented form ("thuong" finds both), and a document spelling it exactly
  as typed scores higher (the backends weight folded fields lower). When a
  query finds nothing this way, the service retries it with every syllable
  folded, so a wrongly accented query still finds something.
- Proximity only adds score: pyvi words of the query, every pair of adjacent
  syllables (which also stands in for words when the query has no diacritics
  and pyvi cannot segment it), and the query as a whole phrase.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import pairwise

from search_api import query_bounds as bounds
from search_api.models import Filters, SearchRequest
from search_api.query_syntax import ParsedSyntax, parse_query
from search_api.timing import stage
from vanban_core import codes
from vanban_core.analysis import analyze, find_numbers, fold, normalize, number_key, variants
from vanban_core.fields import ENGINE_WEIGHTS, RankingWeights
from vanban_core.text.normalize import fold_token

MAX_REQUIRED_TERMS = 6
# Words people put in front of a number: "số 1016/TB-VPCP", "Quyết định 06/2013/QĐ-TTg".
_NUMBER_PREFIXES = {"so", "so:", "số", "số:", "so hieu", "số hiệu", "van ban", "văn bản"}


@dataclass(frozen=True)
class Terms:
    """A syllable or phrase, in exact and folded form, or a pyvi word (``word=True``).

    ``strict`` terms were typed with diacritics and match their exact form only.
    """

    exact: tuple[str, ...]
    folded: tuple[str, ...]
    word: bool = False
    strict: bool = False

    def relaxed(self) -> Terms:
        return replace(self, strict=False)

    @property
    def is_phrase(self) -> bool:
        return len(self.exact) > 1


@dataclass(frozen=True)
class QueryPlan:
    """Everything a backend needs to execute a search, and nothing engine-specific."""

    required: tuple[Terms, ...] = ()
    optional: tuple[Terms, ...] = ()
    any_of: tuple[tuple[Terms, ...], ...] = ()
    excluded: tuple[Terms, ...] = ()
    boosts: tuple[Terms, ...] = ()
    numbers: tuple[str, ...] = ()
    number_only: bool = False
    filters: Filters = field(default_factory=Filters)
    highlight: frozenset[str] = frozenset()
    # None: the engine's shipped weights (vanban_core.fields.ENGINE_WEIGHTS).
    weights: RankingWeights | None = None
    # False: hits come without snippets, to be cut (highlight.cut_snippet) for the
    # ones served only, when more hits are fetched than a page shows (the reranker).
    snippets: bool = True

    def weights_for(self, engine: str) -> RankingWeights:
        """The weights this plan ranks with on ``engine``."""
        return self.weights or ENGINE_WEIGHTS[engine]

    @property
    def is_empty(self) -> bool:
        """No text and no number: a browse of the filtered collection."""
        return not (self.required or self.optional or self.any_of or self.numbers)

    @property
    def has_text(self) -> bool:
        return bool(self.required or self.optional or self.any_of)

    @property
    def is_strict(self) -> bool:
        return any(t.strict for t in (*self.required, *self.optional))

    def relaxed(self) -> QueryPlan:
        """The same plan with every term matching its folded form too."""

        def loosen(terms: tuple[Terms, ...]) -> tuple[Terms, ...]:
            return tuple(t.relaxed() for t in terms)

        return replace(
            self,
            required=loosen(self.required),
            optional=loosen(self.optional),
            any_of=tuple(loosen(g) for g in self.any_of),
            boosts=loosen(self.boosts),
        )


def _terms(exact: tuple[str, ...], folded: tuple[str, ...], word: bool = False) -> Terms:
    return Terms(exact, folded, word=word, strict=exact != folded)


def _syllable_terms(text: str) -> tuple[list[Terms], list[tuple[Terms, ...]]]:
    """Single syllables, and groups of alternatives for abbreviations and variants.

    "UBND" becomes (ubnd | "ủy ban nhân dân"), "Thủ tướng Chính phủ" becomes
    ("thủ tướng chính phủ" | ttg), "kỹ" becomes (kỹ | kĩ); see
    :mod:`vanban_core.analysis.variants`. Alternatives are matched folded.
    """
    analyzed = analyze(text)
    exact, folded = analyzed.syllables, analyzed.folded_syllables
    singles: list[Terms] = []
    groups: list[tuple[Terms, ...]] = []
    i = 0
    while i < len(exact):
        found = variants.longest_abbreviation_at(folded, i)
        if found:
            length, alternatives = found
            own = _terms(tuple(exact[i : i + length]), tuple(folded[i : i + length]))
            groups.append((own, *(Terms(alt, alt) for alt in alternatives)))
            i += length
            continue
        own = _terms((exact[i],), (folded[i],))
        spellings = variants.spelling_table().get(exact[i], ())
        if spellings:
            groups.append((own, *(_terms((v,), (fold_token(v),)) for v in spellings)))
        else:
            singles.append(own)
        i += 1
    return singles, groups


def _phrase(text: str) -> Terms | None:
    analyzed = analyze(text)
    if not analyzed.syllables:
        return None
    return _terms(tuple(analyzed.syllables), tuple(analyzed.folded_syllables))


def _proximity_boosts(text: str) -> list[Terms]:
    """Words, adjacent syllable pairs and the whole query, as score-only phrases."""
    analyzed = analyze(text)
    boosts = [
        _terms((w,), (fold_token(w),), word=True) for w in dict.fromkeys(analyzed.words) if "_" in w
    ]
    syllables, folded = analyzed.syllables, analyzed.folded_syllables
    pairs = zip(pairwise(syllables), pairwise(folded), strict=True)
    boosts.extend(dict.fromkeys(_terms(exact, fold_pair) for exact, fold_pair in pairs))
    if len(syllables) > 2:
        boosts.append(_terms(tuple(syllables), tuple(folded)))
    return boosts


def _strip_number_prefixes(text: str) -> str:
    """Drop "số", "Số:" and document type names left around a number."""
    words = normalize(text).split()
    prefixes = _NUMBER_PREFIXES | {n.lower() for n in codes.doc_type_names()}
    folded_prefixes = {fold(p) for p in prefixes}
    # "Văn bản hợp nhất", "Thông tư liên tịch": type names run to four words.
    longest = max(len(p.split()) for p in prefixes)
    kept: list[str] = []
    i = 0
    while i < len(words):
        matched = 0
        for length in range(longest, 0, -1):
            chunk = fold(" ".join(words[i : i + length]).lower()).strip(":")
            if len(words[i : i + length]) == length and chunk in folded_prefixes:
                matched = length
                break
        if matched:
            i += matched
        else:
            kept.append(words[i])
            i += 1
    return " ".join(kept)


def _extract_numbers(text: str) -> tuple[list[str], str]:
    """Find numbers typed in the query; return their keys and the query without them.

    This runs before the query syntax is parsed, so a number typed with spaces
    around its dash ("1182/QĐ -UBND") is read as a number, not as an exclusion.
    A number given as a field value ("so:1016/TB-VPCP") is left to the syntax.
    """
    normalized = normalize(text)
    matches = [
        m
        for m in find_numbers(normalized, lenient=True)
        if not normalized[: m.start].endswith(":") and number_key(m.canonical)
    ]
    if not matches:
        return [], text
    rest, last = [], 0
    for m in matches:
        rest.append(normalized[last : m.start])
        last = m.end
    rest.append(normalized[last:])
    return [number_key(m.canonical) for m in matches], " ".join(" ".join(rest).split())


# Longer text is never taken for a bare number lookup by is_number_lookup.
_LOOKUP_CHARS = 120


def is_number_lookup(q: str) -> bool:
    """Whether ``q`` is a document number and nothing else that must match (a plan
    with ``number_only``), decided without analyzing any words: cheap enough to run
    before a request is admitted (search_api.admission's quick lane).

    It errs on the safe side: what it accepts, :func:`plan_query` plans as a
    number-only lookup; a number with syntax around it is left to the queue.
    """
    if len(q) > _LOOKUP_CHARS:
        return False
    numbers, rest = _extract_numbers(q)
    return bool(numbers) and not _strip_number_prefixes(rest).strip()


def _filters(request: Filters, syntax: ParsedSyntax) -> Filters:
    """Merge the request's filters with those typed as field syntax."""
    doc_types = [codes.doc_type_name(v) or v for v in syntax.doc_types]
    issuers = [codes.issuer_name(v) or v for v in syntax.issuers]
    numbers = [k for k in (number_key(v) for v in syntax.numbers) if k]
    typed = {"doc_type": doc_types, "issuer": issuers, "year": [str(y) for y in syntax.years]}
    facets = {
        name: merged
        for name in {*request.facets, *typed}
        if (merged := [*request.values(name), *typed.get(name, [])])
    }
    return request.model_copy(
        update={
            "facets": facets,
            "date_from": syntax.date_from or request.date_from,
            "date_to": syntax.date_to or request.date_to,
            "number": [*request.number, *numbers],
        }
    )


def _cut(terms: Terms) -> Terms:
    """A phrase cut to its first ``MAX_PHRASE_SYLLABLES`` syllables."""
    if len(terms.exact) <= bounds.MAX_PHRASE_SYLLABLES:
        return terms
    keep = bounds.MAX_PHRASE_SYLLABLES
    return replace(terms, exact=terms.exact[:keep], folded=terms.folded[:keep])


def _first(terms: tuple[Terms, ...], limit: int) -> tuple[Terms, ...]:
    return tuple(dict.fromkeys(_cut(t) for t in terms))[:limit]


def bounded(plan: QueryPlan) -> QueryPlan:
    """``plan`` within the cost bounds of :mod:`search_api.query_bounds`."""
    required = _first(plan.required, bounds.MAX_TERMS)
    optional = _first(plan.optional, max(0, bounds.MAX_TERMS - len(required)))
    groups = plan.any_of[: bounds.MAX_GROUPS]
    any_of = tuple(_first(group, bounds.MAX_ALTERNATIVES) for group in groups)
    kept = (*required, *optional, *(t for group in any_of for t in group))
    return replace(
        plan,
        required=required,
        optional=optional,
        any_of=any_of,
        excluded=_first(plan.excluded, bounds.MAX_EXCLUDED),
        boosts=_first(plan.boosts, bounds.MAX_BOOSTS),
        numbers=plan.numbers[: bounds.MAX_NUMBERS],
        highlight=frozenset(f for t in kept for f in t.folded) & plan.highlight,
    )


def plan_query(
    request: SearchRequest, *, read_numbers: bool = True, weights: RankingWeights | None = None
) -> QueryPlan:
    """Build the plan for ``request``; pure, so tests can compare plans directly.

    ``read_numbers=False`` takes what looked like a number as words, for the retry
    when that number is in no document ("15 TP HCM" may be a place, not a number).
    ``weights`` replaces the engine's shipped ranking weights (tuning does this).
    """
    numbers, rest = _extract_numbers(request.q) if read_numbers else ([], request.q)
    with stage("parse"):
        syntax = parse_query(rest)
    free_text = " ".join(syntax.text)
    if numbers:
        free_text = _strip_number_prefixes(free_text)
    free_text = variants.strip_question_phrases(free_text) or free_text
    terms, alternatives = _syllable_terms(free_text)
    phrases = [p for p in (_phrase(t) for t in syntax.phrases) if p]
    excluded = [p for p in (_phrase(t) for t in syntax.excluded) if p]
    any_of = tuple(tuple(t for t in (_phrase(w) for w in group) if t) for group in syntax.or_groups)
    any_of = tuple(group for group in any_of if group)
    required: list[Terms] = list(phrases)
    optional: list[Terms] = []
    if len(terms) + len(alternatives) <= MAX_REQUIRED_TERMS:
        required.extend(dict.fromkeys(terms))
        any_of = (*any_of, *alternatives)
    else:
        optional.extend(dict.fromkeys([*terms, *(t for group in alternatives for t in group)]))
    boosts = _proximity_boosts(free_text)
    highlight = {
        f for t in (*required, *optional, *(t for g in any_of for t in g)) for f in t.folded
    }
    return bounded(  # cost bounds before any engine runs it: search_api.query_bounds
        QueryPlan(
            required=tuple(required),
            optional=tuple(optional),
            any_of=any_of,
            excluded=tuple(excluded),
            boosts=tuple(boosts),
            numbers=tuple(dict.fromkeys(numbers)),
            number_only=bool(numbers) and not (required or optional or any_of),
            filters=_filters(request.filters, syntax),
            highlight=frozenset(highlight),
            weights=weights,
        )
    )
