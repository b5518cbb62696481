"""URLs for data in and out: exports, feeds, the read API and ACLED import."""
from django.urls import path

from events import api, exports, feeds, views_import

urlpatterns = [
    path("exports/events.csv", exports.export_csv, name="export-csv"),
    path("exports/events.geojson", exports.export_geojson, name="export-geojson"),
    path("exports/events.kml", exports.export_kml, name="export-kml"),
    path("feeds/events.atom", feeds.atom_feed, name="feed-atom"),
    path("feeds/events.rss", feeds.rss_feed, name="feed-rss"),
    path("api/events/", api.event_list, name="api-list"),
    path("api/events.geojson", api.event_list_geojson, name="api-geojson"),
    # In the admin's look, but outside /admin/: the admin's catch-all would take it.
    path("imports/acled/", views_import.import_acled, name="import-acled"),
]
