"""Options every command shares, declared once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from search_api.backends import open_backend
from search_api.backends.base import SearchBackend
from vanban_core.settings import Settings, load_settings


def with_default(text: str, default: object) -> str:
    """Help text ending in typer's own "[default: …]" mark, for options whose real
    default comes from the settings (the option itself defaults to "not given")."""
    return rf"{text} \[default: {default}]"  # escaped: rich markup would eat "[…]"


def _default(name: str) -> object:
    return Settings.model_fields[name].default


DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        metavar="FILE",
        help=with_default("Kho nhúng / embedded store file (env VANBAN_DB)", _default("db")),
    ),
]
EsUrlOption = Annotated[
    str | None,
    typer.Option(
        "--es-url",
        metavar="URL",
        help=with_default(
            "Elasticsearch URL, thay kho nhúng / instead of the embedded store (env VANBAN_ES_URL)",
            "none",
        ),
    ),
]
IndexOption = Annotated[
    str | None,
    typer.Option(
        "--index",
        metavar="NAME",
        help=with_default("Elasticsearch alias (env VANBAN_INDEX)", _default("index")),
    ),
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="In JSON thay cho bảng / print JSON instead of a table")
]


def settings_from(db: Path | None, es_url: str | None, index: str | None) -> Settings:
    return load_settings(db=db, es_url=es_url, index=index)


def backend_from(settings: Settings, *, create: bool = False) -> SearchBackend:
    """The store; ``create`` only for commands that write (index, reindex)."""
    return open_backend(settings, create=create)


def state_path(settings: Settings) -> Path:
    """Where the index state lives: beside the store it describes."""
    if settings.es_url:
        return settings.db.parent / f"{settings.index}.es-state.db"
    return settings.db.with_name(settings.db.name + ".state")
