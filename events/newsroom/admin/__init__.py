"""The editors' admin: every model registered, with filters, search and help texts.

This module holds the events' admin (and actors', tags'); articles and outlets are in
admin/articles.py, places in admin/places.py, the history lists in admin/records.py.
Articles and events carry the editors' workflow: an article's places are found on
save and confirmed on its page, an event is drafted from a place in one click,
reviewed and published according to the user's role (events.roles and the Event model), warned
about when it may duplicate another (events.newsroom.duplicates), and every change is
kept in its history (events.newsroom.history).
"""
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from geopy.exc import GeopyError

from events import geocoding, roles
from events.countries import country_name
from events.geocoding import get_geocoder
from events.models import Actor, Event, Tag
from events.newsroom import duplicates
from events.newsroom.admin import articles, places, records  # noqa: F401  (they register theirs)
from events.newsroom.admin.base import HistoryAdmin
from events.newsroom.forms import EventAdminForm
from events.roles import EditConflict, WorkflowError
from events.taxonomy import EventType, ReviewStatus, SubEventType, label

# How many candidates the event form's place search offers.
GEOCODE_LIMIT = 10


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "name_ar", "name_fr", "actor_type", "country"]
    list_filter = ["actor_type", "country"]
    search_fields = ["name", "name_ar", "name_fr", "name_en"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ["name"]


def _candidate(place):
    return {
        "name": place.name, "address": place.address, "country": place.country_code,
        "country_name": country_name(place.country_code), "lat": place.latitude,
        "lon": place.longitude, "feature": place.feature,
    }


SHOWN_DUPLICATES = 5


def _choice_column(field, name_of):
    """A change-list column showing `field` by `name_of(value)`, sorted by the field."""
    @admin.display(description=Event._meta.get_field(field).verbose_name, ordering=field)
    def column(self, obj):
        return name_of(getattr(obj, field))
    return column


class EventChangeList(ChangeList):
    """The event list: its date hierarchy probes the event_date index for the years
    (months, days) it shows instead of reading every matching event
    (events.models.event.probed_dates says why). While a search term is set the
    hierarchy is not shown: no index serves the search, so each of its two queries
    would read the whole table again, on top of the page and its count."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.query:
            self.date_hierarchy = None  # the year/month already chosen still filters

    def get_queryset(self, request, exclude_parameters=None):
        return super().get_queryset(request, exclude_parameters).with_probed_dates()


@admin.register(Event)
class EventAdmin(HistoryAdmin):
    form = EventAdminForm
    list_display = ["headline", "event_date", "event_type_label", "sub_event_type_label",
                    "location", "country_label", "fatalities", "status_label", "possible_duplicates"]
    list_filter = ["status", "event_type", "sub_event_type", "country", "event_date",
                   "geo_precision"]
    search_fields = ["headline", "notes", "location", "admin1", "reference",
                     "actor1__name", "actor2__name"]
    date_hierarchy = "event_date"
    # Django counts the unfiltered table for "N total" beside a filtered count: a second
    # full count on every page of a million events, for a figure the editors rarely need.
    show_full_result_count = False
    list_select_related = ["actor1"]
    autocomplete_fields = ["actor1", "actor2", "assoc_actor_1", "assoc_actor_2", "sources", "tags"]
    readonly_fields = ["disorder_type", "created_at", "created_by", "updated_at", "updated_by"]
    actions = ["submit_for_review", "publish", "retract", "merge_duplicates"]

    def get_fieldsets(self, request, obj=None):
        where = ["location", ("country", "admin1"), ("latitude", "longitude"), "geo_precision"]
        first = ["headline", "status", "reference"]
        if (obj or Event()).may_be_edited_by(request.user):
            where.insert(0, "place_search")
            if obj is not None:
                first.append("seen_version")  # hidden: the version this form was opened at
        return [
            (None, {"fields": first}),
            (_("When"), {"fields": [("event_date", "time_precision")]}),
            (_("What"), {"fields": [("event_type", "sub_event_type"), "disorder_type",
                                    "fatalities", "notes", "tags"]}),
            (_("Who"), {"fields": [("actor1", "assoc_actor_1"), ("actor2", "assoc_actor_2")]}),
            (_("Where"), {"fields": where}),
            (_("Sources"), {"fields": ["sources"]}),
            (_("Record"), {"classes": ["collapse"],
                           "fields": [("created_at", "created_by"), ("updated_at", "updated_by")]}),
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def get_changelist(self, request, **kwargs):
        return EventChangeList

    def view_on_site(self, obj):
        # The public page exists only for published events.
        return obj.get_absolute_url() if obj.status == ReviewStatus.PUBLISHED else None

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.may_be_edited_by(request.user))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or roles.is_editor(request.user))

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def _read_only_now(self, request, obj):
        """After "Save and continue editing" of an event the user may no longer edit
        (a contributor's submitted draft), say so instead of "You may edit it again"."""
        if "_continue" not in request.POST or obj.may_be_edited_by(request.user):
            return None
        self.message_user(request, gettext(
            "“%(headline)s” was saved as %(status)s. You can no longer edit it: an editor "
            "reviews it next.") % {"headline": obj.headline, "status": obj.get_status_display()},
            messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:events_event_change", args=[obj.pk]))

    def response_change(self, request, obj):
        return self._read_only_now(request, obj) or super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        return self._read_only_now(request, obj) or super().response_add(request, obj, post_url_continue)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EditConflict as exc:
            # Someone saved between this form's check and its save (the form's own
            # check catches the usual case); nothing of this save was kept.
            self.message_user(request, str(exc), messages.ERROR)
            return HttpResponseRedirect(request.path)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        event = self.get_object(request, object_id)
        if request.method == "GET" and event is not None:
            self._warn_about_duplicates(request, event)
        return super().change_view(request, object_id, form_url, extra_context)

    def _warn_about_duplicates(self, request, event):
        candidates = duplicates.duplicate_candidates(event)
        if candidates:
            links = format_html_join(", ", '<a href="{}">{} ({}, {})</a>', (
                (reverse("admin:events_event_change", args=[c.pk]), c.headline, c.event_date,
                 c.get_status_display()) for c in candidates))
            self.message_user(request, format_html(
                "{} {}", gettext("This event may duplicate:"), links), messages.WARNING)

    def get_changelist_instance(self, request):
        # The page's possible duplicates, found together (a constant number of queries).
        changelist = super().get_changelist_instance(request)
        page = list(changelist.result_list)
        for event, found in zip(page, map(duplicates.candidates_for(page).get, (e.pk for e in page))):
            event.possible_duplicates = found
        return changelist

    @admin.display(description=_("possible duplicates"))
    def possible_duplicates(self, obj):
        """Links to the first SHOWN_DUPLICATES candidates, then how many more (the
        event's form lists them all)."""
        found = getattr(obj, "possible_duplicates", None)
        if found is None:
            found = duplicates.duplicate_candidates(obj)
        if not found:
            return "—"
        change_url = reverse("admin:events_event_change", args=[0])
        links = format_html_join(" ", '<a href="{}" class="duplicate-link">#{}</a>', (
            (change_url.replace("/0/", f"/{c.pk}/", 1), c.pk) for c in found[:SHOWN_DUPLICATES]))
        more = len(found) - SHOWN_DUPLICATES
        return format_html('{} <span class="duplicate-more">+{}</span>', links, more) if more > 0 else links

    # Choice columns by the cached labels (events.taxonomy.label, events.countries):
    # Django's display of a choice field flattens the field's choices on every cell,
    # 250 countries for each of a hundred rows.
    event_type_label = _choice_column("event_type", lambda value: label(EventType, value))
    sub_event_type_label = _choice_column("sub_event_type", lambda value: label(SubEventType, value))
    country_label = _choice_column("country", country_name)
    status_label = _choice_column("status", lambda value: label(ReviewStatus, value))

    def _change_statuses(self, request, queryset, move, done):
        """Apply one of the model's transitions (Event.submit, publish, retract) to each
        selected event; the model refuses what the user may not do."""
        changed, refused = 0, []
        for event in queryset:
            try:
                move(event, request.user)
            except WorkflowError as exc:
                refused.append((event.headline, str(exc)))
                continue
            changed += 1
        if changed:
            self.message_user(request, done % {"count": changed}, messages.SUCCESS)
        if refused:
            self.message_user(request, format_html(
                "{} {}", gettext("Not changed:"),
                format_html_join("; ", "“{}”: {}", refused)), messages.ERROR)

    def has_review_permission(self, request):
        """Publish, retract and merge are offered only to those the model lets review."""
        return Event.may_review(request.user)

    @admin.action(description=_("Submit selected drafts for review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        self._change_statuses(request, queryset, Event.submit,
                              gettext("%(count)d events submitted for review."))

    @admin.action(description=_("Publish selected events"), permissions=["review"])
    def publish(self, request, queryset):
        self._change_statuses(request, queryset, Event.publish, gettext("%(count)d events published."))

    @admin.action(description=_("Retract selected events"), permissions=["review"])
    def retract(self, request, queryset):
        self._change_statuses(request, queryset, Event.retract, gettext("%(count)d events retracted."))

    @admin.action(description=_("Merge selected duplicates into one (a published one is kept)"),
                  permissions=["review"])
    def merge_duplicates(self, request, queryset):
        events = list(queryset)
        if len(events) < 2:
            self.message_user(request, gettext("Select at least two events to merge."), messages.ERROR)
            return
        try:
            keep = duplicates.merge(events, request.user)
        except WorkflowError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        self.message_user(request, gettext(
            "Merged %(count)d events into “%(headline)s”; the others are retracted.")
            % {"count": len(events) - 1, "headline": keep.headline}, messages.SUCCESS)

    def get_urls(self):
        return [
            path("geocode/", self.admin_site.admin_view(self.geocode_view),
                 name="events_event_geocode"),
        ] + super().get_urls()

    def geocode_view(self, request):
        """Candidates for a place name from the configured geocoder, for the map widget."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        query = request.GET.get("q", "").strip()[:200]
        if not query:
            return JsonResponse({"candidates": []})
        try:
            places = geocoding.search(query, geocoder=get_geocoder())
        except GeopyError:
            return JsonResponse({"error": gettext("The geocoder did not answer; try again.")}, status=502)
        return JsonResponse({"candidates": [_candidate(place) for place in places[:GEOCODE_LIMIT]]},
                            json_dumps_params={"ensure_ascii": False})
