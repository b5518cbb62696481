"""Every public URL: the map, its data and script, event pages, exports, feeds, the read API."""
from django.urls import path, re_path

from events.public import api, exports, feeds, views

urlpatterns = [
    path("", views.event_map, name="map"),
    path("embed/", views.embed, name="embed"),
    path("map/script.js", views.map_script, name="map-script"),
    path("map/data.json", views.map_data, name="map-data"),
    path("map/blocks/<int:z>/<int:x>/<int:y>.json", views.map_block, name="map-block"),
    path("map/cells/<int:z>/<int:x>/<int:y>.json", views.map_cell, name="map-cell"),
    path("events/<int:pk>/", views.event_detail, name="detail"),
    path("api/events/<int:pk>/", views.api_event_detail, name="api-detail"),
    path("api/events/", api.event_list, name="api-list"),
    path("api/events.geojson", api.event_list_geojson, name="api-geojson"),
    re_path(r"^api/", views.api_not_found, name="api-not-found"),
    path("exports/events.csv", exports.export_csv, name="export-csv"),
    path("exports/events.geojson", exports.export_geojson, name="export-geojson"),
    path("exports/events.kml", exports.export_kml, name="export-kml"),
    path("feeds/events.atom", feeds.atom_feed, name="feed-atom"),
    path("feeds/events.rss", feeds.rss_feed, name="feed-rss"),
]
