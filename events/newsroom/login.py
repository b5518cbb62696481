"""Login throttling (django-axes): who is counted, and what a locked-out user reads.

django-axes counts failed logins per (username, client address) by default and
refuses further attempts for LOGIN_COOLOFF_MINUTES after LOGIN_FAILURE_LIMIT failures
(settings from the environment, see project/settings.py and docs/newsroom.md).

The client address is REMOTE_ADDR unless LOGIN_TRUSTED_PROXIES says how many proxies
of ours stand in front of the app: then it is the address the outermost of them saw,
read from the right of X-Forwarded-For. (django-ipware would read the header from the
left, which a client writes itself: an attacker could then pick a new address per
attempt. This is the one rule we need, so it is kept here rather than as a dependency.)
"""
from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _


def client_ip(request):
    proxies = getattr(settings, "LOGIN_TRUSTED_PROXIES", 0)
    remote = request.META.get("REMOTE_ADDR")
    if not proxies:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
                 if part.strip()]
    if len(forwarded) < proxies:
        return forwarded[0] if forwarded else remote
    return forwarded[-proxies]


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out user gets (HTTP 429), saying for how long."""
    cooloff = settings.AXES_COOLOFF_TIME
    context = {
        # The admin's own names (site_title in <title>, site_header), as on its other pages.
        **admin.site.each_context(request),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(cooloff.total_seconds() // 60) if cooloff else None,
        "title": _("Login refused for now"),
    }
    return render(request, "admin/lockout.html", context, status=429)
