"""manage.py backup FILE: the whole database (and MEDIA_ROOT) in one file; see events/ops/backup.py."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from events.ops.backup import BackupError, make_backup


class Command(BaseCommand):
    help = "Write a backup of every row (and of the uploaded and exported files) to one tar file."

    def add_arguments(self, parser):
        parser.add_argument("output", nargs="?", help="the file to write (default: eventmap-<time>.tar)")
        parser.add_argument("--no-media", action="store_true", help="leave MEDIA_ROOT's files out")

    def handle(self, output=None, no_media=False, **options):
        output = Path(output or f"eventmap-{timezone.now():%Y%m%dT%H%M%SZ}.tar")
        if output.exists():
            raise CommandError(f"{output} exists; choose another name (a backup never overwrites).")
        try:
            meta = make_backup(output, include_media=not no_media)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(meta["rows"].values())
        self.stdout.write(f"Backed up {rows} rows of {len(meta['rows'])} models to {output}.")
