"""Editors import ACLED files from the admin; nobody else can."""
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from events.models import Event
from events.taxonomy import ReviewStatus

CURRENT = Path(__file__).parent / "data" / "acled_current.csv"
URL = "/imports/acled/"


def upload(**fields):
    return {"file": SimpleUploadedFile("acled.csv", CURRENT.read_bytes(), content_type="text/csv"),
            "status": ReviewStatus.PUBLISHED, **fields}


@pytest.mark.django_db
def test_it_is_routed_at_imports_acled():
    assert reverse("events:import-acled") == URL


@pytest.mark.django_db
def test_it_shows_the_upload_form_to_an_editor(editor_client):
    body = editor_client.get(URL).content.decode()

    assert 'enctype="multipart/form-data"' in body and 'name="file"' in body
    assert 'value="published" selected' in body


@pytest.mark.django_db
def test_it_imports_a_file_an_editor_uploads(editor_client, editor):
    response = editor_client.post(URL, upload())

    assert response.status_code == 200
    body = response.content.decode()
    assert "event_id_cnty is empty" in body  # rejected rows are listed
    assert Event.objects.count() == 5
    assert set(Event.objects.values_list("created_by", flat=True)) == {editor.pk}


@pytest.mark.django_db
def test_it_checks_without_saving_when_asked(editor_client):
    response = editor_client.post(URL, upload(dry_run="on", status=ReviewStatus.DRAFT))

    assert "nothing was saved" in response.content.decode()
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_it_shows_why_a_file_is_refused(editor_client):
    foreign = SimpleUploadedFile("notes.csv", b"name,value\nx,1\n")
    response = editor_client.post(URL, {"file": foreign, "status": ReviewStatus.PUBLISHED})

    assert response.status_code == 200
    assert "not an ACLED file" in response.content.decode()


@pytest.mark.django_db
def test_it_refuses_a_user_who_is_not_staff(client):
    user = get_user_model().objects.create_user("reader", password="pw-reader-123")
    client.force_login(user)

    response = client.post(URL, upload())

    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_it_refuses_staff_without_the_permission_to_add_events(client):
    user = get_user_model().objects.create_user("intern", password="pw-intern-123", is_staff=True)
    client.force_login(user)

    assert client.post(URL, upload()).status_code == 403
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_it_is_linked_from_the_event_list_of_the_admin(editor_client):
    body = editor_client.get(reverse("admin:events_event_changelist")).content.decode()

    assert f'href="{URL}"' in body and "Import ACLED file" in body
