"""Every change to events and articles is recorded by django-simple-history: who, when,
which fields, old and new; through the admin, bulk actions, merges, reverse
many-to-many changes and the bulk helpers importers use."""
import pytest
from django.urls import reverse

from events.models import Event, Tag
from events.newsroom import history
from events.taxonomy import ReviewStatus
from tests.helpers import form_data, run_action


def records(obj):
    return list(obj.history.order_by("history_date", "history_id"))


def changed_fields(obj):
    (latest, *_rest) = history.entries_for(obj)
    return {field: (old, new) for field, old, new in latest["changes"]}


def new_event(**fields):
    values = {"headline": "Imported", "event_date": "2020-01-01", "event_type": "Riots",
              "sub_event_type": "Mob violence", "location": "Sfax"}
    values.update(fields)
    return Event(**values)


@pytest.mark.django_db
class TestHistory:
    def test_an_admin_edit_is_one_record_with_the_editor_old_and_new_values(
            self, client_for, editor, make_event, article):
        event = make_event(headline="Clashes in Derna")
        before = len(records(event))
        client_for(editor).post(reverse("admin:events_event_change", args=[event.pk]),
                                form_data(headline="Clashes near Derna", sources=[article.pk]))
        assert len(records(event)) == before + 1
        last = records(event)[-1]
        assert last.history_user == editor and last.history_type == "~"
        changes = changed_fields(event)
        assert changes["headline"] == ("Clashes in Derna", "Clashes near Derna")
        assert changes["source articles"] == (None, article.title)
        assert "updated at" not in changes

    def test_creation_in_the_admin_is_one_record_under_the_contributor(
            self, client_for, contributor, article):
        client_for(contributor).post(reverse("admin:events_event_add"), form_data(sources=[article.pk]))
        (record,) = records(Event.objects.get())
        assert record.history_type == "+" and record.history_user == contributor
        assert [row.article_id for row in record.sources.all()] == [article.pk]

    def test_saves_outside_the_admin_are_recorded(self, make_event):
        event = make_event()
        event.fatalities = 4
        event.save()
        event.tags.create(name="Derna")
        assert records(event)[1].fatalities == 4
        assert changed_fields(event) == {"tags": (None, "Derna")}

    def test_reverse_many_to_many_changes_are_recorded_on_the_event(self, make_event, article):
        event = make_event()
        article.events.add(event)
        assert changed_fields(event) == {"source articles": (None, article.title)}
        tag = Tag.objects.create(name="Car bomb")
        tag.events.add(event)
        assert changed_fields(event) == {"tags": (None, "Car bomb")}
        article.events.clear()
        assert changed_fields(event) == {"source articles": (article.title, None)}

    def test_bulk_actions_are_stamped_with_the_user(self, client_for, editor, make_event):
        event = make_event()
        run_action(client_for(editor), "retract", event)
        last = records(event)[-1]
        assert last.history_user == editor and last.status == "retracted"
        assert changed_fields(event)["review status"] == ("Published", "Retracted")

    def test_the_rule_methods_stamp_their_user_outside_a_request(self, editor, make_event):
        event = make_event()
        Event.objects.get(pk=event.pk).retract(editor)
        assert records(event)[-1].history_user == editor

    def test_a_merge_is_recorded_on_both_events_under_the_user(
            self, client_for, editor, make_event, article):
        keep = make_event(headline="Keep")
        other = make_event(headline="Other", sources=[article])
        before = len(records(keep))
        run_action(client_for(editor), "merge_duplicates", keep, other)
        assert len(records(keep)) == before + 1
        merged = records(keep)[-1]
        assert merged.history_user == editor and f"#{other.pk}" in merged.history_change_reason
        assert [row.article_id for row in merged.sources.all()] == [article.pk]
        retracted = records(other)[-1]
        assert retracted.history_user == editor and retracted.status == "retracted"
        assert f"#{keep.pk}" in retracted.history_change_reason

    def test_deletion_is_recorded_with_the_user(self, client_for, editor, make_event):
        event = make_event()
        pk = event.pk
        client_for(editor).post(reverse("admin:events_event_delete", args=[pk]), {"post": "yes"})
        record = Event.history.filter(id=pk).latest("history_date")
        assert record.history_type == "-" and record.history_user == editor

    def test_article_edits_are_recorded(self, client_for, editor, article):
        url = reverse("admin:events_article_change", args=[article.pk])
        client_for(editor).post(url, {
            "title": "Car bomb in Tripoli, updated", "url": article.url, "language": "en",
            "published_on": "2014-11-16", "body": article.body,
        })
        assert records(article)[-1].history_user == editor
        assert changed_fields(article)["title"] == ("Car bomb in Tripoli", "Car bomb in Tripoli, updated")

    def test_the_history_is_listed_on_the_forms_and_on_the_history_page(
            self, client_for, editor, make_event, article):
        event = make_event()
        event.status = ReviewStatus.RETRACTED
        event.save()
        client = client_for(editor)
        body = client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()
        assert 'id="change-history"' in body and "retracted" in body
        assert 'id="change-history"' in client.get(
            reverse("admin:events_article_change", args=[article.pk])).content.decode()
        page = client.get(reverse("admin:events_event_history", args=[event.pk]))
        assert page.status_code == 200 and b"Changed" in page.content


@pytest.mark.django_db
def test_the_forms_history_costs_the_same_queries_for_3_and_30_records(
        make_event, article, editor, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def edit(event, times):
        for i in range(times):
            event.headline = f"Edit {i}"
            event.actor1 = None
            event.save()
            (event.sources.add if i % 2 else event.sources.remove)(article)

    few, many = make_event(), make_event(headline="Many")
    edit(few, 2)
    edit(many, 20)
    with CaptureQueriesContext(connection) as small:
        assert len(history.entries_for(few)) < 10
    with django_assert_num_queries(len(small)):
        entries = history.entries_for(many)
    assert len(entries) > 40
    changes = [change for entry in entries for change in entry["changes"]]
    assert ("source articles", None, article.title) in changes
    assert ("source articles", article.title, None) in changes


@pytest.mark.django_db
class TestBulkHelpers:
    def test_bulk_create_events_records_each_event_under_the_user(self, editor):
        created = history.bulk_create_events([new_event(), new_event(headline="Second")], by=editor,
                                             reason="ACLED import")
        assert len(created) == 2
        for event in Event.objects.all():
            (record,) = records(event)
            assert record.history_type == "+" and record.history_user == editor
            assert record.history_change_reason == "ACLED import"

    def test_bulk_update_events_records_the_new_values(self, editor, make_event):
        events = [make_event(), make_event(headline="B")]
        for event in events:
            event.fatalities = 7
        history.bulk_update_events(events, ["fatalities"], by=editor)
        for event in events:
            last = records(event)[-1]
            assert last.fatalities == 7 and last.history_user == editor and last.history_type == "~"

    def test_record_saved_keeps_the_sources_set_after_a_bulk_create(
            self, editor, article, django_assert_max_num_queries):
        events = Event.objects.bulk_create([new_event(), new_event(headline="B"), new_event(headline="C")])
        Event.sources.through.objects.bulk_create(
            [Event.sources.through(event_id=e.pk, article_id=article.pk) for e in events])
        with django_assert_max_num_queries(12):
            history.record_saved(events, by=editor, created=True)
        for event in events:
            (record,) = records(event)
            assert record.history_user == editor
            assert [row.article_id for row in record.sources.all()] == [article.pk]

    def test_plain_bulk_create_writes_no_history(self):
        Event.objects.bulk_create([new_event()])
        assert not Event.history.exists()


@pytest.mark.django_db
def test_historical_records_are_listed_read_only_for_staff(client_for, journalist, make_event):
    make_event(headline="Clashes in Derna")
    client = client_for(journalist)
    body = client.get(reverse("admin:events_historicalevent_changelist")).content.decode()
    assert "Clashes in Derna" in body
    assert client.get(reverse("admin:events_historicalevent_add")).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("language, events, articles", [
    ("ar", "تعديلات الأحداث", "تعديلات المقالات"),
    ("fr", "Modifications des événements", "Modifications des articles"),
    ("en", "Event changes", "Article changes"),
])
def test_the_change_records_are_named_in_the_readers_language(client_for, journalist, language, events, articles):
    body = client_for(journalist).get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert events in body and articles in body
    assert "Historical " not in body  # (the model's name stays in its URLs and ids)


@pytest.mark.django_db
def test_a_history_record_cannot_be_reverted_from_the_admin(client_for, editor, make_event):
    event = make_event(headline="Original")
    event.headline = "Changed"
    event.save()
    first = records(event)[0]
    client = client_for(editor)
    url = reverse("admin:events_event_simple_history", args=[event.pk, first.history_id])
    assert client.get(url).status_code == 200
    assert client.post(url, form_data(headline="Original")).status_code == 405
    assert Event.objects.get(pk=event.pk).headline == "Changed"
