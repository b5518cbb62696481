"""The Content-Security-Policy in a real browser: the admin works under the strict policy
as does the public map, with no violation reported.

Chromium reports each violation as a `securitypolicyviolation` DOM event and a
console error; both are collected. Tiles are answered locally with a blank image,
so the tile origin's img-src entry is exercised too.
"""
import base64
import re

import pytest

from events.roles import EDITORS, JOURNALISTS
from tests.browser import log_in
from tests.helpers import EVENT_CHANGELIST, PASSWORD, member

BLANK_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) =>
    window.__violations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));
"""


@pytest.fixture
def watched(page):
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.add_init_script(RECORD_VIOLATIONS)
    page.route(re.compile(r"^https://([a-z]\.)?tile\.openstreetmap\.org/"),
               lambda route: route.fulfill(status=200, content_type="image/png", body=BLANK_PNG))
    return page


def violations(page):
    page.wait_for_timeout(300)
    return page.evaluate("window.__violations") + [
        text for text in page.console_errors if "Content Security Policy" in text]


def test_the_admin_login_changelist_and_event_form_run_under_the_strict_policy(watched, make_event):
    page = watched
    make_event()
    member("ed", EDITORS)
    page.goto("/admin/login/")
    assert violations(page) == []
    log_in(page, "ed", PASSWORD)
    assert violations(page) == []
    page.goto(EVENT_CHANGELIST)
    page.wait_for_selector("#result_list")
    assert violations(page) == []
    page.goto(EVENT_CHANGELIST + "add/")
    page.wait_for_selector(".map-picker .leaflet-container")
    page.wait_for_function("() => document.querySelectorAll('.map-picker .leaflet-tile').length > 0")
    page.click(".map-picker .leaflet-container")  # the widget sets the point
    assert page.input_value("#id_latitude") != ""
    assert violations(page) == [] and page.errors == []


def test_the_public_map_runs_under_the_strict_policy(watched, make_event):
    page = watched
    event = make_event()
    for url in ("/", "/embed/", event.get_absolute_url()):
        response = page.goto(url)
        assert "unsafe-inline" not in response.headers["content-security-policy"]
        page.wait_for_selector("#event-map[data-events-ready]")
        assert violations(page) == [], url
    assert page.errors == []


def test_a_journalists_read_only_changelist_runs_under_the_strict_policy(watched, make_event):
    """A read-only user (no change permission) sees the list under the strict policy too."""
    page = watched
    make_event()
    member("jo", JOURNALISTS)
    log_in(page, "jo", PASSWORD)
    page.goto(EVENT_CHANGELIST)
    page.wait_for_selector("#result_list")
    assert violations(page) == []
