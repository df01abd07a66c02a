"""Shared fixtures: backends (embedded and, when a server is given, Elasticsearch).

The Elasticsearch server is started by scripts/test.sh, which exports its URL as
VANBAN_TEST_ES_URL. Without it the Elasticsearch tests skip with one line saying
how to enable them; with CI=true a missing server fails the run instead.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from search_api.backends.base import SearchBackend
from search_api.backends.sqlite import SqliteBackend

# Tests crawl, fuzz and page through the app far faster than any person: the
# per-client rate limit (VANBAN_RATE_LIMIT) would answer them 429. It is off by
# default here; the tests of the limit itself set ``rate_limit`` explicitly.
os.environ.setdefault("VANBAN_RATE_LIMIT", "0")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
IN_CI = os.environ.get("CI", "").lower() == "true"
ES_URL = os.environ.get("VANBAN_TEST_ES_URL")
ES_HOWTO = (
    "Elasticsearch tests need a server: run scripts/test.sh, or start one with "
    "`python scripts/elasticsearch_local.py start` and export VANBAN_TEST_ES_URL"
)


def require_tool(name: str) -> str:
    """Path of a Debian tool a test needs: skip without it, but fail in CI."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (scripts/install-system-packages.sh installs it)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path


def require_es() -> str:
    if not ES_URL:
        if IN_CI:
            pytest.fail("CI=true but VANBAN_TEST_ES_URL is not set: " + ES_HOWTO)
        pytest.skip(ES_HOWTO)
    return ES_URL


def make_backend(kind: str, tmp_path: Path) -> SearchBackend:
    if kind == "sqlite":
        return SqliteBackend(tmp_path / "store.db")
    url = require_es()
    from search_api.backends.elasticsearch import ElasticsearchBackend

    # Each test gets its own alias, so parallel or repeated runs never collide.
    return ElasticsearchBackend(url, index=f"vanban-test-{uuid.uuid4().hex[:12]}", refresh=True)


def drop_backend(backend: SearchBackend) -> None:
    backend.drop()
    backend.close()


@pytest.fixture(params=["sqlite", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SearchBackend]:
    store = make_backend(request.param, tmp_path)
    yield store
    drop_backend(store)


@pytest.fixture(scope="session")
def generated_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite store of :mod:`tests.generated` (> 1,000 documents), built once per run.

    Tests copy it (:func:`copy_store`) rather than write to it.
    """
    from tests.generated import generated_documents

    path = tmp_path_factory.mktemp("generated") / "generated.db"
    store = SqliteBackend(path)
    store.upsert(generated_documents())
    store.close()
    return path


def copy_store(source: Path, folder: Path) -> SqliteBackend:
    target = folder / source.name
    shutil.copyfile(source, target)
    return SqliteBackend(target)


def _skip_reason(report: pytest.CollectReport | pytest.TestReport) -> str:
    longrepr = report.longrepr
    return str(longrepr[2]) if isinstance(longrepr, tuple) else str(longrepr)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Under CI=true a skip is a failure: a test that cannot run there is a broken set-up
    (a missing fixture file, tool or server), and a green run must mean every test ran."""
    outcome = yield
    report: pytest.TestReport = outcome.get_result()  # type: ignore[attr-defined]
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.longrepr = f"CI=true, and this test skipped: {_skip_reason(report)}"
        report.outcome = "failed"


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Iterator[None]:
    """The same for a whole module skipped at import (``allow_module_level``)."""
    outcome = yield
    report: pytest.CollectReport = outcome.get_result()  # type: ignore[attr-defined]
    if IN_CI and report.skipped:
        report.longrepr = f"CI=true, and this module skipped: {_skip_reason(report)}"
        report.outcome = "failed"
