"""The filters the rollup has no key for (sub-event type, actor, text) on the map.

On PostgreSQL they are summed once per filter and data version (events.public.selections);
on SQLite they are read from the event rows. Either way:
- for random live filters, alone or with keyed filters, dates and the slider, the
  summary and every block equal what the event rows give, and the count equals a
  plain count of the located events the filter selects;
- a publish or a retraction shows at once with a live filter set (the cached sums
  belong to the data version before it);
- on PostgreSQL the events are summed once per filter and version, and selections
  of older versions are forgotten.
Runs on SQLite and, with DATABASE_URL, PostgreSQL.
"""
import datetime
import random

import pytest
from django.db import connection

from events.models import Actor, Event, MapDataVersion, MapSelection, MapSelectionCell
from events.public import grid, rollup, selections
from events.public.filters import filtered_events
from events.taxonomy import EVENT_TYPE_OF, ReviewStatus

PAIRS = sorted((event_type, sub) for sub, event_type in EVENT_TYPE_OF.items())
SUBS = sorted({sub for _type, sub in PAIRS})[:4]  # a few sub-types, so each selects several events
STACK = (31.131, 33.798)
START = datetime.date(2014, 1, 1)
WORDS = ["derna", "sirte", "benghazi"]


def postgresql():
    return connection.vendor == "postgresql"


def make_actors():
    return [Actor.objects.create(name=f"Brigade {name}", actor_type=3) for name in ("Alpha", "Beta", "Gamma")]


def random_event(rng, make_event, actors):
    event_type, sub = rng.choice([pair for pair in PAIRS if pair[1] in SUBS])
    lat, lon = STACK if rng.random() < 0.3 else (round(rng.uniform(20, 37), 4), round(rng.uniform(-10, 40), 4))
    event = make_event(
        headline=f"Clashes near {rng.choice(WORDS)} {rng.random():.5f}", event_type=event_type, sub_event_type=sub,
        event_date=START + datetime.timedelta(days=rng.randrange(400)), latitude=lat, longitude=lon,
        location=rng.choice(["Derna", "Sirte", "Tobruk"]), country=rng.choice(["LY", "EG"]),
        geo_precision=rng.choice([1, 2, 3]), actor1=rng.choice(actors),
        status=rng.choice([ReviewStatus.PUBLISHED] * 4 + [ReviewStatus.DRAFT]))
    if rng.random() < 0.3:
        event.assoc_actor_2.add(rng.choice(actors))
    return event


def random_live_filter(rng):
    params = {}
    live = rng.choice(["sub_event_type", "actor", "q", "both"])
    if live in ("sub_event_type", "both"):
        params["sub_event_type"] = rng.sample(SUBS, rng.randint(1, 2))
    if live in ("actor", "both"):
        params["actor"] = rng.choice(["alpha", "Beta", "brigade"])
    if live == "q":
        params["q"] = rng.choice(WORDS + ["tobruk", "nowhere"])
    if rng.random() < 0.3:
        params["event_type"] = [rng.choice(PAIRS)[0]]
    if rng.random() < 0.3:
        params["country"] = ["LY"]
    if rng.random() < 0.3:
        params["date_from"] = (START + datetime.timedelta(days=rng.randrange(200))).isoformat()
    until = START + datetime.timedelta(days=rng.randrange(150, 420)) if rng.random() < 0.3 else None
    return params, until


def served_and_live(params, until):
    form, events = filtered_events(params, Event.objects.published())
    assert not form.errors
    if until is not None:
        events = events.filter(event_date__lte=until)
    return rollup.select(form.cleaned_data, events, until), rollup.live_only(events), events


def assert_same_map(rng, params, until):
    served, live, events = served_and_live(params, until)
    assert (served.rows is not None) == postgresql(), "PostgreSQL reads a cached selection, SQLite the rows"
    ours, theirs = grid.summary(served), grid.summary(live)
    plain = events.filter(cell_x__isnull=False, cell_y__isnull=False).count()
    assert ours["count"] == theirs["count"] == plain, (params, until)
    assert ours["periods"] == theirs["periods"] and ours["bounds"] == theirs["bounds"], (params, until)
    located = list(events.filter(cell_x__isnull=False).values_list("cell_x", "cell_y"))
    for zoom in rng.sample(range(grid.MAX_ZOOM + 1), 4):
        size = grid.cell_size(zoom) * grid.BLOCK_CELLS
        blocks = sorted({(x // size, y // size) for x, y in located})
        total = 0
        for bx, by in blocks:
            cells = grid.block_cells(served, zoom, bx, by)["cells"]
            assert cells == grid.block_cells(live, zoom, bx, by)["cells"], (params, until, zoom)
            total += sum(cell[2] for cell in cells)
        assert total == plain  # every selected event is in one block's cells


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [3, 4])
def test_live_filters_give_exact_counts_and_the_same_clusters_as_the_event_rows(seed, make_event, editor):
    rng = random.Random(seed)
    actors = make_actors()
    events = [random_event(rng, make_event, actors) for _ in range(60)]
    for _ in range(12):
        assert_same_map(rng, *random_live_filter(rng))
    # Writes: a retraction, a move onto the stack, a new event, a renamed actor.
    rng.choice([e for e in events if e.status == ReviewStatus.PUBLISHED]).retract(editor)
    Event.objects.filter(pk__in=[e.pk for e in events[:5]]).update(latitude=STACK[0], longitude=STACK[1])
    MapDataVersion.bump()  # as every writer that bypasses the model's signals does
    random_event(rng, make_event, actors)
    Actor.objects.filter(pk=actors[0].pk).update(name="Brigade Delta")
    MapDataVersion.bump()
    for _ in range(12):
        assert_same_map(rng, *random_live_filter(rng))


def blocks_of(client, query, zoom=3):
    cells = []
    for x in range(grid.blocks_per_side(zoom)):
        for y in range(grid.blocks_per_side(zoom)):
            cells += client.get(f"/map/blocks/{zoom}/{x}/{y}.json", query).json()["cells"]
    return cells


@pytest.mark.django_db
def test_a_publish_and_a_retraction_show_at_once_with_a_live_filter(client, editor, make_event):
    actor = Actor.objects.create(name="Brigade Alpha", actor_type=3)
    kept = make_event(headline="kept in Derna", actor1=actor, latitude=32.5, longitude=20.1)
    gone = make_event(headline="gone from Derna", actor1=actor, latitude=30.0, longitude=31.0)
    make_event(headline="Other place", location="Tobruk", latitude=30.0, longitude=31.0)
    for query in ({"actor": "alpha"}, {"q": "derna"}, {"sub_event_type": "Armed clash", "q": "derna"}):
        assert sorted(c[3] for c in blocks_of(client, query) if c[2] == 1) == sorted([kept.pk, gone.pk]), query
        assert client.get("/", query).context["count"] == 2
    gone.retract(editor)
    for query in ({"actor": "alpha"}, {"q": "derna"}, {"sub_event_type": "Armed clash", "q": "derna"}):
        assert [c[3] for c in blocks_of(client, query) if c[2] == 1] == [kept.pk], query
        assert client.get("/", query).context["count"] == 1
    added = make_event(headline="new in Derna", actor1=actor, latitude=32.5, longitude=20.1)
    stacked = [c for c in blocks_of(client, {"actor": "alpha"}) if c[2] > 1]
    assert len(stacked) == 1 and stacked[0][2] == 2 and stacked[0][3] == 1  # kept and added, on one point
    listed = client.get(f"/map/cells/3/{stacked[0][8]}/{stacked[0][9]}.json", {"actor": "alpha"}).json()
    assert listed["count"] == 2 and sorted(e[0] for e in listed["events"]) == sorted([kept.pk, added.pk])


@pytest.mark.django_db
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="selections are summed on PostgreSQL only")
def test_a_filter_is_summed_once_per_data_version_and_older_versions_are_forgotten(make_event, monkeypatch):
    make_event(headline="Clashes in Derna")
    make_event(headline="Clashes in Sirte", location="Sirte")
    first, _live, _events = served_and_live({"q": "derna"}, None)
    again, _live, _events = served_and_live({"q": "derna"}, None)
    assert MapSelection.objects.count() == 1
    assert list(first.rows.values_list("selection_id", flat=True).distinct()) == \
        list(again.rows.values_list("selection_id", flat=True).distinct())
    assert sum(first.rows.filter(level=24).values_list("n", flat=True)) == 1

    make_event(headline="More clashes in Derna")  # a publish: a new data version
    monkeypatch.setattr(selections, "STALE_SECONDS", 0)
    newer, _live, _events = served_and_live({"q": "derna"}, None)
    assert sum(newer.rows.filter(level=24).values_list("n", flat=True)) == 2
    assert MapSelection.objects.count() == 1  # the older version's selection is gone, with its cells
    assert set(MapSelectionCell.objects.values_list("selection_id", flat=True)) == {MapSelection.objects.get().pk}

    monkeypatch.setattr(selections, "KEEP", 3)
    for word in ("a", "b", "c", "d", "e"):
        served_and_live({"q": word}, None)
    assert MapSelection.objects.count() == 3


@pytest.mark.django_db
def test_every_word_of_q_is_found_in_the_text_or_in_a_source_title(make_event, article):
    # The article's title is "Car bomb in Tripoli"; Derna is in the events' text.
    sourced = make_event(headline="Blast in Derna")
    sourced.sources.add(article)
    make_event(headline="Blast in Derna, no source")
    make_event(headline="A car bomb in Sirte", location="Sirte")
    for q, expected in (("derna bomb", {sourced.pk}), ("blast tripoli", {sourced.pk}),
                        ("car bomb", {sourced.pk, Event.objects.get(location="Sirte").pk}),
                        ("derna", set(Event.objects.filter(location="Derna").values_list("pk", flat=True))),
                        ("derna sirte", set())):
        form, events = filtered_events({"q": q}, Event.objects.published())
        assert set(events.values_list("pk", flat=True)) == expected, q
        assert grid.summary(rollup.select(form.cleaned_data, events))["count"] == len(expected), q
