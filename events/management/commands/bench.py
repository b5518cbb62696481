"""Benchmarks that print figures as JSON (the last line of output).

    python manage.py bench geoparse
    python manage.py bench import
    python manage.py bench map
    python manage.py bench export --events 1000000

Speed and memory targets are checked here, on demand, not by timed unit tests:
machines are shared and noisy, so each benchmark reports medians and compares
with a baseline measured in the same run.
"""
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from events.bench import export, geoparse, imports
from events.bench import map as map_bench

BENCHMARKS = {"export": export, "geoparse": geoparse, "import": imports, "map": map_bench}


class Command(BaseCommand):
    help = "Run a benchmark and print its figures as one JSON object."
    base_dir = Path(settings.BASE_DIR)

    def add_arguments(self, parser):
        parser.add_argument("name", choices=sorted(BENCHMARKS))
        parser.add_argument("--events", help="bench export: how many synthetic events (default 100000).")
        parser.add_argument("--baseline-rows", help="bench export: rows of the slower paths (default 100000).")
        parser.add_argument("--probe", action="store_true",
                            help="Internal: the measuring child process.")

    def handle(self, *args, name, probe=False, **options):
        module = BENCHMARKS[name]
        self.options = options
        figures = module.probe() if probe else module.run(self)
        self.stdout.write(json.dumps(figures, ensure_ascii=False))
