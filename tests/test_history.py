"""Every change to events and articles is recorded: who, when, which fields, old and new."""
import pytest
from django.urls import reverse

from events.newsroom import history
from events.models import ChangeRecord, Event
from events.taxonomy import ReviewStatus
from tests.helpers import form_data, run_action


def records(obj):
    return list(history.records_for(obj).order_by("at", "id"))


@pytest.mark.django_db
class TestHistory:
    def test_it_records_an_admin_edit_as_one_record_with_old_and_new_values(
            self, client_for, editor, make_event, article):
        event = make_event(headline="Clashes in Derna")
        client_for(editor).post(reverse("admin:events_event_change", args=[event.pk]),
                                      form_data(headline="Clashes near Derna", sources=[article.pk]))
        last = records(event)[-1]
        assert last.user == editor and last.action == ChangeRecord.Action.CHANGED
        assert last.changes["headline"] == ["Clashes in Derna", "Clashes near Derna"]
        assert last.changes["sources"] == [[], [article.title]]
        assert "updated_at" not in last.changes

    def test_it_records_creation_in_the_admin(self, client_for, contributor, article):
        client_for(contributor).post(reverse("admin:events_event_add"),
                                     form_data(sources=[article.pk]))
        (record,) = records(Event.objects.get())
        assert record.action == ChangeRecord.Action.CREATED and record.user == contributor
        assert record.changes["location"] == [None, "Sfax"]

    def test_it_records_saves_outside_the_admin_through_signals(self, make_event, article):
        event = make_event()
        event.fatalities = 4
        event.save()
        event.tags.create(name="Derna")
        changes = [r.changes for r in records(event)]
        assert changes[1] == {"fatalities": [None, 4]}
        assert changes[-1] == {"tags": [[], ["Derna"]]}

    def test_it_records_bulk_actions_with_the_user(self, client_for, editor, make_event):
        event = make_event()
        run_action(client_for(editor), "retract", event)
        last = records(event)[-1]
        assert last.user == editor and last.changes["status"] == ["published", "retracted"]

    def test_it_keeps_the_history_of_a_retracted_event_and_shows_it(
            self, client_for, editor, make_event):
        event = make_event()
        event.status = ReviewStatus.RETRACTED
        event.save()
        body = client_for(editor).get(
            reverse("admin:events_event_change", args=[event.pk])).content.decode()
        assert 'id="change-history"' in body and "retracted" in body
        assert len(records(event)) == 2

    def test_it_records_deletion(self, client_for, editor, make_event):
        event = make_event()
        pk = event.pk
        client_for(editor).post(reverse("admin:events_event_delete", args=[pk]), {"post": "yes"})
        record = ChangeRecord.objects.filter(object_id=pk).first()
        assert record.action == ChangeRecord.Action.DELETED and record.user == editor

    def test_it_records_article_edits(self, client_for, editor, article):
        url = reverse("admin:events_article_change", args=[article.pk])
        client_for(editor).post(url, {
            "title": "Car bomb in Tripoli, updated", "url": article.url, "language": "en",
            "published_on": "2014-11-16", "body": article.body,
        })
        last = records(article)[-1]
        assert last.changes["title"] == ["Car bomb in Tripoli", "Car bomb in Tripoli, updated"]
        assert last.user == editor

    def test_it_does_not_record_bulk_creates(self, make_event):
        Event.objects.bulk_create([Event(headline="Imported", event_date="2020-01-01",
                                         event_type="Riots", sub_event_type="Mob violence",
                                         location="Sfax")])
        assert not ChangeRecord.objects.exists()


@pytest.mark.django_db
def test_it_lists_change_records_read_only_for_staff(client_for, editor, make_event):
    make_event(headline="Clashes in Derna")
    client = client_for(editor)
    body = client.get(reverse("admin:events_changerecord_changelist")).content.decode()
    assert "Clashes in Derna" in body
    assert client.get(reverse("admin:events_changerecord_add")).status_code == 403
