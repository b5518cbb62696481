"""The site's URLs: the admin at ADMIN_URL (project/admin_site.py), /healthz, language switch, the app."""
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from events.ops.health import healthz

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("events.urls")),
]
