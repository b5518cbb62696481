"""The admin site, with two-factor login when ADMIN_OTP is on (django-otp, TOTP).

With ADMIN_OTP off (the default) it is Django's AdminSite. With it on, the login
form asks for a one-time password from a TOTP device registered for the user
(an authenticator app), and a session that was not verified by one gets no admin
page. The setting is read per request, so tests and a restart with another value
need no other change. Register a device before turning it on:
`manage.py totp_device USERNAME` prints the otpauth:// link to scan.
"""
from django.conf import settings
from django.contrib.admin import AdminSite
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite


class OneDeviceOTPAuthenticationForm(OTPAdminAuthenticationForm):
    """django-otp's admin login form, which asks the user to pick a device even when
    there is only one; with exactly one confirmed device, that one is used."""

    def _chosen_device(self, user):
        device = super()._chosen_device(user)
        if device is None:
            devices = list(devices_for_user(user, confirmed=True, for_verify=True))
            if len(devices) == 1:
                device = devices[0]
        return device


class NewsroomAdminSite(AdminSite):
    # The newsroom's name on every admin page and tab, not "Django administration"
    # (the same words as the public site's title, already in the catalogues).
    site_header = _("Event map")
    site_title = _("Event map")

    @property
    def login_form(self):
        return OneDeviceOTPAuthenticationForm if settings.ADMIN_OTP else None

    @property
    def login_template(self):
        return OTPAdminSite.login_template if settings.ADMIN_OTP else None

    def has_permission(self, request):
        allowed = super().has_permission(request)
        if allowed and settings.ADMIN_OTP:
            return request.user.is_verified()
        return allowed
