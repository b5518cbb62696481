"""Synthetic published events for the benchmarks: spread over the region, every type, ten years."""
import datetime
import random

BATCH = 5000


def build_events(n, *, seed=None, status=None):
    """Unsaved Event objects, deterministic for a given n (or seed)."""
    from events.models import Event
    from events.taxonomy import EVENT_TYPE_OF, ReviewStatus

    pairs = list(EVENT_TYPE_OF.items())
    rng = random.Random(n if seed is None else seed)
    start = datetime.date(2015, 1, 1)
    for i in range(n):
        sub, event_type = pairs[i % len(pairs)]
        yield Event(
            headline=f"Reported event {i} near town {i % 977}",
            event_date=start + datetime.timedelta(days=i % 3650),
            event_type=event_type, sub_event_type=sub, location=f"Town {i % 977}", country="LY",
            latitude=round(rng.uniform(12.0, 37.0), 5), longitude=round(rng.uniform(-12.0, 50.0), 5),
            geo_precision=1 + i % 3, status=status or ReviewStatus.PUBLISHED,
            notes="Synthetic benchmark row.",
        )


def create_events(n, **kwargs):
    """Save n synthetic events in batches; returns n."""
    from events.models import Event

    batch = []
    for event in build_events(n, **kwargs):
        batch.append(event)
        if len(batch) == BATCH:
            Event.objects.bulk_create(batch)
            batch = []
    Event.objects.bulk_create(batch)
    return n
