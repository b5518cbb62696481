"""Measure the geoparser on the team's evaluation set (or another file in its format).

Prints precision, recall, F1 and the share of places resolved within 161 km, per
language and overall, as a table and as one JSON line at the end.
"""
import json

from django.core.management.base import BaseCommand

from events.geoparsing import get_parser
from events.geoparser.evaluation import EVAL_FILE, evaluate, load_items


class Command(BaseCommand):
    help = "Score the geoparser against an annotated evaluation set."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(EVAL_FILE), help="JSON lines with ⟦...⟧ marks.")
        parser.add_argument("--errors", action="store_true", help="List every error.")

    def handle(self, *args, file, errors=False, **options):
        geoparser = get_parser(use_database=False)
        figures, mistakes = evaluate(
            lambda text, language: geoparser.parse(text, language=language), load_items(file)
        )
        if errors:
            for item_id, kind, surface, name, country in mistakes:
                self.stdout.write(f"{item_id:<8} {kind:<15} {surface:<24} {name:<28} {country or ''}")
        self.stdout.write(f"{'lang':<5} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6} {'acc161':>7} {'R161':>6}")
        for language, f in figures.items():
            self.stdout.write(
                f"{language:<5} {f['gold']:>5} {f['predicted']:>5} {f['precision']:>6.3f} {f['recall']:>6.3f} "
                f"{f['f1']:>6.3f} {f['accuracy_161km']:>7.3f} {f['recall_161km']:>6.3f}"
            )
        self.stdout.write(json.dumps(figures))
