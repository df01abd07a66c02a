"""The newcomer's scripts: `scripts/start.sh --help` explains and runs nothing."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_start_script_help_explains_and_runs_nothing(flag: str, tmp_path: Path) -> None:
    # A copy of the scripts in an empty folder: any install or index would leave .venv/ or data/.
    (tmp_path / "scripts").mkdir()
    for name in ("start.sh", "bootstrap.sh"):
        shutil.copy2(ROOT / "scripts" / name, tmp_path / "scripts" / name)
    shown = subprocess.run(
        ["bash", str(tmp_path / "scripts" / "start.sh"), flag],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert shown.returncode == 0, shown.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scripts"]
    text = shown.stdout
    assert all(len(line) <= 80 for line in text.splitlines())
    for words in ("--host ADDRESS", "[default: 127.0.0.1]", "--port PORT", "[default: 8000]"):
        assert words in text
    for step in ("scripts/bootstrap.sh", "vanban index samples/", "vanban serve"):
        assert step in text


def test_bootstrap_shows_pip_progress() -> None:
    """pip's own output (what it fetches and installs), not --quiet minutes of silence."""
    script = (ROOT / "scripts" / "bootstrap.sh").read_text(encoding="utf-8")
    installs = [line for line in script.splitlines() if "pip install" in line]
    assert installs and not any("--quiet" in line or " -q" in line for line in installs)


def test_license_is_an_spdx_string() -> None:
    """A TOML-table license makes setuptools >= 77 warn three times on every install."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "Apache-2.0"
    [setuptools] = [r for r in project["build-system"]["requires"] if r.startswith("setuptools")]
    assert setuptools == "setuptools>=77"  # the first to read an SPDX string


def test_editable_install_needs_no_import_hook() -> None:
    """With package-dir given, setuptools makes the editable install a plain .pth and
    prints no "Editable installation ... be careful with folders" warning."""
    import tomllib

    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    assert setuptools["setuptools"]["package-dir"] == {"": "."}
