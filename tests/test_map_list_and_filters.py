"""The page beside the map: every match reachable in pages, filters that agree everywhere."""
import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Actor


def listed(html):
    return [int(pk) for pk in re.findall(r'data-event-id="(\d+)"', html)]


@pytest.mark.django_db
def test_the_list_pages_through_all_matches_not_the_latest_200(client, make_event):
    events = [make_event(event_date=datetime.date(2010, 1, 1) + datetime.timedelta(days=i)) for i in range(230)]

    seen = []
    for page in range(1, 6):
        seen += listed(client.get("/", {"page": page}).content.decode())
    assert sorted(seen) == sorted(e.pk for e in events)
    assert events[0].pk in listed(client.get("/", {"page": 5}).content.decode())


def list_start(html):
    """The number the browser shows beside the list's first item (1 without a start)."""
    tag = re.search(r'<ol class="events"[^>]*>', html).group(0)
    start = re.search(r'\bstart="(\d+)"', tag)
    return int(start.group(1)) if start else 1


@pytest.mark.django_db
def test_the_second_page_of_the_list_numbers_on_from_the_first(client, make_event):
    from events.public.views import LIST_PAGE_SIZE

    for i in range(LIST_PAGE_SIZE + 3):
        make_event(event_date=datetime.date(2010, 1, 1) + datetime.timedelta(days=i))
    assert list_start(client.get("/").content.decode()) == 1
    second = client.get("/", {"page": 2}).content.decode()
    assert len(listed(second)) == 3
    assert list_start(second) == LIST_PAGE_SIZE + 1


@pytest.mark.django_db
def test_an_invalid_filter_is_shown_at_its_field_and_left_out_everywhere(client, make_event):
    make_event(country="LY")
    make_event(country="MA", latitude=34.0, longitude=-6.8)

    html = client.get("/", {"date_from": "notadate", "country": "LY"}).content.decode()

    assert 'class="field-error" id="id_date_from-error"' in html
    assert 'data-count="1"' in html and len(listed(html)) == 1  # the valid filter still applies
    script_url = re.search(r'src="(/map/script\.js[^"]*)"', html).group(1)
    assert "notadate" not in script_url and "country=LY" in script_url
    assert client.get(script_url.replace("&amp;", "&")).status_code == 200


@pytest.mark.django_db
def test_a_non_ascii_focus_is_not_an_error(client, make_event):
    make_event()
    assert client.get("/map/script.js", {"focus": "²"}).status_code == 200
    assert client.get("/map/blocks/3/1/0.json", {"focus": "²"}).status_code == 400


@pytest.mark.django_db
def test_arabic_search_forgives_letter_variants_and_finds_source_titles(client, make_event, article):
    article.title = "اشتباكات في دَرْنه"
    article.save()
    make_event(headline="Clashes in Derna", sources=[article])
    make_event(headline="Protest in Rabat", latitude=34.0, longitude=-6.8)

    assert 'data-count="1"' in client.get("/", {"q": "درنة"}).content.decode()


@pytest.mark.django_db
def test_actor_search_forgives_missing_accents(client, make_event):
    actor = Actor.objects.create(name="Islamic State", name_fr="État islamique (Libye)", actor_type=2)
    make_event(actor1=actor)
    make_event(headline="Other")

    assert client.get("/api/events/", {"actor": "Etat islamique"}).json()["count"] == 1


@pytest.mark.django_db
def test_an_unknown_api_url_answers_json_404(client):
    for url in ("/api/events/999/", "/api/nothing/here"):
        response = client.get(url)
        assert response.status_code == 404 and response["Content-Type"] == "application/json"


@pytest.mark.django_db
def test_an_event_page_links_only_http_sources(client, make_event, article):
    article.url = "javascript:alert(1)"
    article.save()
    event = make_event(sources=[article])

    html = client.get(event.get_absolute_url()).content.decode()
    assert "javascript:alert" not in html
    assert client.get(f"/api/events/{event.pk}/").json()["sources"][0]["url"] is None


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/embed/", "/map/script.js", "/map/blocks/3/1/0.json",
                                 "/map/cells/2/4/2.json", "/api/events/", "/api/events.geojson",
                                 "/feeds/events.atom", "/feeds/events.rss"])
def test_public_views_run_a_constant_number_of_queries(client, make_event, url):
    from django.core.cache import cache

    make_event()
    cache.clear()
    small = _queries(client, url)
    for i in range(60):
        make_event(latitude=32.7 + i * 0.001, longitude=22.6)
    cache.clear()
    # No more with 61 events than with one (a block may take one query fewer: with one
    # event it names the lone event from its row, with 61 there is none to name).
    assert _queries(client, url) <= small
