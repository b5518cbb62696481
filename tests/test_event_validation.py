"""An event that contradicts the ACLED codebook is refused with a clear message."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from events.models import Event
from events.taxonomy import EVENT_TYPE_OF, SUB_EVENT_TYPES, DisorderType, EventType


def build(**fields):
    values = {
        "headline": "Protest in Rabat", "event_date": datetime.date(2020, 1, 3),
        "event_type": "Protests", "sub_event_type": "Peaceful protest",
        "location": "Rabat", "country": "MA", "latitude": 34.0, "longitude": -6.8,
    }
    values.update(fields)
    return Event(**values)


def errors_of(event):
    with pytest.raises(ValidationError) as info:
        event.full_clean()
    return info.value.message_dict


def test_it_has_the_acled_taxonomy():
    assert len(EventType) == 6
    assert sum(len(subs) for subs in SUB_EVENT_TYPES.values()) == 25
    assert len(DisorderType) == 4  # three types plus the combined one ACLED uses


@pytest.mark.django_db
def test_it_accepts_a_valid_event():
    build().full_clean()


@pytest.mark.django_db
def test_it_rejects_a_sub_type_of_another_type():
    errors = errors_of(build(event_type="Battles", sub_event_type="Peaceful protest"))
    assert "sub_event_type" in errors
    assert "not a sub-event type of" in errors["sub_event_type"][0]


@pytest.mark.django_db
@pytest.mark.parametrize("field,value", [("latitude", 90.5), ("latitude", -91),
                                         ("longitude", 180.01), ("longitude", -200)])
def test_it_rejects_coordinates_out_of_range(field, value):
    assert field in errors_of(build(**{field: value}))


@pytest.mark.django_db
def test_it_rejects_half_a_point():
    assert "longitude" in errors_of(build(longitude=None))


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["time_precision", "geo_precision"])
@pytest.mark.parametrize("value", [0, 4])
def test_it_rejects_precisions_outside_one_to_three(field, value):
    assert field in errors_of(build(**{field: value}))


@pytest.mark.django_db
def test_it_rejects_negative_fatalities():
    assert "fatalities" in errors_of(build(fatalities=-1))


@pytest.mark.django_db
def test_it_bounds_fatalities_as_an_import_does():
    build(fatalities=2**31 - 1).full_clean()
    errors = errors_of(build(fatalities=2**31))
    assert "2147483647" in errors["fatalities"][0]


@pytest.mark.django_db
def test_it_keeps_unknown_fatalities_apart_from_zero(make_event):
    unknown = make_event(fatalities=None)
    zero = make_event(fatalities=0)
    assert Event.objects.get(pk=unknown.pk).fatalities is None
    assert Event.objects.get(pk=zero.pk).fatalities == 0


@pytest.mark.django_db
def test_it_rejects_a_future_date():
    assert "event_date" in errors_of(build(event_date=datetime.date.today() + datetime.timedelta(days=2)))


@pytest.mark.django_db
def test_it_rejects_an_unknown_country_code():
    assert "country" in errors_of(build(country="XX"))


@pytest.mark.django_db
@pytest.mark.parametrize("sub_event_type,disorder", [
    ("Armed clash", "Political violence"),
    ("Peaceful protest", "Demonstrations"),
    ("Excessive force against protesters", "Political violence; Demonstrations"),
    ("Mob violence", "Political violence; Demonstrations"),
    ("Arrests", "Strategic developments"),
])
def test_it_derives_the_disorder_type(make_event, sub_event_type, disorder):
    event = make_event(event_type=EVENT_TYPE_OF[sub_event_type], sub_event_type=sub_event_type)
    assert Event.objects.get(pk=event.pk).disorder_type == disorder


@pytest.mark.django_db
def test_the_database_refuses_out_of_range_coordinates_that_skip_validation(make_event):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_event(latitude=123.0)
