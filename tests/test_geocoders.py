"""Geocoding through geopy's interface: offline by default, any service by setting."""
import pytest
from django.core.exceptions import ImproperlyConfigured
from geopy.exc import GeocoderServiceError
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from events.geocoding import (
    OfflineGeocoder, ServiceGeocoder, geo_precision, get_geocoder, load_backend, normalise, search,
)
from events.models import GeocodeCache


@pytest.fixture
def offline(geoparser):
    return OfflineGeocoder(parser=geoparser)


def test_the_default_backend_is_the_offline_geocoder():
    assert isinstance(get_geocoder(), OfflineGeocoder)


def test_geocode_returns_a_location_or_none(offline):
    derna = offline.geocode("درنة")
    assert isinstance(derna, Location) and derna.raw["country_code"] == "LY"
    assert derna.address == "Darnah, Libya"
    assert offline.geocode("Qwxzyland") is None
    assert offline.geocode("   ") is None


def test_geocode_lists_candidates_best_first(offline):
    tripolis = offline.geocode("Tripoli", exactly_one=False)
    assert [loc.raw["country_code"] for loc in tripolis[:2]] == ["LY", "LB"]


def test_a_country_after_a_comma_restricts_the_answer(offline):
    assert offline.geocode("Tripoli, Lebanon").raw["country_code"] == "LB"
    assert offline.geocode("Tripoli", country_codes=["lb"]).raw["country_code"] == "LB"


def test_clitics_and_free_text_queries(offline):
    assert offline.geocode("وبنغازي").raw["name"] == "Benghazi"
    assert offline.geocode("explosion near the port of Benghazi").raw["name"] == "Benghazi"


def test_reverse_finds_the_nearest_town(offline):
    assert offline.reverse((32.76, 22.64)).raw["name"] == "Darnah"
    assert offline.reverse(Point(0.0, -140.0)) is None  # the middle of the Pacific


class FlakyService(Geocoder):
    """A stand-in for an online geopy geocoder."""

    def __init__(self, fail=False):
        super().__init__()
        self.calls, self.fail = 0, fail

    def geocode(self, query, *, exactly_one=True, timeout=None):
        self.calls += 1
        if self.fail:
            raise GeocoderServiceError("service down")
        return Location("Derna, Libya", Point(32.76, 22.63), {})

    def reverse(self, query, *, exactly_one=True, timeout=None):
        self.calls += 1
        return None


@pytest.mark.django_db
def test_a_service_answer_is_cached_in_the_database():
    service = FlakyService()
    geocoder = ServiceGeocoder(service, min_delay_seconds=0)
    first = geocoder.geocode("Derna")
    second = geocoder.geocode("Derna")
    assert service.calls == 1 and GeocodeCache.objects.count() == 1
    assert (second.latitude, second.longitude) == (first.latitude, first.longitude)


@pytest.mark.django_db
def test_a_failing_service_falls_back_to_the_gazetteer(geoparser):
    geocoder = ServiceGeocoder(FlakyService(fail=True), min_delay_seconds=0,
                               fallback=OfflineGeocoder(parser=geoparser))
    assert geocoder.geocode("Benghazi").raw["country_code"] == "LY"
    assert GeocodeCache.objects.count() == 0


@pytest.mark.django_db
def test_a_failing_service_without_fallback_raises():
    geocoder = ServiceGeocoder(FlakyService(fail=True), min_delay_seconds=0)
    with pytest.raises(GeocoderServiceError):
        geocoder.geocode("Benghazi")


def test_a_geopy_service_is_wrapped_rate_limited_and_cached():
    geocoder = load_backend({"BACKEND": "geopy.geocoders.Nominatim",
                             "OPTIONS": {"user_agent": "newsroom-map-tests"}})
    assert isinstance(geocoder, ServiceGeocoder)
    assert type(geocoder.service).__name__ == "Nominatim"
    assert isinstance(geocoder.fallback, OfflineGeocoder)


@pytest.mark.parametrize("path,message", [
    ("events.geocoding.NoSuchGeocoder", "cannot be imported"),
    ("events.models.Event", "is not a geopy Geocoder"),
])
def test_a_bad_backend_is_a_clear_configuration_error(path, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        load_backend({"BACKEND": path})


# -- every backend's answer in one shape ---------------------------------------------

@pytest.mark.parametrize("raw,expected", [
    ({"display_name": "Darnah, Libya", "addresstype": "city", "address": {"country_code": "ly"},
      "name": "Darnah"}, ("Darnah", "LY", "city")),                                      # Nominatim
    ({"properties": {"name": "Sirte", "countrycode": "LY", "osm_value": "town"}},
     ("Sirte", "LY", "city")),                                                           # Photon
    ({"toponymName": "Cyrenaica", "countryCode": "LY", "fcl": "L"}, ("Cyrenaica", "LY", "region")),  # GeoNames
    ({"properties": {"name": "Libya", "layer": "country", "country_code": "LY"}},
     ("Libya", "LY", "country")),                                                        # Pelias
    ({"address_components": [{"types": ["country"], "short_name": "TN"}], "types": ["locality"]},
     ("Sfax", "TN", "city")),                                                            # GoogleV3
])
def test_it_reads_the_name_country_and_kind_of_every_known_backend(raw, expected):
    place = normalise(Location("Sfax, Tunisia" if "address_components" in raw else "x, y",
                               Point(32.0, 20.0), raw))
    assert (place.name, place.country_code, place.feature) == expected


def test_a_backend_that_does_not_say_the_country_gets_it_from_the_gazetteer(geoparser):
    offline = OfflineGeocoder(parser=geoparser)
    place = normalise(Location("Somewhere", Point(32.76, 22.64), {"class": "place"}),
                      lambda lat, lon: offline.reverse((lat, lon)).raw["country_code"])
    assert place.country_code == "LY" and place.feature == "locality"


@pytest.mark.parametrize("feature,level,precision", [
    ("city", "location", 1), ("poi", "location", 1), ("region", "location", 3),
    ("country", "location", 3), ("city", "admin2", 2), ("admin", "admin3", 2),
    ("admin", "admin1", 3), ("city", "admin1", 3),
])
def test_one_rule_book_gives_acled_geo_precision(feature, level, precision):
    assert geo_precision(feature, level) == precision


class NominatimLike(Geocoder):
    """Answers as Nominatim does: no 'feature' or 'country_code' at the top of raw."""

    def geocode(self, query, *, exactly_one=True, timeout=None):
        location = Location("Benghazi, Libya", Point(32.12, 20.07),
                            {"addresstype": "city", "address": {"country_code": "ly"}, "name": "Benghazi"})
        return location if exactly_one else [location]

    def reverse(self, query, *, exactly_one=True, timeout=None):
        return None


@pytest.mark.django_db
def test_a_cached_answer_is_the_same_as_a_fresh_one(geoparser):
    geocoder = ServiceGeocoder(NominatimLike(), min_delay_seconds=0,
                               fallback=OfflineGeocoder(parser=geoparser))
    fresh = search("Benghazi", geocoder=geocoder)
    cached = search("Benghazi", geocoder=geocoder)
    assert GeocodeCache.objects.count() == 1
    assert fresh == cached and fresh[0].country_code == "LY" and fresh[0].precision() == 1


@pytest.mark.django_db
def test_a_dead_service_is_asked_once_then_left_alone(geoparser, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "dead-service"}}
    from geopy.geocoders import Nominatim

    calls = []
    # A real geopy backend pointed at a closed port of this machine: connections are refused.
    service = Nominatim(user_agent="newsroom-map-tests", domain="127.0.0.1:9", scheme="http")
    real = service.geocode
    service.geocode = lambda *args, **kwargs: calls.append(args) or real(*args, **kwargs)
    geocoder = ServiceGeocoder(service, min_delay_seconds=0, fallback=OfflineGeocoder(parser=geoparser))
    answers = [geocoder.geocode(name) for name in ["Derna", "Sirte", "Benghazi", "Tobruk"] * 5]
    assert len(calls) == 1 and geocoder.is_down()
    assert {answer.raw["country_code"] for answer in answers} == {"LY"}
