"""The wheel, installed outside the repository, indexes, searches and looks up.

This is how a user or the container gets vanban: ``pip install`` of the built
package, run from any folder. It proves the package list and the package data
(code tables, the Elasticsearch mapping, templates) are complete, and that no
code finds its data through the checkout or the current directory. The fresh
venv holds only vanban; the shared environment lends its third-party packages
through PYTHONPATH, which cannot shadow vanban (an editable install is a ``.pth``
hook, and PYTHONPATH entries do not run ``.pth`` files).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT, require_es

PACKAGES = ("vanban_core", "indexer", "search_api", "web", "vanban_app", "vanban_cli")
SEEDS = ("thong-bao-1016-TB-VPCP.txt", "portal-news-2014-02-13.txt")


@dataclass(frozen=True)
class Installed:
    venv: Path
    workdir: Path  # outside the repository: the cwd of every command
    env: dict[str, str]

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run a program of the fresh venv; a failure shows its stderr in the report."""
        result = subprocess.run(
            [str(self.venv / "bin" / args[0]), *args[1:]],
            capture_output=True,
            text=True,
            cwd=self.workdir,
            env=self.env,
            check=False,
            timeout=120,
        )
        assert result.returncode == 0, f"{' '.join(args[:2])} failed:\n{result.stderr[-3000:]}"
        return result

    def vanban_json(self, *args: str) -> dict[str, object]:
        result = self.run("vanban", *args, "--json")
        data: dict[str, object] = json.loads(result.stdout)
        return data


def _build_wheel(tmp: Path) -> Path:
    """Build from a copy of what the package is made of, so the checkout stays clean
    and a file the build needs but the copy lacks fails here, as in the container."""
    source = tmp / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    dist = tmp / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--no-index", "--quiet", "--wheel-dir", str(dist), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )  # fmt: skip
    (wheel,) = dist.glob("vanban-*.whl")
    return wheel


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    tmp = tmp_path_factory.mktemp("wheel")
    assert not tmp.resolve().is_relative_to(ROOT.resolve())
    wheel = _build_wheel(tmp)
    venv = tmp / "fresh"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install",
         "--no-deps", "--no-index", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
        timeout=180,
    )  # fmt: skip
    workdir = tmp / "elsewhere"
    workdir.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VANBAN_", "PYTHON"))}
    env.pop("VIRTUAL_ENV", None)
    env["PYTHONPATH"] = os.pathsep.join(
        dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    )
    env["VANBAN_DB"] = str(workdir / "vanban.db")
    yield Installed(venv, workdir, env)


def _seeds(installed: Installed) -> Path:
    folder = installed.workdir / "seeds"
    if not folder.exists():
        folder.mkdir()
        for name in SEEDS:
            shutil.copy2(ROOT / "samples" / name, folder / name)
    return folder


def test_vanban_comes_from_the_fresh_venv(installed: Installed) -> None:
    code = "import json, " + ", ".join(PACKAGES) + "; print(json.dumps([" + ", ".join(
        f"{p}.__file__" for p in PACKAGES
    ) + "]))"  # fmt: skip
    files = json.loads(installed.run("python", "-c", code).stdout)
    for file in files:
        assert Path(file).resolve().is_relative_to(installed.venv.resolve()), file


def _index_search_lookup(installed: Installed, *store: str) -> None:
    report = installed.vanban_json("index", str(_seeds(installed)), *store)
    assert (report["indexed"], report["failed"]) == (2, [])
    found = installed.vanban_json("search", "van phong chinh phu thong bao", *store)
    hits = found["hits"]
    assert isinstance(hits, list) and hits[0]["number"] == "1016/TB-VPCP"
    looked_up = installed.vanban_json("lookup", "1016 tb vpcp", *store)
    hits = looked_up["hits"]
    assert isinstance(hits, list) and hits[0]["issuer"] == "Văn phòng Chính phủ"


def test_index_search_lookup_on_the_embedded_store(installed: Installed) -> None:
    _index_search_lookup(installed, "--db", str(installed.workdir / "embedded.db"))


def test_the_app_serves_its_templates_and_static_files(installed: Installed) -> None:
    code = (
        "import sys\n"
        "from fastapi.testclient import TestClient\n"
        "from vanban_app.factory import create_app\n"
        "from vanban_core.settings import Settings\n"
        "with TestClient(create_app(Settings(db=sys.argv[1]))) as client:\n"
        "    page = client.get('/', params={'q': 'thông báo'})\n"
        "    css = client.get('/static/style.css')\n"
        "    print(page.status_code, css.status_code, 'vanban' in page.text)\n"
    )
    db = installed.workdir / "embedded.db"
    if not db.exists():
        _index_search_lookup(installed, "--db", str(db))
    assert installed.run("python", "-c", code, str(db)).stdout.split() == ["200", "200", "True"]


@pytest.mark.elasticsearch
def test_index_search_lookup_on_elasticsearch(installed: Installed) -> None:
    """The Elasticsearch mapping is read from the installed package data."""
    url = require_es()
    index = f"vanban-wheel-{uuid.uuid4().hex[:10]}"
    store = ("--es-url", url, "--index", index, "--db", str(installed.workdir / "es-state.db"))
    try:
        _index_search_lookup(installed, *store)
    finally:
        from search_api.backends.elasticsearch import ElasticsearchBackend

        ElasticsearchBackend(url, index=index).drop()
