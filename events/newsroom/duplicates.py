"""Possible duplicate events, and merging them into one.

Two events are possible duplicates when they have the same event type, happened
within a day of each other and within 10 km, or when they share a source article
and a place (the same article read twice). Retracted events are left out: they
are already off the map.

Merging keeps a published event if there is one, else the earliest (by event
date, then by id), and gives it every source and tag of the others; the others are retracted, not deleted, so their
pages, references and history stay for the record.
"""
import datetime
import math

from django.db import transaction
from django.db.models import Q

from events.models import Event
from events.taxonomy import ReviewStatus

MAX_DAYS = 1
MAX_KM = 10.0
_KM_PER_DEGREE = 111.2


def distance_km(lat1, lon1, lat2, lon2):
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


def _nearby(event):
    """Same type, within a day and 10 km: a bounding box in SQL, the exact distance here."""
    if not event.has_point or not event.event_date:
        return []
    days = datetime.timedelta(days=MAX_DAYS)
    dlat = MAX_KM / _KM_PER_DEGREE
    dlon = MAX_KM / (_KM_PER_DEGREE * max(0.01, math.cos(math.radians(event.latitude))))
    boxed = Event.objects.filter(
        event_type=event.event_type,
        event_date__range=(event.event_date - days, event.event_date + days),
        latitude__range=(event.latitude - dlat, event.latitude + dlat),
        longitude__range=(event.longitude - dlon, event.longitude + dlon),
    )
    return [other for other in boxed.exclude(pk=event.pk).exclude(status=ReviewStatus.RETRACTED)
            if distance_km(event.latitude, event.longitude, other.latitude, other.longitude) <= MAX_KM]


def _same_article_and_place(event):
    if event.pk is None or not event.location:
        return []
    same_place = Q(location__iexact=event.location)
    if event.has_point:
        same_place |= Q(latitude=event.latitude, longitude=event.longitude)
    return list(
        Event.objects.filter(same_place, sources__in=event.sources.all())
        .exclude(pk=event.pk).exclude(status=ReviewStatus.RETRACTED).distinct()
    )


def duplicate_candidates(event):
    """Other events that may report the same thing, earliest first."""
    found = {other.pk: other for other in _nearby(event) + _same_article_and_place(event)}
    return sorted(found.values(), key=lambda e: (e.event_date, e.pk))


def keeper(events):
    """Which of the events a merge keeps: a published one before any other (merging
    must never take a published event off the map), then the earliest."""
    return min(events, key=lambda e: (e.status != ReviewStatus.PUBLISHED, e.event_date, e.pk))


@transaction.atomic
def merge(events, user):
    """Merge events into the keeper and return it; the others are retracted
    (Event.merge_into checks that the user may)."""
    keep = keeper(events)
    others = [event for event in events if event.pk != keep.pk]
    for other in others:
        other.merge_into(keep, user)  # each writes its history and keep's
    return keep
