"""Validity (tình trạng hiệu lực): one closed vocabulary, and "in force on a date".

Sources spell a document's status in many ways ("Còn", "Đang hiệu lực",
``con_hieu_luc``, "--"); ``mappings/statuses.tsv`` is the one table of those
spellings, looked up blind to case, diacritics, spaces and underscores, so
the status facet has exactly the values below. A spelling the table does not
know becomes :data:`UNKNOWN` rather than a new facet value: the vocabulary is
closed, and the benchmark lists what fell through.
"""

from __future__ import annotations

import csv
import datetime as dt
from functools import cache

from vanban_core.resources import mappings_dir
from vanban_core.text.normalize import fold, normalize

IN_FORCE = "Còn hiệu lực"
PARTLY_EXPIRED = "Hết hiệu lực một phần"
EXPIRED = "Hết hiệu lực toàn bộ"
NOT_YET = "Chưa có hiệu lực"
SUSPENDED = "Ngưng hiệu lực"
PARTLY_SUSPENDED = "Ngưng hiệu lực một phần"
OBSOLETE = "Không còn phù hợp"
UNKNOWN = "Không rõ"

STATUSES: tuple[str, ...] = (
    IN_FORCE,
    PARTLY_EXPIRED,
    EXPIRED,
    NOT_YET,
    SUSPENDED,
    PARTLY_SUSPENDED,
    OBSOLETE,
    UNKNOWN,
)
# English labels of the vocabulary (the UI's ?lang=en).
STATUS_EN: dict[str, str] = {
    IN_FORCE: "In force",
    PARTLY_EXPIRED: "Partly expired",
    EXPIRED: "Expired",
    NOT_YET: "Not yet in force",
    SUSPENDED: "Suspended",
    PARTLY_SUSPENDED: "Partly suspended",
    OBSOLETE: "No longer applicable",
    UNKNOWN: "Unknown",
}
# Without an expiry date, these statuses alone say the document no longer applies.
ENDED_STATUSES: tuple[str, ...] = (EXPIRED, SUSPENDED, OBSOLETE)


def _key(text: str) -> str:
    return " ".join(fold(normalize(text)).lower().replace("_", " ").split())


@cache
def _table() -> dict[str, str]:
    path = mappings_dir() / "statuses.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        table = {_key(row["spelling"]): normalize(row["status"]).strip() for row in rows}
    unknown = set(table.values()) - set(STATUSES)
    if unknown:
        raise ValueError(f"statuses.tsv maps to values outside the vocabulary: {unknown}")
    return table


def canonical_status(value: str | None) -> str:
    """The vocabulary's status for a source's spelling; :data:`UNKNOWN` when none fits."""
    if value is None or not value.strip():
        return UNKNOWN
    return _table().get(_key(value), UNKNOWN)


def is_known(value: str | None) -> bool:
    """Whether a source's spelling is in the table (unknown spellings are reported)."""
    return value is not None and _key(value) in _table()


def in_force_on(
    day: dt.date,
    status: str,
    issued: dt.date | None,
    effective: dt.date | None,
    expiry: dt.date | None,
) -> bool:
    """Whether a document applies on ``day`` (the reference rule; both backends'
    ``in_force_on`` filters are this function written as a query).

    Dates win over the status: in force from the effective date (or, when the
    source gives none, from the issue date unless the status says "not yet"),
    up to the day before the expiry date (or, without one, unless the status
    says it ended).
    """
    if effective is not None:
        if effective > day:
            return False
    elif (issued is not None and issued > day) or status == NOT_YET:
        return False
    if expiry is not None:
        return expiry > day
    return status not in ENDED_STATUSES
