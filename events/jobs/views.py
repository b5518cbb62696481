"""A job's pages: its status (HTML, refreshed while it runs, and JSON) and its result file.

Jobs are found by their token. An import job is shown to its user and superusers
only (its report names rows of a private upload); an export job to anyone who
may see the public map and has the link.
"""
from django.contrib import admin
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from events.models import Event, Job
from events.public.access import map_access

# The page lists this many rejected rows; the report file has them all.
ERRORS_SHOWN = 200
REFRESH_SECONDS = 2


def _job_for(request, token):
    job = get_object_or_404(Job, token=token)
    if not job.visible_to(request.user):
        raise Http404(_("No such job."))
    return job


@map_access
def job_status(request, token):
    job = _job_for(request, token)
    report = job.report or {}
    context = {
        "job": job, "status": job.as_status(), "title": job.get_kind_display(),
        "refresh": None if job.finished else REFRESH_SECONDS,
        "errors_shown": (report.get("errors") or [])[:ERRORS_SHOWN],
        "percent": round(job.fraction * 100),
    }
    if job.kind == Job.Kind.IMPORT_ACLED:
        context.update(admin.site.each_context(request), opts=Event._meta, base_template="admin/base_site.html")
    else:
        context.update(base_template="base.html")
    return render(request, "events/job.html", context)


@map_access
def job_status_json(request, token):
    return JsonResponse(_job_for(request, token).as_status(), json_dumps_params={"ensure_ascii": False})


@map_access
def job_result(request, token):
    job = _job_for(request, token)
    if not job.result_url():
        raise Http404(_("This job has no file (yet)."))
    name = job.result_file.name.rsplit("/", 1)[-1]
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=name)
