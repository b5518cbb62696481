from django.urls import path

from events import urls_data, views

app_name = "events"

urlpatterns = [
    path("", views.event_map, name="map"),
    path("embed/", views.embed, name="embed"),
    path("map/script.js", views.map_script, name="map-script"),
    path("map/data.json", views.map_data, name="map-data"),
    path("events/<int:pk>/", views.event_detail, name="detail"),
    path("api/events/<int:pk>/", views.api_event_detail, name="api-detail"),
]

urlpatterns += urls_data.urlpatterns
