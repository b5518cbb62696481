"""What the newsroom's model admins share: web links with a scheme, and the change
history (one record per form save, listed under the form)."""
from django.contrib import admin
from django.db import models
from django.http import HttpResponseNotAllowed
from simple_history.admin import SimpleHistoryAdmin

from events.models.history import tracked_history
from events.newsroom import history


class WebLinkAdmin(admin.ModelAdmin):
    # A pasted address without a scheme is an https one.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class HistoryAdmin(SimpleHistoryAdmin):
    """One historical record per form save (fields and many-to-many together), under
    the editor's name; the latest records are listed on the form itself and in full on
    its History page (simple-history's, with revert disabled in settings)."""

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        obj.skip_history_when_saving = True
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        obj = form.instance
        try:
            super().save_related(request, form, formsets, change)
        finally:
            obj.__dict__.pop("skip_history_when_saving", None)
        tracked_history(type(obj)).record(obj, "~" if change else "+", request.user)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # A past version can be read, never saved back from here: a revert would skip
        # the form's conflict check and rewrite the record without review.
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        return super().history_form_view(request, object_id, version_id, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra_context = dict(extra_context or {})
        if obj is not None:
            extra_context["history_entries"] = history.entries_for(obj)
        return super().change_view(request, object_id, form_url, extra_context)
