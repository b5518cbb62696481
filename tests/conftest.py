"""Shared personas and builders for the test suite.

The personas are the newsroom's roles, each named after what it may do:

- ``client`` (pytest-django's): an anonymous reader of the public map;
- ``journalist``: reads everything in the admin, drafts included, changes nothing;
- ``contributor`` (and ``other_contributor``): drafts events and submits them for review;
- ``editor``: edits, publishes, retracts and merges every event;
- ``superuser``: everything.

``client_for(user)`` logs the test client in as one of them; ``editor_client`` is
the client logged in as the editor.
"""
import datetime

import pytest
from django.contrib.auth import get_user_model

from events.models import Actor, Article, Event, Outlet
from events.roles import CONTRIBUTORS, EDITORS, JOURNALISTS
from events.taxonomy import ActorType, ReviewStatus
from tests.browser import browser, page  # noqa: F401  (fixtures for the browser tests)
from tests.helpers import PASSWORD, member


def pytest_configure(config):
    # PBKDF2 costs about a second per persona; tests need no real password hashing.
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Jobs run at once in tests, even where CELERY_BROKER_URL is set for the one test
    # that starts a real worker (tests/test_jobs_worker.py).
    from project.celery import app

    app.conf.task_always_eager = True


@pytest.fixture
def contributor(db):
    return member("carla", CONTRIBUTORS)


@pytest.fixture
def other_contributor(db):
    return member("omar", CONTRIBUTORS)


@pytest.fixture
def editor(db):
    return member("ed", EDITORS)


@pytest.fixture
def journalist(db):
    return member("jo", JOURNALISTS)


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", password=PASSWORD)


@pytest.fixture
def client_for(client):
    """client_for(user) -> the test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def make_event(db):
    """Build and save an event; published, in Derna, unless told otherwise."""

    def make(**fields):
        values = {
            "headline": "Clashes in Derna",
            "event_date": datetime.date(2014, 11, 15),
            "event_type": "Battles",
            "sub_event_type": "Armed clash",
            "location": "Derna",
            "country": "LY",
            "latitude": 32.767,
            "longitude": 22.637,
            "status": ReviewStatus.PUBLISHED,
        }
        values.update(fields)
        sources = values.pop("sources", [])
        event = Event.objects.create(**values)
        event.sources.set(sources)
        return event

    return make


@pytest.fixture
def article(db):
    outlet = Outlet.objects.create(name="Desk Wire", country="MA", language="ar")
    return Article.objects.create(
        outlet=outlet, title="Car bomb in Tripoli", body="A car bomb exploded in Tripoli.",
        url="https://news.example/tripoli", language="en",
        published_on=datetime.date(2014, 11, 16),
    )


@pytest.fixture
def actor(db):
    return Actor.objects.create(name="Islamic State (Libya)", name_ar="تنظيم الدولة في ليبيا",
                                actor_type=ActorType.POLITICAL_MILITIA, country="LY")


@pytest.fixture(scope="session")
def geoparser():
    """The geoparser on the embedded gazetteer alone (no database overlays)."""
    from events.geoparser import Geoparser
    from events.geoparsing import load

    return Geoparser(load())


@pytest.fixture
def places(geoparser):
    """parse(text) -> [(surface, country_code, feature, name)] for short assertions."""

    def parse(text, **kwargs):
        return [(m.text, m.country_code, m.feature, m.name) for m in geoparser.parse(text, **kwargs)]

    return parse
