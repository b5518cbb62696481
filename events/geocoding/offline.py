"""An offline geocoder with geopy's interface, answering from the embedded gazetteer."""
import math

from geopy.exc import GeocoderQueryError
from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location
from geopy.point import Point

from events.countries import country_name
from events.geoparser import gazetteer as gz
from events.geoparser.phrases import clitic_variants
from events.geoparser.normalize import normalize_name

# Reverse geocoding looks in grid cells of this many degrees around the point.
_CELL = 1.0


class OfflineGeocoder(Geocoder):
    """geocode("Derna, Libya") and reverse((32.76, 22.63)) without any network."""

    def __init__(self, *, parser=None, use_database=True, **kwargs):
        super().__init__(**kwargs)
        self._parser = parser
        self._use_database = use_database
        self._grid = None

    @property
    def parser(self):
        if self._parser is None:
            from events.geoparsing import get_parser

            self._parser = get_parser(self._use_database)
        return self._parser

    def _location(self, place, score=None):
        country = place.get("country_code")
        address = ", ".join(p for p in (place["name"], country_name(country, "en")) if p)
        raw = {**place, "score": score}
        return Location(address, Point(place["lat"], place["lon"]), raw)

    def _candidates(self, name, countries):
        parser, gaz = self.parser, self.parser.gaz
        key = normalize_name(name)
        alias = parser.aliases.keys.get(key)
        if alias:
            return [(100.0, alias)]
        ids = list(gaz.candidates(key))
        if not ids and " " not in key:
            for variant in clitic_variants(key):
                ids = list(gaz.candidates(variant))
                if ids:
                    break
        scored = []
        for pid in ids:
            place = gaz.place(pid)
            if countries and place["country_code"] not in countries:
                continue
            scored.append((parser._prior(pid), place))
        scored.sort(key=lambda pair: -pair[0])
        return scored

    def _countries_in(self, parts):
        gaz = self.parser.gaz
        found = set()
        for part in parts:
            for pid in gaz.candidates(normalize_name(part)):
                if gaz.kind[pid] == gz.COUNTRY:
                    found.add(gaz.country[pid])
        return found

    def geocode(self, query, *, exactly_one=True, timeout=DEFAULT_SENTINEL, country_codes=None):
        """Places named `query` ("Tripoli", "Tripoli, Libya", "طرابلس"), best first.

        A query that is not itself a name is geoparsed, and the places it names are
        returned in order. `country_codes` restricts results to those countries.
        """
        if not isinstance(query, str):
            raise GeocoderQueryError("The query must be a string.")
        query = query.strip()
        if not query:
            return None
        parts = [part.strip() for part in query.split(",") if part.strip()]
        countries = {code.upper() for code in (country_codes or [])} or self._countries_in(parts[1:])
        scored = self._candidates(parts[0], countries)
        if not scored:
            mentions = self.parser.parse(query)
            scored = [(m.confidence, {
                "name": m.name, "lat": m.lat, "lon": m.lon, "country_code": m.country_code,
                "feature": m.feature, "geonames_id": m.geonames_id,
            }) for m in mentions if not countries or m.country_code in countries]
        if not scored:
            return None
        locations = [self._location(place, score) for score, place in scored]
        return locations[0] if exactly_one else locations

    def _build_grid(self):
        gaz = self.parser.gaz
        grid = {}
        for pid, kind in enumerate(gaz.kind):
            if kind in (gz.CITY, gz.LOCALITY):
                cell = (math.floor(gaz.lat[pid] / _CELL), math.floor(gaz.lon[pid] / _CELL))
                grid.setdefault(cell, []).append(pid)
        return grid

    def reverse(self, query, *, exactly_one=True, timeout=DEFAULT_SENTINEL, max_km=100):
        """The nearest towns to a (lat, lon) point, within `max_km`."""
        point = Point(query)
        if self._grid is None:
            self._grid = self._build_grid()
        gaz = self.parser.gaz
        from events.geoparser.resolve import haversine_km as _haversine_km

        row, col = math.floor(point.latitude / _CELL), math.floor(point.longitude / _CELL)
        nearby = []
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                for pid in self._grid.get((row + dr, col + dc), ()):
                    km = _haversine_km(point.latitude, point.longitude, gaz.lat[pid], gaz.lon[pid])
                    if km <= max_km:
                        nearby.append((km, -gaz.population[pid], pid))
        if not nearby:
            return None
        nearby.sort()
        locations = [self._location(gaz.place(pid), round(km, 2)) for km, _, pid in nearby[:10]]
        return locations[0] if exactly_one else locations
