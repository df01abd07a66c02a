"""``fields=``: which fields of a hit or a document a client wants back.

A comma-separated list (``fields=id,number,title``), checked against the
model's own fields, so a typo is a 422 naming the unknown field instead of a
silently empty column. ``id`` is always kept: without it a row cannot be
followed up.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fastapi import HTTPException
from pydantic import BaseModel


def parse_fields(raw: str | None, model: type[BaseModel]) -> list[str] | None:
    """The chosen field names in the model's order, or None for every field."""
    if raw is None or not raw.strip():
        return None
    asked = {name.strip() for name in raw.split(",") if name.strip()}
    known = list(model.model_fields)
    unknown = sorted(asked - set(known))
    if unknown:
        raise HTTPException(
            422,
            detail=f"trường không có (unknown fields): {', '.join(unknown)}; "
            f"có thể chọn (available): {', '.join(known)}",
        )
    return [name for name in known if name in asked or name == "id"]


def select(item: BaseModel, fields: Iterable[str] | None) -> dict[str, Any]:
    """``item`` as JSON-ready data, with only ``fields`` when given."""
    return item.model_dump(mode="json", include=set(fields) if fields is not None else None)
