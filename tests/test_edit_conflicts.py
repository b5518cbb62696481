"""Two editors saving the same event do not silently revert each other: the second is
told what changed (field names, their value now), keeps their input, and saves only
knowingly; a stale form cannot re-publish a retracted event. Runs on SQLite and,
with DATABASE_URL, on PostgreSQL."""
import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from events.models import Event
from events.roles import EditConflict
from events.taxonomy import ReviewStatus
from tests.helpers import form_data, member, run_action
from events.roles import EDITORS


def change_url(event):
    return reverse("admin:events_event_change", args=[event.pk])


def open_form(client, event):
    """GET the change form as a browser would, returning the version it carries."""
    page = client.get(change_url(event)).content.decode()
    return re.search(r'name="seen_version" value="(\d+)"', page).group(1)


def two_editors(editor):
    other = member("eve", EDITORS)
    first, second = Client(), Client()
    first.force_login(editor)
    second.force_login(other)
    return first, second


@pytest.mark.django_db
class TestTwoEditorsOneForm:
    def test_the_second_save_is_refused_with_what_changed_and_keeps_its_input(
            self, editor, make_event, article):
        event = make_event(sources=[article])
        first, second = two_editors(editor)
        seen_first, seen_second = open_form(first, event), open_form(second, event)
        fields = dict(status="published", sources=[article.pk])
        response = first.post(change_url(event), form_data(headline="Clashes near Derna",
                                                           seen_version=seen_first, **fields))
        assert response.status_code == 302
        response = second.post(change_url(event), form_data(fatalities="7", seen_version=seen_second, **fields))
        assert response.status_code == 200
        page = response.content.decode()
        assert "changed by ed since you opened it" in page
        assert "headline: “Clashes near Derna”" in page
        assert 'name="fatalities" value="7"' in page  # the second editor's input is kept
        event.refresh_from_db()
        assert (event.headline, event.fatalities) == ("Clashes near Derna", None)
        # Saving again, knowingly, from the version the refusal showed:
        current = re.search(r'name="seen_version" value="(\d+)"', page).group(1)
        assert int(current) == event.version
        response = second.post(change_url(event), form_data(fatalities="7", seen_version=current, **fields))
        assert response.status_code == 302
        event.refresh_from_db()
        assert event.fatalities == 7

    def test_a_stale_form_cannot_republish_a_retracted_event(self, editor, make_event, article):
        event = make_event(sources=[article])
        first, second = two_editors(editor)
        seen = open_form(first, event)
        run_action(second, "retract", event)
        response = first.post(change_url(event), form_data(status="published", seen_version=seen,
                                                           sources=[article.pk]))
        assert response.status_code == 200
        assert "review status: “Retracted”" in response.content.decode()
        event.refresh_from_db()
        assert event.status == ReviewStatus.RETRACTED

    def test_a_merge_makes_a_form_of_the_kept_event_stale(self, editor, make_event, article):
        keep = make_event(headline="Keep")
        other = make_event(headline="Other", sources=[article])
        first, second = two_editors(editor)
        seen = open_form(first, keep)
        run_action(second, "merge_duplicates", keep, other)
        response = first.post(change_url(keep), form_data(status="published", seen_version=seen))
        assert response.status_code == 200 and "source articles" in response.content.decode()
        assert list(keep.sources.all()) == [article]


@pytest.mark.django_db
class TestTheModelRefusesStaleSaves:
    def test_a_stale_instance_cannot_overwrite_a_newer_save(self, make_event):
        event = make_event()
        first, stale = Event.objects.get(pk=event.pk), Event.objects.get(pk=event.pk)
        first.headline = "First"
        first.save()
        stale.headline = "Stale"
        with pytest.raises(EditConflict, match="headline: “First”"):
            stale.save()
        assert Event.objects.get(pk=event.pk).headline == "First"

    def test_a_raw_update_counted_with_touch_makes_forms_stale(self, make_event):
        event = make_event()
        Event.objects.filter(pk=event.pk).touch()
        event.headline = "Stale"
        with pytest.raises(EditConflict):
            event.save()

    def test_a_bulk_action_on_a_stale_selection_is_refused_not_applied(self, editor, make_event):
        event = make_event()
        stale = Event.objects.get(pk=event.pk)
        Event.objects.get(pk=event.pk).retract(editor)
        with pytest.raises(EditConflict):
            stale.publish(editor)


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_from_one_version_cannot_both_pass(make_event):
    event = make_event()
    barrier = threading.Barrier(2)
    outcomes = []

    def save(headline):
        try:
            mine = Event.objects.get(pk=event.pk)
            mine.headline = headline
            barrier.wait(timeout=10)
            mine.save()
            outcomes.append(("saved", headline))
        except EditConflict:
            outcomes.append(("refused", headline))
        except Exception as exc:  # e.g. SQLite's "database is locked": refused too, never lost
            outcomes.append(("error", type(exc).__name__))
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(h,)) for h in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    saved = [h for kind, h in outcomes if kind == "saved"]
    assert len(outcomes) == 2 and len(saved) == 1
    stored = Event.objects.get(pk=event.pk)
    assert stored.headline == saved[0] and stored.version == 2
