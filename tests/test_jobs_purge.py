"""manage.py purge_jobs deletes old finished jobs and their files, never unfinished ones."""
import datetime
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from events.models import Job


@pytest.mark.django_db
def test_it_deletes_old_finished_jobs_with_their_files_and_keeps_the_rest(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    old = timezone.now() - datetime.timedelta(days=10)
    done = Job.objects.create(kind=Job.Kind.EXPORT_CSV, state=Job.State.DONE, created_at=old)
    done.result_file.save("old.csv", ContentFile(b"x"))
    path = done.result_file.path
    running = Job.objects.create(kind=Job.Kind.EXPORT_CSV, state=Job.State.RUNNING, created_at=old)
    recent = Job.objects.create(kind=Job.Kind.EXPORT_CSV, state=Job.State.DONE)
    out = StringIO()

    call_command("purge_jobs", "--days", "7", stdout=out)

    assert set(Job.objects.values_list("pk", flat=True)) == {running.pk, recent.pk}
    assert not (tmp_path / path).exists() and "1 finished job(s)" in out.getvalue()
