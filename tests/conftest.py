"""Shared personas and builders for the test suite."""
import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from events.models import Actor, Article, Event, Outlet
from events.taxonomy import ActorType, ReviewStatus

XSS_PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    "${alert(1)}",
    "`backtick`",
    "</script><script>alert(1)</script>",
]


@pytest.fixture
def editor(db):
    """A staff member with every permission on the events app."""
    user = get_user_model().objects.create_user("edith", password="pw-edith-123", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="events"))
    return user


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
