"""A live server on 127.0.0.1 and a headless Debian chromium driven by Selenium.

Shared by the browser tests and scripts/screenshots.py. Nothing is downloaded:
the browser and chromedriver are Debian's (scripts/install-system-packages.sh),
both passed to Selenium by path, and Selenium Manager is told to stay offline.
"""

from __future__ import annotations

import os
import socket
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import httpx
import uvicorn

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
Screen = dict[str, int | bool]  # Emulation.setDeviceMetricsOverride's parameters
PHONE: Screen = {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}
DESKTOP: Screen = {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def live_server(app: Any) -> Iterator[str]:
    """Serve ``app`` on a free port of 127.0.0.1 in a thread; yields its base URL."""
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            httpx.get(url + "/healthz", timeout=1)
            break
        except httpx.TransportError:
            time.sleep(0.05)
    try:
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def chromium_driver(chromium: str, chromedriver: str) -> Iterator[Any]:
    """A headless chromium with a fresh profile, driven through Debian's chromedriver."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must never fetch a browser
    with tempfile.TemporaryDirectory(prefix="vanban-chromium-") as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = chromium
        for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--window-size=1280,900"]:
            options.add_argument(flag)
        driver = webdriver.Chrome(options=options, service=Service(executable_path=chromedriver))
        try:
            yield driver
        finally:
            driver.quit()


def emulate(driver: Any, screen: Mapping[str, object]) -> None:
    """Give the page a viewport of exactly this size (a phone, or a desktop window)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", screen)
