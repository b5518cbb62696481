"""The admin's event list at scale: server time of the pages an editor opens most.

    python manage.py bench admin --database postgres://postgres@127.0.0.1:5432/h_admin --events 1000000

The scratch database named by --database (emptied: never give it a database you
keep) is migrated and loaded with N synthetic events, as `bench map` loads them.
Then, in a child process, Django's test client logged in as a superuser asks each
URL once to warm it and REPEAT times more (`--keep` measures the rows already there): per URL, the median server time, the
number of queries and the time they took (median run). `--baseline COMMIT` measures
that commit's code first, on the same rows: its tree comes from `git archive`, this
module is copied into it, and the database is migrated back to its last migration
(so indexes added since are gone) while it is measured. The last line is JSON.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

URLS = {
    "list": "events/event/",
    "list_country": "events/event/?country__exact=LY",
    "list_page_500": "events/event/?p=500",
    "list_by_type": "events/event/?o=-3",
    "list_year": "events/event/?event_date__year=2016",
    "search": "events/event/?q=Benghazi",
}
REPEAT = 3


def add_arguments(parser):
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--database", required=True, help="URL of a scratch PostgreSQL or SQLite database (emptied!).")
    parser.add_argument("--baseline", default="", help="A commit whose code is measured first, on the same rows.")
    parser.add_argument("--keep", action="store_true", help="Measure the events already in the database (no load).")


def probe(**options):
    """In the child process (DATABASE_URL set, rows loaded): time each URL."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True})
    client = Client()
    client.force_login(user)
    figures = {}
    for name, path in URLS.items():
        url = "/" + settings.ADMIN_URL + path
        client.get(url)
        runs = []
        for _ in range(REPEAT):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                status = client.get(url).status_code
                elapsed = time.perf_counter() - started
            runs.append((elapsed, len(queries), sum(float(q["time"]) for q in queries.captured_queries)))
        elapsed, count, sql = sorted(runs)[len(runs) // 2]
        figures[name] = {"status": status, "median_ms": round(elapsed * 1000), "queries": count,
                         "sql_ms": round(sql * 1000)}
    return figures


def _baseline_tree(root, commit, scratch):
    tree = Path(scratch) / "baseline"
    tree.mkdir()
    archive = subprocess.run(["git", "archive", commit], cwd=root, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    shutil.copy(Path(__file__), tree / "events" / "bench" / "bench_admin_probe.py")
    return tree


def _last_migration(tree):
    names = sorted(p.stem for p in (Path(tree) / "events" / "migrations").glob("0*.py"))
    return names[-1]


def run(command, events=1_000_000, database=None, baseline="", keep=False, **options):
    # (Imported here: this module is copied into a baseline's older tree, which has no
    # child_json, and imported there for its probe() alone.)
    from events.bench import child_json

    root = Path(command.base_dir)
    env = {**os.environ, "DATABASE_URL": database, "DEBUG": "1", "LOG_LEVEL": "WARNING",
           "ALLOWED_HOSTS": "testserver", "ADMIN_OTP": "0"}
    env.pop("REDIS_URL", None)
    if keep:
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=root, env=env, check=True)
        figures = {"events": "as loaded before (--keep)", "database": database.split("://")[0]}
    else:
        loaded = child_json(root, env, "manage.py", "bench", "map", "--probe", "--events", str(events))
        figures = {"events": events, "import_s": loaded["import_s"], "database": database.split("://")[0]}
    probe_code = ("import django, json; django.setup(); from events.bench.{module} import probe; "
                  "print(json.dumps(probe()))")
    env["DJANGO_SETTINGS_MODULE"] = "project.settings"
    if baseline:
        with tempfile.TemporaryDirectory() as scratch:
            tree = _baseline_tree(root, baseline, scratch)
            subprocess.run([sys.executable, "manage.py", "migrate", "events", _last_migration(tree), "-v0"],
                           cwd=root, env=env, check=True)
            try:
                figures["baseline"] = {"commit": baseline, **child_json(
                    tree, env, "-c", probe_code.format(module="bench_admin_probe"))}
            finally:
                subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=root, env=env, check=True)
    figures["ours"] = child_json(root, env, "-c", probe_code.format(module="admin"))
    if baseline:
        figures["speedup"] = {name: round(figures["baseline"][name]["median_ms"] / max(1, row["median_ms"]), 2)
                              for name, row in figures["ours"].items()}
    figures["median_ms"] = statistics.median(row["median_ms"] for row in figures["ours"].values())
    return figures
