"""The web UI in a real browser: Debian's chromium, headless, against a live server."""

from __future__ import annotations

import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from search_api.backends.sqlite import SqliteBackend
from tests.conformance.test_backend_behaviour import load_docs
from tests.conftest import require_tool
from vanban_app.factory import create_app
from vanban_core.settings import Settings

pytestmark = pytest.mark.browser

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("site")
    backend = SqliteBackend(folder / "site.db")
    backend.upsert(load_docs())
    app = create_app(Settings(db=folder / "site.db"), backend=backend)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            httpx.get(url + "/healthz", timeout=1)
            break
        except httpx.TransportError:
            time.sleep(0.1)
    yield url
    server.should_exit = True
    thread.join(timeout=10)
    backend.close()


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    binary = require_tool("chromium")
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run(
        [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def test_results_page_renders(site: str, tmp_path: Path) -> None:
    dom = chromium(tmp_path, "--dump-dom", f"{site}/?q=van+phong+chinh+phu+thong+bao").stdout
    assert "1016/TB-VPCP" in dom
    assert "<mark>" in dom
    assert "Cơ quan ban hành" in dom


def test_own_script_runs_under_the_content_security_policy(site: str, tmp_path: Path) -> None:
    policy = httpx.get(f"{site}/").headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    dom = chromium(tmp_path, "--dump-dom", f"{site}/?q=thong+bao").stdout
    assert 'data-enhanced="suggest"' in dom  # /static/suggest.js ran: the CSP allows it


def test_document_page_screenshot(site: str, tmp_path: Path) -> None:
    shot = tmp_path / "document.png"
    chromium(
        tmp_path, f"--screenshot={shot}", "--window-size=1280,900", f"{site}/van-ban/tb-1016-vpcp"
    )
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 20_000  # a rendered page, not a blank one


def test_facet_link_navigation_in_the_browser(site: str, tmp_path: Path) -> None:
    dom = chromium(
        tmp_path,
        "--dump-dom",
        f"{site}/?q=quy%E1%BA%BFt+%C4%91%E1%BB%8Bnh&doc_type=Quy%E1%BA%BFt+%C4%91%E1%BB%8Bnh",
    ).stdout
    assert 'class="on"' in dom
