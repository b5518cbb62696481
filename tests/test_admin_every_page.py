"""Every admin page of every registered model answers every persona without a server
error: the page if the persona may see it, 403 if not, the login page for anonymous
visitors (generated from the admin's registry, so a new model is covered)."""
import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse

from events.taxonomy import ActorType
from events.models import (
    Actor, Article, Event, GeocodeCache, NonPlaceName, Outlet, PlaceAlias, PlaceMention, Tag,
)

PAGES = ["changelist", "add", "change", "history", "delete"]
PERSONAS = ["journalist", "contributor", "editor", "superuser"]


def one_of_each():
    """An object of every model the admin shows (historical records come with them)."""
    outlet = Outlet.objects.create(name="Desk Wire", country="LY", language="ar")
    article = Article.objects.create(outlet=outlet, title="Car bomb in Tripoli",
                                     body="A car bomb exploded in Tripoli.", language="en")
    PlaceMention.objects.create(article=article, start=29, end=36, text="Tripoli", name="Tripoli",
                                latitude=32.9, longitude=13.2, country="LY", feature="city")
    event = Event.objects.create(
        headline="Clashes in Derna", event_date=datetime.date(2014, 11, 15), event_type="Battles",
        sub_event_type="Armed clash", location="Derna", country="LY", latitude=32.7, longitude=22.6)
    event.sources.add(article)
    Actor.objects.create(name="Libyan National Army", actor_type=ActorType.STATE_FORCES)
    Tag.objects.create(name="Derna")
    PlaceAlias.objects.create(name="Sahaba Square", resolved_name="Sahaba Square, Derna",
                              latitude=32.76, longitude=22.63, country="LY")
    NonPlaceName.objects.create(name="Ansar Bayt al-Maqdis")
    GeocodeCache.objects.create(key="k" * 64, query="Derna", result=[])
    Group.objects.get_or_create(name="Spare")


def url(model, page, obj):
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}"
    if page in ("changelist", "add"):
        return reverse(name)
    return reverse(name, args=[obj.pk])


def allowed(model_admin, user, page, obj):
    request = RequestFactory().get("/")
    request.user = user
    if page == "changelist":
        return model_admin.has_view_or_change_permission(request)
    if page == "add":
        return model_admin.has_add_permission(request)
    if page == "delete":
        return model_admin.has_delete_permission(request, obj)
    return model_admin.has_view_or_change_permission(request, obj)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_admin_page_answers_every_persona(persona, request, client):
    user = request.getfixturevalue(persona)
    one_of_each()
    client.force_login(user)
    seen = []
    for model, model_admin in admin.site._registry.items():
        obj = model._default_manager.order_by("pk").first()
        for page in PAGES:
            if obj is None and page not in ("changelist", "add"):
                continue
            response = client.get(url(model, page, obj))
            expected = 200 if allowed(model_admin, user, page, obj) else 403
            seen.append((model._meta.label, page, response.status_code, expected))
    wrong = [row for row in seen if row[2] != row[3]]
    assert not wrong
    assert len(seen) >= 5 * 12


@pytest.mark.django_db
def test_a_journalist_reads_every_newsroom_page_and_changes_none(journalist, client):
    one_of_each()
    client.force_login(journalist)
    for model in admin.site._registry:
        if model._meta.app_label != "events" or model is GeocodeCache:
            continue  # the geocoder's cache is the system's, not the newsroom's
        obj = model._default_manager.order_by("pk").first()
        for page in ("changelist", "change", "history"):
            assert client.get(url(model, page, obj)).status_code == 200, (model, page)
        for page in ("add", "delete"):
            assert client.get(url(model, page, obj)).status_code == 403, (model, page)


@pytest.mark.django_db
def test_the_article_page_shows_a_journalist_the_text_read_only(journalist, client):
    one_of_each()
    client.force_login(journalist)
    article = Article.objects.get()
    body = client.get(url(Article, "change", article)).content.decode()
    assert "A car bomb exploded in" in body and 'name="body"' not in body


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login_page(client):
    one_of_each()
    for model in admin.site._registry:
        obj = model._default_manager.order_by("pk").first()
        for page in PAGES:
            if obj is None and page not in ("changelist", "add"):
                continue
            response = client.get(url(model, page, obj))
            assert response.status_code == 302 and "/admin/login/" in response["Location"]
