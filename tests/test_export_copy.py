"""On PostgreSQL the CSV is written by the database (COPY, events.public.export_copy): the
file must be the Python writer's, byte for byte, on the most awkward data we can make."""
import datetime

import pytest
from django.db import connection
from django.http import QueryDict
from django.utils import timezone

from events.models import Actor, Article, Event, Outlet, Tag
from events.public import export_copy
from events.public.filters import filtered_events
from events.public.export_formats import (
    csv_lines_from_instances, csv_pieces, events_for_export, python_csv_pieces,
)
from events.taxonomy import ActorType, ReviewStatus

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="COPY is PostgreSQL's; on SQLite the Python writer is the only one")

HOSTILE = [
    '=HYPERLINK("http://evil.example","x")', "+SUM(A1)", "-Tombouctou", "@cmd", "\tindented", "\rreturn",
    "-12.5", "+1", "-3e5", ".5", "-٣", "1,000", 'say "hi"', "two\nlines", "crlf\r\nline", "back\\slash",
    "\\.", " padded ", "عربي \u200fمع علامة\u200f", "\u202ereversed\u202c", "a; b", "'=already", "",
]


@pytest.fixture
def awkward(make_event, actor):
    empty = Actor.objects.create(name="", actor_type=ActorType.CIVILIANS)
    formula = Actor.objects.create(name="=cmd|' /C calc'!A0", actor_type=ActorType.REBEL_GROUP)
    arabic = Actor.objects.create(name="قوات الشرطة, \"ليبيا\"", actor_type=ActorType.STATE_FORCES)
    outlet_a = Outlet.objects.create(name="Wire, \"A\"", country="LY", language="ar")
    outlet_b = Outlet.objects.create(name="-Minus Post", country="LY", language="fr")
    articles = [
        Article.objects.create(outlet=outlet, title=f"t{n}", body=f"b{n}", url=f"https://x.example/{n}", language="en",
                               published_on=day)
        for n, (outlet, day) in enumerate([
            (outlet_a, datetime.date(2014, 11, 17)), (outlet_b, None), (outlet_b, datetime.date(2014, 11, 18)),
            (outlet_a, datetime.date(2014, 11, 1)), (None, datetime.date(2015, 1, 1))])
    ]
    events = []
    for number, text in enumerate(HOSTILE):
        event = make_event(
            reference={0: None, 1: ""}.get(number, None if number % 3 == 0 else f"{text}#{number}"),
            actor1=[actor, None, empty, formula, arabic][number % 5],
            actor2=[None, arabic, formula, empty][number % 4],
            notes=text, location=text or "x", admin1=text, admin2=text[::-1], admin3="",
            source_text=text if number % 2 else "", source_scale=text,
            sources=articles[: number % 6], fatalities=None if number % 4 == 0 else number,
            latitude=[32.0, -0.0, 1e-05, 0.1 + 0.2, None, 5e-324, 89.999999999999][number % 7],
            longitude=[22.0, 0.0, -179.5, 1 / 3, None, -5e-324, 180.0][number % 7],
            country=["LY", "ML", "ZZ", "EG"][number % 4], civilian_targeting=number % 2 == 0,
            time_precision=1 + number % 3, geo_precision=1 + number % 3,
            event_date=datetime.date(1999, 1, 1) + datetime.timedelta(days=number * 37),
            acled_timestamp=[None, 0, 1618446790][number % 3],
            region=text[:60] if number % 2 else "",
        )
        if number % 2:
            event.assoc_actor_1.add(formula, arabic)
        if number % 3 == 0:
            event.assoc_actor_2.add(empty, actor)
        if text:
            event.tags.add(Tag.objects.get_or_create(name=f"tag {text}")[0], Tag.objects.get_or_create(name=text)[0])
        events.append(event)
    # Updated before 1970 and part-way through a second: the timestamp rounds toward zero.
    Event.objects.filter(pk=events[0].pk).update(
        updated_at=datetime.datetime(1969, 12, 31, 23, 59, 58, 500000, tzinfo=datetime.timezone.utc))
    Event.objects.filter(pk=events[1].pk).update(updated_at=timezone.now())
    make_event(reference="DRAFT", status=ReviewStatus.DRAFT)
    return events


@pytest.mark.django_db
def test_the_database_writes_the_python_writers_bytes(awkward):
    events = Event.objects.published()

    written = "".join(csv_pieces(events))

    assert written == "".join(python_csv_pieces(events))
    assert written == "".join(csv_lines_from_instances(events_for_export(events)))
    assert written.count("\r\n") > len(HOSTILE) and "DRAFT" not in written
    for cell in ("'=HYPERLINK", "'+SUM(A1)", "'@cmd", "'-٣", ",-12.5,", ",32.0,", ",5e-324,", ",1e-05,"):
        assert cell in written


@pytest.mark.django_db
def test_the_database_writes_filters_and_slices_as_the_python_writer(awkward):
    published = Event.objects.published()
    selections = [published.filter(country="ML"), published[:5], published[2:9], published.filter(country="XX"),
                  published.order_by("-event_date", "-pk")]
    filtered = [filtered_events(QueryDict(query), published)[1]
                for query in ("q=reversed", "actor=ليبيا", "country=LY&date_from=1999-06-01&geo_precision=2")]

    for events in selections + filtered:
        assert export_copy.can_copy(events)
        assert "".join(csv_pieces(events)) == "".join(python_csv_pieces(events))
    assert all(0 < events.count() < len(awkward) for events in filtered)
    # Another order is written by the Python writer (chunks follow the export's order).
    assert not export_copy.can_copy(published.order_by("pk"))
    assert "".join(csv_pieces(published.order_by("pk"))) == "".join(python_csv_pieces(published.order_by("pk")))


@pytest.mark.django_db
def test_it_writes_chunk_by_chunk_with_the_connection_free_between_them(awkward):
    events = Event.objects.published()
    whole = "".join(export_copy.copy_pieces(events))

    pieces = []
    for piece in export_copy.copy_pieces(events, chunk=4):
        pieces.append(piece)
        Event.objects.filter(pk=awkward[0].pk).count()  # as a job saving its progress does

    assert len(pieces) == -(-len(awkward) // 4) and all(piece.endswith("\r\n") for piece in pieces)
    assert "".join(pieces) == whole
    header = "".join(python_csv_pieces(events.none()))
    assert "".join(export_copy.copy_pieces(events[3:17], chunk=4)) == "".join(
        python_csv_pieces(events[3:17])).removeprefix(header)


@pytest.mark.django_db
def test_an_export_job_saves_its_progress_between_chunks(client, settings, tmp_path, awkward, monkeypatch):
    from events.jobs import exports as job_exports
    from events.models import Job

    settings.MEDIA_ROOT, settings.EXPORT_STREAM_LIMIT = tmp_path, 0
    monkeypatch.setattr(export_copy, "CHUNK_ROWS", 4)
    monkeypatch.setattr(job_exports, "PROGRESS_SECONDS", 0)
    saved = []
    report = Job.report_progress
    monkeypatch.setattr(Job, "report_progress", lambda job, done, fraction: (saved.append(done),
                                                                              report(job, done, fraction)))
    streamed = "".join(csv_pieces(Event.objects.published())).encode()

    client.get("/exports/events.csv")

    job = Job.objects.get()
    assert job.state == Job.State.DONE and job.done_count == len(awkward)
    assert len(saved) >= len(awkward) // 4 and saved == sorted(saved) and saved[-1] == len(awkward)
    assert b"".join(client.get(job.result_url()).streaming_content) == streamed
