"""Online geopy services, made safe for a newsroom: rate-limited, cached, failing fast.

- Every answer is normalised (events.geocoding.results) before it is cached or
  returned, so a cached hit and a fresh answer carry the same name, country and kind.
- A service that fails (down, timed out, refusing) is remembered as down for
  `failure_memory_seconds` in Django's cache, shared by every worker: meanwhile every
  call goes straight to the fallback (the offline gazetteer) instead of waiting on
  the network again, so a dead service costs one timeout, not one per row.
- Calls carry a short timeout and no retries: an editor waiting on the place search
  or an import of thousands of rows is better served by the gazetteer at once.
"""
import hashlib
import json
import logging

from django.core.cache import cache
from geopy.exc import GeocoderServiceError, GeocoderUnavailable
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location
from geopy.point import Point

from events.geocoding.results import normalise

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 3
DEFAULT_FAILURE_MEMORY = 300


def _cache_key(service, method, query, exactly_one):
    text = json.dumps([type(service).__name__, method, str(query), exactly_one], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _as_list(result):
    return result if isinstance(result, list) else [result] if result else []


def _load(rows, exactly_one):
    """Locations from cached rows: [address, lat, lon, place] (older rows lack the place)."""
    locations = [Location(row[0], Point(row[1], row[2]), row[3] if len(row) > 3 else {})
                 for row in rows]
    if not locations:
        return None
    return locations[0] if exactly_one else locations


class ServiceGeocoder(Geocoder):
    """Wraps a geopy geocoder: answers from the database cache, else asks the service
    (at most once per `min_delay_seconds`, within `timeout`), else, when the service
    fails or is remembered as down, asks `fallback`."""

    def __init__(self, service, *, min_delay_seconds=1.0, fallback=None, timeout=DEFAULT_TIMEOUT,
                 failure_memory_seconds=DEFAULT_FAILURE_MEMORY):
        super().__init__()
        self.service = service
        self.fallback = fallback
        self.timeout = timeout
        self.failure_memory_seconds = failure_memory_seconds
        limits = {"min_delay_seconds": min_delay_seconds, "max_retries": 0, "error_wait_seconds": min_delay_seconds,
                  "swallow_exceptions": False}
        self._geocode = RateLimiter(service.geocode, **limits)
        self._reverse = RateLimiter(service.reverse, **limits)

    @property
    def _down_key(self):
        return f"geocoder-down:{type(self.service).__module__}.{type(self.service).__name__}"

    def is_down(self):
        return bool(cache.get(self._down_key))

    def _country_at(self, lat, lon):
        if self.fallback is None:
            return ""
        nearest = self.fallback.reverse((lat, lon), exactly_one=True)
        return nearest.raw.get("country_code", "") if nearest else ""

    def _normalised(self, result):
        places = [normalise(loc, self._country_at) for loc in _as_list(result)]
        return [[p.address, p.latitude, p.longitude, p.as_dict()] for p in places]

    def _fall_back(self, method, query, exactly_one, error):
        if self.fallback is None:
            raise error
        return getattr(self.fallback, method)(query, exactly_one=exactly_one)

    def _ask(self, method, call, query, exactly_one, **kwargs):
        from events.models import GeocodeCache

        key = _cache_key(self.service, method, query, exactly_one)
        cached = GeocodeCache.objects.filter(key=key).first()
        if cached is not None:
            return _load(cached.result, exactly_one)
        if self.is_down():
            return self._fall_back(method, query, exactly_one,
                                   GeocoderUnavailable(f"{type(self.service).__name__} is down"))
        try:
            result = call(query, exactly_one=exactly_one, timeout=self.timeout, **kwargs)
        except GeocoderServiceError as exc:
            logger.warning("Geocoding service %s failed for %r; using the fallback for %d s",
                           type(self.service).__name__, query, self.failure_memory_seconds,
                           exc_info=True)
            cache.set(self._down_key, True, self.failure_memory_seconds)
            return self._fall_back(method, query, exactly_one, exc)
        rows = self._normalised(result)
        GeocodeCache.objects.update_or_create(key=key, defaults={"query": str(query)[:500], "result": rows})
        return _load(rows, exactly_one)

    def geocode(self, query, *, exactly_one=True, timeout=DEFAULT_SENTINEL, **kwargs):
        return self._ask("geocode", self._geocode, query, exactly_one, **kwargs)

    def reverse(self, query, *, exactly_one=True, timeout=DEFAULT_SENTINEL, **kwargs):
        return self._ask("reverse", self._reverse, query, exactly_one, **kwargs)
