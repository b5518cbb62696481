"""On PostgreSQL at 100,000 events, the public paths' queries use their indexes (EXPLAIN).

Run with DATABASE_URL pointing at PostgreSQL (CI does); on SQLite the module is
skipped with that reason, since SQLite's planner and indexes are not the ones a
newsroom serves millions of events from.
"""
import pytest
from django.db import connection

from events.bench.map import load
from events.models import Event
from events.public import grid

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="EXPLAIN checks need PostgreSQL (set DATABASE_URL)")


@pytest.fixture(scope="module")
def hundred_thousand(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load(100_000)
        yield
        with connection.cursor() as cursor:  # 100,000 ORM deletes would take minutes
            cursor.execute(f"TRUNCATE {Event._meta.db_table} RESTART IDENTITY CASCADE")


def plan(queryset):
    return queryset.explain()


@pytest.mark.django_db
def test_the_grid_blocks_are_an_index_only_scan(hundred_thousand):
    events = Event.objects.published().filter(cell_x__gte=0, cell_x__lt=2**23, cell_y__gte=0, cell_y__lt=2**23)
    text = plan(events.values("cell_x", "cell_y", "event_type", "geo_precision", "id"))
    assert "event_public_cells_covering" in text


@pytest.mark.django_db
@pytest.mark.parametrize("order, index", [
    (("-event_date", "-id"), "event_public_recent"),    # the list beside the map, the API
    (("-updated_at", "-id"), "event_public_changed"),   # the feeds
])
def test_the_list_api_and_feed_orders_use_an_index(hundred_thousand, order, index):
    text = plan(Event.objects.published().order_by(*order)[:50])
    assert index in text and "Sort" not in text.split(index)[0]


@pytest.mark.django_db
def test_a_zoomed_in_block_reads_only_its_range(hundred_thousand):
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(db) as queries:
        grid.block_cells(Event.objects.published(), 12, 2200, 700)
    sql = [q["sql"] for q in queries if "GROUP BY" in q["sql"]][0]
    with db.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql)
        text = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan" not in text


@pytest.mark.django_db
def test_an_actor_filters_parts_with_actor_1_or_2_named_are_read_from_their_covering_indexes(hundred_thousand):
    from events.public.filters import actor_parts, filtered_events

    _form, events = filtered_events({"actor": "group 001"}, Event.objects.published())
    first, second, associated = actor_parts(events, "group 001")
    columns = ("id", "cell_x", "cell_y", "event_date", "event_type", "geo_precision")
    assert "Index Only Scan using event_public_actor1_covering" in plan(first.values(*columns))
    assert "Index Only Scan using event_public_actor2_covering" in plan(second.values(*columns))
    assert "Seq Scan on events_event " not in plan(associated.values(*columns))


@pytest.mark.django_db
@pytest.mark.parametrize("events, index", [
    (Event.objects.published().located(), "event_public_recent_located"),  # the list beside the map
    (Event.objects.published(), "event_public_recent"),                    # the API
])
def test_a_deep_pages_ids_are_read_from_the_newest_first_index_alone(hundred_thousand, events, index):
    text = plan(events.order_by("-event_date", "-id").values_list("pk", flat=True)[90_000:90_050])
    assert f"Index Only Scan using {index} " in text
