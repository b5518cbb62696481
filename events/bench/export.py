"""Export benchmark: rows per second and peak memory of the CSV and GeoJSON exports.

    python manage.py bench export --events 1000000 [--baseline-rows 100000]
    DATABASE_URL=postgres://... python manage.py bench export --events 1000000

N synthetic published events (with actors, associated actors and tags) are
inserted inside one transaction that is rolled back at the end, so the database
is left as it was. Then, in the same run:

- csv: the export as served (events.public.exports.csv_pieces, value tuples), on all N;
- csv_instances_baseline: the CSV built from model instances as before
  (csv_lines_from_instances), on the first --baseline-rows events (default 100,000), and csv on the
  same rows for the ratio;
- geojson: the GeoJSON export on the same first rows.

On a shared machine wall-clock rows/s fall with the load; rows_per_cpu_s (this
process's CPU time, the database's not counted) is the steadier figure.
Memory is the process's resident set, sampled every 10 ms while a path runs
(peak, and its growth over the RSS before the path started): flat memory means the
growth does not rise with the number of rows.
"""
import datetime
import os
import threading
import time

from django.db import connection, transaction

from events.jobs.exports import _Site
from events.models import Actor, Event, Tag
from events.public.export_formats import csv_lines_from_instances, csv_pieces, events_for_export, geojson_pieces
from events.taxonomy import ActorType, ReviewStatus

DEFAULT_EVENTS = 100_000
BASELINE_ROWS = 100_000
INSERT_BATCH = 10_000
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _rss():
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except OSError:  # not Linux: the lifetime peak is the best we have
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


class _PeakRss:
    def __enter__(self):
        self.start = self.peak = _rss()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self):
        while not self._stop.wait(0.01):
            self.peak = max(self.peak, _rss())

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _rss())


def _measure(pieces, rows):
    size = 0
    with _PeakRss() as rss:
        started, cpu = time.perf_counter(), time.process_time()
        for piece in pieces:
            size += len(piece)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {"rows": rows, "seconds": round(seconds, 2), "rows_per_s": round(rows / seconds) if seconds else None,
            "cpu_seconds": round(cpu, 2), "rows_per_cpu_s": round(rows / cpu) if cpu else None,
            "characters": size, "peak_rss_mb": round(rss.peak / 2**20, 1),
            "rss_growth_mb": round((rss.peak - rss.start) / 2**20, 1)}


def build(count):
    """Insert `count` published events; returns the seconds it took."""
    started = time.perf_counter()
    actors = Actor.objects.bulk_create([Actor(name=f"Bench export actor {n}", actor_type=ActorType.STATE_FORCES)
                                        for n in range(300)])
    tags = Tag.objects.bulk_create([Tag(name=f"bench export tag {n}") for n in range(20)])
    assoc, tagged = Event.assoc_actor_1.through, Event.tags.through
    day = datetime.date(2015, 1, 1)
    for start in range(0, count, INSERT_BATCH):
        numbers = range(start, min(start + INSERT_BATCH, count))
        events = Event.objects.bulk_create([Event(
            reference=f"BENCHX{n}", headline=f"Armed clash in Derna: bench {n}", event_date=day + datetime.timedelta(days=n % 3000),
            event_type="Battles", sub_event_type="Armed clash", disorder_type="Political violence",
            actor1_id=actors[n % 300].pk, actor2_id=actors[(n * 7) % 300].pk if n % 2 else None,
            fatalities=n % 7, location="Derna", country="LY", admin1="Darnah",
            latitude=32.7 + (n % 100) / 1000, longitude=22.6 + (n % 97) / 1000, source_text="Bench Wire",
            source_scale="National", notes=f"Synthetic event {n} for the export benchmark. " * 3,
            acled_timestamp=1700000000 + n, status=ReviewStatus.PUBLISHED) for n in numbers])
        assoc.objects.bulk_create([assoc(event_id=e.pk, actor_id=actors[(i * 3) % 300].pk)
                                   for i, e in enumerate(events) if i % 3 == 0])
        tagged.objects.bulk_create([tagged(event_id=e.pk, tag_id=tags[i % 20].pk)
                                    for i, e in enumerate(events) if i % 4 == 0])
    return time.perf_counter() - started


def _analyze():
    """Statistics for the new rows, as autovacuum keeps them for a real table (inside the
    benchmark's transaction it cannot see them): without them PostgreSQL plans the
    per-chunk lookups for empty tables."""
    if connection.vendor != "postgresql":
        return
    tables = [Event._meta.db_table, Actor._meta.db_table, Tag._meta.db_table] + [
        Event._meta.get_field(name).remote_field.through._meta.db_table
        for name in ("assoc_actor_1", "assoc_actor_2", "tags")]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def measure(count, baseline_rows=BASELINE_ROWS):
    site = _Site("http://bench.example/")
    baseline = min(count, baseline_rows)
    figures = {"database": connection.vendor, "events": count}
    with transaction.atomic():
        figures["build_seconds"] = round(build(count), 1)
        _analyze()
        events = Event.objects.published().filter(reference__startswith="BENCHX")
        figures["csv"] = _measure(csv_pieces(events), count)
        figures["csv_on_baseline_rows"] = _measure(csv_pieces(events[:baseline]), baseline)
        figures["csv_instances_baseline"] = _measure(
            csv_lines_from_instances(events_for_export(events[:baseline])), baseline)
        figures["geojson"] = _measure(geojson_pieces(events_for_export(events[:baseline]), site), baseline)
        transaction.set_rollback(True)
    fast, slow = figures["csv_on_baseline_rows"]["rows_per_s"], figures["csv_instances_baseline"]["rows_per_s"]
    figures["csv_speedup"] = round(fast / slow, 1) if fast and slow else None
    return figures


def add_arguments(parser):
    parser.add_argument("--events", type=int, default=DEFAULT_EVENTS,
                        help=f"How many synthetic events to export (default {DEFAULT_EVENTS}).")
    parser.add_argument("--baseline-rows", type=int, default=BASELINE_ROWS,
                        help=f"Rows for the slower paths: instance CSV and GeoJSON (default {BASELINE_ROWS}).")


def run(command, events=DEFAULT_EVENTS, baseline_rows=BASELINE_ROWS, **options):
    return measure(events, baseline_rows)
