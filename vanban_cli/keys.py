"""``vanban keys create|list|revoke``: the write API's keys, stored hashed."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from search_api.api_keys import KeyStore, Scope
from vanban_cli.help_format import Command, Group
from vanban_cli.output import console, err_console, print_json
from vanban_core.settings import load_settings

app = typer.Typer(help="Khóa API cho việc ghi văn bản / API keys of the write API.", cls=Group)
KeysDbOption = Annotated[
    Path | None,
    typer.Option(
        "--keys-db", help="Tệp khóa / key file [env VANBAN_KEYS_DB; default data/api-keys.db]"
    ),
]


def _store(keys_db: Path | None) -> KeyStore:
    return KeyStore(load_settings(keys_db=keys_db).keys_db)


@app.command(cls=Command)
def create(
    name: Annotated[str, typer.Option(help="Who the key is for, e.g. 'cổng tỉnh Sơn La'")],
    scope: Annotated[Scope, typer.Option(help="read-write may write; read may not")] = (
        Scope.read_write
    ),
    keys_db: KeysDbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="In JSON / print JSON")] = False,
) -> None:
    """Create a key and print it once: only its hash is kept."""
    info, key = _store(keys_db).create(name, scope)
    if as_json:
        print_json({"id": info.id, "name": info.name, "scope": info.scope.value, "key": key})
        return
    console.print(f"id {info.id} · {info.name} · {info.scope.value}")
    console.print(key, soft_wrap=True, highlight=False)
    err_console.print("Lưu khóa này ngay: không thể xem lại (store it now: it is not shown again)")


@app.command(name="list", cls=Command)
def list_keys(
    keys_db: KeysDbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="In JSON / print JSON")] = False,
) -> None:
    """Every key with its scope and state (never the key itself)."""
    keys = _store(keys_db).list()
    if as_json:
        print_json(
            [
                {
                    "id": k.id,
                    "name": k.name,
                    "scope": k.scope.value,
                    "created": k.created,
                    "revoked": k.revoked,
                }
                for k in keys
            ]
        )
        return
    for k in keys:
        state = f"revoked {k.revoked}" if k.revoked else "active"
        console.print(f"{k.id}  {k.scope.value:<10}  {state:<30}  {k.name}")


@app.command(cls=Command)
def revoke(
    key_id: Annotated[str, typer.Argument(help="The key's id")], keys_db: KeysDbOption = None
) -> None:
    """Revoke a key: every request with it is refused from now on."""
    if not _store(keys_db).revoke(key_id):
        err_console.print(f"[red]lỗi (error):[/red] no active key with id {key_id}")
        raise typer.Exit(1)
    console.print(f"revoked {key_id}")
