"""Content-Security-Policy for the public pages.

The map pages carry no inline script or style, so the policy can forbid both;
the only other origin allowed is the tile server's, for map images.
"""
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings


def tiles_origin():
    """The tile server's origin for img-src; {s} subdomains become a wildcard."""
    parts = urlsplit(settings.EVENT_MAP["TILES_URL"])
    if not parts.scheme or not parts.netloc:
        return ""
    host = parts.netloc.replace("{s}", "*")
    return f"{parts.scheme}://{host}"


def content_security_policy(frame_ancestors="'none'"):
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        f"img-src 'self' data: {tiles_origin()}".strip(),
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        f"frame-ancestors {frame_ancestors}",
    ])


def strict_csp(frame_ancestors="'none'"):
    """Send the strict policy with the view's response."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response["Content-Security-Policy"] = content_security_policy(frame_ancestors)
            return response

        return wrapper

    return decorator
