"""The site's URLs: the admin at ADMIN_URL (project/admin_site.py), /healthz, language switch, the app."""
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from events.ops.health import healthz

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("healthz", healthz, name="healthz"),
    # The language switcher posts here without a CSRF token, so that public pages set
    # no CSRF cookie and can be served from the front cache (events/ops/frontcache.py).
    # A forged post can only change the visitor's language cookie; nothing is written.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("", include("events.urls")),
]
