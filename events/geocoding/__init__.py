"""Geocoding behind geopy's interface, backend chosen in settings.GEOCODER.

    GEOCODER = {"BACKEND": "events.geocoding.OfflineGeocoder", "OPTIONS": {}}

The default is the offline gazetteer. Any geopy geocoder class can be named
instead, e.g. "geopy.geocoders.Nominatim" with OPTIONS {"user_agent": "..."};
it is then wrapped in ServiceGeocoder: rate-limited, cached in the database, and
falling back to the offline gazetteer at once when the service fails or is down.
Further keys: "TIMEOUT" (seconds per call, default 3), "FAILURE_MEMORY_SECONDS" (how
long a failed service is left alone, default 300), "MIN_DELAY_SECONDS", "FALLBACK".

The app reads answers through `search()`, which gives `Place` objects
(events.geocoding.results) whatever the backend.
"""
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string
from geopy.geocoders.base import Geocoder

from events.geocoding.offline import OfflineGeocoder
from events.geocoding.results import Place, geo_precision, normalise
from events.geocoding.service import DEFAULT_FAILURE_MEMORY, DEFAULT_TIMEOUT, ServiceGeocoder

__all__ = ["OfflineGeocoder", "Place", "ServiceGeocoder", "geo_precision", "get_geocoder",
           "load_backend", "search"]


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
        timeout=config.get("TIMEOUT", DEFAULT_TIMEOUT),
        failure_memory_seconds=config.get("FAILURE_MEMORY_SECONDS", DEFAULT_FAILURE_MEMORY),
    )


def get_geocoder():
    return load_backend(settings.GEOCODER)


def search(query, *, exactly_one=False, geocoder=None):
    """The configured geocoder's answers for `query` as Place objects, best first
    (one Place or None with `exactly_one`). Raises geopy errors when no fallback answers."""
    geocoder = geocoder or get_geocoder()
    found = geocoder.geocode(query, exactly_one=exactly_one)
    if exactly_one:
        return normalise(found) if found is not None else None
    return [normalise(location) for location in found or ()]
