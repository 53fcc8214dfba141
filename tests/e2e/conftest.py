"""Real-browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Run with `pytest -m e2e` (`make test-e2e`; `.ci/run e2e` installs Chromium first).
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse
# the ORM calls the tests make to set up their data.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Set E2E_SCREENSHOT_DIR to keep screenshots of the pages the tests visit.
SCREENSHOT_DIR = os.environ.get("E2E_SCREENSHOT_DIR", "")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail("The browser tests need Debian's Chromium: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """new_page(width=1280) → a page in a fresh context (no cookies), closed after the test.

    Every console error fails the test: a Content Security Policy violation (an inline
    script or style, a third-party asset) shows up there.
    """
    contexts, errors = [], []

    def _new_page(width: int = 1280, height: int = 900):
        context = browser.new_context(viewport={"width": width, "height": height})
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on(
            "console",
            lambda m: (
                errors.append(f"{m.text} ({m.location.get('url')})") if m.type == "error" else None
            ),
        )
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        return page

    yield _new_page
    for context in contexts:
        context.close()
    assert errors == [], f"browser console errors: {errors}"


@pytest.fixture
def screenshot():
    def _screenshot(page, name: str) -> None:
        if SCREENSHOT_DIR:
            Path(SCREENSHOT_DIR).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(SCREENSHOT_DIR) / f"{name}.png"), full_page=True)

    return _screenshot
