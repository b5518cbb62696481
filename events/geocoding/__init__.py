"""Geocoding behind geopy's interface, backend chosen in settings.GEOCODER.

    GEOCODER = {"BACKEND": "events.geocoding.OfflineGeocoder", "OPTIONS": {}}

The default is the offline gazetteer. Any geopy geocoder class can be named
instead, e.g. "geopy.geocoders.Nominatim" with OPTIONS {"user_agent": "..."};
it is then wrapped in ServiceGeocoder: rate-limited, cached in the database, and
falling back to the offline gazetteer when the service fails.
"""
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string
from geopy.geocoders.base import Geocoder

from events.geocoding.offline import OfflineGeocoder
from events.geocoding.service import ServiceGeocoder

__all__ = ["OfflineGeocoder", "ServiceGeocoder", "get_geocoder", "load_backend"]


def load_backend(config):
    """A geocoder instance from a {"BACKEND", "OPTIONS", ...} dict."""
    path = config.get("BACKEND") or "events.geocoding.OfflineGeocoder"
    try:
        backend = import_string(path)
    except ImportError as exc:
        raise ImproperlyConfigured(f"GEOCODER backend {path!r} cannot be imported: {exc}") from exc
    if not (isinstance(backend, type) and issubclass(backend, Geocoder)):
        raise ImproperlyConfigured(f"GEOCODER backend {path!r} is not a geopy Geocoder class.")
    options = dict(config.get("OPTIONS") or {})
    if issubclass(backend, OfflineGeocoder):
        return backend(**options)
    return ServiceGeocoder(
        backend(**options),
        min_delay_seconds=config.get("MIN_DELAY_SECONDS", 1.0),
        fallback=OfflineGeocoder() if config.get("FALLBACK", True) else None,
    )


def get_geocoder():
    return load_backend(settings.GEOCODER)
