"""Server-side clustering: published events grouped into grid cells by zoom and block.

The map asks for *blocks*: at zoom z a block is 16 x 16 cells of ``2**(22 - z)``
grid units (a cell is about 64 screen pixels wide, a block about four map tiles),
addressed like tiles by (z, x, y). One GROUP BY over the indexed integer columns
``cell_x``/``cell_y`` (events.models.mapdata) answers a block, whatever the filter,
with exact counts: a cluster is a count, its centroid and its extent; a cell
holding one event carries that event's id, type and precision. Cells never
straddle blocks, so blocks can be cached and fetched independently.

A cluster whose events share one point, or any cluster at MAX_ZOOM, opens as a
list (`cell_events`), so every event stays reachable.

Where the numbers come from. A GROUP BY over the event rows costs what the block
holds: at a world or country view, and on a town where a million events are coded
at one point, that is millions of rows. So what the rollup can answer
(events.public.rollup: no filter, types, countries, precisions, dates by whole
months) is read from the rollup rows (events.models.mapdata.MapRollup) at the
coarsest level whose cells fit in the zoom's cells: a block reads at most its
cells x months x types x precisions rows, whatever N. The filters the rollup has no
key for are, on PostgreSQL, read from rows of the same shape summed once per filter
and data version (events.public.selections), through the same code. The days of a
partly covered month at a date range's edge, and on SQLite the live filters, are
read from the event rows; the two parts never overlap and are added up here. At
MAX_ZOOM (cells smaller than the finest level) the event rows answer.

Both parts give, per cell, the same sums: count, sum of x and y (the centroid),
extent, and what tells a lone event (its id: the sum of ids of one event) and a
stack (all events on one point: the rollup's variance is zero, the rows' extent is
a point). The rollup's extent may be wider than its events after a retraction
(see mapdata); it is clipped to the rollup cells the cluster spans.
"""
from contextlib import contextmanager

from django.db import connections, transaction
from django.db.models import Count, F, Max, Min, Sum

from events.models.mapdata import CELL_BITS, ROLLUP_ANY, ROLLUP_LEVELS, ROLLUP_SQUARES_MAX_LEVEL, point_of
from events.public.maps import EVENT_TYPE_INDEX
from events.public.rollup import Selection, live_only

MAX_ZOOM = 18
BLOCK_CELLS = 16
CELL_SHIFT = CELL_BITS - 2  # a cell is a quarter of a 256-pixel tile wide
LIST_PAGE = 20


@contextmanager
def aggregation(queryset):
    """Run the map's GROUP BYs well on PostgreSQL: no JIT (it costs more than these
    queries save), and memory enough to hash the groups rather than sort on disk.
    Both settings are local to the transaction. Other databases need neither, and get
    no transaction: on SQLite an extra savepoint per request only contends for the
    one database file (and the test server's threads share one in-memory connection)."""
    alias = queryset.db
    connection = connections[alias]
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(using=alias):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off; SET LOCAL work_mem = '64MB'")
        yield


def cell_size(zoom):
    return 2 ** (CELL_SHIFT - zoom)


def block_range(zoom, x, y):
    """((x0, x1), (y0, y1)): the block's half-open ranges in grid units."""
    size = cell_size(zoom) * BLOCK_CELLS
    return (x * size, (x + 1) * size), (y * size, (y + 1) * size)


def blocks_per_side(zoom):
    return max(1, 2 ** CELL_BITS // (cell_size(zoom) * BLOCK_CELLS))


def _point(cell_x, cell_y):
    lat, lon = point_of(cell_x, cell_y)
    return round(lat, 5), round(lon, 5)


def _selection(source):
    """A Selection, from a Selection or from a queryset of events (all live)."""
    return source if isinstance(source, Selection) else live_only(source)


def rollup_level(zoom):
    """The coarsest rollup level whose cells fit in the cells of `zoom`, or None."""
    fitting = [level for level in ROLLUP_LEVELS if 2 ** level <= cell_size(zoom)]
    return max(fitting) if fitting else None


class _Cell:
    """One cell's sums, from either part; parts of the same cell add up."""

    __slots__ = ("n", "sx", "sy", "x_min", "x_max", "y_min", "y_max", "point", "lone")

    def __init__(self, n, sx, sy, x_min, x_max, y_min, y_max, point, lone):
        self.n, self.sx, self.sy = n, sx, sy
        self.x_min, self.x_max, self.y_min, self.y_max = x_min, x_max, y_min, y_max
        self.point, self.lone = point, lone  # (x, y) if all events share it; (id, type, precision) if n == 1

    def add(self, other):
        self.point = self.point if self.point is not None and self.point == other.point else None
        self.lone = self.lone or other.lone
        self.n += other.n
        self.sx += other.sx
        self.sy += other.sy
        self.x_min, self.x_max = min(self.x_min, other.x_min), max(self.x_max, other.x_max)
        self.y_min, self.y_max = min(self.y_min, other.y_min), max(self.y_max, other.y_max)


def _live_cells(events, zoom, x_range, y_range):
    """{(gx, gy): _Cell} from the event rows."""
    size = cell_size(zoom)
    rows = (
        events.filter(cell_x__gte=x_range[0], cell_x__lt=x_range[1], cell_y__gte=y_range[0], cell_y__lt=y_range[1])
        .annotate(gx=F("cell_x") / size, gy=F("cell_y") / size)
        .values("gx", "gy")
        .annotate(n=Count("id"), sx=Sum("cell_x"), sy=Sum("cell_y"), x_min=Min("cell_x"), x_max=Max("cell_x"),
                  y_min=Min("cell_y"), y_max=Max("cell_y"), pk=Min("id"),
                  event_type=Min("event_type"), precision=Min("geo_precision"))
        .order_by()
    )
    cells = {}
    for row in rows:
        point = (row["x_min"], row["y_min"]) if row["x_min"] == row["x_max"] and row["y_min"] == row["y_max"] else None
        lone = (row["pk"], row["event_type"], row["precision"]) if row["n"] == 1 else None
        cells[(row["gx"], row["gy"])] = _Cell(row["n"], int(row["sx"]), int(row["sy"]), row["x_min"], row["x_max"],
                                              row["y_min"], row["y_max"], point, lone)
    return cells


def _rollup_cells(rows, level, zoom, x_range, y_range):
    """{(gx, gy): _Cell} from the rollup rows of `level`."""
    ratio = cell_size(zoom) // 2 ** level
    rows = (
        rows.filter(level=level, cx__gte=x_range[0] >> level, cx__lt=x_range[1] >> level,
                    cy__gte=y_range[0] >> level, cy__lt=y_range[1] >> level)
        .annotate(gx=F("cx") / ratio, gy=F("cy") / ratio)
        .values("gx", "gy")
        .annotate(n=Sum("n"), sx=Sum("sx"), sy=Sum("sy"), sxx=Sum("sxx"), syy=Sum("syy"), sid=Sum("sid"),
                  cx_min=Min("cx"), cx_max=Max("cx"), cy_min=Min("cy"), cy_max=Max("cy"),
                  x_min=Min("x_min"), x_max=Max("x_max"), y_min=Min("y_min"), y_max=Max("y_max"),
                  event_type=Min("event_type"), precision=Min("geo_precision"))
        .order_by()
    )
    unit = 2 ** level
    cells = {}
    for row in rows:
        n, sx, sy = int(row["n"]), int(row["sx"]), int(row["sy"])
        if n <= 0:
            continue
        # The extent seen, clipped to the rollup cells the cluster spans.
        x_min = max(row["x_min"] if row["x_min"] is not None else 0, row["cx_min"] * unit)
        x_max = min(row["x_max"] if row["x_max"] is not None else 2 ** CELL_BITS, (row["cx_max"] + 1) * unit - 1)
        y_min = max(row["y_min"] if row["y_min"] is not None else 0, row["cy_min"] * unit)
        y_max = min(row["y_max"] if row["y_max"] is not None else 2 ** CELL_BITS, (row["cy_max"] + 1) * unit - 1)
        point = None
        if row["cx_min"] == row["cx_max"] and row["cy_min"] == row["cy_max"] and level <= ROLLUP_SQUARES_MAX_LEVEL:
            dx, dy = sx - n * row["cx_min"] * unit, sy - n * row["cy_min"] * unit
            if n * int(row["sxx"]) == dx * dx and n * int(row["syy"]) == dy * dy:
                point = (sx // n, sy // n)  # zero variance: every event on this point
                x_min = x_max = point[0]
                y_min = y_max = point[1]
        lone = (int(row["sid"]), row["event_type"], row["precision"]) if n == 1 else None
        cells[(row["gx"], row["gy"])] = _Cell(n, sx, sy, x_min, x_max, y_min, y_max, point, lone)
    return cells


def _name_lone_events(events, cells):
    """Marginal rollup rows (summed over types and precisions) give a lone event's id
    but not its type and precision: read those from the event rows, by primary key."""
    unnamed = {cell.lone[0]: cell for cell in cells.values() if cell.lone and cell.lone[1] == ROLLUP_ANY}
    if not unnamed:
        return
    for pk, event_type, precision in events.model.objects.using(events.db).filter(pk__in=list(unnamed)).values_list(
            "pk", "event_type", "geo_precision"):
        unnamed[pk].lone = (pk, event_type, precision)


def _cells(source, zoom, x_range, y_range):
    """{(gx, gy): _Cell} for the selection, its rollup part and its live part added up."""
    selection = _selection(source)
    level = rollup_level(zoom)
    if selection.rows is not None and level is not None:
        selection.prepare_for(level, x_range, y_range)
    with aggregation(selection.events):
        if selection.rows is None or level is None:
            return _live_cells(selection.events, zoom, x_range, y_range)
        cells = _rollup_cells(selection.rows_at(level), level, zoom, x_range, y_range)
        _name_lone_events(selection.events, cells)
        if selection.live is not None:
            for key, cell in _live_cells(selection.live, zoom, x_range, y_range).items():
                if key in cells:
                    cells[key].add(cell)
                else:
                    cells[key] = cell
    return cells


def block_cells(source, zoom, x, y):
    """The block's cells: [lat, lon, 1, id, type, precision] for a lone event,
    [lat, lon, n, stacked, south, west, north, east, cell x, cell y] for a cluster.
    `source`: a Selection (events.public.rollup) or a queryset of events."""
    x_range, y_range = block_range(zoom, x, y)
    cells = []
    for (gx, gy), cell in sorted(_cells(source, zoom, x_range, y_range).items()):
        lat, lon = _point(cell.sx / cell.n, cell.sy / cell.n)
        if cell.n == 1:
            pk, event_type, precision = cell.lone
            cells.append([lat, lon, 1, pk, EVENT_TYPE_INDEX.get(event_type, 0), precision])
            continue
        north, west = _point(cell.x_min, cell.y_min)
        south, east = _point(cell.x_max, cell.y_max)
        cells.append([lat, lon, cell.n, int(cell.point is not None), south, west, north, east, gx, gy])
    return {"z": zoom, "x": x, "y": y, "cells": cells}


def cell_events(source, zoom, x, y, page=1):
    """One cell's events, newest first, a page at a time: what a stacked cluster lists.
    The count comes from the same sums as the cluster's (the rollup where it can)."""
    selection = _selection(source)
    size = cell_size(zoom)
    x_range, y_range = (x * size, (x + 1) * size), (y * size, (y + 1) * size)
    cell = _cells(selection, zoom, x_range, y_range).get((x, y))
    count = cell.n if cell else 0
    selected = selection.events.filter(cell_x__gte=x_range[0], cell_x__lt=x_range[1],
                                       cell_y__gte=y_range[0], cell_y__lt=y_range[1])
    start = (page - 1) * LIST_PAGE
    rows = selected.order_by("-event_date", "-id")[start:start + LIST_PAGE] if count else []
    return {
        "count": count, "page": page, "pages": max(1, -(-count // LIST_PAGE)),
        "events": [[e.pk, e.headline, str(e.date_display()), e.latitude, e.longitude] for e in rows],
    }


def summary(source):
    """Count, bounds and the per-month counts of the filtered located events (what the
    page's count, the initial view and the time slider need). From the rollup's world
    level (a row per month x type x country x precision) where it answers, and from one
    GROUP BY day over the event rows for the rest (on PostgreSQL an index-only scan);
    months and totals are summed here."""
    selection = _selection(source)
    parts = []
    with aggregation(selection.events):
        if selection.rows is not None:
            parts += [(row["month"], row) for row in selection.months_at(CELL_BITS).filter(level=CELL_BITS).values("month").annotate(
                n=Sum("n"), x_min=Min("x_min"), x_max=Max("x_max"), y_min=Min("y_min"), y_max=Max("y_max")
            ).order_by()]
            live = selection.live
        else:
            live = selection.events
        if live is not None:
            located = live.filter(cell_x__isnull=False, cell_y__isnull=False)
            parts += [(row["event_date"], row) for row in located.values("event_date").annotate(
                n=Count("id"), x_min=Min("cell_x"), x_max=Max("cell_x"),
                y_min=Min("cell_y"), y_max=Max("cell_y")).order_by()]
    parts = [(day, row) for day, row in parts if row["n"] and row["x_min"] is not None]
    if not parts:
        return {"count": 0, "bounds": None, "periods": []}
    months = {}
    for day, row in parts:
        key = day.strftime("%Y-%m")
        months[key] = months.get(key, 0) + int(row["n"])
    rows = [row for _day, row in parts]
    north, west = point_of(min(r["x_min"] for r in rows), min(r["y_min"] for r in rows))
    south, east = point_of(max(r["x_max"] for r in rows), max(r["y_max"] for r in rows))
    return {"count": sum(months.values()),
            "bounds": [[round(south, 5), round(west, 5)], [round(north, 5), round(east, 5)]],
            "periods": [[month, months[month]] for month in sorted(months)]}
