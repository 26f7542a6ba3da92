"""The one Chromium and Playwright of a test session, for every browser suite (tests/e2e, tests/sso).

A pytest plugin (loaded from tests/conftest.py) rather than a fixture in a suite's conftest:
a fixture imported into a second module is a second session fixture, and a second
sync_playwright() started while the first one's event loop runs fails ("Sync API inside the
asyncio loop"), as it did in CI when tests/sso imported tests/e2e's fixture.
Chromium is Debian's, never `playwright install`'s download.
"""
import os
import shutil

import pytest

from tests.missing_parts import missing_part

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def _chromium_candidates() -> list[str]:
    """ROUNDS_CHROMIUM names another Chromium binary; otherwise Debian's usual places."""
    configured = os.environ.get("ROUNDS_CHROMIUM")
    return [configured] if configured else [*CHROMIUM_CANDIDATES, shutil.which("chromium") or "chromium on PATH"]


def _missing_browser(what: str, detail: str, package: str | None = None, remedy: str | None = None):
    missing_part("browser test", what, detail, required_by="ROUNDS_REQUIRE_BROWSER", package=package,
                 remedy=remedy)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    candidates = _chromium_candidates()
    path = next((path for path in candidates if os.access(path, os.X_OK)), None)
    if path is None:
        # Debian's browser, never `playwright install`'s download.
        _missing_browser("Chromium not found", "none at " + " or ".join(candidates), package="chromium")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    try:
        from playwright.sync_api import Error as PlaywrightError, sync_playwright
    except ImportError:
        _missing_browser("the playwright package is not installed", "the test extra is missing",
                         remedy="pip install -e '.[test]'")
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
    except PlaywrightError as error:
        playwright.stop()
        _missing_browser("Chromium did not start", f"{chromium_path}: {error.message.splitlines()[0]}",
                         remedy=f"check that {chromium_path} --headless starts")
    yield browser
    browser.close()
    playwright.stop()
