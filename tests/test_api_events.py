"""The read API: filtered, paginated lists of published events, as JSON and GeoJSON."""
import datetime

import pytest
from django.test import Client, override_settings

from events.taxonomy import ReviewStatus


@pytest.fixture
def five_events(make_event):
    return [make_event(reference=f"E{day}", headline=f"Event {day}", event_date=datetime.date(2020, 1, day))
            for day in range(1, 6)]


@pytest.mark.django_db
def test_it_lists_events_newest_first_with_count_and_links(client, five_events):
    data = client.get("/api/events/", {"page_size": 2}).json()

    assert data["count"] == 5
    assert [e["reference"] for e in data["results"]] == ["E5", "E4"]
    assert data["previous"] is None
    assert data["next"] == "http://testserver/api/events/?page_size=2&page=2"


@pytest.mark.django_db
def test_it_pages_through_every_event_once(client, five_events):
    seen, url = [], "/api/events/?page_size=2"
    while url:
        data = client.get(url).json()
        seen += [e["reference"] for e in data["results"]]
        url = data["next"]

    assert seen == ["E5", "E4", "E3", "E2", "E1"]
    assert client.get("/api/events/", {"page_size": 2, "page": 3}).json()["previous"].endswith("page=2")


@pytest.mark.django_db
def test_it_gives_list_items_the_detail_views_keys(client, five_events):
    item = client.get("/api/events/").json()["results"][0]
    detail = client.get(f"/api/events/{five_events[-1].pk}/").json()

    assert item == detail


@pytest.mark.django_db
def test_it_applies_the_maps_filters(client, make_event, actor):
    make_event(reference="LY", actor1=actor)
    make_event(reference="MA", country="MA", location="Rabat", event_type="Protests",
               sub_event_type="Peaceful protest", event_date=datetime.date(2019, 3, 1))

    def references(**params):
        return [e["reference"] for e in client.get("/api/events/", params).json()["results"]]

    assert references(country="MA") == ["MA"]
    assert references(event_type="Battles") == ["LY"]
    assert references(actor="Islamic State") == ["LY"]
    assert references(date_from="2019-01-01", date_to="2019-12-31") == ["MA"]
    assert references(q="Rabat") == ["MA"]


@pytest.mark.django_db
@pytest.mark.parametrize("params, fields", [
    ({"date_from": "soon"}, {"date_from"}),
    ({"event_type": "Picnic", "geo_precision": "9"}, {"event_type", "geo_precision"}),
    ({"date_from": "2020-02-01", "date_to": "2020-01-01"}, {"date_to"}),
    ({"page": "zero"}, {"page"}),
    ({"page_size": "501"}, {"page_size"}),
    ({"page_size": "0"}, {"page_size"}),
])
def test_it_answers_400_listing_the_invalid_fields(client, params, fields):
    for url in ("/api/events/", "/api/events.geojson"):
        response = client.get(url, params)

        assert response.status_code == 400
        assert set(response.json()["fields"]) == fields


@pytest.mark.django_db
def test_it_allows_pages_of_up_to_500_and_404s_past_the_last(client, five_events):
    assert client.get("/api/events/", {"page_size": 500}).json()["count"] == 5
    assert client.get("/api/events/", {"page": 2}).status_code == 404


@pytest.mark.django_db
def test_it_serves_the_same_page_as_geojson(client, five_events):
    response = client.get("/api/events.geojson", {"page_size": 2, "page": 2})
    data = response.json()

    assert response["Content-Type"].startswith("application/geo+json")
    assert data["type"] == "FeatureCollection" and data["count"] == 5
    assert [f["properties"]["reference"] for f in data["features"]] == ["E3", "E2"]
    assert data["features"][0]["geometry"] == {"type": "Point", "coordinates": [22.637, 32.767]}
    assert data["next"].endswith("page=3") and data["previous"].endswith("page=1")


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/events/", "/api/events.geojson"])
def test_it_never_shows_drafts(client, make_event, url):
    make_event(reference="PUBLIC")
    for status in (ReviewStatus.DRAFT, ReviewStatus.IN_REVIEW, ReviewStatus.RETRACTED):
        make_event(reference=f"HIDDEN-{status}", status=status)

    response = client.get(url)

    assert response.json()["count"] == 1
    assert "HIDDEN" not in response.content.decode()


@pytest.mark.django_db
def test_it_reads_a_page_in_a_fixed_number_of_queries(client, make_event, actor, article,
                                                      django_assert_max_num_queries):
    for number in range(20):
        event = make_event(reference=f"Q{number}", actor1=actor, sources=[article])
        event.assoc_actor_2.add(actor)

    with django_assert_max_num_queries(8):
        assert len(client.get("/api/events/").json()["results"]) == 20


@pytest.mark.django_db
@override_settings(EVENT_MAP={"REQUIRE_LOGIN": True})
def test_it_follows_the_maps_access_setting(editor_client):
    assert Client().get("/api/events/").status_code == 302
    assert editor_client.get("/api/events/").status_code == 200
