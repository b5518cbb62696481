"""The admin's ACLED upload: the file is stored and imported by a background job.

Who may import, and with which status, is the Event model's rule
(Event.statuses_for): the form offers only the statuses the user may give new
events (a contributor: draft or in review), and the importer rejects every row
that would change an event the user may not change (Event.check_write).
The upload itself is saved through the default storage, so the worker that runs
the job (events.jobs) may be on another machine.
"""
from django import forms
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from events.jobs import start
from events.models import Event, Job
from events.taxonomy import ReviewStatus

# The user's latest import jobs listed under the form.
RECENT_JOBS = 10


class AcledUploadForm(forms.Form):
    file = forms.FileField(label=_("ACLED file"),
                           help_text=_("A CSV file in ACLED's current or pre-2019 layout, UTF-8, "
                                       "UTF-16 or Windows-1252. Rows are matched on event_id_cnty."))
    status = forms.ChoiceField(label=_("Review status of new events"),
                               help_text=_("Events already on the map keep their status."))
    dry_run = forms.BooleanField(label=_("Check only"), required=False,
                                 help_text=_("Read and check every row without saving anything."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = Event().statuses_for(user)
        field = self.fields["status"]
        field.choices = [(value, label) for value, label in ReviewStatus.choices if value in allowed]
        # ACLED data is vetted: an editor publishes it by default; anybody else drafts.
        field.initial = ReviewStatus.PUBLISHED if ReviewStatus.PUBLISHED in allowed else ReviewStatus.DRAFT


@staff_member_required
@permission_required("events.add_event", raise_exception=True)
def import_acled(request):
    form = AcledUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        job = Job(kind=Job.Kind.IMPORT_ACLED, user=request.user,
                  parameters={"status": data["status"], "dry_run": data["dry_run"],
                              "filename": data["file"].name[:200], "language": get_language() or "en"})
        job.input_file.save(data["file"].name, data["file"], save=False)
        job.save()
        start(job)
        return redirect(job)
    return render(request, "admin/events/event/import.html", {
        **admin.site.each_context(request),
        "title": _("Import an ACLED file"),
        "opts": Event._meta,
        "form": form,
        "jobs": Job.objects.filter(kind=Job.Kind.IMPORT_ACLED, user=request.user)[:RECENT_JOBS],
    })
