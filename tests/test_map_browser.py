"""The journalists' map in a real browser: Debian's Chromium driven by Playwright.

Without /usr/bin/chromium these tests are skipped with that reason, unless
REQUIRE_BROWSER=1 (as in CI), where a missing browser is a failure.
"""
import re
from urllib.parse import urlsplit

import pytest

from events.demo import load_demo
from events.models import Actor, Article, Event, Outlet

_OUTSIDE = re.compile(r"^https?://(?!localhost[:/]|127\.0\.0\.1[:/])")


@pytest.fixture
def page(browser, live_server):  # noqa: F811
    """A page that records every request, console message and dialog; tiles are
    cut off (no network here), as a newsroom offline would have it."""
    context = browser.new_context(viewport={"width": 1300, "height": 850})
    page = context.new_page()
    page.requests, page.console, page.dialogs = [], [], []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("console", lambda message: page.console.append(message.text))
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.route(_OUTSIDE, lambda route: route.abort())
    yield page
    context.close()


def wait_for_events(page):
    page.wait_for_selector("#event-map[data-events-ready]", timeout=20_000)
    return page.get_attribute("#event-map", "data-events-ready")


@pytest.fixture
def demo(transactional_db):
    load_demo()
    return Event.objects.published().located()


def test_the_map_shows_the_demo_events(page, live_server, demo):
    page.goto(live_server.url + "/")
    assert wait_for_events(page) == str(demo.count())
    assert page.locator(".marker-cluster").count() > 0
    assert page.locator("aside.event-list ol.events li").count() == demo.count()


def test_a_filter_changes_the_count_and_the_url(page, live_server, demo):
    page.goto(live_server.url + "/")
    wait_for_events(page)
    page.click("summary")
    page.select_option("select[name=country]", "MA")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"country=MA"))
    expected = demo.filter(country="MA").count()
    assert wait_for_events(page) == str(expected)
    assert f"{expected} events on the map" in page.inner_text("#event-count")


def test_a_popup_shows_the_sources(page, live_server, demo):
    event = demo.filter(sources__isnull=False, country="LY").first()
    page.goto(live_server.url + "/")
    wait_for_events(page)
    page.click(f'[data-event-id="{event.pk}"]')
    page.wait_for_selector(".em-popup .em-sources li", timeout=15_000)
    popup = page.inner_text(".em-popup")
    source = event.sources.first()
    assert event.headline in popup and source.title in popup and source.outlet.name in popup
    assert page.get_attribute(".em-popup .em-sources a", "href") == source.url


def test_the_arabic_interface_is_right_to_left(browser, live_server, demo):  # noqa: F811
    context = browser.new_context(locale="ar", extra_http_headers={"Accept-Language": "ar"})
    page = context.new_page()
    page.route(_OUTSIDE, lambda route: route.abort())
    page.goto(live_server.url + "/")
    assert page.get_attribute("html", "dir") == "rtl" and page.get_attribute("html", "lang") == "ar"
    assert page.evaluate("getComputedStyle(document.querySelector('aside.event-list')).direction") == "rtl"
    context.close()


def test_the_arabic_event_page_aligns_every_value_to_the_right(browser, live_server, transactional_db):  # noqa: F811
    actor = Actor.objects.create(name="Libya Dawn", actor_type=3)
    other = Actor.objects.create(name="فجر ليبيا", actor_type=3)
    event = Event.objects.create(
        headline="Clashes in Derna", event_date="2014-11-15", event_type="Battles",
        sub_event_type="Armed clash", location="Derna", country="LY", latitude=32.767,
        longitude=22.637, status="published", actor1=actor, actor2=other, fatalities=3)
    context = browser.new_context(locale="ar", extra_http_headers={"Accept-Language": "ar"})
    page = context.new_page()
    page.route(_OUTSIDE, lambda route: route.abort())
    page.goto(live_server.url + event.get_absolute_url())
    # Each value: its direction, and how far its text ends from the <dd>'s right edge.
    values = page.evaluate("""() => [...document.querySelectorAll('.event-detail dd')].map(dd => {
        const range = document.createRange();
        range.selectNodeContents(dd);
        return [dd.textContent.trim(), getComputedStyle(dd).direction,
                Math.round(dd.getBoundingClientRect().right - range.getBoundingClientRect().right)];
    })""")
    context.close()
    assert {text for text, _, _ in values} >= {"Libya Dawn", "فجر ليبيا", "3"}
    assert [(text, direction, gap) for text, direction, gap in values] == [
        (text, "rtl", 0) for text, _, _ in values]


def test_the_page_asks_no_host_but_the_app_and_obeys_its_policy(page, live_server, demo):
    page.goto(live_server.url + "/")
    wait_for_events(page)
    page.click(f'[data-event-id="{demo.first().pk}"]')
    page.wait_for_selector(".em-popup .em-headline", timeout=15_000)
    tile_host = "tile.openstreetmap.org"
    foreign = {urlsplit(url).hostname for url in page.requests} - {"localhost", "127.0.0.1", tile_host}
    assert foreign == set()
    assert not [m for m in page.console if "Content Security Policy" in m or "Refused to" in m]


PAYLOADS = ["<img src=x onerror=\"window.__xss=1\">", "${window.__xss=2}", "`${window.__xss=3}`",
            "</script><script>window.__xss=4</script>"]


@pytest.fixture
def hostile(transactional_db):
    """An event whose every editor- or article-supplied string is an attack."""
    text = " ".join(PAYLOADS)
    outlet = Outlet.objects.create(name="Outlet " + text)
    article = Article.objects.create(outlet=outlet, title="Title " + text, body="Body " + text,
                                     url="https://example.org/a")
    bad_link = Article.objects.create(outlet=outlet, title="Link javascript", body="Other body",
                                      url="https://example.org/b")
    Article.objects.filter(pk=bad_link.pk).update(url="javascript:window.__xss=5")  # as a bad import would
    actor = Actor.objects.create(name="Actor " + text, actor_type=3)
    event = Event.objects.create(
        headline="Headline " + text, notes="Notes " + text, location="Place " + text, admin1=text,
        event_date="2020-01-01", event_type="Battles", sub_event_type="Armed clash",
        country="LY", latitude=32.0, longitude=20.0, status="published", actor1=actor)
    event.sources.set([article, bad_link])
    return event


def test_hostile_text_stays_inert_everywhere(page, live_server, hostile):
    for path in ("/", "/embed/", hostile.get_absolute_url()):
        page.goto(live_server.url + path)
        wait_for_events(page)
        if path == "/":
            page.click(f'[data-event-id="{hostile.pk}"]')
        else:
            page.evaluate(f"window.EventMap.layers[0].focus({hostile.pk})")
        page.wait_for_selector(".em-popup .em-headline", timeout=15_000)
        popup = page.inner_text(".em-popup")
        everything = " ".join(PAYLOADS)
        for label in ("Headline", "Actor", "Outlet", "Title"):
            assert f"{label} {everything}" in popup, label
        assert page.locator(".em-popup a[href^='javascript']").count() == 0
        body = page.inner_text("body")
        assert PAYLOADS[0] in body
        assert page.evaluate("window.__xss === undefined"), path
    assert page.dialogs == []


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_time_slider_and_its_label_fit_a_phone_screen(browser, live_server, demo, language):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale=language,
                                  extra_http_headers={"Accept-Language": language})
    page = context.new_page()
    page.route(_OUTSIDE, lambda route: route.abort())
    page.goto(live_server.url + "/")
    wait_for_events(page)
    label = page.locator(".em-period")
    assert f"({demo.count()} " in label.inner_text()  # '2014-06 – 2025-10 (30 shown)'
    for selector in (".em-time", ".em-period"):
        box = page.locator(selector).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (selector, box)
    time_box, legend = page.locator(".em-time").bounding_box(), page.locator(".em-legend").bounding_box()
    apart = time_box["x"] + time_box["width"] <= legend["x"] or legend["x"] + legend["width"] <= time_box["x"] \
        or time_box["y"] + time_box["height"] <= legend["y"] or legend["y"] + legend["height"] <= time_box["y"]
    assert apart, (time_box, legend)  # the slider's box and the legend's button never cover each other
    context.close()
