"""The site's URLs: the admin at ADMIN_URL, /healthz, language switch, the app."""
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from events.ops.health import healthz

if settings.ADMIN_OTP:
    # Two-factor login: the admin asks for a one-time password from a TOTP device
    # registered for the user, and lets no one in without one.
    from django_otp.admin import OTPAdminSite

    admin.site.__class__ = OTPAdminSite

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("events.urls")),
]
