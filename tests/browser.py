"""Shared Playwright fixtures: Debian's Chromium, driven headless, never downloaded.

Import the fixtures into a browser test module:

    from tests.browser import browser, page  # noqa: F401

Without /usr/bin/chromium the tests are skipped with that reason, unless
REQUIRE_BROWSER=1 (CI), where a missing browser is a failure. The page reaches the
live server only: every other request (map tiles) is cut off, as offline.
"""
import os
import re
from pathlib import Path

import pytest

ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
_OUTSIDE = re.compile(r"^https?://(?!localhost[:/]|127\.0\.0\.1[:/])")


@pytest.fixture(scope="module")
def browser():
    """Chromium for one test module.

    While Playwright's event loop runs, the test's own ORM calls need Django's
    DJANGO_ALLOW_ASYNC_UNSAFE; it is set for the module only, so it does not leak into
    other tests (`check --deploy` warns about it). Module scope also ends the loop
    before another module starts its own Playwright.
    """
    if not Path(CHROMIUM).exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing and REQUIRE_BROWSER=1 requires the browser tests")
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium package to run browser tests")
    from playwright.sync_api import sync_playwright

    preset = ASYNC_UNSAFE in os.environ
    os.environ.setdefault(ASYNC_UNSAFE, "true")
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                  args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if not preset:
            os.environ.pop(ASYNC_UNSAFE, None)


@pytest.fixture
def page(browser, live_server):
    """A fresh page; page.errors collects uncaught JavaScript errors."""
    context = browser.new_context(viewport={"width": 1300, "height": 900}, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.route(_OUTSIDE, lambda route: route.abort())
    yield page
    context.close()


def log_in(page, username, password):
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
