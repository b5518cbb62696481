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
from events.geocoding import get_geocoder
from events.geocoding.results import COUNTRY, normalise

logger = logging.getLogger(__name__)

LEVELS = ("location", "admin3", "admin2", "admin1")


class RowGeocoder:
    def __init__(self, geocoder=None):
        self._geocoder = geocoder
        self._answers = {}

    @property
    def geocoder(self):
        # Loading the gazetteer takes a moment: only when a row needs it.
        if self._geocoder is None:
            self._geocoder = get_geocoder()
        return self._geocoder

    def _ask(self, query):
        if query not in self._answers:
            try:
                found = self.geocoder.geocode(query)
                self._answers[query] = normalise(found) if found is not None else None
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
            if found.feature == COUNTRY or (country and found.country_code and found.country_code != country):
                continue  # the geocoder fell back to the country, or found a namesake abroad
            return found.latitude, found.longitude, found.precision(level)
        if country:
            found = self._ask(country_name(country, "en"))
            if found is not None:
                return found.latitude, found.longitude, 3
        return None
