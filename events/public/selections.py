"""The filters the rollup has no key for, summed once per filter and data version.

The rollup (events.models.mapdata.MapRollup) has keys for the event type, country,
precision and month. A sub-event type, an actor or a text query (events.public.filters)
selects events it cannot name; a GROUP BY over those events per block costs what
the block holds, and where a million events are coded at one town's point that is
hundreds of thousands of rows for every block of every pan. Here the selected
events are read once, when a filter is first asked for under a data version, and
summed per cell into MapSelectionCell rows (one pass over the events, which
PostgreSQL may share between parallel workers, then one INSERT of every level);
every block, pan, zoom and the page's summary of that filter then reads those rows
as it reads the rollup's, a few hundred per block, whatever N. The key is the whole
filter (dates and the slider's ``until`` included, so the rows need no month but at
the world level, where the slider's per-month counts come from) and the data
version (events.public.caching): a publish, edit or retraction bumps the version,
the next request sums the events anew, and a retracted event leaves the map at
once. Counts are exact: the sums are of the selected rows themselves, read after
the version they are filed under.

In two steps, because the first view waits for the first: the world and the coarse
levels (FIRST_LEVELS, zoom 0-11) at the filter's first request; the fine levels
(FINER_LEVELS, a town's streets), which hold most of the cells, a tile at a time
(cells of 2**TILE_LEVEL units, about 40 km), when a block inside a tile first needs
them (``cells`` returns the function the grid calls for that). A zoom past 11 thus
reads the events of the tile it looks at, not those of the whole selection: at a
million events, a text filter matching half of them, 0.3-0.9 s for a tile where
summing the fine levels of the world took 5-6 s (measured: docs/map.md). Each step
sums its finest level from the events it reads, its coarser ones from those sums.
What remains of a first view is that read: an index-only one for a
sub-event type (migration 0018), index-only ones for an actor's events as actor 1
and as actor 2 (parts that never overlap, summed as one UNION ALL: migration 0019,
events.public.filters.actor_parts), the trigram index or one scan of the folded text
for ``q`` (events.public.searchtext).

Why not key the rollup by sub-event type (measured: +25 % rollup rows, +34 % of its
build, on every import and write for everyone): with the covering index a sub-type's
first step takes about 0.1 s at a million events, and a cached selection serves the
actor and text filters too, at no cost to imports. Why not a full-text index: the
text filter matches folded substrings (events.public.search), which PostgreSQL's
full-text search does not.

PostgreSQL only: SQLite (the embedded default, thousands of events) keeps the
simple path, a GROUP BY over the event rows per block (events.public.grid), and its
single writer is better left to the newsroom's writes. Both tables are unlogged
(migration 0014). Old selections are retired when a new one is written (those of
an older version after STALE_SECONDS, and beyond the newest KEEP) and their cells
deleted a batch at a time by the next fills.
"""
import datetime
import hashlib
import json
from contextlib import contextmanager

from django.db import connections, transaction
from django.utils import timezone

from events.models import MapSelection, MapSelectionCell, MapSelectionTile
from events.models.mapdata import CELL_BITS, ROLLUP_ALL_MONTHS, ROLLUP_LEVELS, ROLLUP_SQUARES_MAX_LEVEL
from events.public.filters import actor_parts

KEEP = 16
# A selection of an older version is retired once it is this old: a worker still
# holding the older version for a moment (its cached token) must not find its rows
# gone mid-request, nor delete, by summing anew, those of the newer version.
STALE_SECONDS = 60
RETIRED = ""  # the version of a selection whose cells are being deleted
# Retired cells deleted per fill, at least (or as many as it wrote): few, since a
# first view or a zoom waits for its fill.
SWEEP_ROWS = 5_000
TABLE = MapSelectionCell._meta.db_table
COLUMNS = ("selection_id, level, cx, cy, month, event_type, geo_precision, n, sx, sy, sxx, syy, sid, "
           "x_min, x_max, y_min, y_max")


def available(events):
    return connections[events.db].vendor == "postgresql"


def key_for(data, until, version):
    """The cache key of a filter's cleaned `data` (with the slider's `until`) under `version`."""
    values = {name: sorted(map(str, value)) if isinstance(value, (list, tuple, set)) else str(value)
              for name, value in data.items() if value not in (None, "", [], ())}
    text = json.dumps({"filter": values, "until": str(until or ""), "version": version, "layout": LAYOUT},
                      sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


FINEST = min(ROLLUP_LEVELS)
# The levels summed at a filter's first request: the world (the page's summary and
# the slider) and every level a view of the whole selection, a country or a region
# reads (zoom 0-11). The finer ones (a town's streets, zoom 12-17) hold most of the
# cells, so they are summed when a block first asks for one of them, not before the
# first view.
FIRST_LEVELS = tuple(level for level in ROLLUP_LEVELS if level >= 11)
FINER_LEVELS = tuple(level for level in ROLLUP_LEVELS if level not in FIRST_LEVELS)
# The layout of a selection's rows: part of the key, so that a server of another
# release (a deploy in progress, a benchmark's baseline) never reads rows it would
# read otherwise (an older release expects every level summed at once, or the fine
# levels of the whole world at once).
LAYOUT = 3
# The tiles whose fine levels are summed at once: a block at zoom 12, the coarsest
# zoom that reads a fine level, is one such tile (events.public.grid: 16 cells of
# 2**(22 - 12) units), and every finer block lies inside one.
TILE_LEVEL = 14


SUMS = "selection_sums"  # the temporary table of a fill (dropped at its end)


def _sums_sql(events_sql, levels):
    """One pass over the selected events: their sums per cell of the finest of
    `levels` and, if the world is one of them, per day (GROUPING SETS; ``by_cell``
    tells the two kinds of rows apart). Written into a temporary table rather than
    summed inside the INSERT: PostgreSQL never reads the rows of an INSERT's query
    in parallel, but may for a CREATE TABLE AS (measured at 1,000,000 events, a text
    filter matching half of them: the whole fill 1.3 s as one INSERT over a
    materialised list of the events, 0.5-0.8 s this way). The event type is only
    read where a cell holds one event, so its MIN compares bytes ("C") rather than
    by the database's collation, whose comparisons cost more under a language's
    locale (under C.UTF-8 here the gain is 3 % of a GROUP BY of a million events)."""
    finest = min(levels)
    mask = (1 << finest) - 1
    squares = (f"CAST(SUM(CAST(e.cell_{axis} & {mask} AS bigint) * CAST(e.cell_{axis} & {mask} AS bigint)) AS bigint)"
               for axis in ("x", "y"))
    if CELL_BITS in levels:
        day, by_cell, groups = "e.event_date", "GROUPING(e.event_date) = 1", "GROUPING SETS ((1, 2), (3))"
    else:
        day, by_cell, groups = "CAST(NULL AS date)", "TRUE", "1, 2"
    return f"""
CREATE TEMPORARY TABLE {SUMS} ON COMMIT DROP AS
SELECT e.cell_x >> {finest} AS cx, e.cell_y >> {finest} AS cy, {day} AS day,
       {by_cell} AS by_cell, MIN(e.event_type COLLATE "C") AS event_type,
       MIN(e.geo_precision) AS geo_precision, COUNT(*) AS n, SUM(e.cell_x) AS sx, SUM(e.cell_y) AS sy,
       {next(squares)} AS sxx, {next(squares)} AS syy, CAST(SUM(e.id) AS bigint) AS sid,
       MIN(e.cell_x) AS x_min, MAX(e.cell_x) AS x_max, MIN(e.cell_y) AS y_min, MAX(e.cell_y) AS y_max
FROM ({events_sql}) AS e GROUP BY {groups}"""


def _insert_sql(selection, levels):
    """The selection's rows from the sums: the finest level as summed, every coarser
    one from those sums (a few cells, not every event, per level), and the world per
    month from the days if it is one of them. The squares about a coarser cell's
    origin follow from the finer cell's: with d the offset between the two origins,
    sum((x - o + d)**2) = sxx + 2*d*(sx - n*o) + n*d*d.
    Sums are bigint, not numeric (what SUM of a bigint gives), so the coarser levels
    add machine integers."""
    all_months = f"DATE '{ROLLUP_ALL_MONTHS.isoformat().zfill(10)}'"
    finest = min(levels)
    parts = [f"""
SELECT {int(selection)}, {finest}, b.cx, b.cy, {all_months}, b.event_type, b.geo_precision, b.n, b.sx, b.sy,
       b.sxx, b.syy, b.sid, b.x_min, b.x_max, b.y_min, b.y_max FROM base AS b"""]
    for level in sorted(set(levels) - {finest, CELL_BITS}):
        shift = level - finest
        squares = []
        for axis in ("x", "y"):
            d = f"((b.c{axis} << {finest}) - ((b.c{axis} >> {shift}) << {level}))"
            own = f"(b.s{axis} - b.n * (b.c{axis} << {finest}))"
            squares.append(f"SUM(b.s{axis}{axis} + 2 * {d} * {own} + b.n * {d} * {d})"
                           if level <= ROLLUP_SQUARES_MAX_LEVEL else "0")
        parts.append(f"""
SELECT {int(selection)}, {level}, b.cx >> {shift}, b.cy >> {shift}, {all_months}, MIN(b.event_type),
       MIN(b.geo_precision), SUM(b.n), SUM(b.sx), SUM(b.sy), {squares[0]}, {squares[1]}, SUM(b.sid),
       MIN(b.x_min), MAX(b.x_max), MIN(b.y_min), MAX(b.y_max)
FROM base AS b GROUP BY 3, 4""")
    if CELL_BITS in levels:
        # Per day first (the sums), then per month: truncating a few thousand days, not every event.
        parts.append(f"""
SELECT {int(selection)}, {CELL_BITS}, 0, 0, CAST(date_trunc('month', CAST(d.day AS timestamp)) AS date),
       MIN(d.event_type), MIN(d.geo_precision), SUM(d.n), SUM(d.sx), SUM(d.sy), 0, 0, SUM(d.sid),
       MIN(d.x_min), MAX(d.x_max), MIN(d.y_min), MAX(d.y_max)
FROM {SUMS} AS d WHERE NOT d.by_cell GROUP BY 5""")
    return f"""
WITH base AS (SELECT * FROM {SUMS} WHERE by_cell)
INSERT INTO {TABLE} ({COLUMNS}){" UNION ALL".join(parts)}"""


def _fill(cursor, events_sql, params, selection, levels):
    """Sum the selected events at `levels` into `selection`; the number of rows written."""
    cursor.execute(_sums_sql(events_sql, levels), params)
    cursor.execute(_insert_sql(selection, levels))
    written = cursor.rowcount
    cursor.execute(f"DROP TABLE {SUMS}")  # a second fill in the same transaction (tests) makes its own
    return written


def _lock_id(name):
    """A bigint advisory lock's id for a selection's key (or a key and a tile)."""
    return int(hashlib.sha256(name.encode()).hexdigest()[:15], 16)  # 60 bits


def _located_sql(events):
    located = (events.filter(cell_x__isnull=False, cell_y__isnull=False).order_by()
               .values("id", "cell_x", "cell_y", "event_date", "event_type", "geo_precision"))
    if len(located.query.alias_map) == 1:
        # No join (the filters match through subqueries), so no row can come twice:
        # the DISTINCT a multiple-choice filter adds would only hash every event again.
        located.query.distinct = False
    return located.query.sql_with_params()


def _events_sql(events, data):
    """The SQL of the located `events` with the columns a fill sums; for an actor
    filter, the UNION ALL of its parts that never overlap (filters.actor_parts),
    each read from an index alone where it can be."""
    parts = actor_parts(events, data["actor"]) if data.get("actor") else None
    if not parts:
        return _located_sql(events)
    pieces = [_located_sql(part) for part in parts]
    return (" UNION ALL ".join(f"({sql})" for sql, _params in pieces),
            tuple(param for _sql, params in pieces for param in params))


@contextmanager
def _locked(alias, key):
    """A transaction holding the key's advisory lock: one worker sums a selection
    while the others wait for it rather than sum too."""
    with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
        # A fill reads many rows once: no JIT, room to hash its cells, and parallel
        # workers for the pass over the events (_sums_sql) when there are enough of
        # them: with the defaults PostgreSQL keeps a text filter matching half of a
        # million events on one core (0.8 s in parallel, 1.3 s without, here).
        cursor.execute("SET LOCAL jit = off; SET LOCAL work_mem = '128MB'; "
                       "SET LOCAL parallel_setup_cost = 100; SET LOCAL parallel_tuple_cost = 0.001")
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_lock_id(key)])
        yield cursor


def summed(events, data, key, version):
    """The id of the MapSelection for `key`, summing FIRST_LEVELS of `events` first
    if no worker has."""
    alias = events.db
    selections = MapSelection.objects.using(alias)
    found = selections.filter(key=key).values_list("id", flat=True).first()
    if found is not None:
        return found
    events_sql, params = _events_sql(events, data)
    with _locked(alias, key) as cursor:
        found = selections.filter(key=key).values_list("id", flat=True).first()
        if found is not None:
            return found
        selection = selections.create(key=key, version=version)
        written = _fill(cursor, events_sql, params, selection.pk, FIRST_LEVELS)
        _forget_old(cursor, selections, version, selection.pk, max(SWEEP_ROWS, written))
    return selection.pk


def tiles_of(x_range, y_range):
    """The tiles (tx, ty) that the half-open grid ranges overlap."""
    (x0, x1), (y0, y1) = x_range, y_range
    return [(tx, ty) for tx in range(max(x0, 0) >> TILE_LEVEL, ((max(x1, 1) - 1) >> TILE_LEVEL) + 1)
            for ty in range(max(y0, 0) >> TILE_LEVEL, ((max(y1, 1) - 1) >> TILE_LEVEL) + 1)]


def sum_tiles(events, data, key, selection, tiles):
    """Sum FINER_LEVELS of the `events` inside each of `tiles` that `selection` does
    not hold yet. One worker per tile (an advisory lock of the key and the tile);
    the selection's row is held FOR SHARE meanwhile, so it cannot be retired (and
    its cells swept: cells written after would never be) while this fill writes
    cells for it; a selection retired before is left alone (its key no longer
    names it)."""
    alias = events.db
    held = MapSelectionTile.objects.using(alias).filter(selection_id=selection)
    done = set(held.filter(tx__in={tx for tx, _ty in tiles}, ty__in={ty for _tx, ty in tiles})
               .values_list("tx", "ty"))
    span = 1 << TILE_LEVEL
    for tx, ty in tiles:
        if (tx, ty) in done:
            continue
        inside = events.filter(cell_x__gte=tx * span, cell_x__lt=(tx + 1) * span,
                               cell_y__gte=ty * span, cell_y__lt=(ty + 1) * span)
        events_sql, params = _events_sql(inside, data)
        with _locked(alias, f"{key}:{tx}:{ty}") as cursor:
            cursor.execute(f"SELECT 1 FROM {MapSelection._meta.db_table} WHERE id = %s AND key = %s FOR SHARE",
                           [selection, key])
            if cursor.fetchone() is None or held.filter(tx=tx, ty=ty).exists():
                continue
            written = _fill(cursor, events_sql, params, selection, FINER_LEVELS)
            MapSelectionTile.objects.using(alias).create(selection_id=selection, tx=tx, ty=ty)
        # Retired cells, about as many as were written, once the share lock is let go
        # (a retirement waiting on it may hold the rows a sweep deletes). The grid
        # calls this outside a transaction of its own (rollup.Selection.prepare_for),
        # so the one above has committed here.
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            _sweep(cursor, MapSelection.objects.using(alias), max(SWEEP_ROWS, written))


def _forget_old(cursor, selections, version, current, sweep):
    """Retire old selections at once (their key can no longer be found) and delete
    up to `sweep` retired cells, about as many as the fill just wrote: a selection of
    a million cells is swept over a few fills instead of stalling one request."""
    settled = timezone.now() - datetime.timedelta(seconds=STALE_SECONDS)
    live = selections.exclude(version=RETIRED)
    stale = list(live.exclude(version=version).filter(created_at__lt=settled).values_list("id", flat=True))
    stale += list(live.filter(version=version).exclude(pk=current).order_by("-created_at", "-id")
                  .values_list("id", flat=True)[KEEP - 1:])
    table = MapSelection._meta.db_table
    if stale:
        cursor.execute(f"UPDATE {table} SET version = %s, key = 'retired-' || id WHERE id = ANY(%s)",
                       [RETIRED, stale])
    _sweep(cursor, selections, sweep)


def _sweep(cursor, selections, rows):
    """Delete up to `rows` cells of retired selections, and the retired selections
    left without cells."""
    retired = list(selections.filter(version=RETIRED).values_list("id", flat=True))
    if not retired:
        return
    table = MapSelection._meta.db_table
    cursor.execute(f"DELETE FROM {TABLE} WHERE ctid = ANY(ARRAY(SELECT ctid FROM {TABLE} "
                   f"WHERE selection_id = ANY(%s) LIMIT %s))", [retired, rows])
    cursor.execute(f"WITH gone AS (DELETE FROM {table} AS s WHERE s.version = %s AND NOT EXISTS "
                   f"(SELECT 1 FROM {TABLE} AS c WHERE c.selection_id = s.id) RETURNING s.id) "
                   f"DELETE FROM {MapSelectionTile._meta.db_table} WHERE selection_id IN (SELECT id FROM gone)",
                   [RETIRED])


def cells(events, data, until, version):
    """(the MapSelectionCell rows of the filter, a function that makes sure a level's
    rows are among them over given grid ranges): FIRST_LEVELS are summed now if they
    were not yet, the finer levels of a tile when the function is first called with
    one of them and ranges inside that tile."""
    key = key_for(data, until, version)
    selection = summed(events, data, key, version)

    def prepare(level, x_range, y_range):
        if level in FINER_LEVELS:
            sum_tiles(events, data, key, selection, tiles_of(x_range, y_range))

    return MapSelectionCell.objects.using(events.db).filter(selection_id=selection), prepare
