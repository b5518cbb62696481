"""The editors' admin: every model registered, with filters, search and help texts."""
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models import Actor, Article, Event, GeocodeCache, NonPlaceName, Outlet, PlaceAlias, Tag


class WebLinkAdmin(admin.ModelAdmin):
    # A pasted address without a scheme is an https one.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Outlet)
class OutletAdmin(WebLinkAdmin):
    list_display = ["name", "country", "language", "website"]
    list_filter = ["language", "country"]
    search_fields = ["name", "website"]


@admin.register(Article)
class ArticleAdmin(WebLinkAdmin):
    list_display = ["title", "outlet", "language", "published_on", "event_count"]
    list_filter = ["language", "outlet", "published_on"]
    search_fields = ["title", "body", "url"]
    date_hierarchy = "published_on"
    readonly_fields = ["fingerprint", "created_at", "created_by"]
    autocomplete_fields = ["outlet"]
    fields = ["title", "outlet", "url", "language", "published_on", "body",
              "fingerprint", "created_at", "created_by"]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(_event_count=Count("events"))

    @admin.display(description=_("events"), ordering="_event_count")
    def event_count(self, obj):
        return obj._event_count

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "name_ar", "name_fr", "actor_type", "country"]
    list_filter = ["actor_type", "country"]
    search_fields = ["name", "name_ar", "name_fr", "name_en"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["headline", "event_date", "event_type", "sub_event_type",
                    "location", "country", "fatalities", "status"]
    list_filter = ["status", "event_type", "sub_event_type", "country", "event_date",
                   "geo_precision"]
    search_fields = ["headline", "notes", "location", "admin1", "reference",
                     "actor1__name", "actor2__name"]
    date_hierarchy = "event_date"
    list_select_related = ["actor1"]
    autocomplete_fields = ["actor1", "actor2", "assoc_actor_1", "assoc_actor_2", "sources", "tags"]
    readonly_fields = ["disorder_type", "created_at", "created_by", "updated_at", "updated_by"]
    fieldsets = [
        (None, {"fields": ["headline", "status", "reference"]}),
        (_("When"), {"fields": [("event_date", "time_precision")]}),
        (_("What"), {"fields": [("event_type", "sub_event_type"), "disorder_type",
                                "fatalities", "notes", "tags"]}),
        (_("Who"), {"fields": [("actor1", "assoc_actor_1"), ("actor2", "assoc_actor_2")]}),
        (_("Where"), {"fields": ["location", ("country", "admin1"),
                                 ("latitude", "longitude"), "geo_precision"]}),
        (_("Sources"), {"fields": ["sources"]}),
        (_("Record"), {"classes": ["collapse"],
                       "fields": [("created_at", "created_by"), ("updated_at", "updated_by")]}),
    ]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


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
