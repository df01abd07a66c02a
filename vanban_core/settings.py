"""Every ``VANBAN_*`` setting, read from the environment or passed by the CLI.

One class for the whole product (store, server, search limits, readers, OCR,
data tables), so a setting cannot hide in a module that reads ``os.environ``
itself; docs/configuration.md names each field and a test fails if one is
missing there. The test-only variables (``VANBAN_TEST_*``) and those of the
local Elasticsearch script (``VANBAN_ES_VERSION`` …) belong to those tools.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

# Megabytes of the embedded store its readers map by default (SQLite caps it at 2 GB).
SQLITE_MMAP_MB = 2048


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VANBAN_", extra="ignore")

    db: Path = Field(default=Path("data/vanban.db"), description="Embedded SQLite store file")
    es_url: str | None = Field(default=None, description="Elasticsearch URL; selects that backend")
    index: str = Field(default="vanban", description="Elasticsearch alias name")
    es_timeout: float = Field(default=30.0, description="Elasticsearch request timeout, seconds")
    host: str = Field(default="127.0.0.1", description="Address `vanban serve` listens on")
    port: int = Field(default=8000, description="Port `vanban serve` listens on")
    search_timeout: float = Field(default=10.0, description="Longest a search may run, seconds")
    workers: int = Field(
        default=1,
        ge=1,
        description=(
            "Server processes sharing the port; one Python process uses about one core "
            "(the GIL), so a public server sets the core count"
        ),
    )
    search_slots: int = Field(
        default=0,
        ge=0,
        description="Requests each server process works on at once (0 = cores / workers)",
    )
    search_queue: int = Field(
        default=128, ge=0, description="Requests waiting for a slot before 503 + Retry-After"
    )
    search_queue_wait: float = Field(
        default=10.0, gt=0, description="Longest a request waits for a slot, seconds (then 503)"
    )
    rerank: bool = Field(
        default=True,
        description=(
            "Reorder the first 30 hits of a text query with the shipped learned reranker "
            "(better ranking, about 10-30 ms more CPU per text query; docs/relevance.md)"
        ),
    )
    sqlite_mmap_mb: int = Field(
        default=SQLITE_MMAP_MB,
        ge=0,
        description="Megabytes of the embedded store readers map into memory (0 = read())",
    )
    facet_index: bool = Field(
        default=True,
        description=(
            "Count the embedded store's facets from a copy of its facet values in memory "
            "(about 12 bytes a value), rebuilt in the background after each commit"
        ),
    )
    warm_up: bool = Field(
        default=True,
        description="Load the pyvi model and tables, and search once, when the server starts",
    )
    mappings_dir: Path | None = Field(
        default=None,
        description="Folder of the code tables and index mapping (default: the ones shipped)",
    )
    tool_timeout: float = Field(
        default=120.0, description="Longest an external reader tool (pdftotext, catdoc…) may run"
    )
    ocr_page_timeout: float = Field(default=180.0, description="Longest OCR of one page, seconds")
    ocr_max_pages: int = Field(
        default=0, ge=0, description="Pages OCR'd per file at most (0 = every page)"
    )
    blob_dir: Path | None = Field(
        default=None,
        description="Folder of the original files kept at indexing (default: files/ beside db)",
    )
    ocr_workers: int = Field(
        default=0, ge=0, description="Parallel OCR pages (0 = the core count, at most 4)"
    )
    rate_limit: int = Field(
        default=300, ge=0, description="Requests per client per window (0 = no limit)"
    )
    rate_limit_window: float = Field(default=60.0, gt=0, description="Rate-limit window, seconds")
    cors_origins: str = Field(
        default="*",
        description="Comma-separated origins allowed to read the API from a browser ('*' = any)",
    )
    max_query_bytes: int = Field(default=8192, ge=256, description="Longest query string, bytes")
    max_body_bytes: int = Field(
        default=20 * 1024 * 1024, ge=1024, description="Largest request body (uploads), bytes"
    )
    export_max_rows: int = Field(
        default=100_000, ge=1, description="Most hits one CSV / JSON Lines export streams"
    )
    keys_db: Path = Field(
        default=Path("data/api-keys.db"), description="API keys of the write API, hashed"
    )
    fetch_allowed_networks: str = Field(
        default="",
        description=(
            "Comma-separated networks URL ingestion may reach although they are not "
            "public (loopback, private, link-local); empty = public addresses only"
        ),
    )


def files_dir(settings: Settings) -> Path:
    """Where original files are kept: ``blob_dir``, or ``files/`` beside the store."""
    return settings.blob_dir or settings.db.parent / "files"


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment, with explicit (CLI) values taking precedence."""
    values = {k: v for k, v in overrides.items() if v is not None}
    return Settings(**values)  # type: ignore[arg-type]


def environment_settings() -> Settings:
    """The environment's settings, for code far from any caller that could pass them
    (readers in worker processes). Read afresh each call: it costs microseconds
    and the callers (one per tool run or table load) are rare."""
    return Settings()
