"""An export job: the map's filters applied again by the worker, the file written to storage.

The job keeps the query string, the language and the site's address of the
request that asked for it, so the file is the one the request would have
streamed. The file is written to a local temporary file, then saved through the
default storage. Running a job twice writes the same file again.
"""
import tempfile
import time
from urllib.parse import urljoin

from django.core.files import File
from django.http import QueryDict
from django.utils.translation import get_language, gettext, override

from events.jobs import start
from events.models import Event, Job
from events.public.filters import filtered_events

PROGRESS_SECONDS = 1.0  # at most one progress save a second (pieces come by thousands of rows or by 200)


class _Site:
    """What the GeoJSON and KML writers need of a request: absolute URLs."""

    def __init__(self, base_url):
        self.base_url = base_url

    def build_absolute_uri(self, location):
        return urljoin(self.base_url, location)


def start_export(request, kind):
    """The job that exports what this request asks for: one already waiting or running
    with the same parameters, else a new one. Returns its URL."""
    parameters = {"query": request.GET.urlencode(), "language": get_language() or "en",
                  "base_url": request.build_absolute_uri("/")}
    job = Job.objects.filter(kind=kind, parameters=parameters,
                             state__in=[Job.State.QUEUED, Job.State.RUNNING]).first()
    if job is None:
        user = request.user if request.user.is_authenticated else None
        job = start(Job.objects.create(kind=kind, parameters=parameters, user=user))
    return job.get_absolute_url()


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
