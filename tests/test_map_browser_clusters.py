"""The aggregated map in a real browser (Debian's Chromium through Playwright)."""
import re

import pytest

from events.models import Article, Event, Outlet

AL_ARISH = (31.131, 33.798)
_OUTSIDE = re.compile(r"^https?://(?!localhost[:/]|127\.0\.0\.1[:/])")


def _event(**fields):
    values = {"headline": "Clash", "event_date": "2020-01-01", "event_type": "Battles",
              "sub_event_type": "Armed clash", "location": "Derna", "country": "LY",
              "latitude": 32.767, "longitude": 22.637, "status": "published"}
    values.update(fields)
    return Event.objects.create(**values)


@pytest.fixture
def al_arish(transactional_db):
    stacked = [_event(headline=f"Al Arish attack {i}", location="Al Arish", country="EG",
                      latitude=AL_ARISH[0], longitude=AL_ARISH[1]) for i in range(53)]
    _event(headline="Derna clash")
    return stacked


def wait_until(page, script, timeout=15.0):
    """Poll a page expression (the strict CSP forbids Playwright's string predicates)."""
    import time

    deadline = time.monotonic() + timeout
    while not page.evaluate(script):
        assert time.monotonic() < deadline, script
        page.wait_for_timeout(50)


def ready(page):
    page.wait_for_selector("#event-map[data-events-ready]", timeout=20_000)
    return page.get_attribute("#event-map", "data-events-ready")


def test_53_events_on_one_point_open_as_a_list_of_all_of_them(page, al_arish):
    page.goto("/")
    assert ready(page) == "54"
    page.locator(".marker-cluster", has_text="53").click()
    page.wait_for_selector(".em-stack-list li")
    while page.locator(".em-more:not([hidden])").count():
        count = page.locator(".em-stack-list li").count()
        page.click(".em-more")
        wait_until(page, f"document.querySelectorAll('.em-stack-list li').length > {count}")
    assert page.locator(".em-stack-list li").count() == 53, page.inner_text(".em-stack")
    page.locator(".em-stack-list a").last.click()
    page.wait_for_selector(".em-popup .em-headline")
    assert page.inner_text(".em-popup .em-headline").startswith("Al Arish attack")
    assert page.errors == []


def test_a_cluster_click_zooms_in_until_single_events(page, transactional_db):
    _event(headline="West", latitude=32.760, longitude=22.630)
    _event(headline="East", latitude=32.770, longitude=22.660)
    page.goto("/")
    ready(page)
    for _ in range(6):
        clusters = page.locator(".marker-cluster")
        if not clusters.count():
            break
        before = page.get_attribute("#event-map", "data-view-ready")
        clusters.first.click()
        wait_until(page, f"document.querySelector('#event-map').getAttribute('data-view-ready') !== '{before}'")
    assert page.locator(".marker-cluster").count() == 0
    assert page.get_attribute("#event-map", "data-clusters") == "2"  # two single events


def test_the_legend_folds_and_starts_folded_in_a_small_embed(browser, live_server, al_arish):  # noqa: F811
    context = browser.new_context(viewport={"width": 420, "height": 320})
    page = context.new_page()
    page.route(_OUTSIDE, lambda route: route.abort())
    page.goto(live_server.url + "/embed/")
    page.wait_for_selector("#event-map[data-events-ready]")
    assert page.locator(".em-legend.em-collapsed").count() == 1
    assert not page.is_visible(".em-legend-body")
    page.click(".em-legend-toggle")
    assert page.is_visible(".em-legend-body")
    page.click(".em-legend-toggle")
    assert not page.is_visible(".em-legend-body")
    assert page.locator(".em-fullscreen svg path").count() == 1  # a drawn glyph, not a missing-font box
    context.close()


def test_the_arabic_map_keeps_scale_snippet_and_sources_in_order(browser, live_server, transactional_db):  # noqa: F811
    outlet = Outlet.objects.create(name="الوسط")
    article = Article.objects.create(outlet=outlet, title="Attentat à Derna", body="x", url="https://example.org/a")
    event = _event(headline="Derna")
    event.sources.set([article])
    context = browser.new_context(locale="ar", extra_http_headers={"Accept-Language": "ar"})
    page = context.new_page()
    page.route(_OUTSIDE, lambda route: route.abort())
    page.goto(live_server.url + "/")
    page.wait_for_selector("#event-map[data-events-ready]")
    assert page.evaluate("getComputedStyle(document.querySelector('.leaflet-control-scale-line')).direction") == "ltr"
    assert page.evaluate("getComputedStyle(document.querySelector('#embed-code')).direction") == "ltr"
    page.click(f'[data-event-id="{event.pk}"]')
    page.wait_for_selector(".em-popup .em-sources li")
    # Outlet and title are isolated from each other and from the RTL page.
    assert page.locator(".em-popup .em-sources li > bdi.em-outlet").inner_text() == "الوسط"
    assert page.locator(".em-popup .em-sources li a bdi").inner_text() == "Attentat à Derna"
    context.close()


def _boxes_overlap(a, b):
    return a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"] \
        and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]


def test_clusters_of_neighbouring_cells_never_cover_each_other_and_their_counts_stay_exact(page, transactional_db):
    # Longitude 11.25 is the edge between two grid cells at the zoom that shows North
    # Africa whole: five events just west of it and five just east are one cluster on
    # screen, not two icons drawn over each other.
    for lon in (11.1, 11.4):
        for i in range(5):
            _event(headline=f"Clash {lon} {i}", location="Ghadames", latitude=30.1 + i / 100, longitude=lon)
    _event(headline="Rabat protest", location="Rabat", country="MA", latitude=34.02, longitude=-6.84)
    _event(headline="Cairo protest", location="Cairo", country="EG", latitude=30.04, longitude=31.24)
    page.goto("/")
    assert ready(page) == "12"
    icons = page.locator(".marker-cluster")
    boxes = [icons.nth(i).bounding_box() for i in range(icons.count())]
    assert all(not _boxes_overlap(a, b) for n, a in enumerate(boxes) for b in boxes[n + 1:]), boxes
    counts = sorted(int(icons.nth(i).inner_text()) for i in range(icons.count()))
    singles = int(page.get_attribute("#event-map", "data-clusters")) - len(counts)
    assert 10 in counts and sum(counts) + singles == 12, (counts, singles)
