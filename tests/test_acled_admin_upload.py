"""ACLED files uploaded in the admin are stored and imported by a background job.

Jobs run eagerly here (no broker in the test settings): the upload's response
redirects to the finished job's page. test_jobs_worker runs them on a real worker.
"""
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from events.models import Event, Job
from events.taxonomy import ReviewStatus

CURRENT = Path(__file__).parent / "data" / "acled_current.csv"
URL = "/imports/acled/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


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
def test_it_imports_a_file_an_editor_uploads_as_a_job_with_a_report(editor_client, editor):
    response = editor_client.post(URL, upload(), follow=True)

    job = Job.objects.get()
    assert response.redirect_chain[-1][0] == job.get_absolute_url()
    assert (job.kind, job.state, job.user) == (Job.Kind.IMPORT_ACLED, Job.State.DONE, editor)
    body = response.content.decode()
    assert "event_id_cnty is empty" in body  # rejected rows are listed
    assert Event.objects.count() == 5
    assert set(Event.objects.values_list("created_by", flat=True)) == {editor.pk}
    assert job.input_file.storage.exists(job.input_file.name)  # the upload went through storage
    report = b"".join(editor_client.get(job.result_url()).streaming_content).decode("utf-8-sig")
    assert "created,5" in report and "9,event_id_cnty is empty" in report


@pytest.mark.django_db
def test_the_same_file_uploaded_again_is_reported_unchanged(editor_client):
    editor_client.post(URL, upload())
    response = editor_client.post(URL, upload(), follow=True)

    report = Job.objects.order_by("-pk").first().report
    assert (report["created"], report["updated"], report["unchanged"]) == (0, 0, 5)
    assert "<th>Unchanged</th><td>5</td>" in response.content.decode()


@pytest.mark.django_db
def test_its_job_page_answers_json_for_polling(editor_client):
    editor_client.post(URL, upload())
    job = Job.objects.get()

    status = editor_client.get(reverse("events:job-status", args=[job.token])).json()

    assert status["state"] == "done" and status["finished"] and status["fraction"] == 1
    assert status["report"]["created"] == 5 and status["result_url"] == job.result_url()


@pytest.mark.django_db
def test_its_job_is_shown_to_nobody_but_its_user(editor_client, client_for, other_contributor):
    editor_client.post(URL, upload())
    job = Job.objects.get()
    client = client_for(other_contributor)

    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(reverse("events:job-result", args=[job.token])).status_code == 404


@pytest.mark.django_db
def test_it_checks_without_saving_when_asked(editor_client):
    response = editor_client.post(URL, upload(dry_run="on", status=ReviewStatus.DRAFT), follow=True)

    assert "nothing was saved" in response.content.decode()
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_it_shows_why_a_file_is_refused(editor_client):
    foreign = SimpleUploadedFile("notes.csv", b"name,value\nx,1\n")
    response = editor_client.post(URL, {"file": foreign, "status": ReviewStatus.PUBLISHED}, follow=True)

    assert response.status_code == 200
    assert "not an ACLED file" in response.content.decode()
    assert Job.objects.get().state == Job.State.FAILED


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
