"""EventQuerySet.page: a page of an ordered selection read ids first gives the rows
slicing gives, in the same order, for the first, a middle and the last page, with a
filter and ties on the date (the id breaks them); past the end it is empty. The
two reads start at DIRECT_PAGE_START rows (set to 0 here, so every page takes them),
one read before."""
import datetime

import pytest

from events.models import Actor, Event
from events.models.event import EventQuerySet
from events.public.filters import filtered_events


@pytest.mark.django_db
@pytest.mark.parametrize("direct_start", [0, 1000])
def test_a_page_read_ids_first_holds_the_rows_and_order_slicing_gives(make_event, monkeypatch, direct_start):
    monkeypatch.setattr(EventQuerySet, "DIRECT_PAGE_START", direct_start)
    alpha = Actor.objects.create(name="Brigade Alpha", actor_type=3)
    for i in range(23):
        make_event(headline=f"Event {i}", event_date=datetime.date(2015, 1, 1 + i % 5),
                   actor1=alpha if i % 3 else None, latitude=None if i == 7 else 32.0, longitude=20.0)
    selections = [Event.objects.published().located().order_by("-event_date", "-id"),
                  filtered_events({"actor": "alpha"}, Event.objects.published())[1].order_by("-event_date", "-id"),
                  Event.objects.published().with_related()]
    for events in selections:
        total = events.count()
        for start in (0, 5, 10, total - 3, total):
            expected = [e.pk for e in events[start:start + 5]]
            assert [e.pk for e in events.page(start, start + 5)] == expected, (start, str(events.query))
    assert list(Event.objects.published().order_by("-id").page(100, 105)) == []
