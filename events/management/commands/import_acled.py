"""Import an ACLED CSV file: current codebook layout or pre-2019 layout.

Researchers hand us ACLED extracts of tens of thousands of rows; this command
adds them to the map (or updates the events they already gave us, matched on
event_id_cnty) in minutes. Bad rows are reported on stderr with their row number
and the others are kept. Progress goes to stderr; stdout gets exactly one JSON
line, for scripts:

    {"rows": ..., "created": ..., "updated": ..., "unchanged": ..., "rejected": ...,
     "duplicates": ..., "geocoded": ..., "seconds": ..., "stopped": ""}

The command acts as the system itself (by=None in the review rules): it may
give new events any status.
"""
import json

from django.core.management.base import BaseCommand, CommandError

from events.acled import AcledFormatError, AcledImport
from events.taxonomy import ReviewStatus


class Command(BaseCommand):
    help = "Import an ACLED CSV file (UTF-8 or Windows-1252); rows are matched on event_id_cnty."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The ACLED CSV file.")
        parser.add_argument("--dry-run", action="store_true",
                            help="Read and check every row, report, write nothing.")
        parser.add_argument("--status", choices=ReviewStatus.values, default=ReviewStatus.PUBLISHED,
                            help="Review status of the events created (default: published; "
                                 "updated events keep theirs).")
        parser.add_argument("--batch-size", type=int, default=1000,
                            help="Rows per transaction (default: 1000).")
        parser.add_argument("--progress-every", type=int, default=10000, metavar="N",
                            help="Report progress on stderr every N rows (default: 10000).")

    def handle(self, *args, file, dry_run, status, batch_size, progress_every, **options):
        if batch_size < 1 or progress_every < 1:
            raise CommandError("--batch-size and --progress-every must be positive.")
        importer = AcledImport(status=status, dry_run=dry_run, batch_size=batch_size,
                               progress=self._progress, progress_every=progress_every)
        try:
            with open(file, "rb") as binary:
                result = importer.run(binary)
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc
        except AcledFormatError as exc:
            raise CommandError(str(exc)) from exc
        for number, reason in result.errors:
            self.stderr.write(f"row {number}: {reason}")
        if result.stopped:
            self.stderr.write(result.stopped)
        if dry_run:
            self.stderr.write("Dry run: nothing was written.")
        self.stdout.write(json.dumps(result.summary()))

    def _progress(self, result):
        rate = result.rows / result.seconds if result.seconds else 0
        self.stderr.write(f"{result.rows:,} rows, {result.rejected:,} rejected, {rate:,.0f} rows/s")
