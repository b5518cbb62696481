"""The admin's ACLED upload: staff with the permission to add events only."""
from django import forms
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from events.acled import AcledFormatError, AcledImport
from events.models import Event
from events.taxonomy import ReviewStatus

# The page lists this many rejected rows; the count covers them all.
ERRORS_SHOWN = 200


class AcledUploadForm(forms.Form):
    file = forms.FileField(label=_("ACLED file"),
                           help_text=_("A CSV file in ACLED's current or pre-2019 layout, "
                                       "UTF-8 or Windows-1252. Rows are matched on event_id_cnty."))
    status = forms.ChoiceField(label=_("Review status of new events"), choices=ReviewStatus.choices,
                               initial=ReviewStatus.PUBLISHED,
                               help_text=_("ACLED data is vetted: published by default. "
                                           "Events already on the map keep their status."))
    dry_run = forms.BooleanField(label=_("Check only"), required=False,
                                 help_text=_("Read and check every row without saving anything."))


@staff_member_required
@permission_required("events.add_event", raise_exception=True)
def import_acled(request):
    form = AcledUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        importer = AcledImport(status=data["status"], dry_run=data["dry_run"], user=request.user)
        try:
            result = importer.run(data["file"])
        except AcledFormatError as exc:
            form.add_error("file", str(exc))
    return render(request, "admin/events/event/import.html", {
        **admin.site.each_context(request),
        "title": _("Import an ACLED file"),
        "opts": Event._meta,
        "form": form,
        "result": result,
        "summary": result.summary() if result else None,
        "errors_shown": result.errors[:ERRORS_SHOWN] if result else [],
        "dry_run": form.cleaned_data.get("dry_run") if result else False,
    })
