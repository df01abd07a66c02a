"""Load the heavy resources of analysis up front, timing each.

Each one loads lazily on first use, so a command that needs only a few pays
only for those (`vanban extract`, the tests). A server must not let its first
user pay for them instead: it calls :func:`load_resources` before it accepts
requests. The costly one is pyvi's CRF model: importing pyvi imports
scikit-learn and SciPy, several seconds on a busy 2-core machine; the tables
are read and indexed in milliseconds to tenths of a second.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from vanban_core import codes
from vanban_core.analysis import variants
from vanban_core.analysis.segment import segment


def _pyvi() -> object:
    return segment("Văn phòng Chính phủ thông báo kết luận của Thủ tướng")


def _code_tables() -> object:
    return codes.doc_type_name("QĐ"), codes.issuer_name("TTg"), codes.issuer_prefixes()


def _variant_tables() -> object:
    return (
        variants.longest_abbreviation_at(["ubnd"], 0),
        variants.spelling_table(),
        variants.question_phrases(),
    )


RESOURCES: tuple[tuple[str, Callable[[], object]], ...] = (
    ("pyvi model", _pyvi),
    ("code tables", _code_tables),
    ("variant tables", _variant_tables),
)


def load_resources() -> dict[str, float]:
    """Load every resource of :data:`RESOURCES`; seconds each took, by name."""
    seconds: dict[str, float] = {}
    for name, load in RESOURCES:
        started = time.perf_counter()
        load()
        seconds[name] = time.perf_counter() - started
    return seconds
