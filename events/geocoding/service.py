"""Online geopy services, made safe for a newsroom: rate-limited, cached, with a fallback."""
import hashlib
import json
import logging

from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location
from geopy.point import Point

logger = logging.getLogger(__name__)


def _cache_key(service, method, query, exactly_one):
    text = json.dumps([type(service).__name__, method, str(query), exactly_one], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _dump(result):
    items = result if isinstance(result, list) else [result] if result else []
    return [[loc.address, loc.latitude, loc.longitude] for loc in items]


def _load(rows, exactly_one):
    locations = [Location(address, Point(lat, lon), {"cached": True}) for address, lat, lon in rows]
    if not locations:
        return None
    return locations[0] if exactly_one else locations


class ServiceGeocoder(Geocoder):
    """Wraps a geopy geocoder: answers from the database cache, else asks the service
    at most once per `min_delay_seconds`, else (on a service error) asks `fallback`."""

    def __init__(self, service, *, min_delay_seconds=1.0, fallback=None):
        super().__init__()
        self.service = service
        self.fallback = fallback
        self._geocode = RateLimiter(service.geocode, min_delay_seconds=min_delay_seconds,
                                    max_retries=1, swallow_exceptions=False)
        self._reverse = RateLimiter(service.reverse, min_delay_seconds=min_delay_seconds,
                                    max_retries=1, swallow_exceptions=False)

    def _ask(self, method, call, query, exactly_one, **kwargs):
        from events.models import GeocodeCache

        key = _cache_key(self.service, method, query, exactly_one)
        cached = GeocodeCache.objects.filter(key=key).first()
        if cached is not None:
            return _load(cached.result, exactly_one)
        try:
            result = call(query, exactly_one=exactly_one, **kwargs)
        except GeopyError:
            logger.warning("Geocoding service %s failed for %r; using the fallback",
                           type(self.service).__name__, query, exc_info=True)
            if self.fallback is None:
                raise
            return getattr(self.fallback, method)(query, exactly_one=exactly_one)
        GeocodeCache.objects.update_or_create(
            key=key, defaults={"query": str(query)[:500], "result": _dump(result)}
        )
        return result

    def geocode(self, query, *, exactly_one=True, timeout=DEFAULT_SENTINEL, **kwargs):
        return self._ask("geocode", self._geocode, query, exactly_one, **kwargs)

    def reverse(self, query, *, exactly_one=True, timeout=DEFAULT_SENTINEL, **kwargs):
        return self._ask("reverse", self._reverse, query, exactly_one, **kwargs)
