"""Load benchmark: requests/s and latency of the public paths under a real load generator.

    python manage.py bench load --database postgres://postgres@127.0.0.1:5432/postgres \
        --events 100000 --seconds 10 --connections 16 --workers 2 [--redis redis://127.0.0.1:6379/8]

It makes a scratch database next to the one named (`<name>_bench_load`, dropped at
the end), migrates it, fills it with N published events, collects the static files,
starts gunicorn on 127.0.0.1 with production settings, and drives each URL with
`wrk` (Debian's package) for a bounded time: a static file (the ceiling), `/`,
`/embed/?<filter>`, a block of the map's clusters, the map's point data, the API's
first page, an event page and a feed.
Each URL is asked once before it is measured, so the figures are for a warm cache.
Two more rows: the map's point data asked with `Accept-Encoding: gzip` (as browsers
ask), and a block asked again with the `If-None-Match` of its first answer (a
browser revalidating: answered 304). `--redis` gives gunicorn REDIS_URL (the shared
cache, under a key prefix of its own); without it each worker has its own memory cache.
The last line is one JSON object: per URL requests/s, MB/s, p50 and p99 latency
(ms), errors (non-2xx/3xx answers and socket errors) and the rate as a share of the
static file's, measured again just before each URL (`static_rate_beside`): the
machine this runs on is shared, and a ceiling measured a minute earlier is not the
one the URL met.
"""
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

DEFAULTS = {"events": 100_000, "seconds": 10, "connections": 16, "workers": 2, "threads": 2}
WRK = shutil.which("wrk") or "/usr/bin/wrk"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _scratch_url(url):
    parts = urlsplit(url)
    name = (parts.path.lstrip("/") or "postgres") + "_bench_load"
    return name, urlunsplit(parts._replace(path="/" + name))


def _admin(url, sql):
    import psycopg2

    parts = urlsplit(url)
    connection = psycopg2.connect(host=parts.hostname or "127.0.0.1", port=parts.port or 5432,
                                  user=parts.username or "postgres", password=parts.password or None,
                                  dbname=parts.path.lstrip("/") or "postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql)
    connection.close()


def _environment(database_url, static_root, redis_url=""):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env.update({
        "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(40), "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url, "STATIC_ROOT": str(static_root),
        "SECURE_SSL_REDIRECT": "0", "SESSION_COOKIE_SECURE": "0", "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0", "LOG_LEVEL": "WARNING", "DB_CONN_MAX_AGE": "60",
    })
    env.pop("REDIS_URL", None)
    if redis_url:
        env.update({"REDIS_URL": redis_url, "CACHE_KEY_PREFIX": "bench-load-" + secrets.token_hex(6)})
    return env


def _manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], env=env, check=True, cwd=Path.cwd(),
                   stdout=subprocess.DEVNULL)


def _fill(n):
    """N published events, as the map benchmark loads them (COPY), in the child process."""
    from events.bench.map import load

    load(n)


def parse_wrk(output):
    """requests/s, p50 and p99 (ms) and errors from `wrk --latency` output."""

    def millis(label):
        match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        if not match:
            return None
        value, unit = float(match.group(1)), match.group(2)
        return round(value / 1000 if unit == "us" else value * 1000 if unit == "s" else value, 2)

    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    transfer = re.search(r"Transfer/sec:\s+([\d.]+)([KMG]?B)", output)
    scale = {"B": 1 / 1024 / 1024, "KB": 1 / 1024, "MB": 1, "GB": 1024}
    return {
        "requests_per_s": float(rate.group(1)) if rate else 0.0,
        "transfer_mb_per_s": round(float(transfer.group(1)) * scale[transfer.group(2)], 2) if transfer else None,
        "p50_ms": millis("50"), "p99_ms": millis("99"),
        "errors": errors + (int(non_2xx.group(1)) if non_2xx else 0),
    }


def _wait_until_up(base, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/admin/login/", timeout=2)
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer in time")


def _urls(static_root):
    asset = next(static_root.glob("vendor/leaflet/leaflet.*.js"), None) or next(
        static_root.rglob("*.js"))
    gzip = {"Accept-Encoding": "gzip"}
    return {
        "static_file": ("/static/" + str(asset.relative_to(static_root)), {}),
        "map_page": ("/", {}),
        "embed": ("/embed/?event_type=Battles&country=LY", {}),
        "map_blocks": ("/map/blocks/3/1/0.json", {}),
        "map_blocks_304": ("/map/blocks/3/1/0.json", {"If-None-Match": None}),
        "map_data": ("/map/data.json", {}),
        "map_data_gzip": ("/map/data.json", gzip),
        "api_first_page": ("/api/events/?page=1", {}),
        "event_page": ("/events/1/", {}),
        "feed": ("/feeds/events.atom", {}),
    }


def _warm(url, headers):
    """Ask once (filling the caches); an If-None-Match of None becomes the answer's ETag."""
    asked = {name: value for name, value in headers.items() if value is not None}
    with urllib.request.urlopen(urllib.request.Request(url, headers=asked), timeout=60) as response:
        response.read()
        etag = response.headers.get("ETag")
    return {name: (etag if value is None else value) for name, value in headers.items()}


def measure(*, database, events, seconds, connections, workers, threads, redis="", report=print):
    if not os.path.exists(WRK):
        raise RuntimeError("wrk is not installed: apt-get install wrk")
    name, url = _scratch_url(database)
    _admin(database, f'DROP DATABASE IF EXISTS "{name}"')
    _admin(database, f'CREATE DATABASE "{name}"')
    static_root = Path(tempfile.mkdtemp(prefix="bench-load-static-"))
    env = _environment(url, static_root, redis)
    server = None
    try:
        started = time.perf_counter()
        _manage(env, "migrate", "--noinput")
        _manage(env, "collectstatic", "--noinput")
        subprocess.run([sys.executable, "manage.py", "bench", "load", "--fill", str(events)],
                       env=env, check=True)
        report(f"database ready with {events} events in {time.perf_counter() - started:.0f} s")
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "project.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", str(workers), "--log-level", "warning"], env=env)
        _wait_until_up(base)
        def drive(path, headers):
            result = subprocess.run(
                [WRK, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency",
                 "--timeout", "10s", *[f"-H{name}: {value}" for name, value in headers.items() if value],
                 base + path],
                capture_output=True, text=True, timeout=seconds + 60)
            return parse_wrk(result.stdout)

        figures = {}
        urls = _urls(static_root)
        static_path = urls["static_file"][0]
        for label, (path, headers) in urls.items():
            headers = _warm(base + path, headers)
            # The static file again just before each URL: on a shared, noisy machine the
            # share is taken against the ceiling measured a moment earlier.
            ceiling = drive(static_path, {})["requests_per_s"] if label != "static_file" else None
            figures[label] = {"url": path, **({"headers": headers} if headers else {}), **drive(path, headers)}
            ceiling = ceiling or figures[label]["requests_per_s"] or 1
            figures[label]["static_rate_beside"] = ceiling
            figures[label]["share_of_static"] = round(figures[label]["requests_per_s"] / ceiling, 3)
            report(f"{label}: {figures[label]}")
        return {"events": events, "seconds_per_url": seconds, "connections": connections,
                "gunicorn_workers": workers, "shared_cache": "redis" if redis else "per-worker memory",
                "urls": figures}
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(static_root, ignore_errors=True)
        _admin(database, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def add_arguments(parser):
    parser.add_argument("--database", help="PostgreSQL URL; a scratch database is made beside it.")
    for option, default in DEFAULTS.items():
        parser.add_argument(f"--{option}", type=int, default=default)
    parser.add_argument("--redis", default="", help="REDIS_URL for gunicorn (the shared cache); none by default.")
    parser.add_argument("--fill", type=int, help="Internal: fill the configured database with N events.")


def run(command, **options):
    if options.get("fill") is not None:
        _fill(options["fill"])
        return {"filled": options["fill"]}
    database = options.get("database") or os.environ.get("DATABASE_URL", "")
    if not database.startswith("postgres"):
        raise RuntimeError("bench load runs against PostgreSQL: pass --database postgres://...")
    return measure(database=database, redis=options.get("redis") or "",
                   report=lambda line: command.stderr.write(line), **{key: options[key] for key in DEFAULTS})
