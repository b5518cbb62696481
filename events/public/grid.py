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
"""
from contextlib import contextmanager

from django.db import connections, transaction
from django.db.models import Avg, Count, F, Max, Min

from events.models.mapdata import CELL_BITS, point_of
from events.public.maps import EVENT_TYPE_INDEX

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


def block_cells(events, zoom, x, y):
    """The block's cells: [lat, lon, 1, id, type, precision] for a lone event,
    [lat, lon, n, stacked, south, west, north, east, cell x, cell y] for a cluster."""
    (x0, x1), (y0, y1) = block_range(zoom, x, y)
    size = cell_size(zoom)
    rows = (
        events.filter(cell_x__gte=x0, cell_x__lt=x1, cell_y__gte=y0, cell_y__lt=y1)
        .annotate(gx=F("cell_x") / size, gy=F("cell_y") / size)
        .values("gx", "gy")
        .annotate(n=Count("id"), ax=Avg("cell_x"), ay=Avg("cell_y"), x_min=Min("cell_x"),
                  x_max=Max("cell_x"), y_min=Min("cell_y"), y_max=Max("cell_y"), pk=Min("id"),
                  event_type=Min("event_type"), precision=Min("geo_precision"))
        .order_by()
    )
    cells = []
    with aggregation(events):
        rows = list(rows)
    for row in rows:
        lat, lon = _point(row["ax"], row["ay"])
        if row["n"] == 1:
            cells.append([lat, lon, 1, row["pk"], EVENT_TYPE_INDEX.get(row["event_type"], 0),
                          row["precision"]])
            continue
        north, west = _point(row["x_min"], row["y_min"])
        south, east = _point(row["x_max"], row["y_max"])
        stacked = int(row["x_min"] == row["x_max"] and row["y_min"] == row["y_max"])
        cells.append([lat, lon, row["n"], stacked, south, west, north, east, row["gx"], row["gy"]])
    return {"z": zoom, "x": x, "y": y, "cells": cells}


def cell_events(events, zoom, x, y, page=1):
    """One cell's events, newest first, a page at a time: what a stacked cluster lists."""
    size = cell_size(zoom)
    selected = events.filter(cell_x__gte=x * size, cell_x__lt=(x + 1) * size,
                             cell_y__gte=y * size, cell_y__lt=(y + 1) * size)
    count = selected.count()
    start = (page - 1) * LIST_PAGE
    rows = selected.order_by("-event_date", "-id")[start:start + LIST_PAGE]
    return {
        "count": count, "page": page, "pages": max(1, -(-count // LIST_PAGE)),
        "events": [[e.pk, e.headline, str(e.date_display()), e.latitude, e.longitude] for e in rows],
    }


def summary(events):
    """Count, bounds and the per-month counts of the filtered located events (what the
    page's count, the initial view and the time slider need), in one GROUP BY day over
    indexed columns (on PostgreSQL an index-only scan); months and totals are summed
    here from the days (a few thousand rows at most)."""
    located = events.filter(cell_x__isnull=False, cell_y__isnull=False)
    with aggregation(events):
        days = list(located.values("event_date").annotate(
            n=Count("id"), x_min=Min("cell_x"), x_max=Max("cell_x"),
            y_min=Min("cell_y"), y_max=Max("cell_y")).order_by())
    if not days:
        return {"count": 0, "bounds": None, "periods": []}
    months = {}
    for day in days:
        key = day["event_date"].strftime("%Y-%m")
        months[key] = months.get(key, 0) + day["n"]
    north, west = point_of(min(d["x_min"] for d in days), min(d["y_min"] for d in days))
    south, east = point_of(max(d["x_max"] for d in days), max(d["y_max"] for d in days))
    return {"count": sum(d["n"] for d in days),
            "bounds": [[round(south, 5), round(west, 5)], [round(north, 5), round(east, 5)]],
            "periods": [[month, months[month]] for month in sorted(months)]}
