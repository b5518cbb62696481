"""Large exports run as background jobs; the CSV written from value tuples matches the
instance-by-instance CSV it replaced, byte for byte."""
import datetime

import pytest
from django.urls import reverse

from events.models import Actor, Article, Event, Job, Outlet, Tag
from events.public.export_formats import csv_lines_from_instances, csv_pieces, events_for_export
from events.taxonomy import ActorType, ReviewStatus
from project.celery import app


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def varied(make_event, actor, article):
    police = Actor.objects.create(name="Police Forces of Mali", actor_type=ActorType.STATE_FORCES)
    first = make_event(reference="LBY1", actor1=actor, actor2=police, fatalities=3, source_text="",
                       sources=[article], notes='=cmd|" /C calc"!A0, "quoted"\nline', admin1="-Darnah")
    first.tags.add(Tag.objects.create(name="b tag"), Tag.objects.create(name="a tag"))
    first.assoc_actor_1.add(Actor.objects.create(name="Zintan", actor_type=ActorType.STATE_FORCES),
                            Actor.objects.create(name="Abu Salim", actor_type=ActorType.STATE_FORCES))
    other = Article.objects.create(outlet=Outlet.objects.create(name="Al Wasat", country="LY", language="ar"),
                                   title="t", body="b", url="https://x.example/1", language="ar",
                                   published_on=datetime.date(2014, 11, 17))
    first.sources.add(other)
    make_event(reference=None, country="ML", location="Tombouctou", latitude=None, longitude=None,
               civilian_targeting=True, time_precision=3, source_text="Mali Wire; Sahel Post",
               acled_timestamp=1618446790)
    make_event(reference="DRAFT", status=ReviewStatus.DRAFT)


@pytest.mark.django_db
def test_the_tuple_csv_is_the_instance_csv(varied):
    events = Event.objects.published()

    fast = "".join(csv_pieces(events))
    slow = "".join(csv_lines_from_instances(events_for_export(events)))

    assert fast == slow
    assert fast.count("\n") > 3 and "Al Wasat; Desk Wire" in fast and "'=cmd" in fast
    assert "DRAFT" not in fast and "Abu Salim; Zintan" in fast


@pytest.mark.django_db
def test_the_csv_costs_a_few_queries_whatever_the_number_of_events(make_event, actor,
                                                                    django_assert_max_num_queries):
    for number in range(40):
        make_event(reference=f"E{number}", actor1=actor).tags.create(name=f"tag {number}")

    with django_assert_max_num_queries(6):
        text = "".join(csv_pieces(Event.objects.published()))

    assert text.count("\r\n") == 41


@pytest.mark.django_db
@pytest.mark.parametrize("name, extension", [("export-csv", "csv"), ("export-geojson", "geojson"),
                                             ("export-kml", "kml")])
def test_an_export_over_the_streaming_limit_becomes_a_job_with_a_file(client, settings, varied, name,
                                                                       extension):
    streamed = b"".join(client.get(reverse(f"events:{name}") + "?country=LY").streaming_content)
    settings.EXPORT_STREAM_LIMIT = 0

    response = client.get(reverse(f"events:{name}") + "?country=LY", follow=True)

    job = Job.objects.get()
    assert response.redirect_chain == [(job.get_absolute_url(), 302)]
    assert job.state == Job.State.DONE and job.report == {"events": 1}
    assert job.result_file.name.endswith(f".{extension}")
    assert "Download the file" in response.content.decode()
    downloaded = b"".join(client.get(job.result_url()).streaming_content)
    assert downloaded == streamed


@pytest.mark.django_db
def test_an_export_job_keeps_the_filters_and_is_reused_while_it_waits(client, settings, varied):
    settings.EXPORT_STREAM_LIMIT = 0
    # As with a broker: the job waits for a worker (no message is sent, as the test's
    # transaction never commits).
    saved = {"task_always_eager": app.conf.task_always_eager, "broker_url": app.conf.broker_url}
    app.conf.update(task_always_eager=False, broker_url="memory://")
    try:
        first = client.get("/exports/events.csv?country=ML")
        second = client.get("/exports/events.csv?country=ML")
    finally:
        app.conf.update(saved)

    job = Job.objects.get()  # one job for both requests, still waiting for a worker
    assert first["Location"] == second["Location"] == job.get_absolute_url()
    assert job.state == Job.State.QUEUED and job.parameters["query"] == "country=ML"
    status = client.get(reverse("events:job-status", args=[job.token])).json()
    assert status == {**status, "state": "queued", "finished": False, "result_url": None}
    assert 'http-equiv="refresh"' in client.get(job.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_a_streamed_export_stays_a_streamed_attachment_under_the_limit(client, varied):
    response = client.get("/exports/events.csv")

    assert response.streaming and "attachment" in response["Content-Disposition"]
    assert not Job.objects.exists()


@pytest.fixture
def queued_jobs(settings):
    """Jobs wait for a worker, as with a broker (the test's transaction never commits)."""
    settings.EXPORT_STREAM_LIMIT = 0
    saved = {"task_always_eager": app.conf.task_always_eager, "broker_url": app.conf.broker_url}
    app.conf.update(task_always_eager=False, broker_url="memory://")
    yield
    app.conf.update(saved)


@pytest.mark.django_db
def test_a_finished_export_is_reused_until_the_public_data_changes(client, settings, varied, make_event):
    settings.EXPORT_STREAM_LIMIT = 0
    first = client.get("/exports/events.csv?country=LY")
    again = client.get("/exports/events.csv?country=LY")

    job = Job.objects.get()
    assert job.state == Job.State.DONE and first["Location"] == again["Location"] == job.get_absolute_url()

    make_event(reference="LBY-NEW", country="LY")  # a publish: the finished file is stale
    fresh = client.get("/exports/events.csv?country=LY", follow=True)

    newer = Job.objects.exclude(pk=job.pk).get()
    assert fresh.redirect_chain == [(newer.get_absolute_url(), 302)] and newer.report == {"events": 2}


@pytest.mark.django_db
def test_anonymous_readers_share_a_bounded_number_of_export_jobs(client, settings, varied, queued_jobs,
                                                                  editor):
    settings.EXPORT_ANONYMOUS_JOBS = 2
    assert client.get("/exports/events.csv?country=LY").status_code == 302
    assert client.get("/exports/events.geojson?country=ML").status_code == 302
    assert client.get("/exports/events.csv?country=LY").status_code == 302  # the same job again

    busy = client.get("/exports/events.kml?country=ML")

    assert busy.status_code == 429 and busy["Retry-After"] == "120"
    assert "Exports are busy" in busy.content.decode() and 'href="/?country=ML"' in busy.content.decode()
    assert Job.objects.count() == 2
    client.force_login(editor)  # the newsroom is not limited by its readers' exports
    assert client.get("/exports/events.kml?country=ML").status_code == 302
    assert Job.objects.filter(user=editor).count() == 1
