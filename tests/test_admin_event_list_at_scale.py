"""What keeps the admin's event list cheap at millions of events, and still right:
the date hierarchy's probes (events.models.event.probed_dates), the possible-duplicates
search by latitude band, and the capped duplicates column. Runs on SQLite and
PostgreSQL."""
import datetime
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Event
from events.newsroom import duplicates
from events.taxonomy import EventType, ReviewStatus, TimePrecision
from tests.helpers import EVENT_CHANGELIST

DAYS = [datetime.date(2013, 5, 2), datetime.date(2013, 5, 30), datetime.date(2016, 1, 1),
        datetime.date(2016, 1, 31), datetime.date(2016, 2, 14), datetime.date(2016, 12, 31),
        datetime.date(2021, 7, 4)]


@pytest.fixture
def dated(make_event):
    for number, day in enumerate(DAYS):
        make_event(event_date=day, country="LY" if number % 2 else "TN",
                   headline=f"Clash {number}" if number % 3 else "Arrests",
                   status=ReviewStatus.DRAFT if number == 3 else ReviewStatus.PUBLISHED)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["year", "month", "day"])
@pytest.mark.parametrize("order", ["ASC", "DESC"])
def test_probed_dates_are_the_dates_django_finds(dated, kind, order):
    for selection in (Event.objects.all(), Event.objects.filter(country="LY"), Event.objects.published(),
                      Event.objects.filter(event_date__year=2016), Event.objects.filter(country="EG")):
        expected = list(selection.dates("event_date", kind, order))
        assert selection.with_probed_dates().dates("event_date", kind, order) == expected, (selection.query,)


@pytest.mark.django_db
def test_probed_dates_take_two_queries_however_many_periods(dated):
    with CaptureQueriesContext(connection) as queries:
        months = Event.objects.filter(event_date__year=2016).with_probed_dates().dates("event_date", "month")
    assert months == [datetime.date(2016, m, 1) for m in (1, 2, 12)]
    assert len(queries) == 2 and not any("DISTINCT" in q["sql"].upper() for q in queries.captured_queries)


@pytest.mark.django_db
def test_the_date_hierarchy_lists_the_years_without_reading_every_event(dated, client_for, editor):
    client = client_for(editor)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(EVENT_CHANGELIST).content.decode()
    assert 'class="toplinks"' in page
    for year in (2013, 2016, 2021):
        assert f"?event_date__year={year}" in page
    assert "?event_date__year=2014" not in page
    assert not any("DISTINCT" in q["sql"].upper() and "event_date" in q["sql"] for q in queries.captured_queries)
    in_2016 = client.get(EVENT_CHANGELIST + "?event_date__year=2016").content.decode()
    assert "event_date__month=1" in in_2016 and "event_date__month=12" in in_2016
    assert "event_date__month=3" not in in_2016
    with CaptureQueriesContext(connection) as searching:
        searched = client.get(EVENT_CHANGELIST + "?q=Clash&event_date__year=2016").content.decode()
    assert 'class="toplinks"' not in searched  # no hierarchy while searching
    matching = Event.objects.filter(event_date__year=2016, headline__icontains="Clash").count()
    assert 0 < matching < Event.objects.count()
    assert searched.count('class="action-select"') == matching  # the year chosen before still filters
    assert not any("MIN(" in q["sql"].upper() for q in searching.captured_queries)


def _brute_force(events, everything):
    """The duplicate rule written out pair by pair, to hold the fast search against."""
    found = {}
    for event in events:
        found[event.pk] = sorted(
            (other for other in everything if other.pk != event.pk and other.event_type == event.event_type
             and other.status != ReviewStatus.RETRACTED and duplicates.close_in_time(event, other)
             and duplicates.distance_km(event.latitude, event.longitude, other.latitude, other.longitude)
             <= duplicates.MAX_KM),
            key=lambda e: (e.event_date, e.pk))
    return found


@pytest.mark.django_db
def test_the_nearby_search_by_latitude_band_finds_what_the_rule_finds(make_event):
    rng = random.Random(11)
    types = [EventType.BATTLES, EventType.PROTESTS]
    for number in range(150):
        make_event(headline=f"Event {number}", event_type=types[number % 2],
                   sub_event_type="Armed clash" if number % 2 == 0 else "Peaceful protest",
                   latitude=32.0 + rng.uniform(-0.15, 0.15), longitude=20.0 + rng.uniform(-0.15, 0.15),
                   event_date=datetime.date(2015, 3, 1) + datetime.timedelta(days=rng.randrange(40)),
                   time_precision=rng.choice([TimePrecision.DAY, TimePrecision.DAY, TimePrecision.WEEK,
                                              TimePrecision.MONTH]),
                   status=ReviewStatus.RETRACTED if number % 17 == 0 else ReviewStatus.PUBLISHED)
    everything = list(Event.objects.all())
    page = everything[:60]

    nearby = duplicates._nearby(page)

    expected = _brute_force(page, everything)
    assert sum(len(v) for v in expected.values()) > 100  # a busy town: many pairs to find
    assert {pk: sorted(found, key=lambda e: (e.event_date, e.pk)) for pk, found in nearby.items()} == \
        {pk: found for pk, found in expected.items() if found or pk in nearby}


@pytest.mark.django_db
def test_the_duplicates_column_links_five_and_counts_the_rest(make_event, client_for, editor):
    for number in range(9):
        make_event(headline=f"Clash {number}", latitude=32.1, longitude=20.07)
    page = client_for(editor).get(EVENT_CHANGELIST).content.decode()
    assert page.count('class="duplicate-link"') == 9 * 5
    assert page.count('<span class="duplicate-more">+3</span>') == 9
