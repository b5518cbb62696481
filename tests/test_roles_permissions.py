"""Contributors, editors, journalists and anonymous visitors each see and change what they may."""
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.db import connection
from django.urls import reverse

from events.models import Event
from events.taxonomy import ReviewStatus
from events.roles import CONTRIBUTORS, EDITORS, JOURNALISTS
from tests.helpers import form_data


def change_url(event):
    return reverse("admin:events_event_change", args=[event.pk])


@pytest.mark.django_db
class TestGroups:
    def test_it_creates_the_three_groups_in_a_migration(self):
        # Run the migration's function itself: a browser test's flush may have emptied the tables.
        Group.objects.all().delete()
        migration = importlib.import_module("events.migrations.0004_editor_groups")
        migration.create_groups(django_apps, SimpleNamespace(connection=connection))
        perms = {g.name: set(g.permissions.values_list("codename", flat=True))
                 for g in Group.objects.filter(name__in=[CONTRIBUTORS, EDITORS, JOURNALISTS])}
        assert {"add_event", "change_event", "view_event"} <= perms[CONTRIBUTORS]
        assert "delete_event" not in perms[CONTRIBUTORS]
        assert {"add_event", "change_event", "delete_event", "view_event"} <= perms[EDITORS]
        assert {p for p in perms[JOURNALISTS] if not p.startswith("view_")} == set()


@pytest.mark.django_db
class TestContributor:
    def test_it_edits_their_own_draft(self, client_for, contributor, make_event):
        event = make_event(status=ReviewStatus.DRAFT, created_by=contributor)
        response = client_for(contributor).post(change_url(event), form_data(status="in_review"))
        assert response.status_code == 302
        event.refresh_from_db()
        assert event.status == ReviewStatus.IN_REVIEW and event.headline == "Arrests in Sfax"

    def test_it_cannot_edit_someone_elses_draft(self, client_for, contributor, other_contributor,
                                                make_event):
        event = make_event(status=ReviewStatus.DRAFT, created_by=other_contributor)
        client = client_for(contributor)
        assert 'name="headline"' not in client.get(change_url(event)).content.decode()
        assert client.post(change_url(event), form_data()).status_code == 403
        event.refresh_from_db()
        assert event.headline == "Clashes in Derna"

    def test_it_cannot_edit_a_published_event_even_their_own(self, client_for, contributor, make_event):
        event = make_event(status=ReviewStatus.PUBLISHED, created_by=contributor)
        assert client_for(contributor).post(change_url(event), form_data()).status_code == 403

    def test_it_cannot_delete_events(self, client_for, contributor, make_event):
        event = make_event(status=ReviewStatus.DRAFT, created_by=contributor)
        response = client_for(contributor).post(
            reverse("admin:events_event_delete", args=[event.pk]), {"post": "yes"})
        assert response.status_code == 403
        assert Event.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db
class TestEditor:
    def test_it_edits_anyones_published_event(self, client_for, editor, contributor,
                                              make_event, article):
        event = make_event(created_by=contributor)
        response = client_for(editor).post(
            change_url(event), form_data(status="published", sources=[article.pk]))
        assert response.status_code == 302
        event.refresh_from_db()
        assert event.headline == "Arrests in Sfax" and event.updated_by == editor


@pytest.mark.django_db
class TestJournalist:
    def test_it_reads_drafts_in_the_admin(self, client_for, journalist, make_event):
        event = make_event(status=ReviewStatus.DRAFT, headline="Unconfirmed clash")
        client = client_for(journalist)
        assert "Unconfirmed clash" in client.get(
            reverse("admin:events_event_changelist")).content.decode()
        body = client.get(change_url(event)).content.decode()
        assert "Unconfirmed clash" in body and 'name="headline"' not in body

    def test_it_cannot_change_or_add(self, client_for, journalist, make_event):
        event = make_event(status=ReviewStatus.DRAFT)
        client = client_for(journalist)
        assert client.post(change_url(event), form_data()).status_code == 403
        assert client.get(reverse("admin:events_event_add")).status_code == 403


@pytest.mark.django_db
class TestAnonymous:
    def test_it_sees_only_published_events_on_the_public_map(self, client, make_event):
        make_event(headline="Published clash")
        for status in (ReviewStatus.DRAFT, ReviewStatus.IN_REVIEW, ReviewStatus.RETRACTED):
            make_event(headline=f"Hidden {status}", status=status)
        body = client.get(reverse("events:map")).content.decode()
        assert "Published clash" in body and "Hidden" not in body

    def test_it_cannot_open_an_unpublished_event(self, client, make_event):
        draft = make_event(status=ReviewStatus.DRAFT)
        assert client.get(reverse("events:detail", args=[draft.pk])).status_code == 404

    def test_it_is_kept_out_of_the_admin_and_the_geocoder(self, client):
        for url in (reverse("admin:events_event_changelist"), reverse("admin:events_event_geocode")):
            response = client.get(url, {"q": "Derna"})
            assert response.status_code == 302 and reverse("admin:login") in response["Location"]
