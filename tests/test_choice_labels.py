"""events.taxonomy.label: the labels the API, the exports and the feeds print are the
model's own get_FOO_display() labels, in every interface language."""
import pytest
from django.utils import translation

from events.models import Event
from events.taxonomy import EventType, GeoPrecision, SubEventType, label


@pytest.mark.parametrize("language", ["en", "ar", "fr"])
def test_labels_are_the_models_display_labels_in_each_language(language):
    with translation.override(language):
        for sub in SubEventType.values:
            event = Event(event_type=EventType.BATTLES, sub_event_type=sub, geo_precision=2)
            assert label(SubEventType, sub) == str(event.get_sub_event_type_display())
            assert label(GeoPrecision, 2) == str(event.get_geo_precision_display())
        for value in EventType.values:
            assert label(EventType, value) == str(Event(event_type=value).get_event_type_display())


def test_the_label_follows_the_active_language_and_an_unknown_value_is_itself():
    with translation.override("fr"):
        french = label(EventType, "Battles")
    with translation.override("en"):
        english = label(EventType, "Battles")
    assert (french, english) == ("Batailles", "Battles")
    assert label(EventType, "Not a type") == "Not a type"
