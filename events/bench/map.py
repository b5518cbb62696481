"""Map benchmark: what the browser fetches to show N events, ours against naive folium.

`run` starts a child process on a scratch SQLite database (never the configured
one). The child creates N published events for N = 1,000, 10,000 and 100,000 and
measures, through Django's test client:
- ours: the page, the map script and the data (server time with the data cache
  emptied first, bytes and gzip bytes), plus the static assets the page loads;
- naive_folium (N = 1,000 and 10,000): one folium Marker with a Popup per event in
  a MarkerCluster, rendered to HTML, the way a first version usually does it.
Then a headless Chromium (Debian's /usr/bin/chromium through Playwright) opens the
100,000-event map and times it until the markers are clustered and a popup opens.
"""
import datetime
import gzip
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZES = (1_000, 10_000, 100_000)
NAIVE_SIZES = (1_000, 10_000)
REPEATS = 3
CHROMIUM = "/usr/bin/chromium"


def _events(n):
    from events.models import Event
    from events.taxonomy import EVENT_TYPE_OF, ReviewStatus

    pairs = list(EVENT_TYPE_OF.items())
    rng = random.Random(n)
    start = datetime.date(2015, 1, 1)
    Event.objects.all().delete()
    batch = []
    for i in range(n):
        sub, event_type = pairs[i % len(pairs)]
        batch.append(Event(
            headline=f"Reported event {i} near town {i % 977}", event_date=start + datetime.timedelta(days=i % 3650),
            event_type=event_type, sub_event_type=sub, location=f"Town {i % 977}", country="LY",
            latitude=round(rng.uniform(12.0, 37.0), 5), longitude=round(rng.uniform(-12.0, 50.0), 5),
            geo_precision=1 + i % 3, status=ReviewStatus.PUBLISHED, notes="Synthetic benchmark row.",
        ))
        if len(batch) == 5000:
            Event.objects.bulk_create(batch)
            batch = []
    Event.objects.bulk_create(batch)


def _fetch(client, url):
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, body


def _static_assets(html):
    from django.contrib.staticfiles import finders

    total, total_gz = 0, 0
    for url in re.findall(r'(?:src|href)="/static/([^"]+)"', html):
        data = Path(finders.find(url)).read_bytes()
        total += len(data)
        total_gz += len(gzip.compress(data))
    return total, total_gz


def _ours(client):
    from django.core.cache import cache

    runs = []
    for _ in range(REPEATS):
        cache.clear()
        total_ms, total_bytes, total_gzip = 0.0, 0, 0
        for url in ("/", "/map/script.js", "/map/data.json"):
            ms, body = _fetch(client, url)
            total_ms += ms
            total_bytes += len(body)
            total_gzip += len(gzip.compress(body))
            if url == "/":
                page = body.decode()
        runs.append((total_ms, total_bytes, total_gzip))
    warm_ms, _ = _fetch(client, "/map/data.json")
    assets, assets_gzip = _static_assets(page)
    return {
        "server_ms": round(statistics.median(r[0] for r in runs), 1),
        "bytes": runs[0][1], "gzip_bytes": runs[0][2],
        "data_cached_ms": round(warm_ms, 1),
        "static_assets_bytes": assets, "static_assets_gzip_bytes": assets_gzip,
    }


def _naive(n):
    """One Marker and Popup per event in a MarkerCluster: the usual first version."""
    import folium
    from folium.plugins import MarkerCluster

    from events.models import Event

    started = time.perf_counter()
    rows = Event.objects.published().located().values_list(
        "headline", "latitude", "longitude", "event_date", "event_type", "location")
    fmap = folium.Map(location=(28, 20), zoom_start=4)
    cluster = MarkerCluster().add_to(fmap)
    for headline, lat, lon, day, event_type, location in rows:
        folium.Marker((lat, lon), popup=folium.Popup(f"<b>{headline}</b><br>{day} · {event_type} · {location}"),
                      tooltip=headline).add_to(cluster)
    html = fmap.get_root().render().encode()
    elapsed = (time.perf_counter() - started) * 1000
    return {"server_ms": round(elapsed, 1), "bytes": len(html), "gzip_bytes": len(gzip.compress(html))}


def _browser(port):
    """Seconds until the 100,000 markers are clustered, then until a popup shows its text."""
    if not Path(CHROMIUM).exists():
        return {"skipped": f"{CHROMIUM} not found"}
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1300, "height": 800})
        page.route("**/*", lambda route: route.abort() if "127.0.0.1" not in route.request.url else route.continue_())
        started = time.perf_counter()
        page.goto(f"http://127.0.0.1:{port}/", wait_until="domcontentloaded")
        page.wait_for_selector("#event-map[data-events-ready]", timeout=120_000)
        ready = time.perf_counter() - started
        count = page.get_attribute("#event-map", "data-events-ready")
        clusters = page.locator(".marker-cluster").count()
        started = time.perf_counter()
        page.evaluate("window.EventMap.layers[0].focus(window.EventMap.layers[0].events.ids[12345])")
        page.wait_for_selector(".em-popup .em-headline", timeout=60_000)
        popup = time.perf_counter() - started
        browser.close()
    return {"events": int(count), "clusters_on_screen": clusters,
            "clustered_s": round(ready, 2), "popup_after_s": round(popup, 2)}


def probe():
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    client = Client(HTTP_HOST="127.0.0.1")
    result = {"ours": {}, "naive_folium": {}}
    for n in SIZES:
        _events(n)
        result["ours"][str(n)] = _ours(client)
        if n in NAIVE_SIZES:
            result["naive_folium"][str(n)] = _naive(n)
    return result


def run(command):
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{scratch}/bench.sqlite3", "DEBUG": "1"}
        out = subprocess.run([sys.executable, "manage.py", "bench", "map", "--probe"], env=env,
                             capture_output=True, text=True, check=True, cwd=command.base_dir)
        figures = json.loads(out.stdout.strip().splitlines()[-1])
        port = 8700 + os.getpid() % 200
        server = subprocess.Popen([sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
                                  env=env, cwd=command.base_dir, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        try:
            time.sleep(3)
            figures["chromium_100000"] = _browser(port)
        finally:
            server.terminate()
            server.wait(timeout=10)
    ours, naive = figures["ours"], figures["naive_folium"]
    figures["ratios"] = {
        "ours_100000_vs_naive_10000_server_time": round(ours["100000"]["server_ms"] / naive["10000"]["server_ms"], 3),
        "ours_10000_vs_naive_10000_bytes": round(ours["10000"]["bytes"] / naive["10000"]["bytes"], 3),
    }
    figures["targets"] = {"ours_100000_vs_naive_10000_server_time": "<= 0.1", "ours_100000_bytes": "<= 5 MB"}
    return figures
