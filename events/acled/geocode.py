"""A place for rows that come without coordinates.

The row's own names are tried from the most to the least precise - location,
admin3, admin2, admin1, then the country - through the configured geopy geocoder,
and the first answer in the row's country wins. geo_precision then says what was
found, as ACLED codes it: 1 the town itself; 2 a place near it or its district;
3 only the province, a region or the country. Answers are kept per query for the
whole import, as the same places come back row after row.
"""
import logging

from geopy.exc import GeopyError

from events.countries import country_name

logger = logging.getLogger(__name__)

TOWNS = {"city", "locality", "poi"}
LEVELS = ("location", "admin3", "admin2", "admin1")


def _precision(level, feature):
    if feature == "country":
        return 3
    if level == "location" and feature in TOWNS:
        return 1
    return 2 if level in ("location", "admin3", "admin2") else 3


class RowGeocoder:
    def __init__(self, geocoder=None):
        self._geocoder = geocoder
        self._answers = {}

    @property
    def geocoder(self):
        # Loading the gazetteer takes a moment: only when a row needs it.
        if self._geocoder is None:
            from events.geocoding import get_geocoder

            self._geocoder = get_geocoder()
        return self._geocoder

    def _ask(self, query):
        if query not in self._answers:
            try:
                self._answers[query] = self.geocoder.geocode(query)
            except GeopyError:
                logger.warning("Geocoding %r failed; the row stays without a point", query, exc_info=True)
                self._answers[query] = None
        return self._answers[query]

    def locate(self, values):
        """(latitude, longitude, geo_precision) for an event's values, or None."""
        country = values.get("country") or ""
        suffix = f", {country_name(country, 'en')}" if country else ""
        for level in LEVELS:
            name = values.get(level)
            if not name:
                continue
            found = self._ask(name + suffix)
            if found is None:
                continue
            raw = found.raw if isinstance(found.raw, dict) else {}
            feature, found_country = raw.get("feature"), (raw.get("country_code") or "").upper()
            if feature == "country" or (country and found_country and found_country != country):
                continue  # the geocoder fell back to the country, or found a namesake abroad
            return found.latitude, found.longitude, _precision(level, feature)
        if country:
            found = self._ask(country_name(country, "en"))
            if found is not None:
                return found.latitude, found.longitude, 3
        return None
