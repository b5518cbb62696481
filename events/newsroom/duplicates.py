"""Possible duplicate events, and merging them into one.

Two events are possible duplicates when they have the same event type, may have
happened within a day of each other and are within 10 km, or when they share a
source article and a place (the same article read twice). "When" follows the date's
precision (ACLED's time_precision): a day-precision event happened on its date, a
week-precision one in the week starting on its date (as the app shows it, "week of
..."), a month-precision one in its calendar month; two events may be duplicates when
these spans come within a day of each other. Retracted events are left out: they are
already off the map.

candidates_for(events) answers for a whole page of events in a constant number of
queries (the admin's list shows it for every row); duplicate_candidates(event) for one.

Merging keeps a published event if there is one, else the earliest (by event
date, then by id), and gives it every source and tag of the others; the others are
retracted, not deleted, so their pages, references and history stay for the record.
"""
import calendar
import datetime
import math
from bisect import bisect_left, bisect_right
from collections import defaultdict
from functools import reduce
from operator import or_

from django.db import transaction
from django.db.models import Q

from events.models import Event
from events.taxonomy import ReviewStatus, TimePrecision

MAX_DAYS = 1
MAX_KM = 10.0
_KM_PER_DEGREE = 111.2
# The widest span a date can stand for (a month), for the SQL prefilter.
_WIDEST_DAYS = 31
# Events per query of the nearby search (keeps the SQL within every database's limits).
CHUNK = 100
_FIELDS = ["id", "headline", "event_date", "time_precision", "event_type", "latitude",
           "longitude", "location", "status"]


def distance_km(lat1, lon1, lat2, lon2):
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


def date_span(event):
    """(first, last) day the event may have happened on, by its time precision."""
    day = event.event_date
    if event.time_precision == TimePrecision.WEEK:
        return day, day + datetime.timedelta(days=6)
    if event.time_precision == TimePrecision.MONTH:
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=1), day.replace(day=last)
    return day, day


def close_in_time(a, b):
    (a_first, a_last), (b_first, b_last) = date_span(a), date_span(b)
    gap = datetime.timedelta(days=MAX_DAYS)
    return a_first - gap <= b_last and b_first - gap <= a_last


def _box(event):
    first, last = date_span(event)
    days = datetime.timedelta(days=MAX_DAYS + _WIDEST_DAYS)
    dlat = MAX_KM / _KM_PER_DEGREE
    dlon = MAX_KM / (_KM_PER_DEGREE * max(0.01, math.cos(math.radians(event.latitude))))
    return Q(event_type=event.event_type, event_date__range=(first - days, last + days),
             latitude__range=(event.latitude - dlat, event.latitude + dlat),
             longitude__range=(event.longitude - dlon, event.longitude + dlon))


def _by_latitude(others):
    """{event type: (latitudes, events)}, each sorted by latitude, with each event's span."""
    grouped = defaultdict(list)
    for other in others:
        other.span = date_span(other)
        grouped[other.event_type].append(other)
    index = {}
    for event_type, group in grouped.items():
        group.sort(key=lambda e: e.latitude)
        index[event_type] = ([e.latitude for e in group], group)
    return index


def _nearby(events):
    """{pk: [others]}: same type, close in time and within 10 km (boxes in SQL, the
    exact rule here); one query per CHUNK events.

    A page of a busy town's events can bring thousands of others (every event of the
    type within 10 km and a month): each event only looks at those of its type in its
    band of latitude (a bisection), so the check grows with what is near, not with
    the page times all that was fetched."""
    found = defaultdict(list)
    located = [e for e in events if e.has_point and e.event_date]
    gap = datetime.timedelta(days=MAX_DAYS)
    dlat = MAX_KM / _KM_PER_DEGREE
    for start in range(0, len(located), CHUNK):
        chunk = located[start:start + CHUNK]
        index = _by_latitude(Event.objects.filter(reduce(or_, (_box(e) for e in chunk)))
                             .exclude(status=ReviewStatus.RETRACTED).only(*_FIELDS))
        for event in chunk:
            latitudes, group = index.get(event.event_type, ((), ()))
            first, last = date_span(event)
            band = group[bisect_left(latitudes, event.latitude - dlat):bisect_right(latitudes, event.latitude + dlat)]
            found[event.pk] += [
                other for other in band
                if other.pk != event.pk and first - gap <= other.span[1] and other.span[0] - gap <= last
                and distance_km(event.latitude, event.longitude, other.latitude, other.longitude) <= MAX_KM
            ]
    return found


def _same_article_and_place(events):
    """{pk: [others]} citing one of the event's articles at the same place; two queries."""
    events = [e for e in events if e.pk is not None and e.location]
    through = Event.sources.through
    articles = defaultdict(set)
    for event_id, article_id in through.objects.filter(
            event_id__in=[e.pk for e in events]).values_list("event_id", "article_id"):
        articles[event_id].add(article_id)
    wanted = set().union(*articles.values()) if articles else set()
    citing = defaultdict(dict)
    for row in (through.objects.filter(article_id__in=wanted)
                .exclude(event__status=ReviewStatus.RETRACTED)
                .select_related("event").only(*(f"event__{f}" for f in _FIELDS), "article_id")):
        citing[row.article_id][row.event_id] = row.event
    found = defaultdict(list)
    for event in events:
        others = {pk: other for a in articles[event.pk] for pk, other in citing[a].items()}
        for other in others.values():
            same_place = (other.location or "").casefold() == event.location.casefold() or (
                event.has_point and (other.latitude, other.longitude) == (event.latitude, event.longitude))
            if other.pk != event.pk and same_place:
                found[event.pk].append(other)
    return found


def candidates_for(events):
    """{event pk: other events that may report the same thing, earliest first}."""
    events = list(events)
    nearby, same_source = _nearby(events), _same_article_and_place(events)
    result = {}
    for event in events:
        found = {other.pk: other for other in nearby.get(event.pk, []) + same_source.get(event.pk, [])}
        result[event.pk] = sorted(found.values(), key=lambda e: (e.event_date, e.pk))
    return result


def duplicate_candidates(event):
    """Other events that may report the same thing as `event`, earliest first."""
    return candidates_for([event]).get(event.pk, [])


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
