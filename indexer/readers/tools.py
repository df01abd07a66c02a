"""Running the Debian command-line tools the readers rely on (poppler, catdoc, tesseract).

One place decides how a tool is found, how long it may run and how its failure
is reported, so every reader fails the same way: a missing tool names the
Debian package that provides it, a hung tool is killed after a timeout, and a
tool dies with the process that runs it (``indexer.lifetime``: a worker killed
with its indexer leaves no pdftotext or tesseract running).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence

from indexer.lifetime import child_dies_with_me
from indexer.readers.base import ReaderError, Stage
from vanban_core.settings import environment_settings

# Which Debian package provides each tool (scripts/install-system-packages.sh installs them).
PACKAGES = {
    "pdftotext": "poppler-utils",
    "pdfinfo": "poppler-utils",
    "pdftoppm": "poppler-utils",
    "catdoc": "catdoc",
    "antiword": "antiword",
    "tesseract": "tesseract-ocr",
}


def find_tool(name: str) -> str | None:
    """Absolute path of ``name`` on PATH, or None."""
    return shutil.which(name)


def missing_tool_reason(name: str) -> str:
    package = PACKAGES.get(name, name)
    return (
        f"{name} is not installed: install the Debian package {package} "
        "(scripts/install-system-packages.sh)"
    )


def run_tool(
    args: Sequence[str],
    *,
    stage: Stage,
    timeout: float | None = None,
    stdin: bytes | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run a tool and return its completed process (any exit code).

    Raises :class:`ReaderError` when the tool is missing or runs past ``timeout``;
    interpreting a non-zero exit code is left to the caller, because each tool
    reports problems (an encrypted PDF, a non-Word file) in its own words.
    """
    path = find_tool(args[0])
    if path is None:
        raise ReaderError(stage, missing_tool_reason(args[0]))
    limit = environment_settings().tool_timeout if timeout is None else timeout
    try:
        return subprocess.run(
            [path, *args[1:]],
            input=stdin,
            capture_output=True,
            timeout=limit,
            check=False,
            env={**os.environ, **env} if env else None,
            preexec_fn=child_dies_with_me(),  # one prctl call in the child, see lifetime
        )
    except subprocess.TimeoutExpired as exc:
        raise ReaderError(stage, f"{args[0]} did not finish within {limit:g} s") from exc
    except OSError as exc:
        raise ReaderError(stage, f"{args[0]} could not be run: {exc.strerror}") from exc


def stderr_line(process: subprocess.CompletedProcess[bytes]) -> str:
    """The last meaningful line a tool printed on stderr, for error messages."""
    lines = [ln.strip() for ln in process.stderr.decode("utf-8", "replace").splitlines()]
    lines = [ln for ln in lines if ln]
    return lines[-1] if lines else f"exit code {process.returncode}"
