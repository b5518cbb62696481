"""The map's rollup stays exact through every write path, and what it serves equals
what the event rows give (a property test over random filters and random writes).

Each scenario writes events through one path after another (the ORM, the history
bulk helpers, queryset updates, the model's retract and merge, deletes, the ACLED
importer, raw SQL), and after each step checks:
- the rollup table equals the rollup recomputed in Python from the event rows;
- for many random filters, the summary (count, months, bounds) and the clusters of
  every block holding events, at random zooms, served with the rollup equal those
  computed from the event rows alone (the extents may only be wider, never narrower).
Runs on SQLite and, with DATABASE_URL, PostgreSQL (the triggers differ).
"""
import datetime
import random
from pathlib import Path

import pytest
from django.db import connection

from events.acled import AcledImport
from events.models import Event, MapRollup, MapSelectionCell
from events.models.history import bulk_create_events, bulk_update_events
from events.models.mapdata import (
    CELL_BITS,
    ROLLUP_ALL_MONTHS,
    ROLLUP_ANY,
    ROLLUP_LEVELS,
    ROLLUP_MARGINAL_LEVELS,
    ROLLUP_SQUARES_MAX_LEVEL,
)
from events.public import grid, rollup
from events.public.filters import filtered_events
from events.taxonomy import EVENT_TYPE_OF, GeoPrecision, ReviewStatus

CURRENT = Path(__file__).parent / "data" / "acled_current.csv"
PAIRS = sorted((event_type, sub) for sub, event_type in EVENT_TYPE_OF.items())
TYPES = sorted({event_type for event_type, _sub in PAIRS})
COUNTRIES = ["LY", "EG", "TN", "MA"]
STACK = (31.131, 33.798)  # many events coded at one point
START = datetime.date(2014, 1, 1)


def random_fields(rng):
    event_type, sub = rng.choice(PAIRS)
    if rng.random() < 0.25:
        lat, lon = STACK
    else:
        lat, lon = round(rng.uniform(20, 37), 4), round(rng.uniform(-10, 40), 4)
    return {
        "headline": f"event {rng.random():.6f}", "event_date": START + datetime.timedelta(days=rng.randrange(540)),
        "event_type": event_type, "sub_event_type": sub, "country": rng.choice(COUNTRIES),
        "latitude": lat, "longitude": lon, "geo_precision": rng.choice([1, 2, 3]),
        "status": rng.choice([ReviewStatus.PUBLISHED] * 4 + [ReviewStatus.DRAFT]),
    }


def recomputed():
    """The rollup as it must be, from the event rows (Python, not SQL)."""
    expected = {}
    events = Event.objects.published().filter(cell_x__isnull=False, cell_y__isnull=False)
    for pk, x, y, day, event_type, country, precision in events.values_list(
            "id", "cell_x", "cell_y", "event_date", "event_type", "country", "geo_precision"):
        for level in ROLLUP_LEVELS:
            keys = [(level, x >> level, y >> level, day.replace(day=1), event_type, country, precision)]
            if level in ROLLUP_MARGINAL_LEVELS:
                keys += [(level, x >> level, y >> level, month, ROLLUP_ANY, ROLLUP_ANY, 0)
                         for month in (day.replace(day=1), ROLLUP_ALL_MONTHS)]
            for key in keys:
                add(expected, key, level, pk, x, y)
    return expected


def add(expected, key, level, pk, x, y):
    sums = expected.setdefault(key, [0, 0, 0, 0, 0, 0, x, x, y, y])
    mask = 2 ** level - 1
    squares = level <= ROLLUP_SQUARES_MAX_LEVEL
    for i, value in enumerate((1, x, y, (x & mask) ** 2 if squares else 0, (y & mask) ** 2 if squares else 0, pk)):
        sums[i] += value
    sums[6], sums[7] = min(sums[6], x), max(sums[7], x)
    sums[8], sums[9] = min(sums[8], y), max(sums[9], y)


def assert_rollup_exact():
    expected = recomputed()
    stored = {}
    for row in MapRollup.objects.values():
        key = (row["level"], row["cx"], row["cy"], row["month"], row["event_type"], row["country"],
               row["geo_precision"])
        stored[key] = row
    assert set(stored) == set(expected), "rollup keys differ from the events'"
    for key, sums in expected.items():
        row = stored[key]
        assert [row[f] for f in ("n", "sx", "sy", "sxx", "syy", "sid")] == sums[:6], key
        # The extent seen always holds the events (it may be wider after a removal).
        assert row["x_min"] <= sums[6] and row["x_max"] >= sums[7], key
        assert row["y_min"] <= sums[8] and row["y_max"] >= sums[9], key


def random_filter(rng):
    params = {}
    if rng.random() < 0.4:
        params["event_type"] = rng.sample(TYPES, rng.randint(1, 2))
    if rng.random() < 0.3:
        params["country"] = rng.sample(COUNTRIES, rng.randint(1, 2))
    if rng.random() < 0.3:
        params["geo_precision"] = [str(p) for p in rng.sample([1, 2, 3], rng.randint(1, 2))]
    def day():
        value = START + datetime.timedelta(days=rng.randrange(-20, 560))
        return value.replace(day=1) if rng.random() < 0.3 else value
    if rng.random() < 0.5:
        params["date_from"] = day().isoformat()
    if rng.random() < 0.5:
        params["date_to"] = day().isoformat()
    until = None
    if rng.random() < 0.4:
        until = day()
        if rng.random() < 0.5:  # the slider: the end of a month
            until = (until.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
    return params, until


def selections(params, until):
    form, events = filtered_events(params, Event.objects.published())
    if until is not None:
        events = events.filter(event_date__lte=until)
    return rollup.select(form.cleaned_data, events, until), rollup.live_only(events)


def assert_cells_match(served, live, exact_extents):
    assert len(served) == len(live)
    for ours, theirs in zip(served, live):
        if theirs[2] == 1:
            assert ours == theirs  # point, id, type, precision
            continue
        assert ours[:4] == theirs[:4] and ours[8:] == theirs[8:]  # point, count, stacked, cell
        south, west, north, east = ours[4:8]
        assert south <= theirs[4] and west <= theirs[5] and north >= theirs[6] and east >= theirs[7]
        if exact_extents:
            assert ours[4:8] == theirs[4:8]


def assert_served_equals_live(rng, filters=15, exact_extents=False):
    located = list(Event.objects.published().filter(cell_x__isnull=False).values_list("cell_x", "cell_y"))
    used = 0
    for _ in range(filters):
        params, until = random_filter(rng)
        served, live = selections(params, until)
        used += served.rows is not None
        ours, theirs = grid.summary(served), grid.summary(live)
        assert ours["count"] == theirs["count"] and ours["periods"] == theirs["periods"], (params, until)
        if theirs["bounds"]:
            (south, west), (north, east) = ours["bounds"]
            (s, w), (n, e) = theirs["bounds"]
            assert south <= s and west <= w and north >= n and east >= e
        for zoom in rng.sample(range(grid.MAX_ZOOM + 1), 2):
            size = grid.cell_size(zoom) * grid.BLOCK_CELLS
            blocks = sorted({(x // size, y // size) for x, y in located})
            for bx, by in rng.sample(blocks, min(4, len(blocks))):
                assert_cells_match(grid.block_cells(served, zoom, bx, by)["cells"],
                                   grid.block_cells(live, zoom, bx, by)["cells"], exact_extents)
    assert used >= filters // 3, "the rollup answered too few of the random filters to test it"


def check(rng, exact_extents=False):
    assert_rollup_exact()
    assert_served_equals_live(rng, exact_extents=exact_extents)


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2])
def test_the_rollup_stays_exact_through_every_write_path(seed, editor, make_event):
    rng = random.Random(seed)
    made = [make_event(**random_fields(rng)) for _ in range(30)]
    check(rng, exact_extents=True)  # nothing removed yet: the extents are exact too

    created = bulk_create_events([Event(**random_fields(rng)) for _ in range(30)])
    check(rng, exact_extents=True)

    moved = rng.sample(made + list(created), 15)
    for event in moved:
        fields = random_fields(rng)
        for name in ("event_date", "latitude", "longitude", "country", "geo_precision"):
            setattr(event, name, fields[name])
    bulk_update_events(moved, ["event_date", "latitude", "longitude", "country", "geo_precision"])
    Event.objects.filter(pk__in=[e.pk for e in rng.sample(made, 5)]).update(event_type="Protests",
                                                                            sub_event_type="Peaceful protest")
    check(rng)

    published = list(Event.objects.published())
    for event in rng.sample(published, 4):
        event.retract(editor)
    keep, *duplicates = rng.sample(list(Event.objects.published()), 3)
    for duplicate in duplicates:
        duplicate.merge_into(keep, editor)
    Event.objects.filter(status=ReviewStatus.DRAFT).update(status=ReviewStatus.PUBLISHED)
    check(rng)

    Event.objects.filter(pk__in=[e.pk for e in rng.sample(list(Event.objects.all()), 6)]).delete()
    with connection.cursor() as cursor:  # a write no Python code sees
        cursor.execute(f"UPDATE {Event._meta.db_table} SET latitude = %s, longitude = %s WHERE id IN "
                       f"(SELECT id FROM {Event._meta.db_table} ORDER BY id LIMIT 5)", [STACK[0], STACK[1]])
    check(rng)

    AcledImport().run(CURRENT.open("rb"))
    AcledImport().run(CURRENT.open("rb"))  # again: the same rows, updated in place
    assert Event.objects.filter(reference__startswith="LBY").exists()
    check(rng)


@pytest.mark.django_db
def test_a_retracted_event_leaves_the_rollup_and_the_map_at_once(client, editor, make_event):
    keep = make_event(headline="kept", latitude=32.5, longitude=20.1)
    gone = make_event(headline="gone", latitude=30.0, longitude=31.0)
    world = MapRollup.objects.filter(level=CELL_BITS, month=ROLLUP_ALL_MONTHS)  # the world, all months
    assert sum(world.values_list("n", flat=True)) == 2
    blocks = client.get("/map/blocks/3/0/0.json").json()["cells"] + client.get("/map/blocks/3/1/0.json").json()["cells"]
    assert sorted(cell[3] for cell in blocks if cell[2] == 1) == sorted([keep.pk, gone.pk])

    gone.retract(editor)

    assert sum(world.values_list("n", flat=True)) == 1
    blocks = client.get("/map/blocks/3/0/0.json").json()["cells"] + client.get("/map/blocks/3/1/0.json").json()["cells"]
    assert [cell[3] for cell in blocks if cell[2] == 1] == [keep.pk]
    assert client.get("/").context["count"] == 1


@pytest.mark.django_db
def test_the_map_reads_the_rollup_for_keyed_filters_and_the_rows_for_the_others(make_event):
    make_event()
    data = {"event_type": ["Battles"], "country": ["LY"], "geo_precision": [GeoPrecision.EXACT],
            "date_from": datetime.date(2014, 3, 10), "date_to": datetime.date(2014, 12, 31)}
    events = Event.objects.published()
    keyed = rollup.select(data, events)
    assert keyed.rows is not None and keyed.live is not None  # March 10-31 from the rows, April on from the rollup
    assert rollup.select({**data, "date_from": datetime.date(2014, 3, 1)}, events).live is None
    for name, value in (("actor", "Haftar"), ("q", "Derna"), ("sub_event_type", ["Armed clash"])):
        live = rollup.select({**data, name: value}, events)
        # PostgreSQL sums them once into a cached selection (events.public.selections); SQLite reads the rows.
        assert live.live is None if connection.vendor == "postgresql" else live.rows is None
        if connection.vendor == "postgresql":
            assert live.rows.model is MapSelectionCell
    assert rollup.select(data, events, live=True).rows is None  # one focused event


@pytest.mark.django_db
def test_lost_triggers_are_put_back_after_migrate_and_the_rollup_rebuilt(make_event):
    """On SQLite a migration that alters the events table copies it and drops its
    triggers; the post_migrate check puts them back and recounts."""
    from django.core.management.sql import emit_post_migrate_signal

    from events.models import rollup_triggers

    assert rollup_triggers.missing(connection) == []
    first = make_event(headline="before")
    with connection.cursor() as cursor:
        for name in rollup_triggers.names(connection)[:2]:
            cursor.execute(f"DROP TRIGGER {name}" + (f" ON {Event._meta.db_table}" if connection.vendor == "postgresql" else ""))
    assert rollup_triggers.missing(connection)
    make_event(headline="written while the triggers were gone")
    first.delete()

    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)

    assert rollup_triggers.missing(connection) == []
    assert_rollup_exact()
    make_event(headline="after")
    assert_rollup_exact()
    assert ROLLUP_LEVELS[0] == CELL_BITS  # the summary's world level


@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_rebuilds_the_rollup_from_its_events(tmp_path, make_event):
    from events.ops.backup import make_backup, restore_backup

    rng = random.Random(5)
    for _ in range(12):
        make_event(**random_fields(rng))
    before = MapRollup.objects.count()
    make_backup(tmp_path / "backup.tar", include_media=False)

    restore_backup(tmp_path / "backup.tar", replace=True)

    assert MapRollup.objects.count() == before
    assert_rollup_exact()


@pytest.mark.django_db(transaction=True)
def test_a_flush_leaves_no_rollup_whatever_order_it_empties_the_tables_in(make_event):
    """SQLite's flush deletes tables in set order; with the rollup emptied before the
    events, the events' delete triggers leave rows below zero behind (on PostgreSQL
    too, had the rollup been emptied first by hand)."""
    from django.core.management import call_command
    from django.core.management.sql import emit_post_migrate_signal
    from django.db import connection

    from events.models import MapRollup

    make_event()
    make_event(event_type="Riots", sub_event_type="Mob violence")
    with connection.cursor() as cursor:  # the bad order, forced
        cursor.execute(f"DELETE FROM {MapRollup._meta.db_table}")
        cursor.execute("DELETE FROM events_event_sources")
        cursor.execute("DELETE FROM events_event")
    assert MapRollup.objects.filter(n__lt=0).exists()  # the deleted events' counts, below zero

    # What flush does once the tables are empty: the post_migrate signal.
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    assert not MapRollup.objects.exists()

    make_event()
    call_command("flush", interactive=False, verbosity=0)
    assert not MapRollup.objects.exists()
