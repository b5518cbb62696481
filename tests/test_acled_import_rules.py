"""The ACLED upload goes through the Event model's review rules, like every other write.

A contributor may only draft (or submit) what they import, and a row that would
change an event they may not change is rejected with its row number, nothing of
it written. The command (by=None) is the system itself.
"""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from events.acled import AcledImport
from events.models import Event, Job
from events.roles import EditConflict, WorkflowError
from events.taxonomy import ReviewStatus

URL = "/imports/acled/"
HEADER = "event_id_cnty,event_date,event_type,sub_event_type,country,location,latitude,longitude,source,notes\r\n"


def row(reference, notes="Imported notes"):
    return f"{reference},2020-01-01,Battles,Armed clash,Libya,Derna,32.7,22.6,Libya Herald,{notes}\r\n"


def csv_file(*rows):
    return (HEADER + "".join(rows)).encode()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.django_db
def test_it_offers_a_contributor_only_draft_and_in_review_defaulting_to_draft(client_for, contributor):
    body = client_for(contributor).get(URL).content.decode()

    assert 'value="draft" selected' in body and 'value="in_review"' in body
    assert 'value="published"' not in body and 'value="retracted"' not in body


@pytest.mark.django_db
def test_a_contributors_upload_cannot_publish(client_for, contributor):
    upload = SimpleUploadedFile("a.csv", csv_file(row("NEW1")))
    response = client_for(contributor).post(URL, {"file": upload, "status": ReviewStatus.PUBLISHED})

    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not Event.objects.exists() and not Job.objects.exists()
    with pytest.raises(WorkflowError, match="Only editors may publish"):
        AcledImport(user=contributor, status=ReviewStatus.PUBLISHED)


@pytest.mark.django_db
def test_a_contributors_upload_drafts_new_events_as_theirs(client_for, contributor):
    upload = SimpleUploadedFile("a.csv", csv_file(row("NEW1")))
    client_for(contributor).post(URL, {"file": upload, "status": ReviewStatus.DRAFT})

    event = Event.objects.get(reference="NEW1")
    assert (event.status, event.created_by) == (ReviewStatus.DRAFT, contributor)


@pytest.mark.django_db
def test_a_row_for_a_published_event_is_refused_and_the_event_unchanged(client_for, contributor, make_event):
    published = make_event(reference="PUB1", notes="As the editor wrote it")
    upload = SimpleUploadedFile("a.csv", csv_file(row("NEW1"), row("PUB1", "Rewritten")))
    response = client_for(contributor).post(URL, {"file": upload, "status": ReviewStatus.DRAFT}, follow=True)

    published.refresh_from_db()
    assert published.notes == "As the editor wrote it" and published.status == ReviewStatus.PUBLISHED
    assert published.latitude == 32.767 and published.updated_by is None
    job = Job.objects.get()
    assert (job.report["created"], job.report["updated"], job.report["rejected"]) == (1, 0, 1)
    [(number, reason)] = job.report["errors"]
    assert number == 3 and "PUB1" in reason and "only change your own drafts" in reason
    assert "only change your own drafts" in response.content.decode()


@pytest.mark.django_db
def test_a_row_for_someone_elses_draft_is_refused_and_ones_own_draft_updated(
        contributor, other_contributor, make_event):
    theirs = make_event(reference="THEIRS", status=ReviewStatus.DRAFT, created_by=other_contributor,
                        notes="Omar's")
    mine = make_event(reference="MINE", status=ReviewStatus.DRAFT, created_by=contributor, notes="Carla's")

    result = AcledImport(user=contributor, status=ReviewStatus.DRAFT).run(
        io.BytesIO(csv_file(row("THEIRS", "Taken over"), row("MINE", "Corrected"))))

    assert (result.updated, result.rejected) == (1, 1)
    assert [number for number, _ in result.errors] == [2]
    theirs.refresh_from_db(), mine.refresh_from_db()
    assert theirs.notes == "Omar's" and mine.notes == "Corrected"


@pytest.mark.django_db
def test_a_contributors_submitted_event_is_no_longer_theirs_to_rewrite(contributor, make_event):
    make_event(reference="SENT", status=ReviewStatus.IN_REVIEW, created_by=contributor, notes="Sent")

    result = AcledImport(user=contributor, status=ReviewStatus.DRAFT).run(io.BytesIO(csv_file(row("SENT"))))

    assert result.rejected == 1 and Event.objects.get(reference="SENT").notes == "Sent"


@pytest.mark.django_db
def test_an_editor_updates_a_published_event_and_keeps_its_status(editor, make_event):
    make_event(reference="PUB1", notes="Old")

    result = AcledImport(user=editor, status=ReviewStatus.DRAFT).run(io.BytesIO(csv_file(row("PUB1", "New"))))

    event = Event.objects.get(reference="PUB1")
    assert result.updated == 1 and (event.notes, event.status, event.updated_by) == (
        "New", ReviewStatus.PUBLISHED, editor)


@pytest.mark.django_db
def test_publishing_rows_still_need_what_publishing_needs(editor):
    unsourced = "NOSRC,2020-01-01,Battles,Armed clash,Libya,Derna,32.7,22.6,,notes\r\n"

    result = AcledImport(user=editor, status=ReviewStatus.PUBLISHED).run(io.BytesIO(csv_file(unsourced)))

    assert result.rejected == 1 and "needs a source" in result.errors[0][1]
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_the_command_is_the_system_and_may_publish():
    result = AcledImport(status=ReviewStatus.PUBLISHED).run(io.BytesIO(csv_file(row("SYS1"))))

    assert result.created == 1 and Event.objects.get().status == ReviewStatus.PUBLISHED


@pytest.mark.django_db
def test_imports_leave_history_under_the_importing_user(editor, make_event):
    make_event(reference="PUB1", notes="Old")
    stale = Event.objects.get(reference="PUB1")

    AcledImport(user=editor).run(io.BytesIO(csv_file(row("PUB1", "New"), row("NEW1"))))

    created = Event.objects.get(reference="NEW1").history.get()
    assert (created.history_type, created.history_user, created.history_change_reason) == (
        "+", editor, "ACLED import")
    changed = Event.objects.get(reference="PUB1").history.order_by("-history_id").first()
    assert (changed.history_type, changed.history_user, changed.notes) == ("~", editor, "New")
    previous = changed.prev_record
    assert previous.notes == "Old"
    # a form opened before the import is told of it, not allowed to undo it
    stale.notes = "Undo the import"
    with pytest.raises(EditConflict):
        stale.save()


@pytest.mark.django_db
def test_an_imported_rows_sources_reach_the_api_and_the_popup(client):
    AcledImport(status=ReviewStatus.PUBLISHED).run(io.BytesIO(
        (HEADER + "SRC1,2020-01-01,Battles,Armed clash,Libya,Derna,32.7,22.6,Libya Herald; Al Wasat,n\r\n").encode()))
    event = Event.objects.get()

    data = client.get(f"/api/events/{event.pk}/").json()

    assert data["sources_cited"] == "Libya Herald; Al Wasat"
    assert [(s["title"], s["url"], s["cited"]) for s in data["sources"]] == [
        ("Libya Herald", None, True), ("Al Wasat", None, True)]


@pytest.mark.django_db
def test_a_user_who_may_not_add_events_cannot_import_at_all(journalist):
    with pytest.raises(WorkflowError, match="may not add events"):
        AcledImport(user=journalist)


@pytest.mark.django_db
def test_a_row_identical_to_a_published_event_is_unchanged_for_a_contributor_not_refused(editor, contributor):
    AcledImport(user=editor).run(io.BytesIO(csv_file(row("PUB1"))))

    result = AcledImport(user=contributor, status=ReviewStatus.DRAFT).run(
        io.BytesIO(csv_file(row("PUB1"), row("PUB1-B"))))

    assert (result.created, result.updated, result.unchanged, result.rejected) == (1, 0, 1, 0)
    assert Event.objects.get(reference="PUB1").updated_by == editor
