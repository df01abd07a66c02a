from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from search_api.backends.base import SearchBackend
from tests.conformance.test_backend_behaviour import load_docs
from tests.conftest import copy_store
from vanban_app.factory import create_app
from vanban_core.schema import Document
from vanban_core.settings import Settings


def serve(
    backend: SearchBackend, tmp_path: Path, docs: list[Document], **settings: object
) -> Iterator[TestClient]:
    """The app over ``backend`` holding ``docs``, spoken to on 127.0.0.1; ``settings``
    are Settings fields."""
    backend.upsert(docs)
    app = create_app(Settings(db=tmp_path / "unused.db", **settings), backend=backend)  # type: ignore[arg-type]
    with TestClient(app, base_url="http://127.0.0.1") as test_client:
        yield test_client


@pytest.fixture
def client(backend: SearchBackend, tmp_path: Path) -> Iterator[TestClient]:
    yield from serve(backend, tmp_path, load_docs())


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory, generated_store: Path) -> Iterator[TestClient]:
    """The UI on the generated store of 1,100 documents from 43 issuers."""
    folder = tmp_path_factory.mktemp("big")
    store = copy_store(generated_store, folder)
    app = create_app(Settings(db=folder / "unused.db"), backend=store)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        yield client
    store.close()
