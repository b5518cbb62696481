"""The history lists: every recorded change of events and of articles, read only."""
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from events.models import Article, Event
from events.newsroom.admin.base import WebLinkAdmin


class HistoricalRecordAdmin(WebLinkAdmin):
    """Every recorded change of one kind of object, newest first: read only."""

    list_display = ["history_date", "history_user", "history_type", "history_object_link"]
    list_filter = ["history_type"]
    search_fields = ["history_user__username", "history_change_reason"]
    date_hierarchy = "history_date"
    list_select_related = ["history_user"]

    @admin.display(description=_("object"))
    def history_object_link(self, record):
        opts = record.instance_type._meta
        return format_html('<a href="{}">{}</a>', reverse(
            f"admin:{opts.app_label}_{opts.model_name}_history", args=[record.id]), str(record.instance))

    def has_add_permission(self, request):
        return False  # written by the app

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(Event.history.model, HistoricalRecordAdmin)
admin.site.register(Article.history.model, HistoricalRecordAdmin)
