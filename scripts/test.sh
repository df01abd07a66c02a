#!/usr/bin/env bash
# The whole test suite: install what the tests need (Python packages, Debian
# packages, an Elasticsearch server), then ruff, mypy, the import layers
# (lint-imports, contracts in pyproject.toml) and pytest.
#
# Elasticsearch runs on 127.0.0.1 as an unprivileged user for the duration of the
# run. With CI=true, a server that cannot be started fails the run; elsewhere the
# Elasticsearch tests skip with a one-line reason (set VANBAN_TEST_ES=0 to skip on
# purpose, or VANBAN_TEST_ES_URL to use a server you already run).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/bootstrap.sh --dev
scripts/install-system-packages.sh

PY=.venv/bin/python
started_es=""
cleanup() {
  if [[ -n "$started_es" ]]; then "$PY" scripts/elasticsearch_local.py stop >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

if [[ -z "${VANBAN_TEST_ES_URL:-}" && "${VANBAN_TEST_ES:-1}" != "0" ]]; then
  if url=$("$PY" scripts/elasticsearch_local.py start); then
    export VANBAN_TEST_ES_URL="$url"
    started_es=1
    echo "Elasticsearch test server: $url"
  elif [[ "${CI:-}" == "true" ]]; then
    echo "CI=true and Elasticsearch could not be started: failing the run" >&2
    exit 1
  else
    echo "Elasticsearch could not be started: its tests will be skipped" >&2
  fi
fi

.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy vanban_core indexer search_api web vanban_app vanban_cli tests scripts
.venv/bin/lint-imports --no-cache
.venv/bin/python -m pytest -q "$@"
