"""ACLED import benchmark: rows per second for the configured database.

    python manage.py bench import
    DATABASE_URL=postgres://user@host:5432/name python manage.py bench import

A synthetic 100,000-row file in the current layout (1% of rows without
coordinates, so geocoding is part of the work) is written to a temporary
directory, imported, then imported again with every row revised (every row an
update), then that revised file once more (every row unchanged: the comparison
with the stored events, and no write). The passes run inside one transaction that
is rolled back at the end: the database is left exactly as it was, whatever it
holds.
"""
import csv
import datetime
import random
import tempfile
import time
import uuid
from pathlib import Path

from django.db import connection, transaction

from events.acled import COLUMNS, AcledImport

ROWS = 100_000
TOWNS = [  # (location, admin1, country, iso, latitude, longitude)
    ("Derna", "Darnah", "Libya", 434, 32.767, 22.637),
    ("Benghazi", "Benghazi", "Libya", 434, 32.115, 20.069),
    ("Sirte", "Surt", "Libya", 434, 31.209, 16.589),
    ("Rabat", "Rabat-Sale-Kenitra", "Morocco", 504, 34.013, -6.833),
    ("Timbuktu", "Tombouctou", "Mali", 466, 16.774, -3.007),
    ("Al Arish", "North Sinai", "Egypt", 818, 31.131, 33.798),
    ("Aleppo", "Aleppo", "Syria", 760, 36.202, 37.161),
    ("Mosul", "Ninewa", "Iraq", 368, 36.335, 43.119),
]
TYPES = [("Battles", "Armed clash", "State forces", "Rebel group"),
         ("Explosions/Remote violence", "Shelling/artillery/missile attack", "Rebel group", "Civilians"),
         ("Protests", "Peaceful protest", "Protesters", ""),
         ("Violence against civilians", "Attack", "Political militia", "Civilians"),
         ("Strategic developments", "Arrests", "State forces", "")]


def _row(number, prefix, rng, revision=0):
    town = TOWNS[number % len(TOWNS)]
    event_type, sub, inter1, inter2 = TYPES[number % len(TYPES)]
    located = number % 100 != 0
    day = datetime.date(2015, 1, 1) + datetime.timedelta(days=number % 3000)
    return {
        "event_id_cnty": f"{prefix}{number}", "event_date": day.isoformat(), "year": day.year,
        "time_precision": 1, "event_type": event_type, "sub_event_type": sub,
        "actor1": f"Bench actor {number % 300}", "inter1": inter1,
        "assoc_actor_1": f"Bench ally {number % 50}; Bench ally {number % 70}" if number % 3 == 0 else "",
        "actor2": f"Bench actor {number % 211}" if inter2 else "", "inter2": inter2,
        "iso": town[3], "country": town[2], "admin1": town[1], "location": town[0],
        "latitude": round(town[4] + rng.uniform(-0.05, 0.05), 4) if located else "",
        "longitude": round(town[5] + rng.uniform(-0.05, 0.05), 4) if located else "",
        "geo_precision": 1, "source": "Bench Wire", "source_scale": "National",
        "notes": f"Synthetic event {number} for the import benchmark (revision {revision}). " * 4,
        "fatalities": number % 7, "tags": f"bench tag {number % 20}" if number % 4 == 0 else "",
        "timestamp": 1700000000 + number + revision,
    }


def write_file(path, rows, prefix, revision=0):
    rng = random.Random(6)
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, COLUMNS)
        writer.writeheader()
        for number in range(rows):
            writer.writerow(_row(number, prefix, rng, revision))


def measure(rows=ROWS):
    """{"create": {...}, "update": {...}, "unchanged": {...}} for a file of `rows` rows;
    nothing is kept."""
    figures = {}
    with tempfile.TemporaryDirectory() as directory:
        first, revised = Path(directory) / "acled.csv", Path(directory) / "acled-revised.csv"
        # References no real event has, so the passes never touch existing rows.
        prefix = f"BENCH{uuid.uuid4().hex[:8]}-"
        write_file(first, rows, prefix)
        write_file(revised, rows, prefix, revision=1)
        with transaction.atomic():
            for phase, path in (("create", first), ("update", revised), ("unchanged", revised)):
                started = time.perf_counter()
                with open(path, "rb") as binary:
                    result = AcledImport().run(binary)
                seconds = time.perf_counter() - started
                figures[phase] = {**result.summary(), "seconds": round(seconds, 2),
                                  "rows_per_s": round(rows / seconds)}
            transaction.set_rollback(True)
    return figures


def run(command):
    figures = measure()
    return {"database": connection.vendor, "rows": ROWS,
            "seconds": figures["create"]["seconds"], "rows_per_s": figures["create"]["rows_per_s"],
            **figures}
