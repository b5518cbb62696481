"""Deep pages of the public lists: a plain OFFSET against the ids read first.

    python manage.py bench pages --database postgres://postgres@127.0.0.1:5432/h_map1m

Measures the events already in --database (nothing is loaded or emptied: point it
at a database `bench map --reuse` filled). In a child process on that database, for
the list beside the map (located events, 50 a page) and the API (100 a page), at a
few page numbers, each way is timed REPEAT times, alternately: slicing the ordered
queryset (one query with OFFSET) and EventQuerySet.page with its two reads forced
(DIRECT_PAGE_START set to 0). Both must give the same rows. The last line is JSON:
the median seconds of each way and their ratio per page.
"""
import os
import statistics
import time

from events.bench import child_json

PAGES = (2, 1000, 5000, 9999)
REPEAT = 3


def add_arguments(parser):
    parser.add_argument("--database", required=True, help="URL of a database holding the events to page through.")


def probe(**options):
    """In the child process (DATABASE_URL set): time both ways."""
    from events.models import Event
    from events.models.event import EventQuerySet

    EventQuerySet.DIRECT_PAGE_START = 0
    lists = {"map_list": (Event.objects.published().located().order_by("-event_date", "-id"), 50),
             "api": (Event.objects.published().with_related(), 100)}
    figures = {"events": Event.objects.count()}
    for name, (events, size) in lists.items():
        for number in PAGES:
            start = (number - 1) * size
            offset, ids_first = [], []
            for _ in range(REPEAT):
                started = time.perf_counter()
                sliced = [event.pk for event in events[start:start + size]]
                offset.append(time.perf_counter() - started)
                started = time.perf_counter()
                paged = [event.pk for event in events.page(start, start + size)]
                ids_first.append(time.perf_counter() - started)
                if sliced != paged:
                    raise RuntimeError(f"{name} page {number}: the two ways differ")
            a, b = statistics.median(offset), statistics.median(ids_first)
            figures[f"{name}_page_{number}"] = {"offset_s": round(a, 4), "ids_first_s": round(b, 4),
                                                "ratio": round(a / max(b, 1e-6), 2)}
    return figures


def run(command, database=None, **options):
    env = {**os.environ, "DATABASE_URL": database, "DEBUG": "1", "LOG_LEVEL": "WARNING"}
    figures = child_json(command.base_dir, env, "manage.py", "bench", "pages", "--probe", "--database", database)
    return {"database": database.split("://")[0], **figures}
