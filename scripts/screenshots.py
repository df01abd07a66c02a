"""Screenshots of the main pages, desktop (1280×900) and phone (390×844), for the README.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

Serves the app on 127.0.0.1 over a throwaway store of the test fixtures (real
notices, decrees and gazette records; the generated 1,100-document store for the
cursor page) and photographs each page in Debian's headless chromium through
Selenium, the same way tests/browser drives it. Nothing is downloaded.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from _bench import ROOT

from search_api.backends.sqlite import SqliteBackend
from tests.browser.support import DESKTOP, PHONE, Screen, chromium_driver, emulate, live_server
from tests.conformance.test_backend_behaviour import load_docs
from tests.generated import generated_documents
from vanban_app.factory import create_app
from vanban_core.settings import Settings

# (file name, store, path): the pages a new user meets first.
PAGES = [
    ("home", "small", "/"),
    ("results", "small", "/?q=quyet+dinh"),
    ("document", "small", "/van-ban/tb-1016-vpcp"),
    ("results-en", "small", "/?q=quyet+dinh&lang=en"),
    ("beyond-1000", "big", "/?q=quyet+dinh&sort=date_desc&page=101&cursor="),
    ("not-found", "small", "/van-ban/khong-co"),
]
SCREENS: dict[str, Screen] = {"desktop": DESKTOP, "phone": PHONE}


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        sys.exit(f"{name} is missing: run scripts/install-system-packages.sh")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        small, big = SqliteBackend(Path(folder) / "s.db"), SqliteBackend(Path(folder) / "b.db")
        small.upsert(load_docs())
        big.upsert(generated_documents())
        settings = Settings(db=Path(folder) / "unused.db")
        with (
            live_server(create_app(settings, backend=small)) as small_url,
            live_server(create_app(settings, backend=big)) as big_url,
            chromium_driver(_tool("chromium"), _tool("chromedriver")) as driver,
        ):
            sites = {"small": small_url, "big": big_url}
            for screen_name, screen in SCREENS.items():
                emulate(driver, screen)
                for name, site, path in PAGES:
                    driver.get(sites[site] + _resolve(driver, sites[site], path))
                    target = out / f"{name}-{screen_name}.png"
                    driver.save_screenshot(str(target))
                    print(target.relative_to(ROOT))
        small.close()
        big.close()


def _resolve(driver: object, site: str, path: str) -> str:
    """A path ending in ``cursor=`` gets the real cursor of the page before it."""
    if not path.endswith("cursor="):
        return path
    from selenium.webdriver.common.by import By

    driver.get(site + "/?q=quyet+dinh&sort=date_desc&page=100")  # type: ignore[attr-defined]
    link = driver.find_element(By.CSS_SELECTOR, "a[rel=next]")  # type: ignore[attr-defined]
    href: str = link.get_attribute("href")
    return href.removeprefix(site)


if __name__ == "__main__":
    main()
