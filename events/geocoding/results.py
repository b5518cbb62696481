"""One shape for every geocoder's answer, and one rule book for ACLED's geo precision.

geopy gives every backend the same call (`geocode`, `reverse`) but not the same
answer: `Location.raw` is whatever the service sent, so code that reads
`raw["country_code"]` works with our offline gazetteer and silently gets nothing
from Nominatim. `normalise()` maps the raw answers of the services a newsroom is
likely to configure onto one `Place` (name, address, point, country, kind of place),
and fills what a service does not say (most often the country) from the offline
gazetteer's nearest town. The app reads only `Place` fields; the service cache
stores them, so a cached answer is the same as a fresh one.

This mapping is ours because geopy deliberately leaves `raw` untouched and no
library normalises it across backends.
"""
from dataclasses import asdict, dataclass

from events.taxonomy import GeoPrecision

# Kinds of place, as the gazetteer and PlaceMention name them.
COUNTRY, REGION, ADMIN, CITY, LOCALITY, POI = "country", "region", "admin", "city", "locality", "poi"
TOWNS = frozenset({CITY, LOCALITY, POI})
FEATURES = (COUNTRY, REGION, ADMIN, CITY, LOCALITY, POI)

# How services name kinds of place (OSM's place/boundary types, Pelias layers,
# Google's types, GeoNames feature classes), mapped onto ours.
_KIND_WORDS = {
    COUNTRY: {"country", "nation"},
    ADMIN: {"state", "province", "region", "county", "district", "state_district", "municipality",
            "administrative", "administrative_area_level_1", "administrative_area_level_2",
            "administrative_area_level_3", "macrocounty", "localadmin", "governorate"},
    CITY: {"city", "town", "locality"},
    LOCALITY: {"village", "hamlet", "suburb", "neighbourhood", "quarter", "borough",
               "isolated_dwelling", "sublocality", "neighborhood"},
    REGION: {"continent", "macroregion", "sea", "ocean", "water", "natural", "island", "mountain",
             "desert", "peninsula"},
}
_KIND_OF_WORD = {word: kind for kind, words in _KIND_WORDS.items() for word in words}
_GEONAMES_CLASSES = {"A": ADMIN, "P": CITY, "L": REGION, "H": REGION, "T": REGION, "S": POI,
                     "R": POI, "V": REGION, "U": REGION}


@dataclass(frozen=True)
class Place:
    """A geocoder's answer, whatever the backend."""

    name: str
    address: str
    latitude: float
    longitude: float
    country_code: str  # ISO 3166-1 alpha-2, upper case; "" when unknown
    feature: str       # one of FEATURES

    def as_dict(self):
        return asdict(self)

    def precision(self, level="location"):
        return geo_precision(self.feature, level)


def geo_precision(feature, level="location"):
    """ACLED's geo_precision for a place of kind `feature` found for a name at `level`.

    `level` is which name found it: "location" (the place itself, or a place an article
    names), "admin3", "admin2" or "admin1" (an ACLED row's divisions). 1: the town
    itself; 2: a place near it, or only its district is known; 3: only a province, a
    region or the country is known.
    """
    if feature == COUNTRY or level == "admin1":
        return GeoPrecision.REGION
    if level in ("admin2", "admin3"):
        return GeoPrecision.NEAR
    return GeoPrecision.EXACT if feature in TOWNS else GeoPrecision.REGION


def _first(*values):
    return next((value for value in values if value), "")


def _kind(*words):
    for word in words:
        if isinstance(word, (list, tuple)):
            found = _kind(*word)
            if found:
                return found
        elif word and str(word).lower() in _KIND_OF_WORD:
            return _KIND_OF_WORD[str(word).lower()]
    return ""


def _google_country(components):
    for part in components or ():
        if "country" in part.get("types", ()):
            return part.get("short_name", "")
    return ""


def _read_raw(raw):
    """(name, country code, kind) from a raw answer of a known backend; blanks if unknown."""
    if not isinstance(raw, dict):
        return "", "", ""
    if raw.get("feature") in FEATURES:  # ours: the offline gazetteer, or the cache
        return raw.get("name", ""), raw.get("country_code") or "", raw["feature"]
    props = raw.get("properties") if isinstance(raw.get("properties"), dict) else {}
    address = raw.get("address") if isinstance(raw.get("address"), dict) else {}
    components = raw.get("components") if isinstance(raw.get("components"), dict) else {}
    name = _first(raw.get("name"), props.get("name"), raw.get("toponymName"))
    country = _first(
        raw.get("country_code"), raw.get("countryCode"), address.get("country_code"),
        props.get("countrycode"), props.get("country_code"), components.get("country_code"),
        _google_country(raw.get("address_components")),
    )
    kind = _kind(raw.get("addresstype"), raw.get("type"), props.get("layer"), props.get("type"),
                 props.get("osm_value"), components.get("_type"), raw.get("types"))
    if not kind and raw.get("fcl"):
        kind = _GEONAMES_CLASSES.get(raw["fcl"], "")
    return name, str(country).upper()[:2], kind


def normalise(location, locate_country=None):
    """A Place from a geopy Location; `locate_country(lat, lon)` fills a missing country."""
    name, country, kind = _read_raw(location.raw)
    if not country and locate_country is not None:
        country = locate_country(location.latitude, location.longitude) or ""
    address = location.address or name
    return Place(
        name=name or address.split(",")[0].strip(), address=address,
        latitude=location.latitude, longitude=location.longitude,
        country_code=country, feature=kind or LOCALITY,
    )
