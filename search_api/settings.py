"""Settings read from the environment (prefix ``VANBAN_``) or passed by the CLI.

One module-level object; every setting is documented in docs/configuration.md,
and a test checks that the document names each of them.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VANBAN_", extra="ignore")

    db: Path = Field(default=Path("data/vanban.db"), description="Embedded SQLite store file")
    es_url: str | None = Field(default=None, description="Elasticsearch URL; selects that backend")
    index: str = Field(default="vanban", description="Elasticsearch alias name")
    es_timeout: float = Field(default=30.0, description="Elasticsearch request timeout, seconds")
    host: str = Field(default="127.0.0.1", description="Address `vanban serve` listens on")
    port: int = Field(default=8000, description="Port `vanban serve` listens on")
    search_timeout: float = Field(default=10.0, description="Longest a search may run, seconds")


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment, with explicit (CLI) values taking precedence."""
    values = {k: v for k, v in overrides.items() if v is not None}
    return Settings(**values)  # type: ignore[arg-type]
