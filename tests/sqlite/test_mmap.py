"""Readers map the store into memory unless ``VANBAN_SQLITE_MMAP_MB=0``, and the
answers are the same either way."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from search_api.backends.sqlite import SqliteBackend
from tests.conformance.test_backend_behaviour import load_docs
from vanban_app.factory import create_app
from vanban_core.settings import Settings


def _answers(path: Path, mmap_mb: int) -> tuple[list[dict[str, object]], int]:
    settings = Settings(db=path, sqlite_mmap_mb=mmap_mb)
    with TestClient(create_app(settings), base_url="http://127.0.0.1") as client:
        answers = [
            client.get("/api/v1/search", params={"q": q}).json()
            for q in ("quyết định", "thong bao", "1016/TB-VPCP")
        ]
        store = client.app.state.service.backend  # type: ignore[attr-defined]
        assert isinstance(store, SqliteBackend)
        mapped = {int(c.execute("PRAGMA mmap_size").fetchone()[0]) for c in store.connections()}
    assert len(mapped) == 1, "every reader is set the same way"
    return answers, mapped.pop()


def test_readers_map_the_store_and_answer_as_without(tmp_path: Path) -> None:
    path = tmp_path / "v.db"
    writer = SqliteBackend(path, create=True)
    writer.upsert(load_docs())
    writer.close()
    mapped, size = _answers(path, 64)
    assert size == 64 * 1024 * 1024
    unmapped, none = _answers(path, 0)
    assert none == 0
    assert mapped == unmapped
    assert all(a["total"] for a in mapped)
