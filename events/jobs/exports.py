"""An export job: the map's filters applied again by the worker, the file written to storage.

The job keeps the query string, the language and the site's address of the
request that asked for it, so the file is the one the request would have
streamed. The file is written to a local temporary file, then saved through the
default storage. Running a job twice writes the same file again.
"""
import tempfile
import time
from urllib.parse import urljoin

from django.conf import settings
from django.core.files import File
from django.http import QueryDict
from django.utils.translation import get_language, gettext, override

from events.jobs import start
from events.models import Event, Job
from events.public.caching import data_version
from events.public.filters import filtered_events

PROGRESS_SECONDS = 1.0  # at most one progress save a second (pieces come by thousands of rows or by 200)


class _Site:
    """What the GeoJSON and KML writers need of a request: absolute URLs."""

    def __init__(self, base_url):
        self.base_url = base_url

    def build_absolute_uri(self, location):
        return urljoin(self.base_url, location)


class ExportsBusy(Exception):
    """Anonymous readers already have EXPORT_ANONYMOUS_JOBS exports waiting or running."""


def start_export(request, kind):
    """The job that exports what this request asks for, and its URL:
    - one already waiting or running with the same parameters;
    - else one that finished with the same parameters and started after the public
      data last changed (its file is the file a new job would write);
    - else a new one, unless the request is anonymous and anonymous readers already
      have EXPORT_ANONYMOUS_JOBS exports waiting or running (ExportsBusy): readers of a
      public map vary the query string freely, and each job holds a worker for
      minutes, so they share a bounded part of the workers. Users who are logged in
      are not limited."""
    parameters = {"query": request.GET.urlencode(), "language": get_language() or "en",
                  "base_url": request.build_absolute_uri("/")}
    same = Job.objects.filter(kind=kind, parameters=parameters)
    job = same.filter(state__in=[Job.State.QUEUED, Job.State.RUNNING]).first()
    if job is None:
        _version, changed_at = data_version()
        job = same.filter(state=Job.State.DONE, started_at__gte=changed_at).exclude(result_file="").first()
    if job is None:
        user = request.user if request.user.is_authenticated else None
        if user is None and _anonymous_jobs() >= settings.EXPORT_ANONYMOUS_JOBS:
            raise ExportsBusy()
        job = start(Job.objects.create(kind=kind, parameters=parameters, user=user))
    return job.get_absolute_url()


def _anonymous_jobs():
    exports = [Job.Kind.EXPORT_CSV, Job.Kind.EXPORT_GEOJSON, Job.Kind.EXPORT_KML]
    return Job.objects.filter(kind__in=exports, user__isnull=True,
                              state__in=[Job.State.QUEUED, Job.State.RUNNING]).count()


def run(job):
    from events.public.export_formats import FORMATS

    options = job.parameters
    form, events = filtered_events(QueryDict(options.get("query", "")), Event.objects.published())
    if form.errors:
        job.finish(error=gettext("Invalid filters: %(errors)s") % {"errors": form.errors.as_text()})
        return
    total = events.count()
    pieces, extension, row_end = FORMATS[job.kind]
    written, saved = 0, time.monotonic()
    with tempfile.TemporaryFile("w+b") as out, override(options.get("language", "en")):
        for piece in pieces(events, _Site(options.get("base_url", "/"))):
            out.write(piece.encode("utf-8"))
            # Rows are counted by what ends one in the format (a CSV cell may hold a line
            # break too: the count is capped at the total).
            written += piece.count(row_end)
            if time.monotonic() - saved >= PROGRESS_SECONDS:
                done = min(written, total)
                job.report_progress(done, done / total if total else 1.0)
                saved = time.monotonic()
        out.seek(0)
        job.result_file.save(f"events-{job.token}.{extension}", File(out), save=False)
    job.done_count = total
    job.finish(report={"events": total})
