"""The editors' admin: every model registered, with filters, search and help texts.

Articles and events carry the editors' workflow: an article's places are found on
save and confirmed on its page, an event is drafted from a place in one click,
reviewed and published according to the user's role (events.roles and the Event model), warned
about when it may duplicate another (events.newsroom.duplicates), and every change is
kept in its history (events.newsroom.history).
"""
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count
from django.http import HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from geopy.exc import GeopyError
from simple_history.admin import SimpleHistoryAdmin

from events import roles
from events.newsroom import duplicates, history
from events.newsroom import ingest as articles
from events.countries import country_name
from events.newsroom.forms import ArticleAdminForm, EventAdminForm
from events import geocoding
from events.geocoding import get_geocoder
from events.models import (
    Actor, Article, Event, GeocodeCache, NonPlaceName, Outlet, PlaceAlias, PlaceMention, Tag,
)
from events.models.history import tracked_history
from events.roles import EditConflict, WorkflowError
from events.taxonomy import ReviewStatus

# How many candidates the event form's place search offers.
GEOCODE_LIMIT = 10


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


@admin.register(Outlet)
class OutletAdmin(WebLinkAdmin):
    list_display = ["name", "country", "language", "website"]
    list_filter = ["language", "country"]
    search_fields = ["name", "website"]


@admin.register(Article)
class ArticleAdmin(HistoryAdmin, WebLinkAdmin):
    form = ArticleAdminForm
    list_display = ["title", "outlet", "language", "published_on", "event_count"]
    list_filter = ["language", "outlet", "published_on"]
    search_fields = ["title", "body", "url"]
    date_hierarchy = "published_on"
    readonly_fields = ["fingerprint", "created_at", "created_by"]
    autocomplete_fields = ["outlet"]
    fields = ["title", "outlet", "url", "language", "published_on", "body", "upload",
              "fingerprint", "created_at", "created_by"]
    # A change to one of these runs the geoparser again.
    GEOPARSED_FIELDS = {"body", "upload", "language", "outlet"}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_event_count=Count("events"))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.may_be_edited_by(request.user))

    @admin.display(description=_("events"), ordering="_event_count")
    def event_count(self, obj):
        return obj._event_count

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        try:
            obj.check_write(request.user)
        except WorkflowError as exc:
            raise PermissionDenied(str(exc)) from exc
        super().save_model(request, obj, form, change)
        if not change or self.GEOPARSED_FIELDS & set(form.changed_data):
            found = articles.refresh_mentions(obj)
            self.message_user(request, _t("The geoparser found %(count)d new place mentions.")
                              % {"count": found})

    def response_post_save_add(self, request, obj):
        # After "Save", the editor's next step is confirming the places on the article's page.
        return HttpResponseRedirect(reverse("admin:events_article_change", args=[obj.pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        extra_context = dict(extra_context or {})
        if article is not None:
            mentions = list(article.mentions.all())
            for mention in mentions:
                mention.country_label = country_name(mention.country)
                mention.alternative_labels = [
                    (i, alt["name"], country_name(alt.get("country_code")), alt.get("feature"))
                    for i, alt in enumerate(mention.alternatives)
                ]
            extra_context.update(
                mentions=mentions,
                highlighted_body=articles.highlighted_body(article, mentions),
                can_decide=self.has_change_permission(request, article),
                can_create_event=request.user.has_perm("events.add_event"),
                can_make_alias=request.user.has_perm("events.add_placealias"),
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path("<int:article_id>/mentions/<int:mention_id>/",
                 self.admin_site.admin_view(self.mention_action),
                 name="events_article_mention"),
        ] + super().get_urls()

    def mention_action(self, request, article_id, mention_id):
        """Confirm, correct or reject a mention, or draft an event from it."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        mention = get_object_or_404(PlaceMention.objects.select_related("article"),
                                    pk=mention_id, article_id=article_id)
        action = request.POST.get("action")
        back = reverse("admin:events_article_change", args=[article_id])
        if action == "event":
            if not request.user.has_perm("events.add_event"):
                raise PermissionDenied
            event = articles.draft_event_from_mention(mention, request.user)
            self.message_user(request, _t(
                "Draft event created at %(place)s. Set its type and sub-type (it starts as "
                "“Strategic developments / Other”), actors and fatalities.") % {"place": event.location})
            return HttpResponseRedirect(reverse("admin:events_event_change", args=[event.pk]))
        if not self.has_change_permission(request, mention.article):
            raise PermissionDenied
        if action == "choose":
            try:
                articles.choose_alternative(mention, int(request.POST.get("alternative", "")))
            except (ValueError, IndexError):
                self.message_user(request, _t("Choose one of the alternatives."), messages.ERROR)
                return HttpResponseRedirect(back)
            self.message_user(request, _t("“%(text)s” now resolves to %(place)s in this article.")
                              % {"text": mention.text, "place": mention.name})
        elif action == "alias":
            try:
                PlaceAlias.from_mention(mention, request.user)
            except WorkflowError as exc:
                raise PermissionDenied(str(exc)) from exc
            self.message_user(request, _t(
                "“%(text)s” is now an alias of %(place)s for every article; an article's own "
                "context can still outweigh it.") % {"text": mention.text, "place": mention.name})
        elif action in ("confirm", "reject"):
            status = {"confirm": PlaceMention.Status.CONFIRMED,
                      "reject": PlaceMention.Status.REJECTED}[action]
            articles.set_mention_status(mention, status)
        else:
            self.message_user(request, _t("Unknown action."), messages.ERROR)
        return HttpResponseRedirect(f"{back}#mention-row-{mention.pk}")


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


@admin.register(Event)
class EventAdmin(HistoryAdmin):
    form = EventAdminForm
    list_display = ["headline", "event_date", "event_type", "sub_event_type",
                    "location", "country", "fatalities", "status", "possible_duplicates"]
    list_filter = ["status", "event_type", "sub_event_type", "country", "event_date",
                   "geo_precision"]
    search_fields = ["headline", "notes", "location", "admin1", "reference",
                     "actor1__name", "actor2__name"]
    date_hierarchy = "event_date"
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
                "{} {}", _t("This event may duplicate:"), links), messages.WARNING)

    @admin.display(description=_("possible duplicates"))
    def possible_duplicates(self, obj):
        return format_html_join(" ", '<a href="{}" class="duplicate-link">#{}</a>', (
            (reverse("admin:events_event_change", args=[c.pk]), c.pk)
            for c in duplicates.duplicate_candidates(obj))) or "—"

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
                "{} {}", _t("Not changed:"),
                format_html_join("; ", "“{}”: {}", refused)), messages.ERROR)

    def _refuse_unless_editor(self, request):
        if roles.is_editor(request.user):
            return False
        self.message_user(request, _t("Only editors may publish, retract or merge events."),
                          messages.ERROR)
        return True

    @admin.action(description=_("Submit selected drafts for review"))
    def submit_for_review(self, request, queryset):
        self._change_statuses(request, queryset, Event.submit,
                              _t("%(count)d events submitted for review."))

    @admin.action(description=_("Publish selected events"))
    def publish(self, request, queryset):
        if not self._refuse_unless_editor(request):
            self._change_statuses(request, queryset, Event.publish,
                                  _t("%(count)d events published."))

    @admin.action(description=_("Retract selected events"))
    def retract(self, request, queryset):
        if not self._refuse_unless_editor(request):
            self._change_statuses(request, queryset, Event.retract,
                                  _t("%(count)d events retracted."))

    @admin.action(description=_("Merge selected duplicates into the earliest"))
    def merge_duplicates(self, request, queryset):
        if self._refuse_unless_editor(request):
            return
        events = list(queryset)
        if len(events) < 2:
            self.message_user(request, _t("Select at least two events to merge."), messages.ERROR)
            return
        try:
            keep = duplicates.merge(events, request.user)
        except WorkflowError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        self.message_user(request, _t(
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
            return JsonResponse({"error": _t("The geocoder did not answer; try again.")}, status=502)
        return JsonResponse({"candidates": [_candidate(place) for place in places[:GEOCODE_LIMIT]]},
                            json_dumps_params={"ensure_ascii": False})


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


@admin.register(PlaceAlias)
class PlaceAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "resolved_name", "feature", "country", "latitude", "longitude", "updated_at"]
    list_filter = ["feature", "country"]
    search_fields = ["name", "resolved_name", "note"]


@admin.register(NonPlaceName)
class NonPlaceNameAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["name", "note"]


@admin.register(GeocodeCache)
class GeocodeCacheAdmin(admin.ModelAdmin):
    list_display = ["query", "created_at"]
    search_fields = ["query"]
    readonly_fields = ["key", "query", "result", "created_at"]

    def has_add_permission(self, request):
        return False  # filled by the geocoder, not by hand
