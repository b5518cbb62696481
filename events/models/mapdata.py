"""What the public map needs on the event rows, and the data version of its caches.

Grid cells
    ``Event.cell_x`` / ``cell_y`` are stored generated columns (the database computes
    them on every INSERT and UPDATE, bulk ones included, so no write path can forget
    them): the point in units of 360 / 2**24 degrees (about 2.4 m), x eastwards from
    -180, y southwards from +90. The map groups events into square cells of
    ``2**(22 - zoom)`` units with plain integer division, which SQLite and
    PostgreSQL both index and compute. A degree grid, not a Mercator one: cells look
    up to 1.3x taller than wide at the latitudes the desk covers, which nobody reads
    into a cluster, and it needs no logarithm in SQL (SQLite has none by default).

Data version
    ``MapDataVersion`` is one row whose counter goes up whenever anything a public
    view shows may have changed (an event saved or deleted, an actor renamed). Caches
    and ETags are keyed by it, so a request answers 304 or from the cache after one
    primary-key read, without touching the event table. Writers that bypass model
    signals (bulk imports) call ``MapDataVersion.bump()`` after their batch.

Rollup
    ``MapRollup`` holds the published, located events counted per coarse cell at a few
    levels (``ROLLUP_LEVELS``: cells of ``2**level`` units; level 24 is the whole
    world, for the page's summary) x month x event type x country x geo precision,
    with the sums a cluster needs (count, sum of x / y / id, sum of squared offsets
    within the cell, and the extent seen). The database keeps it: triggers
    (events.models.rollup_triggers, installed by migration 0012; row triggers on SQLite, statement triggers over transition tables
    on PostgreSQL, so a COPY of a million rows is aggregated once per statement) add
    and subtract every inserted, updated and deleted event row in the same
    transaction, whatever wrote it (a form, a queryset update, bulk_create, the
    importer, raw SQL, COPY). So counts are exact at every commit and a retraction
    leaves the rollup with the retraction, without any write path having to know.
    Why sums and not a list: sums subtract exactly. A cell of one event is told by
    its count and names its event by the sum of ids; a stacked cell (all events on
    one point) by a zero variance (n * sum(dx**2) == sum(dx)**2). Only the extent
    (x_min..y_max) cannot be subtracted: it grows on insert and is left on delete, so
    it always contains the cell's events and may be wider than they are after a
    retraction (until the row empties and is deleted); readers clip it to the cells.
    The grid (events.public.grid / events.public.rollup) answers the filters the
    rollup has keys for from it, and the rest from the event rows.

Selections
    ``MapSelection`` / ``MapSelectionCell``: the events of one filter the rollup has
    no key for (sub-event type, actor, text), summed like the rollup's rows once per
    filter and data version, on PostgreSQL (events.public.selections says why).
"""
import datetime
import time

from django.db import models, transaction
from django.db.models import F
from django.db.models.functions import Cast
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Sent by MapDataVersion.bump(): committed=False inside the writer's transaction,
# committed=True after its commit.
data_version_changed = Signal()

CELL_BITS = 24
CELL_UNITS_PER_DEGREE = 2 ** CELL_BITS / 360.0
# The rollup's cell sizes, as powers of two of grid units, coarsest first (24: the
# world in one cell). Migration 0012's triggers write exactly these levels.
ROLLUP_LEVELS = (24, 18, 16, 14, 11, 8, 5)
# Coarse levels also hold marginal rows (event_type = country = "*", geo_precision 0):
# per month over all types, countries and precisions, and over all months
# (month ROLLUP_ALL_MONTHS). The unfiltered map reads them: a world view is then a
# few hundred rows, not cells x months x types x precisions.
ROLLUP_MARGINAL_LEVELS = (24, 18, 16, 14)
ROLLUP_ALL_MONTHS = datetime.date(1, 1, 1)
ROLLUP_ANY = "*"
# Above this level the squared offsets could overflow a 64-bit sum; they are kept 0.
ROLLUP_SQUARES_MAX_LEVEL = 18


def cell_expression(column, origin, sign):
    """The SQL that turns a coordinate column into integer cell units."""
    return Cast((origin + sign * F(column)) * CELL_UNITS_PER_DEGREE, models.IntegerField())


def cell_of(latitude, longitude):
    """(cell_x, cell_y) for a point, as the database computes them (to a unit)."""
    if latitude is None or longitude is None:
        return None, None
    return (round((longitude + 180.0) * CELL_UNITS_PER_DEGREE),
            round((90.0 - latitude) * CELL_UNITS_PER_DEGREE))


def point_of(cell_x, cell_y):
    """(latitude, longitude) of a position in cell units."""
    return 90.0 - cell_y / CELL_UNITS_PER_DEGREE, cell_x / CELL_UNITS_PER_DEGREE - 180.0


class MapDataVersion(models.Model):
    """A single row: the version of everything the public views show."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    version = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("public data version")

    @classmethod
    def current(cls):
        """(version, changed_at): one primary-key read, never a write (readers run
        concurrently; before the first change the version is 0)."""
        row = cls.objects.filter(pk=1).values_list("version", "changed_at").first()
        return row or (0, datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc))

    @classmethod
    def bump(cls):
        """Every cached public answer is stale from now on."""
        now = timezone.now()
        if not cls.objects.filter(pk=1).update(version=F("version") + 1, changed_at=now):
            # A first change (or a database emptied and refilled): start from the clock,
            # so a version never repeats one that caches may still hold.
            cls.objects.get_or_create(pk=1, defaults={"version": int(time.time() * 1000), "changed_at": now})
        # Whoever keeps a copy of the version (events.public.caching, in the shared
        # cache) hears of it now and once the change is committed.
        data_version_changed.send(sender=cls, committed=False)
        transaction.on_commit(lambda: data_version_changed.send(sender=cls, committed=True))


class CellSums(models.Model):
    """What a cell holds of its events, in the rollup and in a cached selection alike:
    their count, the sums of their positions and squares (centroid and spread), the
    sum of their ids (a lone event's id) and their extent."""

    n = models.BigIntegerField()
    sx = models.BigIntegerField()
    sy = models.BigIntegerField()
    sxx = models.BigIntegerField()
    syy = models.BigIntegerField()
    sid = models.BigIntegerField()
    x_min = models.IntegerField(null=True)
    x_max = models.IntegerField(null=True)
    y_min = models.IntegerField(null=True)
    y_max = models.IntegerField(null=True)

    class Meta:
        abstract = True


class MapRollup(CellSums):
    """Published, located events summed per (level, cell, month, type, country,
    precision): see the module's docstring. Written by database triggers only."""

    level = models.PositiveSmallIntegerField()
    cx = models.IntegerField()
    cy = models.IntegerField()
    month = models.DateField()
    event_type = models.CharField(max_length=40)
    country = models.CharField(max_length=2)
    geo_precision = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = "map rollup row"
        constraints = [models.UniqueConstraint(
            fields=["level", "cx", "cy", "month", "event_type", "country", "geo_precision"],
            name="map_rollup_key")]


class MapSelection(models.Model):
    """One filter's events summed once for one data version (events.public.selections):
    the key is the filter and the version; its sums are the MapSelectionCell rows.
    Written and deleted by events.public.selections only, on PostgreSQL."""

    key = models.CharField(max_length=64, unique=True)
    version = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "map selection"


class MapSelectionTile(models.Model):
    """A tile of the grid (cells of ``2**TILE_LEVEL`` units: events.public.selections)
    whose events' fine levels a selection holds: they are summed a tile at a time, when
    a block inside it first needs them. No foreign key, as for the cells: both are
    deleted with their selection by events.public.selections, in SQL."""

    pk = models.CompositePrimaryKey("selection_id", "tx", "ty")
    selection_id = models.BigIntegerField()
    tx = models.IntegerField()
    ty = models.IntegerField()

    class Meta:
        verbose_name = "map selection tile"


class MapSelectionCell(CellSums):
    """A selection's events summed per rollup level and cell, as MapRollup sums them
    (month kept at the world level only, for the slider's counts; event_type and
    geo_precision name a lone event). A composite key, which is also the index the
    blocks read through: no sequence to draw from when a selection is written."""

    pk = models.CompositePrimaryKey("selection_id", "level", "cx", "cy", "month")
    selection_id = models.BigIntegerField()
    level = models.PositiveSmallIntegerField()
    cx = models.IntegerField()
    cy = models.IntegerField()
    month = models.DateField()
    event_type = models.CharField(max_length=40)
    geo_precision = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = "map selection cell"
