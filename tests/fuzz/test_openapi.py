"""Schema fuzzing: schemathesis generates requests for every operation and every
parameter of the OpenAPI document, valid and invalid, against the app on a small
store, on both backends.

The checks are the two the API promises every client: no server error (≥ 500) for
any input, and every response matching the schema the API itself publishes. Hypothesis
examples are bounded (``MAX_EXAMPLES`` per operation) so the whole run takes about a
minute.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from hypothesis import HealthCheck, settings

from search_api.backends.base import SearchBackend
from search_api.backends.sqlite import SqliteBackend
from tests.conformance.test_backend_behaviour import load_docs
from tests.conftest import IN_CI
from vanban_app.factory import create_app
from vanban_core.settings import Settings

try:
    import schemathesis
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import response_schema_conformance
except ImportError:  # pragma: no cover - the dev extra installs it
    if IN_CI:
        raise
    pytest.skip("schemathesis is not installed (pip install -e '.[dev]')", allow_module_level=True)

MAX_EXAMPLES = 25
CHECKS = [not_a_server_error, response_schema_conformance]


def _openapi() -> dict[str, Any]:
    """The app's OpenAPI document (the same whatever store serves it)."""
    with tempfile.TemporaryDirectory() as folder:
        store = SqliteBackend(Path(folder) / "schema.db")
        try:
            return create_app(Settings(db=Path(folder) / "unused.db"), backend=store).openapi()
        finally:
            store.close()


@pytest.fixture
def app(backend: SearchBackend, tmp_path: Path) -> FastAPI:
    backend.upsert(load_docs())
    return create_app(Settings(db=tmp_path / "unused.db"), backend=backend)


# Cases are generated from the document; each is sent to the app on the test's backend.
# (schemathesis.pytest.from_fixture would load the schema per backend, but it does not
# run under pytest 9.)
schema = schemathesis.openapi.from_dict(_openapi())


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=True,
    database=None,
)
def test_every_operation_answers_within_its_schema(case: Any, app: FastAPI) -> None:
    case.call_and_validate(app=app, checks=CHECKS)
