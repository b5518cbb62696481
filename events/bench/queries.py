"""Query counts of the public views and the admin's event list at two sizes.

    python manage.py bench queries --sizes 20,2000

For each size N it fills the configured database, inside a transaction that is
rolled back at the end, with N published events (with sources, tags and actors),
then counts the SQL queries each URL runs through Django's test client, the caches
cleared first so every answer is computed. A view whose count grows with N has an
N+1 somewhere; the tests assert the same with django_assert_num_queries.
"""
import datetime

URLS = {
    "map_page": "/",
    "embed": "/embed/?event_type=Battles",
    "map_script": "/map/script.js",
    "map_block": "/map/blocks/3/1/0.json",
    "map_data": "/map/data.json",
    "event_page": "/events/{first}/",
    "api_list": "/api/events/?page_size=100",
    "api_geojson": "/api/events.geojson?page_size=100",
    "feed_atom": "/feeds/events.atom",
    "feed_rss": "/feeds/events.rss",
    "admin_event_list": "/admin/events/event/",
    "admin_event_form": "/admin/events/event/{first}/change/",
}


class _Rollback(Exception):
    pass


def _fill(n):
    from django.contrib.auth import get_user_model

    from events.models import Actor, Article, Event, Outlet, Tag
    from events.taxonomy import ActorType, ReviewStatus

    outlet = Outlet.objects.create(name="Bench Wire", country="LY", language="ar")
    articles = Article.objects.bulk_create(
        Article(outlet=outlet, title=f"Article {i}", body=f"Text {i}", fingerprint=f"{i:064x}")
        for i in range(10))
    actors = Actor.objects.bulk_create(
        Actor(name=f"Bench actor {i}", actor_type=ActorType.REBEL_GROUP) for i in range(5))
    tag = Tag.objects.create(name="bench")
    events = Event.objects.bulk_create(
        Event(headline=f"Bench event {i}", event_date=datetime.date(2020, 1, 1) + datetime.timedelta(days=i % 900),
              event_type="Battles", sub_event_type="Armed clash", location="Derna", country="LY",
              latitude=30 + (i % 100) / 20, longitude=15 + (i % 97) / 20, status=ReviewStatus.PUBLISHED,
              actor1=actors[i % 5], actor2=actors[(i + 1) % 5], source_text="Bench Wire")
        for i in range(n))
    Event.sources.through.objects.bulk_create(
        Event.sources.through(event_id=e.pk, article_id=articles[i % 10].pk) for i, e in enumerate(events))
    Event.tags.through.objects.bulk_create(Event.tags.through(event_id=e.pk, tag_id=tag.pk) for e in events)
    Event.assoc_actor_1.through.objects.bulk_create(
        Event.assoc_actor_1.through(event_id=e.pk, actor_id=actors[(i + 2) % 5].pk) for i, e in enumerate(events))
    user = get_user_model().objects.create_superuser("bench-queries", password=None)
    return events[0].pk, user


def _count(n):
    from django.core.cache import cache
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    try:
        with transaction.atomic():
            first, user = _fill(n)
            client = Client()
            for name, url in URLS.items():
                if name.startswith("admin"):
                    client.force_login(user)
                cache.clear()
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(url.format(first=first))
                    if response.streaming:
                        b"".join(response.streaming_content)
                counts[name] = {"status": response.status_code, "queries": len(queries)}
            raise _Rollback
    except _Rollback:
        pass
    return counts


def add_arguments(parser):
    parser.add_argument("--sizes", default="20,2000", help="Two (or more) numbers of events.")


def run(command, sizes="20,2000", **options):
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's ALLOWED_HOSTS and template instrumentation
    numbers = [int(n) for n in sizes.split(",") if n.strip()]
    by_size = {n: _count(n) for n in numbers}
    table = {name: {str(n): by_size[n][name]["queries"] for n in numbers} for name in URLS}
    statuses = {name: sorted({by_size[n][name]["status"] for n in numbers}) for name in URLS}
    constant = {name: len(set(row.values())) == 1 for name, row in table.items()}
    return {"sizes": numbers, "queries": table, "statuses": statuses, "constant": constant}
