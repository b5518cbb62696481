"""Export benchmark: rows per second and peak memory of the CSV, GeoJSON and KML exports.

    python manage.py bench export --events 1000000 [--baseline-rows 100000]
    python manage.py bench export --events 1000000 --database postgres://...
    DATABASE_URL=postgres://... python manage.py bench export --events 1000000

N synthetic published events (with actors, associated actors, tags and, for
some, source articles instead of source text) are inserted inside one
transaction that is rolled back at the end, so the database is left as it was
(--database runs the benchmark in a child process on that database). Then, in
the same run:

- csv: the export as served (events.public.export_formats.csv_pieces: on
  PostgreSQL written by COPY, events.public.export_copy), on all N;
- csv_python: the Python writer (python_csv_pieces, value tuples: the served
  path before COPY, and still SQLite's), on all N, and csv_speedup, the ratio;
- csv_instances_baseline: the CSV built from model instances, the first path
  (csv_lines_from_instances), on the first --baseline-rows events (default
  100,000), with csv on the same rows;
- geojson and kml: those exports on the same first rows, and
  kml_prefetching_baseline, the KML as it was (with every relation prefetched,
  which it never reads).

On a shared machine wall-clock rows/s fall with the load; rows_per_cpu_s (this
process's CPU time) is the steadier figure. On PostgreSQL db_cpu_seconds is the
CPU time of the database backend serving this connection (read from /proc when
the server runs on this machine), which the COPY path moves work to.
Memory is the process's resident set, sampled every 10 ms while a path runs
(peak, and its growth over the RSS before the path started): flat memory means the
growth does not rise with the number of rows.
"""
import datetime
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.db import connection, transaction

from events.jobs.exports import _Site
from events.models import Actor, Article, Event, Outlet, Tag
from events.public.export_formats import (
    _grouped, csv_lines_from_instances, csv_pieces, events_for_export, events_for_kml, geojson_pieces,
    kml_pieces, python_csv_pieces,
)
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


def _backend_cpu():
    """CPU seconds of the PostgreSQL backend serving this connection, or None (another
    database, or a server on another machine)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _measure(pieces, rows):
    size = 0
    db_cpu = _backend_cpu()
    with _PeakRss() as rss:
        started, cpu = time.perf_counter(), time.process_time()
        for piece in pieces:
            size += len(piece)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    figures = {"rows": rows, "seconds": round(seconds, 2), "rows_per_s": round(rows / seconds) if seconds else None,
               "cpu_seconds": round(cpu, 2), "rows_per_cpu_s": round(rows / cpu) if cpu else None,
               "characters": size, "peak_rss_mb": round(rss.peak / 2**20, 1),
               "rss_growth_mb": round((rss.peak - rss.start) / 2**20, 1)}
    if db_cpu is not None:
        figures["db_cpu_seconds"] = round(_backend_cpu() - db_cpu, 2)
    return figures


def build(count):
    """Insert `count` published events; returns the seconds it took."""
    started = time.perf_counter()
    actors = Actor.objects.bulk_create([Actor(name=f"Bench export actor {n}", actor_type=ActorType.STATE_FORCES)
                                        for n in range(300)])
    tags = Tag.objects.bulk_create([Tag(name=f"bench export tag {n}") for n in range(20)])
    outlets = Outlet.objects.bulk_create([Outlet(name=f"Bench export outlet {n}", country="LY", language="ar")
                                          for n in range(10)])
    articles = Article.objects.bulk_create([
        Article(outlet=outlets[n % 10], title=f"Bench export article {n}", body=f"Bench export body {n}",
                url=f"https://bench.example/{n}", language="ar", published_on=datetime.date(2015, 1, 1 + n % 28),
                fingerprint=f"bench-export-{n}") for n in range(50)])
    assoc, tagged, cited = Event.assoc_actor_1.through, Event.tags.through, Event.sources.through
    day = datetime.date(2015, 1, 1)
    for start in range(0, count, INSERT_BATCH):
        numbers = range(start, min(start + INSERT_BATCH, count))
        events = Event.objects.bulk_create([Event(
            reference=f"BENCHX{n}", headline=f"Armed clash in Derna: bench {n}", event_date=day + datetime.timedelta(days=n % 3000),
            event_type="Battles", sub_event_type="Armed clash", disorder_type="Political violence",
            actor1_id=actors[n % 300].pk, actor2_id=actors[(n * 7) % 300].pk if n % 2 else None,
            fatalities=n % 7, location="Derna", country="LY", admin1="Darnah",
            latitude=32.7 + (n % 100) / 1000, longitude=22.6 + (n % 97) / 1000,
            source_text="" if n % 10 == 0 else "Bench Wire",
            source_scale="National", notes=f"Synthetic event {n} for the export benchmark. " * 3,
            acled_timestamp=1700000000 + n, status=ReviewStatus.PUBLISHED) for n in numbers])
        assoc.objects.bulk_create([assoc(event_id=e.pk, actor_id=actors[(i * 3) % 300].pk)
                                   for i, e in enumerate(events) if i % 3 == 0])
        tagged.objects.bulk_create([tagged(event_id=e.pk, tag_id=tags[i % 20].pk)
                                    for i, e in enumerate(events) if i % 4 == 0])
        # One event in ten cites articles rather than source text: its source cell is their outlets.
        cited.objects.bulk_create([cited(event_id=e.pk, article_id=articles[(i + k) % 50].pk)
                                   for i, e in enumerate(events) if i % 10 == 0 for k in (0, 7)])
    return time.perf_counter() - started


def _analyze():
    """Statistics for the new rows, as autovacuum keeps them for a real table (inside the
    benchmark's transaction it cannot see them): without them PostgreSQL plans the
    per-chunk lookups for empty tables."""
    if connection.vendor != "postgresql":
        return
    tables = [model._meta.db_table for model in (Event, Actor, Tag, Outlet, Article)] + [
        Event._meta.get_field(name).remote_field.through._meta.db_table
        for name in ("assoc_actor_1", "assoc_actor_2", "tags", "sources")]
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
        figures["csv_python"] = _measure(python_csv_pieces(events), count)
        figures["csv_on_baseline_rows"] = _measure(csv_pieces(events[:baseline]), baseline)
        figures["csv_instances_baseline"] = _measure(
            csv_lines_from_instances(events_for_export(events[:baseline])), baseline)
        figures["geojson"] = _measure(_grouped(geojson_pieces(events_for_export(events[:baseline]), site)), baseline)
        figures["kml"] = _measure(_grouped(kml_pieces(events_for_kml(events[:baseline]), site)), baseline)
        figures["kml_prefetching_baseline"] = _measure(
            _grouped(kml_pieces(events_for_export(events[:baseline]), site)), baseline)
        transaction.set_rollback(True)
    figures["csv_speedup"] = _ratio(figures["csv"], figures["csv_python"])
    figures["csv_speedup_over_instances"] = _ratio(figures["csv_on_baseline_rows"], figures["csv_instances_baseline"])
    figures["kml_speedup"] = _ratio(figures["kml"], figures["kml_prefetching_baseline"])
    figures["target"] = {"csv_rows_per_s": ">= 20000 at 1,000,000 rows", "rss_growth_mb": "flat (not rising with N)"}
    return figures


def _ratio(fast, slow):
    return round(fast["rows_per_s"] / slow["rows_per_s"], 1) if fast["rows_per_s"] and slow["rows_per_s"] else None


def add_arguments(parser):
    parser.add_argument("--events", type=int, default=DEFAULT_EVENTS,
                        help=f"How many synthetic events to export (default {DEFAULT_EVENTS}).")
    parser.add_argument("--baseline-rows", type=int, default=BASELINE_ROWS,
                        help=f"Rows for the slower paths: instance CSV, GeoJSON, KML (default {BASELINE_ROWS}).")
    parser.add_argument("--database", default=None,
                        help="URL of the database to measure on (the rows are rolled back); "
                             "the project's database by default.")


def probe(events=DEFAULT_EVENTS, baseline_rows=BASELINE_ROWS, **options):
    """In the child process started for --database."""
    return measure(events, baseline_rows)


def run(command, events=DEFAULT_EVENTS, baseline_rows=BASELINE_ROWS, database=None, **options):
    if not database:
        return measure(events, baseline_rows)
    env = {**os.environ, "DATABASE_URL": database}
    env.pop("DATABASE_REPLICA_URL", None)
    done = subprocess.run([sys.executable, str(Path(command.base_dir) / "manage.py"), "bench", "export", "--probe",
                           "--events", str(events), "--baseline-rows", str(baseline_rows)],
                          env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])
