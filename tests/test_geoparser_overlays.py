"""Editors' aliases win over the gazetteer; editors' non-place names mask places."""
import pytest

from events import geoparsing as api
from events.models import NonPlaceName, PlaceAlias


@pytest.fixture(autouse=True)
def fresh_parser():
    api.reset()
    yield
    api.reset()


@pytest.mark.django_db
def test_an_alias_is_found_and_takes_precedence():
    text = "تجمع جماهيري في ساحة الصحابة وسط درنة"
    assert "ساحة الصحابة" not in [m.text for m in api.geoparse(text)]
    PlaceAlias.objects.create(name="ساحة الصحابة", resolved_name="Sahaba Square, Derna",
                              latitude=32.766, longitude=22.639, country="LY", feature="poi")
    mentions = api.geoparse(text)
    square = next(m for m in mentions if m.text == "ساحة الصحابة")
    assert (square.name, square.feature, square.confidence) == ("Sahaba Square, Derna", "poi", 1.0)


@pytest.mark.django_db
def test_an_alias_overrides_the_gazetteer_for_the_same_name():
    PlaceAlias.objects.create(name="Tripoli", resolved_name="Tripoli, Lebanon",
                              latitude=34.43, longitude=35.84, country="LB", feature="city")
    assert api.geoparse("Clashes in Tripoli.")[0].country_code == "LB"


@pytest.mark.django_db
def test_a_non_place_name_masks_the_place_inside_it():
    text = "Radio Benghazi Libre broadcast the statement."
    assert [m.name for m in api.geoparse(text)] == ["Benghazi"]
    NonPlaceName.objects.create(name="Radio Benghazi Libre", kind="media")
    assert api.geoparse(text) == []


@pytest.mark.django_db
def test_editing_an_alias_refreshes_the_parser():
    alias = PlaceAlias.objects.create(name="Camp Alpha", resolved_name="Camp Alpha",
                                      latitude=32.0, longitude=21.0, country="LY")
    assert api.geoparse("Fighters left Camp Alpha.")[0].lat == 32.0
    alias.latitude = 31.0
    alias.save()
    assert api.geoparse("Fighters left Camp Alpha.")[0].lat == 31.0
