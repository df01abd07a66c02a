"""Fixtures for the reader tests: the real files in tests/fixtures/files and tool checks."""

from __future__ import annotations

import gzip
import os
import shutil
from pathlib import Path

import pytest

FILES = Path(__file__).resolve().parents[1] / "fixtures" / "files"
IN_CI = os.environ.get("CI", "").lower() == "true"


def require_tools(*names: str) -> None:
    """Skip a test when a Debian tool it needs is missing; with CI=true, fail instead."""
    missing = [name for name in names if shutil.which(name) is None]
    if not missing:
        return
    message = f"missing Debian tool(s) {', '.join(missing)}: run scripts/install-system-packages.sh"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def require_ocr() -> None:
    require_tools("pdftoppm", "tesseract")
    from indexer.readers import ocr

    reason = ocr.unavailable_reason()
    if reason is not None:
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture
def fixture_file(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Path of a fixture; ``name.gz`` fixtures are unpacked into tmp_path first."""

    def get(name: str) -> Path:
        packed = FILES / f"{name}.gz"
        if packed.exists():
            target = tmp_path / name
            target.write_bytes(gzip.decompress(packed.read_bytes()))
            return target
        path = FILES / name
        assert path.exists(), f"missing fixture {path}"
        return path

    return get
