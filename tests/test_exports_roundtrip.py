"""An ACLED CSV export imported into an empty database gives back the same events."""
import csv
import datetime
import io

import pytest

from events.acled import AcledImport
from events.models import Actor, Event, Tag
from events.taxonomy import ActorType

FIELDS = ["reference", "event_date", "time_precision", "event_type", "sub_event_type", "disorder_type",
          "fatalities", "location", "country", "region", "admin1", "admin2", "admin3", "latitude", "longitude",
          "geo_precision", "civilian_targeting", "source_text", "source_scale", "notes", "status"]


def snapshot():
    events = {}
    for event in Event.objects.select_related("actor1", "actor2"):
        events[event.reference] = {
            **{name: getattr(event, name) for name in FIELDS},
            "actor1": (event.actor1.name, event.actor1.actor_type) if event.actor1 else None,
            "actor2": (event.actor2.name, event.actor2.actor_type) if event.actor2 else None,
            "assoc_actor_1": sorted(a.name for a in event.assoc_actor_1.all()),
            "assoc_actor_2": sorted(a.name for a in event.assoc_actor_2.all()),
            "tags": sorted(t.name for t in event.tags.all()),
        }
    return events


@pytest.fixture
def varied_events(make_event, actor):
    police = Actor.objects.create(name="Police Forces of Mali", actor_type=ActorType.STATE_FORCES)
    civilians = Actor.objects.create(name="Civilians (Mali)", actor_type=ActorType.CIVILIANS)
    ally = Actor.objects.create(name="Ally of the police (Mali)", actor_type=ActorType.STATE_FORCES)
    first = make_event(reference="LBY1", actor1=actor, fatalities=None, region="Northern Africa",
                       admin1="Darnah", admin2="Darnah",
                       source_text="Libya Herald; Al Wasat", source_scale="National",
                       notes='=HYPERLINK("http://evil.example","x") and "quotes", commas,\nnew lines')
    first.tags.add(Tag.objects.create(name="crowd size=no report"), Tag.objects.create(name="+ plus"))
    second = make_event(reference="MLI7", event_type="Violence against civilians", sub_event_type="Attack",
                        actor1=police, actor2=civilians, civilian_targeting=True, fatalities=0,
                        country="ML", region="Western Africa", location="Tombouctou",
                        latitude=16.7735, longitude=-3.0074,
                        geo_precision=2, time_precision=3, event_date=datetime.date(2020, 1, 31),
                        notes="-5 °C, عربي, français", source_text="Mali Wire")
    second.assoc_actor_1.add(ally)
    second.assoc_actor_2.add(Actor.objects.create(name="Teachers (Mali)", actor_type=ActorType.CIVILIANS))
    make_event(reference="EGY1", country="EG", location="Al Arish", latitude=None, longitude=None,
               geo_precision=3, event_type="Protests", sub_event_type="Excessive force against protesters",
               source_text="Sinai Wire")


@pytest.mark.django_db
def test_it_reproduces_the_events_through_an_export_and_an_import(client, varied_events):
    before = snapshot()
    exported = b"".join(client.get("/exports/events.csv").streaming_content)
    Event.objects.all().delete()
    Actor.objects.all().delete()
    Tag.objects.all().delete()

    result = AcledImport().run(io.BytesIO(exported))

    assert (result.created, result.rejected) == (3, 0)
    after = snapshot()
    assert set(after) == set(before)
    differences = {(reference, key): (value, after[reference][key])
                   for reference, fields in before.items() for key, value in fields.items()
                   if after[reference][key] != value}
    # The one event without a point is exported without one, and geocoded on import.
    assert differences == {("EGY1", "latitude"): (None, pytest.approx(31.13, abs=0.05)),
                           ("EGY1", "longitude"): (None, pytest.approx(33.80, abs=0.05)),
                           ("EGY1", "geo_precision"): (3, 1)}


@pytest.mark.django_db
def test_it_imports_an_export_back_as_updates_only(client, varied_events):
    exported = b"".join(client.get("/exports/events.csv").streaming_content)

    result = AcledImport().run(io.BytesIO(exported))

    assert (result.created, result.updated, result.rejected) == (0, 3, 0)
    assert Event.objects.count() == 3
    # The import wrote the headlines and timestamps the file implies; the same file
    # again finds nothing to change.
    again = AcledImport().run(io.BytesIO(exported))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def export(client):
    return b"".join(client.get("/exports/events.csv").streaming_content)


@pytest.mark.django_db
def test_an_event_made_here_is_updated_by_its_exported_row_not_duplicated(client, make_event):
    made_here = make_event(reference=None, source_text="Libya Herald", notes="As written here",
                           headline="An editor's own headline")
    made_here.tags.add(Tag.objects.create(name="crowd size=no report"))
    exported = export(client)
    assert f"MAP{made_here.pk},".encode() in exported

    result = AcledImport().run(io.BytesIO(exported.replace(b"As written here", b"Corrected")))

    assert (result.created, result.updated, result.rejected) == (0, 1, 0)
    made_here.refresh_from_db()
    assert Event.objects.count() == 1
    assert (made_here.notes, made_here.reference) == ("Corrected", None)
    assert made_here.headline == "An editor's own headline"  # the file has none to replace it with
    assert list(made_here.tags.values_list("name", flat=True)) == ["crowd size=no report"]
    assert export(client).count(f"MAP{made_here.pk},".encode()) == 1


@pytest.mark.django_db
def test_a_map_id_is_an_ordinary_reference_when_its_event_has_another_or_none_exists(make_event):
    referenced = make_event(reference="LBY9", notes="Kept")
    header = "event_id_cnty,event_date,event_type,sub_event_type,country,location,latitude,longitude,source,notes\r\n"
    rows = [f"MAP{referenced.pk},2020-01-01,Battles,Armed clash,Libya,Derna,32.7,22.6,Herald,Not LBY9\r\n",
            "MAP999999,2020-01-01,Battles,Armed clash,Libya,Derna,32.7,22.6,Herald,No such event\r\n"]

    result = AcledImport().run(io.BytesIO((header + "".join(rows)).encode()))

    assert (result.created, result.updated) == (2, 0)
    referenced.refresh_from_db()
    assert referenced.notes == "Kept"
    assert Event.objects.get(reference=f"MAP{referenced.pk}").notes == "Not LBY9"
    assert Event.objects.get(reference="MAP999999").notes == "No such event"


@pytest.mark.django_db
def test_an_imported_rows_region_is_stored_and_exported_as_it_came(client):
    header = "event_id_cnty,event_date,event_type,sub_event_type,region,country,location,latitude,longitude,source\r\n"
    row = "LBY77,2020-01-01,Battles,Armed clash,Northern Africa,Libya,Derna,32.7,22.6,Herald\r\n"
    AcledImport().run(io.BytesIO((header + row).encode()))

    assert Event.objects.get(reference="LBY77").region == "Northern Africa"
    [exported] = csv.DictReader(io.StringIO(export(client).decode("utf-8-sig")))
    assert (exported["event_id_cnty"], exported["region"], exported["country"]) == ("LBY77", "Northern Africa", "Libya")


HEADER = "event_id_cnty,event_date,event_type,sub_event_type,country,location,latitude,longitude,source,notes\r\n"


def _import(*rows):
    return AcledImport().run(io.BytesIO((HEADER + "".join(rows)).encode()))


@pytest.mark.django_db
def test_another_databases_map_id_does_not_rewrite_an_unrelated_event_here(make_event):
    ours = make_event(reference=None, notes="Ours", country="EG", location="Cairo", event_date="2021-05-05")

    result = _import(f"MAP{ours.pk},2020-01-01,Battles,Armed clash,Libya,Derna,32.7,22.6,Herald,Theirs\r\n")

    assert (result.created, result.updated) == (1, 0)
    ours.refresh_from_db()
    assert ours.notes == "Ours"
    assert Event.objects.get(reference=f"MAP{ours.pk}").notes == "Theirs"


@pytest.mark.django_db
def test_a_map_id_too_large_for_any_database_is_an_ordinary_reference():
    result = _import("MAP9999999999999999999,2020-01-01,Battles,Armed clash,Libya,Derna,32.7,22.6,Herald,Big\r\n")
    assert (result.created, result.rejected) == (1, 0)


@pytest.mark.django_db
def test_an_imported_events_headline_follows_its_revised_row():
    _import("LBY1,2020-01-01,Battles,Armed clash,Libya,Derna,32.7,22.6,Herald,First\r\n")
    assert "Derna" in Event.objects.get(reference="LBY1").headline

    result = _import("LBY1,2020-01-01,Battles,Armed clash,Libya,Benghazi,32.1,20.1,Herald,Moved\r\n")

    assert result.updated == 1
    headline = Event.objects.get(reference="LBY1").headline
    assert "Benghazi" in headline and "Derna" not in headline
