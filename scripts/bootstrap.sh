#!/usr/bin/env bash
# Create .venv and install vanban into it (with test tools when given --dev).
# Idempotent: a second run only checks that everything is in place.
#
# pip's own progress is shown (what it downloads, builds and installs): the
# first install fetches about 60 packages from PyPI (pyvi brings scikit-learn
# and SciPy), which takes a few minutes on a small machine.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
extras=""
[[ "${1:-}" == "--dev" ]] && extras="[dev]"

if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
  echo "vanban needs Python 3.11 or newer ($PYTHON is $("$PYTHON" --version 2>&1))" >&2
  exit 1
fi
if [[ ! -x .venv/bin/python ]]; then
  echo "==> Creating .venv with $("$PYTHON" --version 2>&1)"
  "$PYTHON" -m venv .venv
fi
stamp=".venv/.installed${extras}"
if [[ ! -f "$stamp" || pyproject.toml -nt "$stamp" ]]; then
  echo "==> Installing vanban${extras} and its Python packages into .venv (pip, from PyPI)"
  started=$SECONDS
  .venv/bin/python -m pip install --upgrade pip
  .venv/bin/python -m pip install -e ".${extras}"
  touch "$stamp"
  echo "==> Python packages installed in $((SECONDS - started)) s"
fi
