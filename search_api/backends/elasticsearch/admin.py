"""Index lifecycle: versioned indices behind one alias, created from mappings/.

The alias is what every read and write uses. ``reindex`` builds a new version
with refresh off and no replicas, fills it, restores those settings, then moves
the alias in one atomic call; the previous index stays for rollback. Any
failure deletes the half-built index and leaves the alias where it was.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from typing import Any

from elasticsearch import Elasticsearch, NotFoundError

from vanban_core.facets import FACETS
from vanban_core.resources import mapping_file


@lru_cache(maxsize=1)
def index_body() -> dict[str, Any]:
    """mappings/index.json, loaded verbatim, plus one keyword pair per facet of the
    registry (``facet.<name>.key`` / ``.shown``), so adding a facet needs no mapping edit."""
    body: dict[str, Any] = json.loads(mapping_file("index.json").read_text(encoding="utf-8"))
    keyword = {"type": "keyword"}
    body["mappings"]["properties"]["facet"] = {
        "properties": {
            spec.name: {"properties": {"key": keyword, "shown": keyword}} for spec in FACETS
        }
    }
    return body


def new_index_name(alias: str) -> str:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S%f")
    return f"{alias}-v{stamp}"


def indices_behind(client: Elasticsearch, alias: str) -> list[str]:
    try:
        return sorted(client.indices.get_alias(name=alias).keys())
    except NotFoundError:
        return []


def create_index(client: Elasticsearch, name: str, *, bulk_mode: bool = False) -> None:
    body = index_body()
    settings: dict[str, Any] = json.loads(json.dumps(body["settings"]))
    if bulk_mode:
        settings.setdefault("index", {}).update(refresh_interval="-1", number_of_replicas=0)
    client.indices.create(index=name, settings=settings, mappings=body["mappings"])


def ensure_alias(client: Elasticsearch, alias: str) -> str:
    """The live index behind ``alias``, creating a first version when there is none."""
    current = indices_behind(client, alias)
    if current:
        add_missing_fields(client, current[-1])
        return current[-1]
    name = new_index_name(alias)
    create_index(client, name)
    client.indices.update_aliases(actions=[{"add": {"index": name, "alias": alias}}])
    return name


def add_missing_fields(client: Elasticsearch, name: str) -> None:
    """Map the fields the shipped mapping gained since index ``name`` was made.

    Adding a field to a live index is allowed (``updated_at`` came this way);
    fields it already has are left as they are, so an index made by another
    version still opens, and ``vanban reindex`` brings everything up to date.
    """
    live = client.indices.get_mapping(index=name)[name]["mappings"].get("properties", {})
    shipped = index_body()["mappings"]["properties"]
    missing = {field: spec for field, spec in shipped.items() if field not in live}
    if missing:
        client.indices.put_mapping(index=name, properties=missing)


def finish_bulk_mode(client: Elasticsearch, name: str) -> None:
    live = index_body()["settings"].get("index", {})
    client.indices.put_settings(
        index=name,
        settings={
            "index": {
                "refresh_interval": live.get("refresh_interval", "1s"),
                "number_of_replicas": live.get("number_of_replicas", 0),
            }
        },
    )
    client.indices.refresh(index=name)


def swap_alias(client: Elasticsearch, alias: str, new: str) -> list[str]:
    """Point ``alias`` at ``new`` only, atomically; return the indices it left."""
    old = indices_behind(client, alias)
    actions: list[dict[str, Any]] = [{"remove": {"index": i, "alias": alias}} for i in old]
    actions.append({"add": {"index": new, "alias": alias}})
    client.indices.update_aliases(actions=actions)
    return old
