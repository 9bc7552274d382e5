"""Browser tests: Playwright drives the system Chromium against a live server.

Every page a test visits is checked with axe-core for WCAG 2.2 AA (``assert_accessible``).
No test tool downloads a browser: Chromium comes from the operating system.
"""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# to set up data are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


MISSING_CHROMIUM = (
    "The browser tests need Chromium at {path}, and it is not there.\n"
    "Install it (Debian/Ubuntu: `sudo apt-get install chromium`), point CHROMIUM_PATH at a\n"
    "Chromium you have, or run the other tests alone with `make test-fast`."
)


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    browser_tests = [item for item in items if "tests/e2e/" in str(item.fspath)]
    for item in browser_tests:
        item.add_marker(pytest.mark.e2e)
    selected = [item for item in browser_tests if not item.get_closest_marker("skip")]
    markexpr = config.getoption("markexpr", "") or ""
    if selected and "not e2e" not in markexpr and not Path(CHROMIUM).exists():
        pytest.exit(MISSING_CHROMIUM.format(path=CHROMIUM), returncode=pytest.ExitCode.USAGE_ERROR)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    # bypass_csp lets the test inject axe-core; the pages themselves still send their CSP.
    context = browser.new_context(base_url=live_server.url, locale="en-GB", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
