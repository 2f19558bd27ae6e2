"""The dashboard in a real browser: served on localhost against the demo build, visited
page by page in Debian's headless Chromium (driven by Playwright), with a screenshot of
every page under test-output/screenshots/. Skipped, saying so, where there is no Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from consentmart.dashboard import launch

from conftest import PROJECT, BuiltDemo

CHROMIUM = os.environ.get("CONSENTMART_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(os.environ.get("CONSENTMART_TEST_OUTPUT", PROJECT / "test-output")) / "screenshots"
# Chromium's own network chatter is refused here; these flags keep it quiet and fast.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason=f"browser tests skipped: no Chromium at {CHROMIUM} (apt-get install chromium)")

# url path, title, what must be on the page: (CSS selector, how many at least)
PAGES = [
    ("", "Согласия: обзор", [("[data-testid=stMetric]", 7), (".js-plotly-plot", 3)]),
    ("violations", "Нарушения", [("[data-testid=stMetric]", 3), ("[data-testid=stDataFrame]", 1),
                                 ("[data-testid=stDownloadButton]", 1)]),
    ("customer", "Клиент", [("[data-testid=stTextInput]", 1)]),
    ("revocations", "Отзывы согласий", [("[data-testid=stMetric]", 5), ("[data-testid=stDataFrame]", 3)]),
    ("propagation", "Доставка изменений в системы", [("[data-testid=stMetric]", 3), (".js-plotly-plot", 2)]),
    ("regulator_requests", "Запросы регуляторов", [("[data-testid=stDataFrame]", 1), (".js-plotly-plot", 1),
                                                   ("[data-testid=stDownloadButton]", 1)]),
    ("audience", "Аудитория", [("[data-testid=stMetric]", 6), (".js-plotly-plot", 1)]),
    ("quality", "Качество данных и сборка", [("[data-testid=stMetric]", 6), (".js-plotly-plot", 1)]),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("localhost", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def served(demo: BuiltDemo, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    env = launch.environment(demo.url)
    env["DBT_TARGET_PATH"] = str(demo.target_path)
    log = tmp_path_factory.mktemp("dashboard") / "streamlit.log"
    with log.open("wb") as output:
        server = subprocess.Popen(launch.command(port), env=env, stdout=output, stderr=subprocess.STDOUT)
    base = f"http://localhost:{port}"
    try:
        if not launch.wait_until_up(base, server):
            raise RuntimeError(f"the dashboard did not start: {log.read_text()}")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture(scope="module")
def browser_page(served: str) -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="ru-RU")
        yield page
        browser.close()


def _settle(page) -> None:
    """Wait until Streamlit has finished running the page's script."""
    page.wait_for_selector("[data-testid=stAppViewContainer]")
    page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=60_000)
    page.wait_for_timeout(700)


def _screenshot(page, name: str) -> None:
    """The whole page: Streamlit scrolls inside its main block, so grow the viewport to it."""
    height = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": max(1000, min(height, 8000))})
    page.wait_for_timeout(500)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
    page.set_viewport_size({"width": 1400, "height": 1000})


@pytest.mark.parametrize(("path", "title", "elements"), PAGES, ids=[p[0] or "overview" for p in PAGES])
def test_every_page_renders_in_chromium(browser_page, served: str, path: str, title: str,
                                        elements: list[tuple[str, int]]) -> None:
    browser_page.goto(f"{served}/{path}")
    _settle(browser_page)
    browser_page.get_by_role("heading", name=title, level=1).wait_for(timeout=30_000)
    for selector, at_least in elements:
        browser_page.wait_for_selector(selector, timeout=30_000)
        assert browser_page.locator(selector).count() >= at_least, selector
    _screenshot(browser_page, path or "overview")
    assert browser_page.locator("[data-testid=stException]").count() == 0
    assert browser_page.locator("[data-testid=stAlertContentError]").count() == 0


def test_customer_search_in_chromium(browser_page, served: str) -> None:
    browser_page.goto(f"{served}/customer")
    _settle(browser_page)
    field = browser_page.get_by_test_id("stTextInputField")
    field.fill("8 916 123-45-67")
    field.press("Enter")
    browser_page.get_by_role("heading", name="Иванов Ибрагим Петрович").wait_for(timeout=30_000)
    browser_page.wait_for_selector(".js-plotly-plot", timeout=30_000)
    _settle(browser_page)
    _screenshot(browser_page, "customer-profile")
    assert browser_page.locator("[data-testid=stException]").count() == 0
