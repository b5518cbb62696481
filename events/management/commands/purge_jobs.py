"""Delete finished background jobs older than N days, with their files.

Every large export and every upload leaves a job and its files in storage; run
this from cron (e.g. daily) so they do not pile up. Jobs still waiting or running
are never touched.
"""
import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from events.models import Job


class Command(BaseCommand):
    help = "Delete finished background jobs (and their uploaded and result files) older than --days."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="Age in days (default: 7).")
        parser.add_argument("--dry-run", action="store_true", help="Only say how many would go.")

    def handle(self, *args, days, dry_run, **options):
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        cutoff = timezone.now() - datetime.timedelta(days=days)
        jobs = Job.objects.filter(state__in=[Job.State.DONE, Job.State.FAILED], created_at__lt=cutoff)
        count = 0
        for job in jobs.iterator():
            count += 1
            if dry_run:
                continue
            for file in (job.input_file, job.result_file):
                if file:
                    file.delete(save=False)
            job.delete()
        verb = "would be deleted" if dry_run else "deleted"
        self.stdout.write(f"{count} finished job(s) older than {days} day(s) {verb}.")
