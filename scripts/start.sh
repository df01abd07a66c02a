#!/usr/bin/env bash
# Install vanban, index the bundled sample documents into the embedded store
# (data/vanban.db) and serve the web UI and the API on http://127.0.0.1:8000.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
.venv/bin/vanban index samples/
exec .venv/bin/vanban serve "$@"
