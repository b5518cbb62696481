"""The admin's smaller promises: actions offered only to who may run them, honest
messages, an unchanged text stays unchanged, bad or huge input gets a form error that
keeps it, long articles page their mentions, the duplicate check follows date
precision, and the event list costs the same number of queries whatever its size."""
import datetime

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from events.models import Article, Event, PlaceMention
from events.newsroom import duplicates
from events.taxonomy import ReviewStatus, TimePrecision
from tests.helpers import EVENT_CHANGELIST, form_data

ACTIONS = ("submit_for_review", "publish", "retract", "merge_duplicates")


def offered(client):
    page = client.get(EVENT_CHANGELIST).content.decode()
    return {action for action in ACTIONS if f'value="{action}"' in page}


@pytest.mark.django_db
class TestActionsOffered:
    def test_a_contributor_is_offered_only_submit(self, client_for, contributor, make_event):
        make_event(status=ReviewStatus.DRAFT, created_by=contributor)
        assert offered(client_for(contributor)) == {"submit_for_review"}

    def test_an_editor_is_offered_every_action(self, client_for, editor, make_event):
        make_event()
        assert offered(client_for(editor)) == set(ACTIONS)

    def test_a_journalist_is_offered_none(self, client_for, journalist, make_event):
        make_event()
        assert offered(client_for(journalist)) == set()


@pytest.mark.django_db
def test_fatalities_an_import_would_refuse_get_a_form_error(client_for, editor):
    # SQLite stores any 64-bit number; the export of such an event could not be imported again.
    response = client_for(editor).post(reverse("admin:events_event_add"),
                                       form_data(fatalities="99999999999"))
    assert response.status_code == 200
    assert "less than or equal to 2147483647" in response.content.decode()
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_after_submitting_a_contributor_is_not_told_to_edit_again(client_for, contributor, make_event):
    event = make_event(status=ReviewStatus.DRAFT, created_by=contributor)
    response = client_for(contributor).post(
        reverse("admin:events_event_change", args=[event.pk]),
        form_data(status="in_review", _continue="1"), follow=True)
    body = response.content.decode()
    assert "You may edit it again below" not in body
    assert "You can no longer edit it" in body
    assert 'name="headline"' not in body  # indeed read-only


def article_post(client, article, **changes):
    data = {"title": article.title, "url": article.url or "", "language": article.language,
            "published_on": "", "body": article.body}
    data.update(changes)
    return client.post(reverse("admin:events_article_change", args=[article.pk]), data)


@pytest.mark.django_db
class TestArticleInput:
    def test_an_unchanged_text_saved_with_crlf_does_not_rerun_the_geoparser(self, client_for, editor):
        article = Article.objects.create(title="T", body="Ligne un à Derna.\nLigne deux.", language="fr")
        PlaceMention.objects.create(article=article, start=10, end=15, text="Derna", name="Derna",
                                    latitude=32.7, longitude=22.6, country="LY", feature="city")
        response = article_post(client_for(editor), article, body="Ligne un à Derna.\r\nLigne deux.")
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.body == "Ligne un à Derna.\nLigne deux."
        messages = [m.message for m in response.wsgi_request._messages]
        assert not any("geoparser found" in m for m in messages)
        assert article.mentions.count() == 1

    @override_settings(ARTICLE_MAX_CHARACTERS=1000)
    def test_a_too_long_paste_gets_a_form_error_that_keeps_the_text(self, client_for, editor):
        article = Article.objects.create(title="T", body="Court.", language="fr")
        long_text = "Derna. " * 400
        response = article_post(client_for(editor), article, body=long_text)
        assert response.status_code == 200
        body = response.content.decode()
        assert "The text is too long" in body and long_text.strip() in body
        article.refresh_from_db()
        assert article.body == "Court."

    def test_a_paste_over_two_and_a_half_megabytes_is_accepted(self, client_for, editor):
        article = Article.objects.create(title="T", body="Court.", language="en")
        text = "Nothing happened here today. " * 100_000  # 2.9 MB
        assert len(text.encode()) > 2_621_440 and len(text) <= settings.ARTICLE_MAX_CHARACTERS
        assert article_post(client_for(editor), article, body=text).status_code == 302
        article.refresh_from_db()
        assert len(article.body) == len(text.strip())

    def test_a_binary_upload_gets_a_form_error(self, client_for, editor):
        from django.core.files.uploadedfile import SimpleUploadedFile

        article = Article.objects.create(title="T", body="Court.", language="fr")
        upload = SimpleUploadedFile("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01",
                                    content_type="text/plain")
        response = article_post(client_for(editor), article, upload=upload)
        assert response.status_code == 200
        assert "This is not text" in response.content.decode()
        article.refresh_from_db()
        assert article.body == "Court."

    def test_a_pasted_nul_byte_gets_a_form_error(self, client_for, editor):
        article = Article.objects.create(title="T", body="Court.", language="fr")
        response = article_post(client_for(editor), article, body="Derna\x00 attaque")
        assert response.status_code == 200  # Django's own "Null characters are not allowed."
        assert "Null characters are not allowed" in response.content.decode()
        article.refresh_from_db()
        assert article.body == "Court."


@pytest.mark.django_db
def test_a_long_article_pages_its_mentions(client_for, editor):
    body = ("Clashes in Derna. " * 120_000)[:2_000_000]
    article = Article.objects.create(title="Long", body=body, language="en")
    alternatives = [{"name": f"Place {i}", "lat": 1, "lon": 1, "country_code": "LY",
                     "feature": "city"} for i in range(10)]
    PlaceMention.objects.bulk_create([
        PlaceMention(article=article, start=i * 18 + 10, end=i * 18 + 15, text="Derna", name="Derna",
                     latitude=32.7, longitude=22.6, country="LY", feature="city",
                     alternatives=alternatives)
        for i in range(5000)])
    client = client_for(editor)
    page = client.get(reverse("admin:events_article_change", args=[article.pk])).content.decode()
    assert page.count('class="mention-row') == 100
    assert "Mentions 1–100 of 5000." in page and "mentions_page=2" in page
    # The text twice (marked up, and in the form) and one page of mentions.
    assert len(page.encode()) < 3 * len(body.encode()) + 1_500_000
    second = client.get(reverse("admin:events_article_change", args=[article.pk]) + "?mentions_page=50")
    assert second.content.decode().count('class="mention-row') == 100


@pytest.mark.django_db
class TestDuplicatePrecision:
    def test_a_week_precision_event_is_compared_over_its_week(self, make_event):
        week = make_event(event_date=datetime.date(2014, 11, 10), time_precision=TimePrecision.WEEK)
        inside = make_event(event_date=datetime.date(2014, 11, 15))
        make_event(event_date=datetime.date(2014, 11, 20))  # four days after the week
        assert duplicates.duplicate_candidates(week) == [inside]

    def test_a_month_precision_event_is_compared_over_its_month(self, make_event):
        month = make_event(event_date=datetime.date(2014, 11, 1), time_precision=TimePrecision.MONTH)
        late = make_event(event_date=datetime.date(2014, 11, 28))
        make_event(event_date=datetime.date(2014, 12, 3))
        assert duplicates.duplicate_candidates(month) == [late]
        assert duplicates.duplicate_candidates(late) == [month]

    def test_day_precision_events_are_still_compared_within_a_day(self, make_event):
        day = make_event(event_date=datetime.date(2014, 11, 10))
        make_event(event_date=datetime.date(2014, 11, 12))
        assert duplicates.duplicate_candidates(day) == []


def events_in_one_town(make_event, article, count):
    for i in range(count):
        make_event(headline=f"Clash {i}", event_date=datetime.date(2014, 11, 1 + i % 28),
                   sources=[article] if i % 2 else [])


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["editor", "journalist"])
def test_the_event_list_costs_the_same_queries_for_5_and_60_events(
        persona, request, client_for, make_event, article, django_assert_num_queries):
    client = client_for(request.getfixturevalue(persona))
    events_in_one_town(make_event, article, 5)
    client.get(EVENT_CHANGELIST)  # warm the per-session lookups (groups, content types)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(EVENT_CHANGELIST).status_code == 200
    Event.objects.all().delete()
    events_in_one_town(make_event, article, 60)
    with django_assert_num_queries(len(small)):
        page = client.get(EVENT_CHANGELIST)
    assert page.content.decode().count('class="duplicate-link"') > 60


@pytest.mark.django_db
@pytest.mark.parametrize("size", [10, 100])
def test_possible_duplicates_of_a_page_take_a_constant_number_of_queries(
        size, make_event, article, django_assert_num_queries):
    events_in_one_town(make_event, article, size)
    page = list(Event.objects.all())
    with django_assert_num_queries(3):
        found = duplicates.candidates_for(page)
    assert found == {event.pk: duplicates.duplicate_candidates(event) for event in page}
