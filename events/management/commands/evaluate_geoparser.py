"""Measure the geoparser on the team's sets and on converted public corpora.

    evaluate_geoparser                      # the team's tuned set
    evaluate_geoparser --file data/eval_holdout.jsonl
    evaluate_geoparser --convert geovirus PATH/GeoVirus.xml   # -> var/corpora/geovirus.jsonl
    evaluate_geoparser --corpora            # every var/corpora/*.jsonl, tuned and held-out halves
    evaluate_geoparser --corpora --by-kind  # misses by kind, tuned halves only
    evaluate_geoparser --corpora --errors   # every error, tuned halves only
    evaluate_geoparser --corpora --predictions OUT.jsonl
        # score saved `geoparse --jsonl` output (any version, any tool) instead

Prints precision, recall, F1 and the share of places resolved within 161 km, per
language and overall, as a table and as one JSON line at the end. Errors and
misses are never shown for a held-out half: it is only scored.
"""
import json
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from events.geoparser.corpora import CONVERTERS, convert
from events.geoparser.evaluation import EVAL_FILE, evaluate, load_items, miss_kind, nearest_country
from events.geoparsing import get_parser


def corpora_dir():
    return Path(settings.BASE_DIR) / "var" / "corpora"


def _replay(path, items):
    """A parse function answering from saved contract output, keyed by item id."""
    from types import SimpleNamespace

    saved = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            answer = json.loads(line)
            saved[answer.get("id")] = [SimpleNamespace(**place) for place in answer.get("places", [])]
    by_text = {item["text"]: item["id"] for item in items}
    return lambda text, language: saved.get(by_text[text], [])


class Command(BaseCommand):
    help = "Score the geoparser against annotated evaluation sets."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=None, help="JSON lines with ⟦...⟧ marks.")
        parser.add_argument("--corpora", action="store_true", help="Score every converted corpus in var/corpora/.")
        parser.add_argument("--convert", nargs=2, metavar=("NAME", "PATH"),
                            help=f"Convert a downloaded corpus ({', '.join(CONVERTERS)}) into var/corpora/.")
        parser.add_argument("--errors", action="store_true", help="List every error (tuned halves only).")
        parser.add_argument("--predictions", default=None,
                            help="Score saved `geoparse --jsonl` output (matched by id) instead of parsing.")
        parser.add_argument("--by-kind", action="store_true", help="Count misses by kind (tuned halves only).")

    def handle(self, *args, file=None, corpora=False, convert=None, errors=False, by_kind=False,
               predictions=None, **options):
        if convert:
            return self._convert(*convert)
        geoparser = get_parser(use_database=False)
        sets = []
        if corpora:
            paths = sorted(corpora_dir().glob("*.jsonl"))
            if not paths:
                raise CommandError(f"No converted corpus in {corpora_dir()}; see --convert.")
            for path in paths:
                items = load_items(path)
                for split in ("tuned", "heldout"):
                    sets.append((f"{path.stem}/{split}", [i for i in items if i["split"] == split],
                                 split == "tuned"))
        else:
            sets.append((Path(file or EVAL_FILE).stem, load_items(file or EVAL_FILE), True))
        report = {}
        country_of = nearest_country(geoparser.gaz)
        for name, items, inspectable in sets:
            misses = []
            parse = _replay(predictions, items) if predictions else \
                (lambda text, language: geoparser.parse(text, language=language))
            figures, mistakes = evaluate(parse, items, misses, country_of)
            report[name] = figures
            self._table(name, figures)
            if errors and inspectable:
                for item_id, kind, surface, place, country in mistakes:
                    self.stdout.write(f"  {item_id:<16} {kind:<15} {surface:<24} {place:<28} {country or ''}")
            if by_kind and inspectable:
                kinds = Counter(miss_kind(g, geoparser.gaz) for g in misses)
                for kind, count in kinds.most_common():
                    self.stdout.write(f"  missed {count:>5}  {kind}")
        self.stdout.write(json.dumps(report))

    def _table(self, name, figures):
        self.stdout.write(f"== {name}")
        self.stdout.write(f"{'lang':<5} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6} {'acc161':>7} {'R161':>6}")
        for language, f in figures.items():
            acc = "-" if f["accuracy_161km"] is None else f"{f['accuracy_161km']:.3f}"
            r161 = "-" if f["recall_161km"] is None else f"{f['recall_161km']:.3f}"
            self.stdout.write(
                f"{language:<5} {f['gold']:>5} {f['predicted']:>5} {f['precision']:>6.3f} {f['recall']:>6.3f} "
                f"{f['f1']:>6.3f} {acc:>7} {r161:>6}"
            )

    def _convert(self, name, source):
        if name not in CONVERTERS:
            raise CommandError(f"Unknown corpus {name!r}: one of {', '.join(CONVERTERS)}.")
        if not Path(source).exists():
            raise CommandError(f"No such file: {source}")
        path = convert(name, source, corpora_dir() / f"{name}.jsonl")
        items = load_items(path)
        golds = sum(len(i["gold"]) for i in items)
        self.stdout.write(f"Wrote {path}: {len(items)} items, {golds} gold places.")
