"""What the reliability tests share: a store file holding the fixture documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from search_api.backends.sqlite import SqliteBackend
from tests.conformance.test_backend_behaviour import load_docs


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    """A store of the conformance fixtures, closed: the test opens it as a server would."""
    path = tmp_path / "vanban.db"
    writer = SqliteBackend(path, create=True)
    writer.upsert(load_docs())
    writer.close()
    return path
