"""Options every command shares, declared once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from search_api.backends import open_backend
from search_api.backends.base import SearchBackend
from vanban_core.settings import Settings, load_settings

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="Embedded store file [env VANBAN_DB; default data/vanban.db]"),
]
EsUrlOption = Annotated[
    str | None,
    typer.Option("--es-url", help="Elasticsearch URL; selects that backend [env VANBAN_ES_URL]"),
]
IndexOption = Annotated[
    str | None,
    typer.Option("--index", help="Elasticsearch alias [env VANBAN_INDEX; default vanban]"),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table")]


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
