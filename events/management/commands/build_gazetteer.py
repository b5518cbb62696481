"""Build the gazetteer cache now instead of on first use (e.g. in a deployment step)."""
import time

from django.core.management.base import BaseCommand

from events.geoparser import build_cache
from events.geoparsing import gazetteer_cache_path


class Command(BaseCommand):
    help = "Build the offline gazetteer cache from the packaged data."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Rebuild even if a cache exists.")

    def handle(self, *args, force=False, **options):
        path = gazetteer_cache_path()
        if path.exists() and not force:
            self.stdout.write(f"Gazetteer cache is up to date: {path}")
            return
        started = time.perf_counter()
        built = build_cache(path)
        self.stdout.write(self.style.SUCCESS(
            f"Built {path} with {len(built.names)} places and {len(built.index)} names "
            f"in {time.perf_counter() - started:.1f} s."
        ))
