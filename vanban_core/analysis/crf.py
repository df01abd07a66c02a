"""pyvi's word segmenter with the same model and the same output, built for speed.

``pyvi.ViTokenizer.tokenize`` spends most of its time in Python: it recompiles
its syllable pattern on every call, builds a dictionary of a dozen features per
syllable (lowercasing and joining the neighbours again for each), hands them to
CRFsuite, which looks every feature name up in its dictionary, and glues its
output string together one syllable at a time.

This module decodes the very same model (pyvi's pickled ``sklearn_crfsuite``
estimator: its weights are read from the model file) on the very same
features, with everything that depends on one syllable summed once per distinct
syllable and memoized, and runs the two-label Viterbi of CRFsuite in Python.
Summing a syllable's weights at once instead of attribute by attribute can only
move a score by a few units in the last place, so whenever a Viterbi decision
on the chosen path is closer than that, the sentence is given to CRFsuite
itself. The labels are therefore always CRFsuite's, and the words pyvi's, which
``tests/analysis/test_segment.py`` checks token by token.
"""

from __future__ import annotations

import re
import string
import struct
import tempfile
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Protocol


class _Tagger(Protocol):
    def tag(self, xseq: list[list[str]]) -> list[str]: ...

    def dump(self, filename: str) -> None: ...

    def labels(self) -> list[str]: ...


# pyvi's ViTokenizer.sylabelize pattern, compiled once, its groups made
# non-capturing (pyvi keeps only the whole match).
_SYLLABLES = re.compile(
    "(?:"
    + "|".join(
        [
            r"[A-ZĐ]+\.",
            r"Tp\.",
            r"Mr\.",
            r"Mrs\.",
            r"Ms\.",
            r"Dr\.",
            r"ThS\.",
            "==>",
            "->",
            r"\.\.\.",
            ">>",
            "\n",
            r"\w+://[^\s]+",
            r"[a-zA-Z0-9_.+-]+@(?:[a-zA-Z0-9-]+\.)+[a-zA-Z0-9-]+",
            r"\d+(?:[\.,_]\d+)+",
            r"[^\w\s]",
            r"\w+",
        ]
    )
    + ")",
    re.UNICODE,
)
_PUNCTUATION = frozenset(string.punctuation)
# "      17: word.lower():x" lines; a name may hold a line break (the feature of the
# "\n" syllable), so a name runs until the next numbered line or the block's end.
_ATTRIBUTE_LINE = re.compile(r"^ +(\d+): (.*?)\n(?= +\d+: |}\n)", re.MULTILINE | re.DOTALL)
_ZERO = (0.0, 0.0)
Pair = tuple[float, float]


@dataclass(frozen=True)
class _Model:
    """pyvi's CRF: attribute -> (B_W, I_W) state weights, transitions, lexicons, tagger."""

    state: dict[str, Pair]
    trans: tuple[Pair, Pair]
    # pyvi's lexicon entries ("văn phòng") as tuples of lowercase syllables, so a
    # lookup hashes two cached strings instead of building the joined one.
    bi_grams: frozenset[tuple[str, ...]]
    tri_grams: frozenset[tuple[str, ...]]
    tagger: _Tagger


def _read_weights(tagger: _Tagger, model_path: str) -> tuple[dict[str, Pair], tuple[Pair, Pair]]:
    """Exact weights from the model file, attribute names from the tagger's dump.

    The dump prints weights rounded to six decimals, so the weights are read
    from the model's feature chunk instead (records of type, source, target and
    a double; type 0 is attribute -> label, type 1 label -> label).
    """
    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder) / "model.txt"
        tagger.dump(str(dump))
        text = dump.read_text(encoding="utf-8")
    block = text[text.index("ATTRIBUTES = {") : text.index("TRANSITIONS = {")]
    names = {int(m.group(1)): m.group(2) for m in _ATTRIBUTE_LINE.finditer(block)}
    data = Path(model_path).read_bytes()
    (attribute_count,) = struct.unpack_from("<I", data, 24)  # FILEHEADER.num_attrs
    if sorted(names) != list(range(attribute_count)):
        raise RuntimeError("unexpected pyvi model dump")
    (at,) = struct.unpack_from("<I", data, 28)  # FILEHEADER.off_features
    magic, _, count = struct.unpack_from("<4sII", data, at)
    if magic != b"FEAT" or tagger.labels() != ["B_W", "I_W"]:
        raise RuntimeError("unexpected pyvi model layout")
    state: dict[str, list[float]] = {}
    trans = [[0.0, 0.0], [0.0, 0.0]]
    for kind, source, target, weight in struct.iter_unpack(
        "<iiid", data[at + 12 : at + 12 + 20 * count]
    ):
        if kind == 0:
            state.setdefault(names[source], [0.0, 0.0])[target] = weight
        else:
            trans[source][target] = weight
    pairs = {k: (v[0], v[1]) for k, v in state.items()}
    return pairs, ((trans[0][0], trans[0][1]), (trans[1][0], trans[1][1]))


@lru_cache(maxsize=1)
def _model() -> _Model:
    """pyvi's model and lexicons, loaded once (importing pyvi takes about a second)."""
    from pyvi.ViTokenizer import ViTokenizer

    tagger: _Tagger = ViTokenizer.model.tagger_
    state, trans = _read_weights(tagger, ViTokenizer.model.modelfile.name)
    return _Model(
        state,
        trans,
        frozenset(tuple(g.split(" ")) for g in ViTokenizer.bi_grams),
        frozenset(tuple(g.split(" ")) for g in ViTokenizer.tri_grams),
        tagger,
    )


def _sum(state: dict[str, Pair], attrs: list[str]) -> Pair:
    b = i = 0.0
    for name in attrs:
        w = state.get(name, _ZERO)
        b += w[0]
        i += w[1]
    return b, i


class _Syllable:
    """What one syllable adds to its own score and, as a neighbour, to the next and
    previous syllables' scores; with its attribute names, for CRFsuite."""

    __slots__ = ("attrs", "glue", "left", "lower", "own", "right", "starts_title")

    def __init__(self, word: str, state: dict[str, Pair]) -> None:
        lower = word.lower()
        upper, title = word.isupper(), word.istitle()
        attrs = ["bias", "word.lower():" + lower]
        left = ["-1:word.lower():" + lower]
        right = ["+1:word.lower():" + lower]
        # pyvi's order: isupper before istitle for the syllable, after it for neighbours.
        if upper:
            attrs.append("word.isupper()")
        if title:
            attrs.append("word.istitle()")
            left.append("-1:word.istitle()")
            right.append("+1:word.istitle()")
        if upper:
            left.append("-1:word.isupper()")
            right.append("+1:word.isupper()")
        if word.isdigit():
            attrs.append("word.isdigit()")
        self.lower = lower
        # pyvi never glues punctuation or a syllable starting with a digit.
        self.glue = word not in _PUNCTUATION and not word[0].isdigit()
        self.starts_title = word[0].istitle()
        self.attrs = (tuple(attrs), tuple(left), tuple(right))
        self.own = _sum(state, attrs)
        self.left = _sum(state, left)  # as the syllable before another
        self.right = _sum(state, right)  # as the syllable after another


@lru_cache(maxsize=262144)
def _syllable(word: str) -> _Syllable:
    return _Syllable(word, _model().state)


def _features(sylls: list[_Syllable], pair: list[bool], triple: list[bool]) -> list[list[str]]:
    """pyvi's ``sent2features`` as attribute lists, for CRFsuite (the features pyvi
    sets to False weigh nothing there and are left out)."""
    n = len(sylls)
    out: list[list[str]] = []
    for t in range(n):
        item = list(sylls[t].attrs[0])
        if t > 0:
            item.extend(sylls[t - 1].attrs[1])
            if pair[t - 1]:
                item.append("-1:word.bi_gram()")
            if t > 1 and triple[t - 2]:
                item.append("-2:word.tri_gram()")
        if t < n - 1:
            item.extend(sylls[t + 1].attrs[2])
            if pair[t]:
                item.append("+1:word.bi_gram()")
            if t < n - 2 and triple[t]:
                item.append("+2:word.tri_gram()")
        out.append(item)
    return out


# How far our scores can drift from CRFsuite's. A state score sums at most 16
# weights below 10 (|score| < 200): summed per syllable instead of attribute by
# attribute it differs by < 1e-12. The Viterbi additions are CRFsuite's own, but
# on inputs that differ, each may round differently: at most one unit in the
# last place of a path score, which stays below 200 per syllable, so 2.3e-16 ×
# 200 × t at step t (three additions a step). A decision (on the chosen path or
# off it) closer than twice the accumulated bound is left to CRFsuite; real
# margins are tenths, so that never happens in practice, but when it does the
# labels are still CRFsuite's.
_ROUNDING_PER_SYLLABLE = 1e-12
_ULP_PER_SCORE_UNIT = 2.3e-16
_MAX_STEP_SCORE = 200.0


def _decode(
    model: _Model, sylls: list[_Syllable], pair: list[bool], triple: list[bool]
) -> list[int] | None:
    """CRFsuite's two-label Viterbi over the state scores of ``sylls`` (ties go to
    the lower label, as there); None when a decision is too close to call.

    The state score of a syllable is its own weights, its neighbours' and the
    lexicon features; the loop computes it on the fly, one syllable ahead.
    """
    state = model.state
    bl0, bl1 = state.get("-1:word.bi_gram()", _ZERO)
    br0, br1 = state.get("+1:word.bi_gram()", _ZERO)
    tl0, tl1 = state.get("-2:word.tri_gram()", _ZERO)
    tr0, tr1 = state.get("+2:word.tri_gram()", _ZERO)
    (t00, t01), (t10, t11) = model.trans
    n = len(sylls)
    steps = n + 1
    drift = _ROUNDING_PER_SYLLABLE + 3 * _ULP_PER_SCORE_UNIT * _MAX_STEP_SCORE * steps
    eps = 2 * drift * steps
    back0: list[bool] = []
    back1: list[bool] = []
    p0 = p1 = 0.0
    for t in range(n):
        s0, s1 = sylls[t].own
        if t > 0:
            w0, w1 = sylls[t - 1].left
            s0 += w0
            s1 += w1
            if pair[t - 1]:
                s0 += bl0
                s1 += bl1
            if t > 1 and triple[t - 2]:
                s0 += tl0
                s1 += tl1
        if t < n - 1:
            w0, w1 = sylls[t + 1].right
            s0 += w0
            s1 += w1
            if pair[t]:
                s0 += br0
                s1 += br1
            if t < n - 2 and triple[t]:
                s0 += tr0
                s1 += tr1
        if t == 0:
            p0, p1 = s0, s1
            continue
        a0 = p0 + t00  # into B_W from B_W
        b0 = p1 + t10  # into B_W from I_W
        a1 = p0 + t01  # into I_W from B_W
        b1 = p1 + t11  # into I_W from I_W
        d0 = b0 - a0
        d1 = b1 - a1
        if -eps < d0 < eps or -eps < d1 < eps:
            return None
        back0.append(d0 > 0)
        back1.append(d1 > 0)
        p0 = (b0 if d0 > 0 else a0) + s0
        p1 = (b1 if d1 > 0 else a1) + s1
    if -eps < p1 - p0 < eps:
        return None
    label = int(p1 > p0)
    labels = [label]
    for t in range(n - 2, -1, -1):
        label = int(back1[t] if label else back0[t])
        labels.append(label)
    labels.reverse()
    return labels


def _labels(sylls: list[_Syllable]) -> list[int]:
    """Labels (0 = B_W, 1 = I_W) of pyvi's CRF for the syllables ``sylls``."""
    model = _model()
    lowers = [s.lower for s in sylls]
    bi, tri = model.bi_grams, model.tri_grams
    pair = [p in bi for p in pairwise(lowers)]
    triple = [p in tri for p in zip(lowers, lowers[1:], lowers[2:], strict=False)]
    labels = _decode(model, sylls, pair, triple)
    if labels is None:
        tags = model.tagger.tag(_features(sylls, pair, triple))
        return [int(tag == "I_W") for tag in tags]
    return labels


def syllables(text: str) -> list[str]:
    """pyvi's syllables of (NFC) ``text``: words, numbers, punctuation marks."""
    return _SYLLABLES.findall(text)


def tokenize(text: str) -> list[str]:
    """The words of ``pyvi.ViTokenizer.tokenize(text).split()``."""
    return tokenize_nfc(unicodedata.normalize("NFC", text))


def tokenize_nfc(text: str) -> list[str]:
    """:func:`tokenize` of text already in NFC (normalized text is)."""
    words = syllables(text)
    if not words:
        return text.split()
    sylls = [_syllable(w) for w in words]
    labels = _labels(sylls)
    out = [words[0]]
    for i in range(1, len(words)):
        # pyvi's rule for gluing a syllable labelled I_W to the one before it.
        if (
            labels[i]
            and sylls[i].glue
            and sylls[i - 1].glue
            and not (sylls[i].starts_title and not sylls[i - 1].starts_title)
        ):
            out[-1] += "_" + words[i]
        else:
            out.append(words[i])
    # pyvi returns one string: "\n" syllables vanish when it is split.
    return " ".join(out).split()
