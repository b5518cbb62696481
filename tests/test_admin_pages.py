"""The admin opens for an editor on every model, lists and forms alike."""
import pytest
from django.urls import reverse

MODELS = ["outlet", "article", "actor", "tag", "event", "placealias", "nonplacename"]


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS)
def test_changelist_and_add_pages_open_for_an_editor(editor_client, model):
    for view in ("changelist", "add"):
        response = editor_client.get(reverse(f"admin:events_{model}_{view}"))
        assert response.status_code == 200, (model, view)


@pytest.mark.django_db
def test_event_change_page_shows_help_texts(editor_client, make_event, article):
    event = make_event(sources=[article])
    response = editor_client.get(reverse("admin:events_event_change", args=[event.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "The lowest figure reported" in body
    assert "Must belong to the event type." in body


@pytest.mark.django_db
def test_event_list_filters_and_searches(editor_client, make_event):
    make_event(headline="Car bomb near ministry", event_type="Explosions/Remote violence",
               sub_event_type="Remote explosive/landmine/IED")
    make_event(headline="Sit-in in Rabat", event_type="Protests", sub_event_type="Peaceful protest",
               country="MA", location="Rabat")
    url = reverse("admin:events_event_changelist")
    body = editor_client.get(url, {"event_type__exact": "Protests"}).content.decode()
    assert "Sit-in in Rabat" in body and "Car bomb near ministry" not in body
    body = editor_client.get(url, {"q": "ministry"}).content.decode()
    assert "Car bomb near ministry" in body and "Sit-in in Rabat" not in body


@pytest.mark.django_db
def test_saving_an_event_in_the_admin_stamps_the_editor(editor_client, editor, article):
    response = editor_client.post(reverse("admin:events_event_add"), {
        "headline": "Arrests in Sfax", "status": "draft", "reference": "",
        "event_date": "2021-01-18", "time_precision": "1",
        "event_type": "Strategic developments", "sub_event_type": "Arrests",
        "fatalities": "", "notes": "", "location": "Sfax", "country": "TN", "admin1": "Sfax",
        "latitude": "34.74", "longitude": "10.76", "geo_precision": "1",
        "sources": [article.pk],
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    from events.models import Event

    event = Event.objects.get(headline="Arrests in Sfax")
    assert event.created_by == editor and event.updated_by == editor
    assert list(event.sources.all()) == [article]


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(reverse("admin:events_event_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


@pytest.mark.django_db
def test_the_geocoding_cache_is_listed_but_not_added_by_hand(editor_client):
    assert editor_client.get(reverse("admin:events_geocodecache_changelist")).status_code == 200
    assert editor_client.get(reverse("admin:events_geocodecache_add")).status_code == 403


def test_admin_pages_carry_the_newsroom_name_in_the_reader_language(editor_client):
    page = editor_client.get("/admin/").content.decode()
    assert "Django administration" not in page and "<title>" in page
    assert '<a href="/admin/">Event map</a>' in page and "<title>Site administration | Event map</title>" in page
    arabic = editor_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "خريطة الأحداث" in arabic
