"""Content-Security-Policy for every response, through django-csp.

settings.CONTENT_SECURITY_POLICY holds the public pages' strict policy (no inline
script or style; images from the app and the tile server). Two places differ, and
since the policy belongs to the site rather than to each view, the middleware picks
them by URL name instead of per-view decorators.

- The embed page (``events:embed``) may be framed by any site.
- The admin runs under the same strict policy as the public pages: Django 5.2's
  admin templates load every script from files, and the event form's map widget
  is the app's own file with Leaflet (tiles from the same img-src). That was
  checked in Chromium on the login page, the change lists of an editor and of a
  journalist and the event form with its map (tests/test_csp_browser.py, which
  fails on any violation). The one inline <style> in Django's change_list.html
  appears only for a ModelAdmin without actions on top or bottom; none of ours.
"""
from urllib.parse import urlsplit

from csp.constants import NONE, SELF
from csp.middleware import CSPMiddleware, PolicyParts

EMBED_VIEWS = {"events:embed"}


def tiles_origin(tiles_url):
    """The tile server's origin for img-src; {s} subdomains become a wildcard."""
    parts = urlsplit(tiles_url or "")
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"


def public_policy(tiles_url):
    images = [SELF, "data:"] + ([tiles_origin(tiles_url)] if tiles_origin(tiles_url) else [])
    return {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": images,
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, letting the embed page be framed."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if report_only or parts.config is not None:
            return parts  # a view's own @csp(...) wins
        match = getattr(request, "resolver_match", None)
        if match is None:
            return parts
        if match.view_name in EMBED_VIEWS:
            replace = dict(parts.replace or {}, **{"frame-ancestors": ["*"]})
            return PolicyParts(parts.config, parts.update, replace, parts.nonce)
        return parts
