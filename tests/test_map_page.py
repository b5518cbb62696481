"""The map at / shows published events and treats every string as text."""
import json
import re

import pytest

from events.maps import build_event_map, map_parts, script_json
from tests.conftest import XSS_PAYLOADS


def event_rows(html):
    """The compact event arrays the page hands to map.js."""
    match = re.search(r"EventMap\.addEvents\(\s*\w+,\s*(\{.*?\}),\s*(\[.*\])\);", html)
    assert match, "the map script is missing"
    return json.loads(match.group(2))


@pytest.mark.django_db
def test_the_map_carries_every_published_located_event(client, make_event):
    shown = make_event(headline="Derna clash")
    make_event(headline="No point yet", latitude=None, longitude=None)
    make_event(headline="Draft", status="draft")
    html = client.get("/").content.decode()
    rows = event_rows(html)
    assert [row[0] for row in rows] == [shown.pk]
    assert "folium-map" in html
    assert "1 event on the map" in html


@pytest.mark.django_db
def test_map_assets_are_served_by_the_app(client, make_event):
    make_event()
    html = client.get("/").content.decode()
    external = re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
    assert external == []
    assert "/static/vendor/leaflet/leaflet.js" in html


@pytest.mark.django_db
@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_hostile_headlines_stay_text_in_the_list_and_the_script(client, make_event, payload):
    make_event(headline=payload)
    html = client.get("/").content.decode()
    if "<" in payload:
        assert payload not in html  # neither raw in the list nor raw in the script
    assert event_rows(html)[0][5] == payload  # ...yet the browser receives it intact
    assert "`" not in html.split("EventMap.addEvents", 1)[1].replace("`backtick`", "")


def test_script_json_cannot_close_a_script_element():
    text = script_json(["</script><script>alert(1)</script>", "\u2028"])
    assert "</" not in text and "<" not in text and "\u2028" not in text
    assert json.loads(text)[0] == "</script><script>alert(1)</script>"


def test_build_event_map_is_a_folium_map_of_the_rows(settings):
    rows = [{"id": 7, "latitude": 32.1, "longitude": 20.1, "event_type": "Protests",
             "geo_precision": 2, "headline": "Sit-in"}]
    parts = map_parts(build_event_map(rows, detail_url_template="/e/{id}/",
                                      api_url_template="/a/{id}/"))
    assert "L.map(" in parts["script"]
    assert event_rows(parts["script"]) == [[7, 32.1, 20.1, 3, 2, "Sit-in"]]


@pytest.mark.django_db
def test_the_popup_api_gives_sources_and_actors(client, make_event, article, actor):
    event = make_event(actor1=actor, sources=[article], fatalities=None, time_precision=2)
    data = client.get(f"/api/events/{event.pk}/").json()
    assert data["sources"] == [{"title": article.title, "url": article.url, "outlet": "Desk Wire",
                                "published_on": "2014-11-16"}]
    assert data["actor1"] == "Islamic State (Libya)"
    assert data["fatalities"] is None
    assert data["date_display"].startswith("week of")


@pytest.mark.django_db
def test_event_page_escapes_text_and_lists_sources(client, make_event, article):
    event = make_event(headline="<img src=x onerror=alert(1)>", notes="${alert(1)}",
                       sources=[article])
    html = client.get(event.get_absolute_url()).content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<img src=x" not in html
    assert article.title in html and 'href="https://news.example/tripoli"' in html


@pytest.mark.django_db
def test_the_map_can_require_login(client, settings, make_event):
    settings.EVENT_MAP = {**settings.EVENT_MAP, "REQUIRE_LOGIN": True}
    response = client.get("/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_the_interface_switches_to_arabic_right_to_left(client, make_event):
    make_event()
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'lang="ar" dir="rtl"' in html
