"""The map at / lists published events, filters them, and treats every string as text."""
import datetime
import json
import re

import pytest

from events.models import Actor
from events.public.maps import COORDINATE_SCALE, encode_rows, script_json
from tests.helpers import XSS_PAYLOADS


def decode(payload):
    ids, pk = [], 0
    for delta in payload["ids"]:
        pk += delta
        ids.append(pk)
    return ids


@pytest.mark.django_db
def test_the_page_lists_published_events_and_counts_the_located_ones(client, make_event):
    shown = make_event(headline="Derna clash")
    make_event(headline="No point yet", latitude=None, longitude=None)
    make_event(headline="Draft claim", status="draft")
    html = client.get("/").content.decode()
    assert f'data-event-id="{shown.pk}"' in html
    assert "Draft claim" not in html
    assert "1 event on the map" in html
    assert 'id="event-map"' in html


@pytest.mark.django_db
def test_the_data_holds_every_published_located_event_and_nothing_else(client, make_event):
    shown = make_event(headline="Derna clash", geo_precision=2)
    make_event(headline="No point yet", latitude=None, longitude=None)
    make_event(headline="Draft claim", status="draft")
    payload = client.get("/map/data.json").json()
    assert decode(payload) == [shown.pk]
    assert payload["lat"] == [round(32.767 * COORDINATE_SCALE)]
    assert payload["precisions"] == "2" and payload["types"] == "0"
    assert "Derna clash" not in json.dumps(payload)  # text comes from the API, on demand


def test_encode_rows_is_compact_and_lossless_to_four_decimals():
    rows = [(3, 32.76704, 22.63669, "Protests", 1, datetime.date(2014, 11, 15)),
            (10, -33.9, 18.4, "Riots", 3, datetime.date(2014, 11, 20))]
    payload = encode_rows(rows)
    assert payload["ids"] == [3, 7] and payload["days"] == [0, 5]
    assert payload["lat"] == [327670, -339000] and payload["types"] == "34"
    assert payload["firstDay"] == "2014-11-15" and payload["count"] == 2


@pytest.mark.django_db
def test_the_map_script_is_a_file_with_no_event_text(client, make_event):
    make_event(headline="<img src=x onerror=alert(1)>")
    response = client.get("/map/script.js")
    script = response.content.decode()
    assert response["Content-Type"].startswith("text/javascript")
    assert 'L.map(\n                "event-map"' in script or '"event-map"' in script
    assert "onerror" not in script and "<" not in script.split("addEvents", 1)[1]


@pytest.mark.django_db
def test_map_assets_are_served_by_the_app(client, make_event):
    make_event()
    html = client.get("/").content.decode()
    assert "https://" not in html.split("<main>")[0].replace("https://tile.openstreetmap.org", "")
    assert "/static/vendor/leaflet/leaflet.js" in html
    assert "<script>" not in html and " style=" not in html  # nothing inline


@pytest.mark.django_db
@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_hostile_headlines_stay_text_in_the_list(client, make_event, payload):
    make_event(headline=payload)
    html = client.get("/").content.decode()
    if "<" in payload:
        assert payload not in html
    list_html = html[html.index("<ol class=\"events\""):html.index("</ol>")]
    assert "<script>" not in list_html and "<img" not in list_html


def test_script_json_cannot_close_a_script_element():
    text = script_json(["</script><script>alert(1)</script>", "\u2028"])
    assert "<" not in text and "\u2028" not in text
    assert json.loads(text)[0] == "</script><script>alert(1)</script>"


@pytest.mark.django_db
def test_filters_narrow_the_list_the_count_and_the_data(client, make_event):
    derna = make_event(headline="Derna clash")
    rabat = make_event(headline="Sit-in in Rabat", event_type="Protests", sub_event_type="Peaceful protest",
                       country="MA", location="Rabat", latitude=34.0, longitude=-6.8,
                       event_date=datetime.date(2020, 1, 3), geo_precision=2)
    cases = {
        "event_type=Protests": [rabat],
        "country=LY": [derna],
        "date_from=2019-01-01": [rabat],
        "date_to=2019-01-01": [derna],
        "q=rabat": [rabat],
        "geo_precision=2": [rabat],
        "sub_event_type=Armed+clash": [derna],
    }
    for query, expected in cases.items():
        payload = client.get(f"/map/data.json?{query}").json()
        assert decode(payload) == [e.pk for e in expected], query
        html = client.get(f"/?{query}").content.decode()
        assert f"{len(expected)} event on the map" in html, query


@pytest.mark.django_db
def test_the_actor_filter_matches_names_in_any_language(client, make_event, actor):
    with_actor = make_event(actor1=actor)
    make_event(headline="Other")
    assert decode(client.get("/map/data.json?actor=الدولة").json()) == [with_actor.pk]
    assert decode(client.get("/map/data.json?actor=islamic").json()) == [with_actor.pk]


@pytest.mark.django_db
def test_a_bad_filter_is_explained_and_ignored(client, make_event):
    make_event()
    html = client.get("/?date_from=yesterday&event_type=Picnic").content.decode()
    assert "Some filters were not understood" in html and "1 event on the map" in html
    assert client.get("/map/data.json?date_from=yesterday").status_code == 400


@pytest.mark.django_db
def test_the_popup_api_gives_sources_and_actors(client, make_event, article, actor):
    event = make_event(actor1=actor, sources=[article], fatalities=None, time_precision=2)
    data = client.get(f"/api/events/{event.pk}/").json()
    assert data["sources"][0] == {"title": article.title, "url": article.url, "outlet": "Desk Wire",
                                  "published_on": "2014-11-16"}
    assert data["actor1"] == "Islamic State (Libya)"
    assert data["fatalities"] is None
    assert data["date_display"].startswith("week of")


@pytest.mark.django_db
def test_event_page_escapes_text_lists_sources_and_has_its_own_map(client, make_event, article):
    event = make_event(headline="<img src=x onerror=alert(1)>", notes="${alert(1)}", sources=[article])
    html = client.get(event.get_absolute_url()).content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "<img src=x" not in html
    assert article.title in html and 'href="https://news.example/tripoli"' in html
    assert f"/map/script.js?focus={event.pk}" in html
    assert client.get(f"/map/data.json?focus={event.pk}").json()["count"] == 1


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/embed/", "/map/script.js", "/map/data.json"])
def test_the_map_can_require_login(client, settings, make_event, url):
    settings.EVENT_MAP = {**settings.EVENT_MAP, "REQUIRE_LOGIN": True}
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_pages_send_a_strict_content_security_policy(client, make_event):
    event = make_event()
    for url in ("/", event.get_absolute_url()):
        policy = client.get(url)["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy
        assert "img-src 'self' data: https://tile.openstreetmap.org" in policy


@pytest.mark.django_db
def test_the_embed_page_can_be_framed_and_keeps_the_filters(client, make_event):
    make_event()
    response = client.get("/embed/?country=LY")
    assert "X-Frame-Options" not in response
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    html = response.content.decode()
    assert "/map/script.js?country=LY" in html and "event-list" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "head", "post"])
def test_no_answer_of_the_embed_forbids_the_framing_its_policy_allows(client, make_event, method):
    # `curl -I` (HEAD) got a 405 with X-Frame-Options: DENY beside frame-ancestors *.
    make_event()
    response = getattr(client, method)("/embed/")
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert "X-Frame-Options" not in response


@pytest.mark.django_db
def test_the_map_page_offers_the_embed_snippet(client, make_event):
    make_event()
    html = client.get("/?country=LY").content.decode()
    assert '&lt;iframe src="http://testserver/embed/?country=LY"' in html


@pytest.mark.django_db
def test_the_interface_switches_to_arabic_right_to_left(client, make_event):
    make_event()
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'lang="ar" dir="rtl"' in html


@pytest.mark.django_db
def test_an_arabic_event_page_aligns_latin_values_with_the_others(client, make_event):
    # dir="auto" on a <dd> turned it left-to-right, and left-aligned, for a Latin name:
    # the values keep the page's direction and isolate their own text in <bdi>.
    actor = Actor.objects.create(name="Libya Dawn", actor_type=3)
    event = make_event(actor1=actor, location="Derna")
    html = client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    details = html[html.index('<article class="event-detail">'):html.index("</dl>")]
    assert 'lang="ar" dir="rtl"' in html
    assert re.findall(r"<dd\b[^>]*>", details) == ["<dd>"] * details.count("<dd")
    assert "<dd><bdi>Libya Dawn</bdi></dd>" in details
    assert re.search(r"<dd><bdi>Derna</bdi>, <bdi>ليبيا</bdi> \([^<]+\)</dd>", details)


@pytest.mark.django_db
def test_the_map_links_exports_and_feeds_of_the_current_filter(client, make_event):
    make_event()
    html = client.get("/?country=LY&q=clash").content.decode()
    for path in ("/exports/events.csv", "/exports/events.geojson", "/exports/events.kml",
                 "/feeds/events.atom", "/api/events/"):
        assert f'href="{path}?country=LY&amp;q=clash"' in html, path


@pytest.mark.django_db
@pytest.mark.parametrize("language,words", [("ar", ["اللغة", "حدث"]), ("fr", ["Langue", "événement"])])
def test_the_interface_speaks_arabic_and_french(client, make_event, language, words):
    make_event()
    html = client.get("/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    for word in words:
        assert word in html


@pytest.mark.django_db
def test_popups_and_country_filters_follow_the_interface_language(client, make_event):
    event = make_event()
    data = client.get(f"/api/events/{event.pk}/", HTTP_ACCEPT_LANGUAGE="ar").json()
    assert data["event_type"] == "Battles" and data["event_type_display"] == "معارك"
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<option value="DZ">Algérie</option>' in html


@pytest.mark.django_db
def test_the_filter_form_kept_across_publishes_still_follows_the_query_and_language(client, make_event):
    make_event()
    libya = client.get("/?country=LY").content.decode()
    mali = client.get("/?country=ML").content.decode()
    assert '<option value="LY" selected>' in libya and '<option value="ML" selected>' not in libya
    assert '<option value="ML" selected>' in mali and '<option value="LY" selected>' not in mali

    make_event(headline="A second event")  # a publish: the page is made again, the form kept
    bad = client.get("/?date_from=nonsense").content.decode()
    assert "field-error" in bad and "A second event" in bad
    assert "field-error" not in client.get("/").content.decode()
    french = client.get("/?country=LY", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<option value="LY" selected>Libye</option>' in french


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/embed/"])
def test_pages_name_an_icon_the_app_serves(client, path):
    # Without one, every browser asks for /favicon.ico and logs a 404.
    from django.contrib.staticfiles import finders

    html = client.get(path).content.decode()
    icon = re.search(r'<link rel="icon" href="/static/([^"]+)"', html)
    assert icon and finders.find(icon.group(1))


@pytest.mark.django_db
def test_link_checkers_and_uptime_monitors_get_the_public_pages_headers_for_a_head_request(client, make_event):
    # HEAD was a 405 on every public view: `curl -I`, feed readers' and monitors' probes.
    event = make_event()
    for url in ("/", "/embed/", "/map/data.json", f"/events/{event.pk}/", "/api/events/", "/healthz",
                "/map/blocks/2/0/0.json"):
        got, head = client.get(url), client.head(url)
        assert head.status_code == got.status_code == 200, url
        assert head["Content-Type"] == got["Content-Type"], url
        assert head.content == b"", url
    assert client.post("/").status_code == 405
