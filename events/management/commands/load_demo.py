"""Load the team's demo articles and events, and the demo editor account.

`make run` calls this on every start, so it must be idempotent: a second run
updates the same rows and creates nothing new.
"""
from django.core.management.base import BaseCommand

from events.demo import DEMO_EDITOR_PASSWORD, DEMO_EDITOR_USERNAME, ensure_demo_editor, load_demo


class Command(BaseCommand):
    help = "Load the demo data (idempotent) and make sure the demo editor account exists."

    def add_arguments(self, parser):
        parser.add_argument("--no-editor", action="store_true",
                            help="Do not create or reset the demo editor account.")

    def handle(self, *args, no_editor=False, **options):
        created = load_demo()
        summary = ", ".join(f"{count} {kind}" for kind, count in created.items())
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded; new rows: {summary}."))
        if not no_editor:
            ensure_demo_editor()
            self.stdout.write(
                f"Demo editor account: username “{DEMO_EDITOR_USERNAME}”, "
                f"password “{DEMO_EDITOR_PASSWORD}” (for local use only)."
            )
