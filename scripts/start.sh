#!/usr/bin/env bash
# Install vanban, index the bundled sample documents into the embedded store
# (data/vanban.db) and serve the web UI and the API on http://127.0.0.1:8000.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  cat <<'TEXT'
Usage: scripts/start.sh [--host ADDRESS] [--port PORT]

Cài đặt, lập chỉ mục các văn bản mẫu và chạy máy chủ.
Install vanban, index the bundled samples, and serve the web UI and the API:

  1. scripts/bootstrap.sh: creates .venv and installs vanban and its Python
     packages from PyPI into it (pip shows its progress; a few minutes the
     first time, a second on later runs). Nothing is installed system-wide:
     no Debian packages, no Elasticsearch (scripts/test.sh adds those).
  2. .venv/bin/vanban index samples/: the bundled sample documents (about
     550) into the embedded store data/vanban.db (unchanged files are skipped
     on later runs).
  3. .venv/bin/vanban serve: the web UI at /, the API at /api/v1, its
     documentation at /docs, until Ctrl+C.

Options (passed to `vanban serve`):
  --host ADDRESS  address to listen on [default: 127.0.0.1] (env VANBAN_HOST)
  --port PORT     port to listen on [default: 8000] (env VANBAN_PORT)
  -h, --help      show this help and exit, running nothing

Every VANBAN_* setting in the environment applies to both steps 2 and 3, e.g.
VANBAN_DB=/srv/vanban.db scripts/start.sh (all settings: docs/configuration.md).
TEXT
}

for arg in "$@"; do
  if [[ "$arg" == "-h" || "$arg" == "--help" ]]; then
    usage
    exit 0
  fi
done

scripts/bootstrap.sh
echo "==> Indexing the bundled samples (samples/) into ${VANBAN_DB:-data/vanban.db}"
.venv/bin/vanban index samples/
exec .venv/bin/vanban serve "$@"
