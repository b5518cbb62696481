"""Geocoding through geopy's interface: offline by default, any service by setting."""
import pytest
from django.core.exceptions import ImproperlyConfigured
from geopy.exc import GeocoderServiceError
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from events.geocoding import OfflineGeocoder, ServiceGeocoder, get_geocoder, load_backend
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
