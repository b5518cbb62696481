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
"""
import datetime
import time

from django.db import models, transaction
from django.db.models import F
from django.db.models.functions import Cast
from django.dispatch import Signal
from django.utils import timezone

# Sent by MapDataVersion.bump(): committed=False inside the writer's transaction,
# committed=True after its commit.
data_version_changed = Signal()

CELL_BITS = 24
CELL_UNITS_PER_DEGREE = 2 ** CELL_BITS / 360.0


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
        verbose_name = "public data version"

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
