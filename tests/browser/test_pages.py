"""The web UI in a real browser: Debian's chromium, headless, driven by Selenium,
against a live server on 127.0.0.1 — the clicks and keys of a person, on a small
store and on a generated store of more than 1,000 documents."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from search_api.backends.sqlite import SqliteBackend
from tests.browser.support import DESKTOP, PHONE, chromium_driver, emulate, live_server
from tests.conformance.test_backend_behaviour import load_docs
from tests.conftest import IN_CI, copy_store, require_tool
from vanban_app.factory import create_app
from vanban_core.settings import Settings

pytestmark = pytest.mark.browser

try:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.remote.webelement import WebElement
    from selenium.webdriver.support.expected_conditions import staleness_of
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:  # pragma: no cover - the dev extra installs it
    if IN_CI:
        raise
    pytest.skip("selenium is not installed (pip install -e '.[dev]')", allow_module_level=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("site")
    store = SqliteBackend(folder / "site.db")
    store.upsert(load_docs())
    with live_server(create_app(Settings(db=folder / "site.db"), backend=store)) as url:
        yield url
    store.close()


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory, generated_store: Path) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("big-site")
    store = copy_store(generated_store, folder)
    with live_server(create_app(Settings(db=folder / "unused.db"), backend=store)) as url:
        yield url
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium_driver(require_tool("chromium"), require_tool("chromedriver")) as driver:
        driver.implicitly_wait(0)
        yield driver


@pytest.fixture
def page(browser: Any) -> Any:
    emulate(browser, DESKTOP)
    return browser


def hits(driver: Any) -> list[WebElement]:
    return list(driver.find_elements(By.CSS_SELECTOR, "li.hit"))


def shown_dates(driver: Any) -> list[dt.date]:
    found = []
    for meta in driver.find_elements(By.CSS_SELECTOR, "li.hit .meta"):
        match = re.search(r"(\d{2})/(\d{2})/(\d{4})", meta.text)
        if match:
            day, month, year = map(int, match.groups())
            found.append(dt.date(year, month, day))
    return found


def follow(driver: Any, element: WebElement, key: str | None = None) -> None:
    """Click ``element`` (or press ``key`` on it) and wait until the next page replaced this one."""
    old = driver.find_element(By.TAG_NAME, "html")
    if key is None:
        element.click()
    else:
        element.send_keys(key)
    WebDriverWait(driver, 20).until(staleness_of(old))


def click_link(driver: Any, text: str, within: str = "body") -> None:
    scope = driver.find_element(By.CSS_SELECTOR, within)
    follow(driver, scope.find_element(By.PARTIAL_LINK_TEXT, text))


def click(driver: Any, selector: str) -> None:
    follow(driver, driver.find_element(By.CSS_SELECTOR, selector))


def test_search_from_the_home_page(page: Any, site: str) -> None:
    page.get(site + "/")
    box = page.find_element(By.NAME, "q")
    box.send_keys("van phong chinh phu thong bao")
    follow(page, box, Keys.ENTER)
    assert "1016/TB-VPCP" in hits(page)[0].text
    assert page.find_elements(By.CSS_SELECTOR, "li.hit mark")


def test_keyboard_only_search(page: Any, site: str) -> None:
    page.get(site + "/")
    # The home page puts the cursor in the box; typing and Tab reach the button.
    assert page.switch_to.active_element.get_attribute("name") == "q"
    page.switch_to.active_element.send_keys("quyết định")
    page.switch_to.active_element.send_keys(Keys.TAB)
    button = page.switch_to.active_element
    assert button.tag_name == "button" and button.get_attribute("type") == "submit"
    follow(page, button, Keys.ENTER)
    assert hits(page)
    # A results page does not steal focus: a screen reader starts at the top.
    assert page.switch_to.active_element.tag_name == "body"
    # Tab goes through the page in order: the first stop is a link of the header.
    page.switch_to.active_element.send_keys(Keys.TAB)
    assert page.switch_to.active_element.tag_name == "a"


def test_each_facet_kind_filters_the_results(page: Any, site: str) -> None:
    page.get(site + "/?q=quyet+dinh")
    total = page.find_element(By.CSS_SELECTOR, ".total").text
    click_link(page, "Quyết định", "#facet-doc_type")  # a terms facet
    assert page.find_element(By.CSS_SELECTOR, "#facet-doc_type li.on").text.startswith("Quyết định")
    assert page.find_element(By.CSS_SELECTOR, ".total").text != total or hits(page)
    year_link = page.find_element(By.CSS_SELECTOR, "#facet-year a")  # the year facet
    year = int(year_link.text)
    follow(page, year_link)
    assert hits(page)
    assert all(d.year == year for d in shown_dates(page))
    assert page.find_element(By.CSS_SELECTOR, "#facet-year li.on").text.startswith(str(year))


def test_date_range_typed_as_day_month_year(page: Any, site: str) -> None:
    page.get(site + "/?q=thong+bao")
    page.find_element(By.NAME, "from").send_keys("01/01/2014")
    to = page.find_element(By.NAME, "to")
    to.send_keys("31/12/2014")
    follow(page, to, Keys.ENTER)
    dates = shown_dates(page)
    assert dates and all(dt.date(2014, 1, 1) <= d <= dt.date(2014, 12, 31) for d in dates)
    assert page.find_element(By.NAME, "from").get_attribute("value") == "01/01/2014"


def test_sort_by_date(page: Any, big_site: str) -> None:
    page.get(big_site + "/?q=quyet+dinh")
    Select(page.find_element(By.NAME, "sort")).select_by_value("date_asc")
    click(page, "form.filters button")
    dates = shown_dates(page)
    assert len(dates) == 10 and dates == sorted(dates)
    Select(page.find_element(By.NAME, "sort")).select_by_value("date_desc")
    click(page, "form.filters button")
    dates = shown_dates(page)
    assert dates == sorted(dates, reverse=True)


def test_page_two(page: Any, big_site: str) -> None:
    page.get(big_site + "/?q=quyet+dinh")
    first = [h.text for h in hits(page)]
    click(page, "a[rel=next]")
    assert "page=2" in page.current_url
    assert page.find_element(By.CSS_SELECTOR, "ol.hits").get_attribute("start") == "11"
    assert not set(first) & {h.text for h in hits(page)}
    click(page, "a[rel=prev]")
    assert [h.text for h in hits(page)] == first


def test_next_page_beyond_one_thousand_results(page: Any, big_site: str) -> None:
    page.get(big_site + "/?q=quyet+dinh&sort=date_desc&page=100")
    seen = {h.text for h in hits(page)}
    for number in (101, 102):
        click(page, "a[rel=next]")
        assert "cursor=" in page.current_url
        assert f"Trang {number}" in page.find_element(By.CSS_SELECTOR, ".total").text
        texts = {h.text for h in hits(page)}
        assert len(texts) == 10 and not texts & seen
        seen |= texts
    assert "cursor" not in page.find_element(By.TAG_NAME, "main").text.lower()


def test_document_page_and_its_links(page: Any, site: str) -> None:
    page.get(site + "/?q=ma+doc+hai")
    click(page, "li.hit a.title")
    assert "/van-ban/xss" in page.current_url
    assert page.find_element(By.TAG_NAME, "h1").text.strip()
    click_link(page, "1016/TB-VPCP", "ul.cites")  # a cited document in the index
    assert page.current_url.endswith("/van-ban/tb-1016-vpcp")
    assert "1016/TB-VPCP" in page.find_element(By.TAG_NAME, "h1").text
    click(page, "a.back")
    assert page.find_element(By.NAME, "q").get_attribute("value") == ""


def test_language_switch_keeps_the_search(page: Any, site: str) -> None:
    page.get(site + "/?q=quyet+dinh&doc_type=Quy%E1%BA%BFt+%C4%91%E1%BB%8Bnh&sort=date_desc")
    click(page, "a.other-lang")
    assert page.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert page.find_element(By.NAME, "q").get_attribute("value") == "quyet dinh"
    assert "Issuing body" in page.page_source
    assert page.find_element(By.CSS_SELECTOR, "#facet-doc_type li.on")
    click(page, "a.other-lang")
    assert page.find_element(By.TAG_NAME, "html").get_attribute("lang") == "vi"
    assert "sort=date_desc" in page.current_url


def test_phone_shows_the_first_result_on_the_first_screen(browser: Any, big_site: str) -> None:
    emulate(browser, PHONE)
    browser.get(big_site + "/?q=quyet+dinh")
    height = browser.execute_script("return window.innerHeight")
    assert browser.execute_script("return window.innerWidth") == PHONE["width"]
    first = hits(browser)[0].find_element(By.CSS_SELECTOR, "a.title")
    assert first.rect["y"] + first.rect["height"] <= height, (first.rect, height)
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 390
    # The search button is one line high, and the filters are one tap away.
    button = browser.find_element(By.CSS_SELECTOR, "form.searchbox button")
    box = browser.find_element(By.NAME, "q")
    assert button.size["height"] <= box.size["height"] + 2
    assert not browser.find_element(By.NAME, "from").is_displayed()
    browser.find_element(By.CSS_SELECTOR, "details.refine summary").click()
    assert browser.find_element(By.NAME, "from").is_displayed()


def test_desktop_shows_the_filters_without_a_click(page: Any, site: str) -> None:
    page.get(site + "/?q=quyet+dinh")
    assert page.find_element(By.NAME, "from").is_displayed()
    assert not page.find_element(By.CSS_SELECTOR, "details.refine summary").is_displayed()


def test_api_docs_render_without_internet(page: Any, site: str) -> None:
    page.get(site + "/docs")
    WebDriverWait(page, 30).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")
    )
    paths = {e.text.strip() for e in page.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")}
    assert "/api/v1/search" in paths
    # Every resource the page loaded came from this server.
    loaded = page.execute_script(
        "return performance.getEntriesByType('resource').map(function (e) { return e.name; })"
    )
    assert loaded and all(url.startswith(site) for url in loaded), loaded
