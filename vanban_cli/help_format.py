"""How `vanban --help` shows its options.

typer 0.2x prints every option's type beside it, flags included ("--json
<bool>"), which reads as if the flag took a value. These command classes blank
the type of every flag (``--help`` too) and leave the others ("<int>",
metavars such as FILE) as they are.
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperCommand, TyperGroup


def _untyped_flags(params: list[Any]) -> list[Any]:
    for param in params:
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""
    return params


class Command(TyperCommand):
    def get_params(self, ctx: Any) -> list[Any]:
        return _untyped_flags(super().get_params(ctx))


class Group(TyperGroup):
    def get_params(self, ctx: Any) -> list[Any]:
        return _untyped_flags(super().get_params(ctx))
