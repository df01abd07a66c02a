"""Where the shipped data files are: one rule, installed or run from a checkout.

The tables and the Elasticsearch mapping live in the package (``vanban_core/
mappings``, also reachable as the repository's top-level ``mappings/``), so a
wheel carries them and no code guesses a path from its own location or the
current directory. ``VANBAN_MAPPINGS_DIR`` points elsewhere on purpose.
"""

from __future__ import annotations

from pathlib import Path

from vanban_core.settings import environment_settings

_SHIPPED = Path(__file__).resolve().parent / "mappings"


def mappings_dir() -> Path:
    """The folder of code tables and mapping in use."""
    return environment_settings().mappings_dir or _SHIPPED


def mapping_file(name: str) -> Path:
    """One shipped data file by name (``index.json``, ``issuers.tsv`` …)."""
    return mappings_dir() / name
