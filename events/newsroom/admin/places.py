"""Places as the newsroom knows them: aliases, non-place names, cached geocoder answers."""
from django.contrib import admin

from events.models import GeocodeCache, NonPlaceName, PlaceAlias


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
