"""The demo data loads, includes the seed article's events, and loads only once."""
import pytest
from django.core.management import call_command
from django.http import HttpRequest

from events.demo import DEMO_EDITOR_PASSWORD, DEMO_EDITOR_USERNAME, load_demo
from events.models import Actor, Article, Event, Outlet, Tag


def counts():
    return {model.__name__: model.objects.count() for model in (Outlet, Article, Actor, Event, Tag)}


@pytest.mark.django_db
def test_loading_twice_creates_nothing_twice():
    first = load_demo()
    before = counts()
    second = load_demo()
    assert counts() == before
    assert sum(second.values()) == 0 and first["events"] == before["Event"]


@pytest.mark.django_db
def test_demo_covers_the_region_languages_and_taxonomy():
    load_demo()
    assert Event.objects.count() >= 28
    assert set(Article.objects.values_list("language", flat=True)) >= {"ar", "fr", "en"}
    assert Event.objects.values("event_type").distinct().count() == 6
    assert Event.objects.values("country").distinct().count() >= 8
    for event in Event.objects.all():
        event.full_clean()  # every demo row obeys the model's rules


@pytest.mark.django_db
def test_demo_includes_the_seed_article_events():
    load_demo()
    libya = Event.objects.published().filter(country="LY")
    derna = libya.filter(location__icontains="Derna")
    assert derna.filter(sub_event_type="Non-state actor overtakes territory").exists()
    tripoli = libya.filter(location__icontains="Tripoli")
    assert tripoli.filter(event_type="Explosions/Remote violence").exists()
    assert libya.filter(location__icontains="Benghazi").exists()
    assert libya.filter(sub_event_type="Headquarters or base established").exists()
    seed = Article.objects.get(language="ar", events__location__icontains="Derna",
                               events__sub_event_type="Non-state actor overtakes territory")
    assert "درنة" in seed.body


@pytest.mark.django_db
def test_demo_keeps_some_events_unpublished():
    load_demo()
    assert Event.objects.exclude(status="published").exists()


@pytest.mark.django_db
def test_the_command_creates_the_documented_editor_account(client, capsys):
    call_command("load_demo")
    call_command("load_demo")
    out = capsys.readouterr().out
    assert DEMO_EDITOR_PASSWORD in out
    # django-axes counts logins per request: authenticate needs one.
    assert client.login(request=HttpRequest(), username=DEMO_EDITOR_USERNAME, password=DEMO_EDITOR_PASSWORD)
    assert client.get("/admin/events/event/").status_code == 200


@pytest.mark.django_db
def test_the_map_lists_the_demo_events(client):
    load_demo()
    html = client.get("/").content.decode()
    for event in Event.objects.published()[:5]:
        assert f'data-event-id="{event.pk}"' in html


@pytest.mark.django_db
def test_demo_articles_open_with_their_places_found():
    load_demo()
    sudan = Article.objects.get(title__contains="الفاشر")
    assert {"El Fasher", "Khartoum"} <= set(sudan.mentions.values_list("name", flat=True))
    assert all(article.mentions.exists() for article in Article.objects.all())
