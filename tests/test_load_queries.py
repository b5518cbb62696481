"""The map page and the API make the same few queries whatever the number of events,
and count the matches once per data version and filter, exactly after a publish or a
retraction. Runs on SQLite and PostgreSQL."""
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.taxonomy import ReviewStatus


def fill(make_event, n):
    return [make_event(headline=f"event {i}", latitude=20 + (i % 40) * 0.5, longitude=10 + (i // 40) * 0.5)
            for i in range(n)]


def queries_of(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return [q["sql"] for q in queries]


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("path", ["/", "/?event_type=Battles", "/api/events/", "/api/events/?page=2&page_size=2",
                                  "/api/events.geojson?country=LY"])
def test_a_warm_request_makes_the_same_queries_at_two_sizes_and_counts_nothing(
        client, make_event, django_assert_num_queries, path):
    counts, made = [], 0
    for size in (5, 65):
        fill(make_event, size - made)
        made = size
        client.get(path)  # the first request after the change counts, once
        counts.append(queries_of(client, path))
        assert not [sql for sql in counts[-1] if "COUNT(" in sql.upper()], counts[-1]
    assert len(counts[0]) == len(counts[1])
    with django_assert_num_queries(len(counts[1])):
        client.get(path)


def test_the_api_counts_once_per_selection_and_every_page_shares_it(client, make_event):
    fill(make_event, 30)
    first = queries_of(client, "/api/events/?page=1&page_size=10")
    assert len([sql for sql in first if "COUNT(" in sql.upper()]) == 1
    for page in (2, 3):
        assert not [sql for sql in queries_of(client, f"/api/events/?page={page}&page_size=10")
                    if "COUNT(" in sql.upper()]
    assert client.get("/api/events/?page=3&page_size=10").json()["count"] == 30
    assert client.get("/api/events/?page=3&page_size=10").json()["next"] is None


def test_counts_are_exact_after_a_publish_and_a_retraction(client, make_event, editor, article):
    events = fill(make_event, 12)
    draft = make_event(status=ReviewStatus.IN_REVIEW, sources=[article])
    assert client.get("/api/events/").json()["count"] == 12
    assert client.get("/api/events/?country=LY").json()["count"] == 12
    assert 'data-count="12"' in client.get("/").content.decode()

    draft.publish(editor)
    assert client.get("/api/events/").json()["count"] == 13
    assert 'data-count="13"' in client.get("/").content.decode()

    events[0].retract(editor)
    events[1].retract(editor)
    assert client.get("/api/events/").json()["count"] == 11
    assert client.get("/api/events/?country=LY").json()["count"] == 11
    assert 'data-count="11"' in client.get("/").content.decode()
    assert client.get("/api/events.geojson").json()["count"] == 11


def test_a_filter_has_its_own_count(client, make_event):
    fill(make_event, 4)
    make_event(event_type="Protests", sub_event_type="Peaceful protest")
    assert client.get("/api/events/").json()["count"] == 5
    assert client.get("/api/events/?event_type=Protests").json()["count"] == 1
    assert client.get("/api/events/?event_type=Protests&page_size=1").json()["count"] == 1


@pytest.mark.parametrize("path", ["/api/events/?page=1", "/api/events.geojson?page_size=5&page=2",
                                  "/api/events/?page=9"])
def test_a_page_asked_again_reads_no_event_row(client, make_event, path):
    fill(make_event, 12)
    first = client.get(path)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(path)
    assert (again.status_code, again.content) == (first.status_code, first.content)
    assert again["Content-Type"] == first["Content-Type"]
    assert all("events_event" not in q["sql"] for q in queries), [q["sql"] for q in queries]
