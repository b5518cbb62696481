"""A live filter's cached selection (events.public.selections), level by level.

- its first request sums the world and the coarse levels only; the first block at a
  fine zoom sums the fine levels of its tile only, once, and a block in another tile
  sums that tile's; a selection retired meanwhile gets no cells;
- at every level the cells' counts and sums equal a GROUP BY over the event rows the
  filter selects, whichever request summed them;
- a retraction between the two leaves the fine blocks exact (the next request sums
  the newer data version);
- the actor and text filters select, through their PostgreSQL form (lists of ids
  computed once), exactly the events a plain reading of the rows finds, and the list
  beside the map pages through them newest first;
- an actor filter's selection is summed from parts that never overlap and together
  hold every matching event once (an actor on both sides, actor 2 alone, an
  associated actor alone, no actor 1 at all).
The selection tests need PostgreSQL (DATABASE_URL); the filter tests run on both.
"""
import datetime

import pytest
from django.db import connection
from django.db.models import Count, F, Sum

from events.models import Actor, Event, MapSelection, MapSelectionCell, MapSelectionTile
from events.models.mapdata import cell_of
from events.public import grid, rollup, selections
from events.public.filters import actor_parts, filtered_events

needs_postgresql = pytest.mark.skipif("connection.vendor != 'postgresql'",
                                      reason="selections are summed on PostgreSQL only")
POINTS = [(32.767, 22.637), (32.767, 22.637), (32.7672, 22.6381), (31.2, 16.6), (30.05, 31.23), (36.2, 37.16)]


def make_events(make_event):
    actor = Actor.objects.create(name="Brigade Alpha", actor_type=3)
    made = [make_event(headline=f"Protest {i}", sub_event_type="Peaceful protest", event_type="Protests",
                       latitude=lat, longitude=lon, actor1=actor,
                       event_date=datetime.date(2014, 1 + i % 12, 1 + i))
            for i, (lat, lon) in enumerate(POINTS)]
    make_event(headline="Clashes elsewhere", latitude=31.0, longitude=20.0)  # not selected
    return made


def served(params):
    form, events = filtered_events(params, Event.objects.published())
    return rollup.select(form.cleaned_data, events), events


def summed_levels(selection):
    ids = selection.rows.values_list("selection_id", flat=True).distinct()
    return set(MapSelectionCell.objects.filter(selection_id__in=ids).values_list("level", flat=True))


def cells_by_row_groups(events, level):
    return {(row["cx"], row["cy"]): (row["n"], row["sx"], row["sy"], row["sid"])
            for row in events.located().annotate(cx=F("cell_x").bitrightshift(level),
                                                 cy=F("cell_y").bitrightshift(level)).values("cx", "cy").annotate(n=Count("id"), sx=Sum("cell_x"), sy=Sum("cell_y"), sid=Sum("id"))
            .order_by()}


def cells_summed(selection, level):
    return {(row.cx, row.cy): (row.n, row.sx, row.sy, row.sid) for row in selection.rows.filter(level=level)}


def sum_every_tile(selection, events):
    """Sum the fine levels of every tile holding a selected event."""
    span = 1 << selections.TILE_LEVEL
    for tx, ty in {(x >> selections.TILE_LEVEL, y >> selections.TILE_LEVEL)
                   for x, y in events.located().values_list("cell_x", "cell_y")}:
        selection.prepare(min(selections.FINER_LEVELS), (tx * span, (tx + 1) * span), (ty * span, (ty + 1) * span))


def tile_of(lat, lon):
    x, y = cell_of(lat, lon)
    return x >> selections.TILE_LEVEL, y >> selections.TILE_LEVEL


def block_at(zoom, lat, lon):
    x, y = cell_of(lat, lon)
    size = grid.cell_size(zoom) * grid.BLOCK_CELLS
    return x // size, y // size


@pytest.mark.django_db
@needs_postgresql
def test_a_first_request_sums_the_coarse_levels_and_the_first_fine_block_the_rest(make_event):
    make_events(make_event)
    selection, events = served({"sub_event_type": ["Peaceful protest"]})
    assert summed_levels(selection) == set(selections.FIRST_LEVELS)
    assert grid.summary(selection)["count"] == len(POINTS)
    grid.block_cells(selection, 5, *block_at(5, *POINTS[0]))  # a country's view: level 16
    assert summed_levels(selection) == set(selections.FIRST_LEVELS)

    fine = grid.block_cells(selection, 14, *block_at(14, *POINTS[0]))["cells"]
    assert fine == grid.block_cells(rollup.live_only(events), 14, *block_at(14, *POINTS[0]))["cells"]
    assert sum(cell[2] for cell in fine) == 3  # the stack of two and its neighbour
    assert summed_levels(selection) == set(selections.FIRST_LEVELS + selections.FINER_LEVELS)
    assert set(MapSelectionTile.objects.values_list("tx", "ty")) == {tile_of(*POINTS[0])}
    # Only the events of that tile: the three in Benghazi, not those of Sirte, Cairo, Aleppo.
    assert sum(selection.rows.filter(level=min(selections.FINER_LEVELS)).values_list("n", flat=True)) == 3
    again, _events = served({"sub_event_type": ["Peaceful protest"]})
    rows = MapSelectionCell.objects.count()
    grid.block_cells(again, 16, *block_at(16, *POINTS[0]))  # summed once: nothing more written
    assert MapSelectionCell.objects.count() == rows

    cairo = grid.block_cells(again, 13, *block_at(13, *POINTS[4]))["cells"]  # another tile: its own sums
    assert cairo == grid.block_cells(rollup.live_only(events), 13, *block_at(13, *POINTS[4]))["cells"]
    assert [cell[2] for cell in cairo] == [1]
    assert set(MapSelectionTile.objects.values_list("tx", "ty")) == {tile_of(*POINTS[0]), tile_of(*POINTS[4])}
    assert sum(selection.rows.filter(level=min(selections.FINER_LEVELS)).values_list("n", flat=True)) == 4


@pytest.mark.django_db
@needs_postgresql
def test_a_tile_of_a_selection_retired_meanwhile_writes_nothing(make_event):
    make_events(make_event)
    form, events = filtered_events({"q": "protest"}, Event.objects.published())
    rows, prepare = selections.cells(events, form.cleaned_data, None, "v1")
    written = MapSelectionCell.objects.count()
    MapSelection.objects.update(version=selections.RETIRED, key="retired-by-a-newer-version")
    x_range, y_range = grid.block_range(12, *block_at(12, *POINTS[0]))
    prepare(min(selections.FINER_LEVELS), x_range, y_range)
    assert MapSelectionTile.objects.count() == 0
    # Nothing summed for it; its cells are being swept (the fill's own sweep took them).
    assert MapSelectionCell.objects.count() <= written
    assert not MapSelectionCell.objects.filter(level__in=selections.FINER_LEVELS).exists()


def test_a_block_at_every_zoom_that_reads_a_fine_level_lies_in_one_tile():
    for zoom in range(0, 19):
        level = grid.rollup_level(zoom)
        if level is None or level not in selections.FINER_LEVELS:
            continue
        for lat, lon in POINTS:
            assert len(selections.tiles_of(*grid.block_range(zoom, *block_at(zoom, lat, lon)))) == 1, zoom
    assert selections.tiles_of((0, 2 << selections.TILE_LEVEL), (5, 6)) == [(0, 0), (1, 0)]


@pytest.mark.django_db
@needs_postgresql
@pytest.mark.parametrize("params", [{"sub_event_type": ["Peaceful protest"]}, {"actor": "alpha"}, {"q": "protest"}])
def test_every_level_of_a_selection_equals_a_group_by_over_the_rows(params, make_event):
    make_events(make_event)
    selection, events = served(params)
    sum_every_tile(selection, events)
    for level in selections.FIRST_LEVELS + selections.FINER_LEVELS:
        if level == 24:
            world = selection.rows.filter(level=level).aggregate(n=Sum("n"), sid=Sum("sid"))
            assert world == events.located().aggregate(n=Count("id"), sid=Sum("id")), params
            continue
        assert cells_summed(selection, level) == cells_by_row_groups(events, level), (params, level)


@pytest.mark.django_db
@needs_postgresql
def test_a_retraction_after_the_coarse_sums_leaves_the_fine_blocks_exact(make_event, editor):
    made = make_events(make_event)
    selection, _events = served({"actor": "alpha"})
    assert grid.summary(selection)["count"] == len(POINTS)
    made[0].retract(editor)  # before any fine block was asked for
    selection, events = served({"actor": "alpha"})
    assert grid.summary(selection)["count"] == len(POINTS) - 1
    fine = grid.block_cells(selection, 14, *block_at(14, *POINTS[0]))["cells"]
    assert sum(cell[2] for cell in fine) == 2
    assert fine == grid.block_cells(rollup.live_only(events), 14, *block_at(14, *POINTS[0]))["cells"]


@pytest.mark.django_db
@needs_postgresql
def test_an_actor_selection_sums_each_matching_event_once_from_parts_that_never_overlap(make_event):
    alpha = Actor.objects.create(name="Brigade Alpha", actor_type=3)
    beta = Actor.objects.create(name="Brigade Beta", actor_type=3)
    both = make_event(headline="Both sides", actor1=alpha, actor2=alpha, latitude=32.1, longitude=20.1)
    second = make_event(headline="Second", actor1=beta, actor2=alpha, latitude=32.767, longitude=22.637)
    no_first = make_event(headline="No actor 1", actor1=None, actor2=alpha, latitude=30.05, longitude=31.23)
    associated = make_event(headline="Associated", actor1=beta, latitude=36.2, longitude=37.16)
    associated.assoc_actor_1.add(alpha)
    associated.assoc_actor_2.add(alpha)
    first_and_associated = make_event(headline="First too", actor1=alpha, latitude=31.2, longitude=16.6)
    first_and_associated.assoc_actor_2.add(alpha)
    make_event(headline="Beta only", actor1=beta, actor2=None, latitude=31.0, longitude=20.0)
    make_event(headline="Nobody", actor1=None, actor2=None, latitude=31.0, longitude=20.0)
    matching = {both.pk, second.pk, no_first.pk, associated.pk, first_and_associated.pk}

    _form, events = filtered_events({"actor": "alpha"}, Event.objects.published())
    parts = [list(part.values_list("pk", flat=True)) for part in actor_parts(events, "alpha")]
    assert sorted(pk for part in parts for pk in part) == sorted(matching)
    assert parts[0] and parts[1] and parts[2]  # each part is exercised here

    selection, events = served({"actor": "alpha"})
    sum_every_tile(selection, events)
    world = selection.rows.filter(level=24).aggregate(n=Sum("n"), sid=Sum("sid"))
    assert world == {"n": len(matching), "sid": sum(matching)}
    for level in selections.FIRST_LEVELS + selections.FINER_LEVELS:
        if level != 24:
            assert cells_summed(selection, level) == cells_by_row_groups(events, level), level


@pytest.mark.django_db
def test_actor_and_text_filters_find_what_the_rows_say_and_the_list_pages_them_newest_first(
        client, make_event, article):
    alpha = Actor.objects.create(name="Brigade Alpha", actor_type=3)
    beta = Actor.objects.create(name="Brigade Beta", actor_type=3)
    as_first = make_event(headline="One", actor1=alpha, event_date=datetime.date(2014, 1, 1))
    as_second = make_event(headline="Two", actor1=beta, actor2=alpha, event_date=datetime.date(2014, 1, 2))
    associated = make_event(headline="Three", actor1=beta, event_date=datetime.date(2014, 1, 3))
    associated.assoc_actor_2.add(alpha)
    four = make_event(headline="Four", actor1=beta, event_date=datetime.date(2014, 1, 4))
    sourced = make_event(headline="Five", location="Sirte", event_date=datetime.date(2014, 1, 5))
    sourced.sources.add(article)  # "Car bomb in Tripoli"
    for params, expected in (({"actor": "alpha"}, [associated, as_second, as_first]),
                             ({"q": "tripoli"}, [sourced]), ({"q": "derna"}, [four, associated, as_second, as_first]),
                             ({"q": "four derna"}, [four]), ({"q": "sirte derna"}, []), ({"q": "sirte bomb"}, [sourced])):
        _form, events = filtered_events(params, Event.objects.published())
        assert set(events.values_list("pk", flat=True)) == {e.pk for e in expected}, params
        listed = client.get("/", params).context["list_page"]["rows"]
        assert [e.pk for e in listed] == [e.pk for e in expected], params


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_a_tile_is_summed_in_a_transaction_of_its_own_so_its_locks_go_when_it_is_done(make_event, monkeypatch):
    # Held inside the block's read transaction, the selection's share lock would last
    # through the sweep after the fill: a retirement waiting on it while holding the
    # rows that sweep deletes would deadlock the two requests.
    make_events(make_event)
    selection, _events = served({"q": "protest"})
    opened = []
    fill = selections._fill

    def recording(cursor, *args):
        opened.append(len(connection.savepoint_ids))
        return fill(cursor, *args)

    monkeypatch.setattr(selections, "_fill", recording)
    grid.block_cells(selection, 13, *block_at(13, *POINTS[0]))
    assert opened == [0]  # the fill's own transaction, not a savepoint inside the read's
    assert MapSelectionTile.objects.count() == 1
