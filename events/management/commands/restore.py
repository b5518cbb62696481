"""manage.py restore FILE: put a backup made by `manage.py backup` back; see events/ops/backup.py."""
from django.core.management.base import BaseCommand, CommandError

from events.ops.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = ("Restore a backup into this (migrated) database. Refuses a backup from another "
            "schema version, and a database with data unless --replace.")

    def add_arguments(self, parser):
        parser.add_argument("backup", help="a file written by `manage.py backup`")
        parser.add_argument("--replace", action="store_true",
                            help="delete every row of this database first (in the same transaction)")
        parser.add_argument("--no-media", action="store_true", help="do not restore MEDIA_ROOT's files")

    def handle(self, backup, replace=False, no_media=False, **options):
        try:
            meta = restore_backup(backup, replace=replace, include_media=not no_media)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored {sum(meta['rows'].values())} rows from {backup} "
                          f"(made by version {meta['version']} on {meta['created']}).")
