"""Benchmarks that print figures as JSON (the last line of output).

    python manage.py bench geoparse
    python manage.py bench import
    python manage.py bench map --events 100000,1000000 --database postgres://.../scratch
    python manage.py bench export --events 1000000
    python manage.py bench load --database postgres://...   (see events/bench/load.py)
    python manage.py bench queries --sizes 20,2000
    python manage.py bench pages --database postgres://.../a-database-bench-map-filled
    python manage.py bench admin --database postgres://.../scratch --events 1000000 [--baseline COMMIT]

Speed and memory targets are checked here, on demand, not by timed unit tests:
machines are shared and noisy, so each benchmark reports medians and compares
with a baseline measured in the same run.
"""
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from events.bench import admin, export, geoparse, imports, load, pages, queries
from events.bench import map as map_bench

BENCHMARKS = {"admin": admin, "export": export, "geoparse": geoparse, "import": imports, "load": load, "map": map_bench,
              "pages": pages, "queries": queries}


class Command(BaseCommand):
    help = "Run a benchmark and print its figures as one JSON object."
    base_dir = Path(settings.BASE_DIR)

    def add_arguments(self, parser):
        # One sub-command per benchmark, each with its own options.
        benchmarks = parser.add_subparsers(dest="name", required=True)
        for name, module in sorted(BENCHMARKS.items()):
            sub = benchmarks.add_parser(name, help=(module.__doc__ or "").strip().splitlines()[0])
            sub.add_argument("--probe", action="store_true", help="Internal: the measuring child process.")
            if hasattr(module, "add_arguments"):
                module.add_arguments(sub)

    def handle(self, *args, name, probe=False, **options):
        module = BENCHMARKS[name]
        if probe:
            figures = module.probe(**options) if hasattr(module, "add_arguments") else module.probe()
        elif hasattr(module, "add_arguments"):
            figures = module.run(self, **options)
        else:
            figures = module.run(self)
        self.stdout.write(json.dumps(figures, ensure_ascii=False))
