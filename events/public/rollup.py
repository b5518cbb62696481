"""Which part of a map request the rollup answers (events.models.mapdata.MapRollup).

The rollup sums published, located events per coarse cell x month x event type x
country x geo precision; the database keeps it exact (migration 0012's triggers). So
it can answer, with exact counts, every selection made of those keys: no filter, one
or more event types, countries and precisions, and date ranges, where whole months
come from the rollup and the days of a partly covered month at either edge of the
range (``date_from=2015-03-10``, the slider's ``until=``) from the event rows, over
the (status, event_date) index: a few days' events, whatever the total.

Filters it has no key for (sub-event type, actor, text: ``LIVE_FILTERS``) are, on
PostgreSQL, summed once per filter and data version into cached rows of the same
shape (events.public.selections says why, and why not a rollup key for the
sub-event type), which the grid then reads as it reads the rollup; on SQLite, and
for one focused event, they are answered from the event rows alone: the index
(status, cell_x, cell_y) keeps them correct, not constant-time.

Without a type, country or precision filter the coarse levels' marginal rows answer
(summed over those keys: per month, or over all months when no date bounds the
selection), so the unfiltered world view reads a few hundred rows.

``select()`` returns a ``Selection``; events.public.grid reads both parts and adds
them up (counts, sums and extents add; a lone event is named by its sum of ids).
"""
import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from events.models import MapRollup
from events.public import selections
from events.public.caching import data_version
from events.models.mapdata import ROLLUP_ALL_MONTHS, ROLLUP_ANY, ROLLUP_MARGINAL_LEVELS

# Keys of the rollup a filter may use (filter name -> rollup field).
KEYED_FILTERS = {"event_type": "event_type", "country": "country", "geo_precision": "geo_precision"}
# Filters the rollup cannot answer: any of them sends the request to the event rows.
LIVE_FILTERS = ("sub_event_type", "actor", "q")


@dataclass
class Selection:
    """The events a map request selects, split in two parts that never overlap:
    ``rows`` (rollup rows of whole months, or None) and ``live`` (the matching events
    outside those months, or None when there are none to look at). ``events`` is the
    whole selection, for what only the event rows can give (lists, all points)."""

    events: QuerySet
    rows: QuerySet | None
    live: QuerySet | None
    by_month: QuerySet | None = None  # the marginal rows per month, when no key is filtered
    total: QuerySet | None = None     # the marginal rows over all months, when no date either
    # Called with a level and the grid ranges about to be read, where their rows may
    # not be summed yet (a cached selection's fine levels: events.public.selections).
    prepare: Callable[[int, tuple, tuple], None] | None = None

    def prepare_for(self, level, x_range, y_range):
        """Make sure the rows of `level` over the half-open grid ranges are summed.
        Called outside any transaction of the caller's: a fill commits on its own,
        so the locks it takes are let go when it is done."""
        if self.prepare is not None:
            self.prepare(level, x_range, y_range)

    def rows_at(self, level):
        """The fewest rollup rows that answer at `level` (the marginal ones if they can)."""
        if level in ROLLUP_MARGINAL_LEVELS:
            if self.total is not None:
                return self.total
            if self.by_month is not None:
                return self.by_month
        return self.rows

    def months_at(self, level):
        """Rows that keep the months (for the slider's per-month counts)."""
        return self.by_month if self.by_month is not None and level in ROLLUP_MARGINAL_LEVELS else self.rows


def live_only(events):
    return Selection(events=events, rows=None, live=events)


def _month_start(day):
    return day.replace(day=1)


def _next_month(day):
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def select(data, events, until=None, *, live=False):
    """The Selection for a filter form's cleaned `data`, the `events` it selects
    (already filtered, `until` included) and the slider's `until` date."""
    if live:
        return live_only(events)
    if any(data.get(name) for name in LIVE_FILTERS):
        if not selections.available(events):
            return live_only(events)
        rows, prepare = selections.cells(events, data, until, data_version()[0])
        return Selection(events=events, rows=rows, live=None, prepare=prepare)
    low, high = data.get("date_from"), data.get("date_to")
    if until is not None:
        high = until if high is None else min(high, until)
    base = MapRollup.objects.using(events.db)
    rows = base.filter(geo_precision__gte=1)  # not the marginal rows
    keyed = False
    for name, field in KEYED_FILTERS.items():
        if data.get(name):
            keyed = True
            rows = rows.filter(**{f"{field}__in": list(data[name])})
    marginal = None if keyed else base.filter(event_type=ROLLUP_ANY, country=ROLLUP_ANY, geo_precision=0)
    # Whole months: [first, end) (either side open when the filter has no bound).
    first = None if low is None else (low if low.day == 1 else _next_month(low))
    end = None if high is None else _month_start(high + datetime.timedelta(days=1))
    if first is not None and end is not None and first >= end:
        return live_only(events)  # no whole month: a few weeks of events at most
    total = marginal.filter(month=ROLLUP_ALL_MONTHS) if marginal is not None and low is None and high is None else None
    by_month = marginal.filter(month__gt=ROLLUP_ALL_MONTHS) if marginal is not None else None
    if first is not None:
        rows = rows.filter(month__gte=first)
        by_month = by_month.filter(month__gte=first) if by_month is not None else None
    if end is not None:
        rows = rows.filter(month__lt=end)
        by_month = by_month.filter(month__lt=end) if by_month is not None else None
    edges = []
    if low is not None and low < first:
        edges.append({"event_date__lt": first})
    if high is not None and high >= end:
        edges.append({"event_date__gte": end})
    live_part = None
    if edges:
        condition = Q()
        for edge in edges:
            condition |= Q(**edge)
        live_part = events.filter(condition)
    return Selection(events=events, rows=rows, live=live_part, by_month=by_month, total=total)
