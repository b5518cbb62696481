"""Map benchmark at scale: the aggregated map against today's all-points map.

    python manage.py bench map --events 100000,1000000 --database postgres://postgres@127.0.0.1/h_map_bench

For each N the scratch database named by --database (it is emptied: never give it
a database you keep; without --database a temporary SQLite file is used) is
migrated and loaded with N published synthetic events (COPY on PostgreSQL,
executemany on SQLite; the load time is reported, and includes the map rollup's
triggers, whose row count is reported too). Then gunicorn serves the app on
127.0.0.1 and a headless Chromium (Debian's /usr/bin/chromium through Playwright)
opens `/` with an empty cache:
- first view: seconds until clusters are drawn (`data-events-ready`), the JS heap,
  the bytes of the map's script and data and their server time (time to first byte),
  with the cache empty (just after a publish) and again with it filled;
- then 16 pans and zooms, each timed until the new view is drawn, with the server
  time (slowest block request of the move) and the bytes of each move: median and
  p95;
- the same first view with a filter (one event type, one year).
Before the measures each gunicorn worker serves a few requests of a filter no event
matches (WARM_UP_QUERY), so a first view pays what follows a publish (empty caches),
not a worker's own start-up.
The baseline is today's all-points path: the previous commit's code (git archive of
BASELINE_COMMIT into a scratch folder), served by gunicorn against the same
100,000-event database, timed in the same browser until its markers are clustered.
Last, the small-N path: an embed of 40 events, ours and the baseline's (median of 3).
The last line is one JSON object. (Longer than our usual module: loading, serving,
driving the browser and the baseline belong together and are read top to bottom.)
"""
import datetime
import io
import itertools
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
BASELINE_COMMIT = "cdcd10f"
BASELINE_SIZE = 100_000
# The live filters before they were served from cached selections (events.public.selections).
LIVE_BASELINE_COMMIT = "35bbe6f"
VIEWPORT = {"width": 1300, "height": 850}
# (lat, lon, zoom) moves after the first view: zooms into towns, pans, zooms out.
MOVES = [(32.5, 20.0, 6), (32.1, 20.1, 8), (32.12, 20.07, 10), (32.115, 20.069, 13), (32.115, 20.069, 16),
         (31.2, 16.6, 9), (31.21, 16.59, 12), (34.0, 9.0, 5), (36.2, 37.2, 7), (36.2, 37.16, 11),
         (30.0, 31.0, 6), (31.13, 33.8, 12), (31.131, 33.798, 15), (25.0, 15.0, 4), (16.77, -3.0, 9),
         (28.0, 20.0, 5)]
COLUMNS = ("headline", "notes", "event_date", "time_precision", "event_type", "sub_event_type",
           "disorder_type", "location", "country", "admin1", "admin2", "admin3", "latitude", "longitude",
           "geo_precision", "status", "civilian_targeting", "source_scale", "source_text",
           "created_at", "updated_at", "version", "actor1_id", "actor2_id")
# Synthetic actors: a few hundred, a few of them in most events (as in ACLED data,
# where state forces and protesters of a country top the list); actor 1 in every
# event, actor 2 in every other one, drawn with weight 1 / (rank + 3).
ACTORS = 300
# The filters the rollup has no key for, as the map's users set them: a common
# sub-event type (1 event in 25), the most frequent actor (about 1 in 10), two
# words both in half the headlines ("town" and "3": every word must match), one in
# about 1 in 20 ("42", in event and town numbers) and a headline few events match.
LIVE_TIMEOUT_S = 150
LIVE_GIVE_UP_S = 20
LIVE_FILTERS = {
    "sub_event_type": "sub_event_type=Peaceful+protest",
    "actor": "actor=Group+001",
    "q_common": "q=town+3",
    "q_share": "q=42",
    "q_rare": "q=event+123456",
}


def _towns(rng, count=2500):
    """Town points where the events gather, spread over North Africa and the Middle East."""
    return [(round(rng.uniform(12.0, 37.0), 4), round(rng.uniform(-12.0, 50.0), 4)) for _ in range(count)]


def synthetic_rows(n, seed=7):
    """N event rows as tuples of COLUMNS: three in five at a town's exact point (as
    ACLED codes a town), the others scattered around it."""
    from events.taxonomy import EVENT_TYPE_OF, disorder_type_for

    rng = random.Random(seed)
    towns = _towns(rng)
    actor_rng = random.Random(seed + 1)  # its own stream: the other columns stay as they were
    actor_weights = list(itertools.accumulate(1 / (rank + 3) for rank in range(ACTORS)))
    pairs = [(event_type, sub) for sub, event_type in EVENT_TYPE_OF.items()]
    start = datetime.date(2010, 1, 1)
    now = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc).isoformat()
    disorder = {pair: disorder_type_for(*pair) for pair in pairs}
    for i in range(n):
        town = int(rng.paretovariate(1.1)) % len(towns)
        lat, lon = towns[town]
        precision = 1
        if rng.random() < 0.4:
            lat, lon, precision = lat + rng.gauss(0, 0.3), lon + rng.gauss(0, 0.3), 2 + (i % 2)
            lat, lon = max(-89.0, min(89.0, lat)), max(-179.0, min(179.0, lon))
        event_type, sub = pairs[i % len(pairs)]
        actor1, actor2 = actor_rng.choices(range(1, ACTORS + 1), cum_weights=actor_weights, k=2)
        yield (f"Reported event {i} near town {town}", "Synthetic benchmark row.",
               (start + datetime.timedelta(days=i % 5800)).isoformat(), 1, event_type, sub,
               disorder[(event_type, sub)], f"Town {town}", "LY", "", "", "",
               round(lat, 5), round(lon, 5), precision, "published", False, "", "Synthetic", now, now, 1,
               actor1, actor2 if i % 2 else None)


def _actor_rows():
    return [(k, f"Synthetic Group {k:03d}", 2 + k % 6, "LY") for k in range(1, ACTORS + 1)]


def load(n):
    """Empty the event table and load N published events; seconds taken."""
    from django.db import connection

    from events.models import Actor, Event, MapDataVersion, MapRollup

    started = time.perf_counter()
    table = Event._meta.db_table
    actors = f"INSERT INTO {Actor._meta.db_table} (id, name, actor_type, country, name_ar, name_fr, name_en) " \
             "VALUES (%s, %s, %s, %s, '', '', '')"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {table} RESTART IDENTITY CASCADE")
            cursor.execute(f"TRUNCATE {Actor._meta.db_table} RESTART IDENTITY CASCADE")
            cursor.executemany(actors, _actor_rows())
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{Actor._meta.db_table}', 'id'), {ACTORS})")
            rows = synthetic_rows(n)
            while True:
                buffer = io.StringIO()
                count = 0
                for row in rows:
                    buffer.write("\t".join("t" if v is True else "f" if v is False else "\\N" if v is None else str(v)
                                            for v in row) + "\n")
                    count += 1
                    if count == 200_000:
                        break
                if not count:
                    break
                buffer.seek(0)
                cursor.copy_expert(f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN", buffer)
            cursor.execute(f"VACUUM ANALYZE {table}")  # as autovacuum would after a bulk load
            cursor.execute(f"VACUUM ANALYZE {MapRollup._meta.db_table}")  # written by the COPY's triggers
        else:
            Event.objects.all().delete()
            Actor.objects.all().delete()
            cursor.executemany(actors, _actor_rows())
            sql = f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({', '.join(['%s'] * len(COLUMNS))})"
            batch = []
            for row in synthetic_rows(n):
                batch.append(row)
                if len(batch) == 50_000:
                    cursor.executemany(sql, batch)
                    batch = []
            cursor.executemany(sql, batch)
    MapDataVersion.bump()
    return time.perf_counter() - started


def _server(root, env, port):
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "project.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}",
         "--timeout", "300"], cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _stop(server):
    """Stop gunicorn; kill it if a worker is stuck in a long query."""
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=30)


# A filter no event matches: what the workers serve before the measures, so that
# each has imported, connected and compiled its templates (a worker's first request
# costs about 0.6 s more; a server pays that once per worker start, not per publish),
# while every cache the measures read stays empty.
WARM_UP_QUERY = "?date_from=1900-01-01&date_to=1900-01-01"
WARM_UP_PATHS = ("/", "/map/script.js", "/map/blocks/0/0/0.json")


def _wait_up(port, timeout=60):
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/static/events/map.css", timeout=5).read()
            break
        except OSError:
            time.sleep(0.3)
    else:
        raise RuntimeError("the server did not start")
    _warm_workers(port)


def _warm_workers(port, workers=2, rounds=3):
    """Each warm-up path, `workers` at a time (a busy worker leaves the next request to
    another), a few rounds. A path an older tree (a baseline) does not have answers 404
    and is skipped; any other error is a failing server and raised."""
    import urllib.error
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    def get(path):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}{WARM_UP_QUERY}", timeout=60) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            if error.code != 404:
                raise
            return b""

    with ThreadPoolExecutor(workers) as pool:
        for _ in range(rounds):
            for path in WARM_UP_PATHS:
                list(pool.map(get, [path] * workers))


def _heap_mb(page):
    """The page's used JS heap (Chromium's performance.memory, precise by a launch flag)."""
    return round(page.evaluate("performance.memory.usedJSHeapSize") / 2**20, 1)


class _Recorder:
    """Bytes (as sent) and time to first byte of the map's data requests."""

    def __init__(self, page):
        self.items = []
        page.on("requestfinished", self._finished)

    def _finished(self, request):
        if "/map/" not in request.url and "/api/" not in request.url:
            return
        response = request.response()
        sizes = request.sizes()
        timing = request.timing
        ttfb = timing["responseStart"] - timing["requestStart"] if timing["responseStart"] > 0 else None
        self.items.append({"url": request.url, "status": response.status if response else None,
                           "bytes": sizes["responseBodySize"], "ttfb_ms": ttfb})

    def take(self):
        items, self.items = self.items, []
        return items


def _first_view(browser, base, path, ready_selector, timeout_s=300):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.route("**/*", lambda route: route.abort() if not route.request.url.startswith(base) else route.continue_())
    recorder = _Recorder(page)
    started = time.perf_counter()
    page.goto(base + path, wait_until="domcontentloaded")
    page.wait_for_selector(ready_selector, timeout=timeout_s * 1000)
    ready = time.perf_counter() - started
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    data = recorder.take()
    result = {
        "ready_s": round(ready, 2), "js_heap_mb": _heap_mb(page),
        "data_bytes": sum(item["bytes"] for item in data), "data_requests": len(data),
        "server_ms_max": round(max((item["ttfb_ms"] or 0) for item in data), 1) if data else None,
        "errors": [item["url"] for item in data if item["status"] and item["status"] >= 400],
    }
    return page, context, recorder, result


def _moves(page, recorder):
    times, bytes_, server = [], [], []
    for lat, lon, zoom in MOVES:
        before = page.get_attribute("#event-map", "data-view-ready")
        started = time.perf_counter()
        page.evaluate(f"void window.EventMap.layers[0].map.setView([{lat}, {lon}], {zoom}, {{animate: false}})")
        while page.get_attribute("#event-map", "data-view-ready") == before:
            if time.perf_counter() - started > 120:
                raise RuntimeError("the map did not redraw")
            time.sleep(0.005)
        times.append((time.perf_counter() - started) * 1000)
        page.wait_for_timeout(50)
        items = recorder.take()
        bytes_.append(sum(item["bytes"] for item in items))
        server.append(max([item["ttfb_ms"] or 0 for item in items] or [0]))

    def p95(values):
        return round(sorted(values)[max(0, int(len(values) * 0.95 + 0.5) - 1)], 1)

    return {"moves": len(MOVES), "server_ms_median": round(statistics.median(server), 1),
            "server_ms_p95": p95(server), "server_ms_max": round(max(server), 1), "view_ms_median": round(statistics.median(times), 1),
            "view_ms_p95": p95(times), "bytes_median": int(statistics.median(bytes_)), "bytes_max": max(bytes_)}


def _ours(browser, base):
    page, context, recorder, first = _first_view(browser, base, "/", "#event-map[data-events-ready]")
    first["events"] = page.get_attribute("#event-map", "data-events-ready")
    first["clusters_drawn"] = page.get_attribute("#event-map", "data-clusters")
    moves = _moves(page, recorder)
    context.close()
    # The same first view again: what every later visitor gets until the next publish.
    page, context, _recorder, warm = _first_view(browser, base, "/", "#event-map[data-events-ready]")
    context.close()
    page, context, _recorder, filtered = _first_view(
        browser, base, "/?event_type=Battles&date_from=2015-01-01&date_to=2015-12-31", "#event-map[data-events-ready]")
    filtered["events"] = page.get_attribute("#event-map", "data-events-ready")
    context.close()
    return {"first_view": first, "first_view_cached": warm, "pan_zoom": moves, "first_view_filtered": filtered}


def _live(browser, base):
    """First view and the 16 moves with each filter the rollup has no key for. A first
    view slower than LIVE_GIVE_UP_S is not followed by moves (each would take as long)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    figures = {}
    for name, query in LIVE_FILTERS.items():
        try:
            page, context, recorder, first = _first_view(browser, base, "/?" + query, "#event-map[data-events-ready]",
                                                         timeout_s=LIVE_TIMEOUT_S)
        except PlaywrightTimeout:
            figures[name] = {"query": query, "first_view": {"ready_s": f"> {LIVE_TIMEOUT_S}"}}
            continue
        first["events"] = page.get_attribute("#event-map", "data-events-ready")
        figures[name] = {"query": query, "first_view": first}
        if first["ready_s"] <= LIVE_GIVE_UP_S:
            figures[name]["pan_zoom"] = _moves(page, recorder)
        context.close()
        print(json.dumps({name: figures[name]}), file=sys.stderr, flush=True)  # kept if a later step fails
    return figures


def expected_counts():
    """The located published events each live filter selects, counted plainly."""
    from django.http import QueryDict

    from events.models import Event
    from events.public.filters import filtered_events

    return {name: filtered_events(QueryDict(query), Event.objects.published())[1]
            .filter(cell_x__isnull=False, cell_y__isnull=False).count() for name, query in LIVE_FILTERS.items()}


def _baseline(browser, base):
    page, context, _recorder, first = _first_view(browser, base, "/", "#event-map[data-events-ready]")
    first["events"] = page.get_attribute("#event-map", "data-events-ready")
    context.close()
    return first


def _browser():
    from playwright.sync_api import sync_playwright

    manager = sync_playwright().start()
    browser = manager.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--enable-precise-memory-info",
        "--disable-component-update", "--disable-sync", "--no-first-run"])
    return manager, browser


def _manage(root, env, *args):
    out = subprocess.run([sys.executable, "manage.py", *args], cwd=root, env=env, capture_output=True, text=True)
    if out.returncode:
        raise RuntimeError(out.stderr[-2000:])
    return out.stdout


def add_arguments(parser):
    parser.add_argument("--events", default="100000,1000000",
                        help="Comma-separated numbers of events to measure.")
    parser.add_argument("--live-baseline", default=LIVE_BASELINE_COMMIT,
                        help="Commit whose code is timed with the live filters too, on the same database.")
    parser.add_argument("--live-baseline-max", type=int, default=1_000_000,
                        help="Largest N at which that baseline is timed (0: never).")
    parser.add_argument("--reuse", action="store_true",
                        help="Keep the events already in --database when it holds exactly N (no import; "
                             "the data version is bumped, so every filter is summed anew).")
    parser.add_argument("--database", default=None,
                        help="URL of a scratch database (emptied!); a temporary SQLite file by default.")


def _sizes(events):
    return [int(n) for n in str(events).split(",") if n.strip()]


def probe(n=None, events=None, reuse=False, **options):
    """In the child process (DATABASE_URL set): migrate and load N events (with
    `reuse`, keep the N events a previous run loaded: no import time then)."""
    n = n if n is not None else _sizes(events)[0]
    from django.core.management import call_command

    from events.models import Event, MapDataVersion, MapRollup

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrate_s = time.perf_counter() - started
    if reuse and Event.objects.count() == n:
        # A new data version, as an import or a publish makes: the selections an
        # earlier run summed are not read again, so every live filter is measured cold.
        MapDataVersion.bump()
        return {"events": n, "import_s": None, "reused": True, "migrate_s": round(migrate_s, 1),
                "rollup_rows": MapRollup.objects.count()}
    seconds = load(n)
    return {"events": n, "import_s": round(seconds, 1), "rollup_rows": MapRollup.objects.count(),
            "table_mb": _table_sizes(), "live_counts": expected_counts() if n > 1000 else {}}


def _table_sizes():
    """MB on disk of the events (with their indexes) and of the rollup (PostgreSQL)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, pg_total_relation_size(oid) FROM pg_class WHERE relname IN "
                       "('events_event', 'events_maprollup')")
        return {name: round(size / 2**20) for name, size in cursor.fetchall()}


def run(command, sizes=None, database=None, events="100000,1000000", live_baseline=LIVE_BASELINE_COMMIT,
        live_baseline_max=1_000_000, reuse=False, **options):
    sizes = sizes or _sizes(events)
    root = Path(command.base_dir)
    if not Path(CHROMIUM).exists():
        return {"skipped": f"{CHROMIUM} not found"}
    with tempfile.TemporaryDirectory() as scratch:
        url = database or f"sqlite:///{scratch}/bench.sqlite3"
        env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1", "LOG_LEVEL": "WARNING"}
        env.pop("REDIS_URL", None)
        port = 8700 + os.getpid() % 150
        figures = {"database": url.split("://")[0], "sizes": {}}
        manager, browser = _browser()
        try:
            for n in sorted(sizes):
                loaded = json.loads(_manage(root, env, "bench", "map", "--probe", "--events", str(n),
                                            *(["--reuse"] if reuse else [])).strip().splitlines()[-1])
                entry = {key: loaded.get(key) for key in ("import_s", "reused", "migrate_s", "rollup_rows", "table_mb")}
                if loaded["import_s"]:
                    entry["import_rows_per_s"] = round(n / max(loaded["import_s"], 1e-6))
                server = _server(root, env, port)
                try:
                    _wait_up(port)
                    entry.update(_ours(browser, f"http://127.0.0.1:{port}"))
                    entry["live_filters"] = _live(browser, f"http://127.0.0.1:{port}")
                finally:
                    _stop(server)
                for name, count in loaded.get("live_counts", {}).items():
                    entry["live_filters"][name]["expected_events"] = count
                if live_baseline and n <= live_baseline_max:
                    entry["live_filters_baseline"] = _run_live_baseline(root, env, port + 2, browser, scratch,
                                                                        live_baseline)
                if n == BASELINE_SIZE:
                    entry["all_points_baseline"] = _run_baseline(root, env, port + 1, browser, scratch)
                figures["sizes"][str(n)] = entry
            if not reuse:  # it loads 40 events in place of the N a later --reuse would keep
                figures["embed_40"] = _small_embed(root, env, port, browser, scratch)
        finally:
            browser.close()
            manager.stop()
    figures["targets"] = {"first_view_ready_s": "<= 1.5", "js_heap_mb": "<= 150", "first_view_data_bytes": "<= 300000",
                          "pan_zoom_server_ms_median": "<= 300", "pan_zoom_bytes": "<= 100000"}
    return figures


EMBED_QUERY = "/embed/?country=LY"


def _embed_median(tree, env, port, browser):
    """Median figures of three first views of the 40-event embed served from `tree`
    (after one warm-up view)."""
    server = _server(tree, env, port)
    try:
        _wait_up(port)
        base = f"http://127.0.0.1:{port}"
        _first_view(browser, base, EMBED_QUERY, "#event-map[data-events-ready]")[1].close()
        runs = []
        for _ in range(3):
            _page, context, _recorder, view = _first_view(browser, base, EMBED_QUERY,
                                                          "#event-map[data-events-ready]")
            context.close()
            runs.append(view)
    finally:
        _stop(server)
    return {"ready_s_median": statistics.median(r["ready_s"] for r in runs),
            "data_bytes": runs[0]["data_bytes"], "js_heap_mb": runs[0]["js_heap_mb"]}


def _small_embed(root, env, port, browser, scratch):
    """The small-N path: an embed showing 40 events, ours against the baseline's."""
    _manage(root, env, "bench", "map", "--probe", "--events", "40")
    return {"ours": _embed_median(root, env, port, browser),
            "all_points_baseline": _embed_median(_baseline_tree(root, scratch), env, port + 1, browser)}


def _run_live_baseline(root, env, port, browser, scratch, commit):
    """The live filters served by `commit`'s code, on the same database."""
    server = _server(_baseline_tree(root, scratch, commit), env, port)
    try:
        _wait_up(port)
        return {"commit": commit, **_live(browser, f"http://127.0.0.1:{port}")}
    finally:
        _stop(server)


def _baseline_tree(root, scratch, commit=BASELINE_COMMIT):
    """A commit's files in a scratch folder (extracted once)."""
    old = Path(scratch) / f"baseline-{commit}"
    if not old.exists():
        old.mkdir()
        archive = subprocess.run(["git", "archive", commit], cwd=root, capture_output=True,
                                 check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
    return old


def _run_baseline(root, env, port, browser, scratch):
    """Today's all-points map (BASELINE_COMMIT) on the same database."""
    server = _server(_baseline_tree(root, scratch), env, port)
    try:
        _wait_up(port)
        return {"commit": BASELINE_COMMIT, **_baseline(browser, f"http://127.0.0.1:{port}")}
    finally:
        _stop(server)
