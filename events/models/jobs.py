"""Background jobs: an ACLED import or a large export, run by a Celery worker.

A Job is the user's handle on work too long for a web request: its page shows
progress, and its result (an import's report, an export's file) is downloaded
from it. Files go through Django's default storage, so a web server and a worker
on different machines see the same files when that storage is shared.

A job is identified in URLs by a random token, not its id: export jobs are
started by anonymous readers of the public map, and one reader must not guess
another's job.
"""
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobQuerySet(models.QuerySet):
    def claim(self, pk):
        """Mark the job running, unless it already finished; True if the caller may run it.

        A task acknowledged late is delivered again when its worker dies: a job
        still "running" is then run again (imports match rows on event_id_cnty and
        exports rewrite their file, so a second run gives the same result)."""
        return bool(self.filter(pk=pk, state__in=[Job.State.QUEUED, Job.State.RUNNING]).update(
            state=Job.State.RUNNING, started_at=timezone.now()))


class Job(models.Model):
    class Kind(models.TextChoices):
        IMPORT_ACLED = "import_acled", _("ACLED import")
        EXPORT_CSV = "export_csv", _("CSV export")
        EXPORT_GEOJSON = "export_geojson", _("GeoJSON export")
        EXPORT_KML = "export_kml", _("KML export")

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting for a worker")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    parameters = models.JSONField(default=dict, blank=True,
                                  help_text=_("What the job was asked: import options, export filters."))
    input_file = models.FileField(upload_to="jobs/input/%Y/%m/", blank=True, max_length=300)
    result_file = models.FileField(upload_to="jobs/result/%Y/%m/", blank=True, max_length=300)
    done_count = models.PositiveBigIntegerField(_("rows done"), default=0)
    fraction = models.FloatField(_("part done"), default=0.0)
    report = models.JSONField(default=dict, blank=True,
                              help_text=_("The import's summary and rejected rows, or the export's count."))
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk} ({self.get_state_display()})"

    def get_absolute_url(self):
        return reverse("events:job", args=[self.token])

    @property
    def finished(self):
        return self.state in (self.State.DONE, self.State.FAILED)

    def visible_to(self, user):
        """Exports are the public's (anyone with the link); an import only its user's and superusers'."""
        if self.kind != self.Kind.IMPORT_ACLED:
            return True
        return user.is_authenticated and (user.is_superuser or user.pk == self.user_id)

    def report_progress(self, done, fraction):
        """Saved at once, outside the job's own transaction, for the status page."""
        Job.objects.filter(pk=self.pk).update(done_count=done, fraction=min(max(fraction, 0.0), 1.0))
        self.done_count, self.fraction = done, fraction

    def finish(self, *, report=None, error=""):
        self.state = self.State.FAILED if error else self.State.DONE
        self.report, self.error = report or {}, error
        self.finished_at = timezone.now()
        if not error:
            self.fraction = 1.0
        self.save(update_fields=["state", "report", "error", "finished_at", "fraction", "result_file",
                                 "done_count"])

    def as_status(self):
        """The JSON the status page polls."""
        return {"state": self.state, "state_display": str(self.get_state_display()),
                "kind": self.kind, "done": self.done_count, "fraction": round(self.fraction, 3),
                "report": self.report, "error": self.error, "finished": self.finished,
                "result_url": self.result_url()}

    def result_url(self):
        if self.state != self.State.DONE or not self.result_file:
            return None
        return reverse("events:job-result", args=[self.token])
