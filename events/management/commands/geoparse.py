"""Find the places in news texts.

Two modes:
- `geoparse --jsonl` reads JSON lines {"id", "text", "language"} on stdin and writes
  one JSON line per input, in order: {"id", "places": [...]} or {"id", "error"}.
  Other tools depend on this contract; it never stops on a bad line.
- `geoparse FILE` prints a table of the places in a text file, for a person.
"""
import json
import sys

from django.core.management.base import BaseCommand, CommandError

from events.geoparsing import detect_language, get_parser

LANGUAGES = {"ar", "fr", "en"}
CONTRACT_FIELDS = ("start", "end", "text", "name", "lat", "lon", "country_code", "feature",
                   "geonames_id", "confidence")


def _places(parser, text, language):
    mentions = parser.parse(text, language=language or detect_language(text))
    return [{field: getattr(m, field) for field in CONTRACT_FIELDS} for m in mentions]


def _answer(parser, line):
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        # exc.msg may itself end in "at"; say the column once.
        return {"id": None, "error": f"not valid JSON: {exc.msg.removesuffix(' at').strip()} (column {exc.colno})"}
    except RecursionError:
        return {"id": None, "error": "not valid JSON: nested too deeply"}
    if not isinstance(item, dict):
        return {"id": None, "error": "each line must be a JSON object"}
    ident = item.get("id")
    text, language = item.get("text"), item.get("language")
    if not isinstance(text, str):
        return {"id": ident, "error": "\"text\" must be a string"}
    if language is not None and language not in LANGUAGES:
        return {"id": ident, "error": f"\"language\" must be one of ar, fr, en or null, not {language!r}"}
    return {"id": ident, "places": _places(parser, text, language)}


def _encode(answer):
    """One output line; an id or text that cannot be written as UTF-8 (a lone
    surrogate) becomes an error line instead of stopping the command."""
    line = json.dumps(answer, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        # The id is kept, escaped (\udXXX), so the caller can tell which line it was.
        line = json.dumps({"id": answer.get("id"), "error": "the line holds text that is not valid "
                                                            "Unicode (a lone surrogate)"}, ensure_ascii=True)
    return line


class Command(BaseCommand):
    help = "Find and locate place names in Arabic, French and English text."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="A UTF-8 text file to show as a table.")
        parser.add_argument("--jsonl", action="store_true",
                            help="Read JSON lines on stdin, write one JSON line per input.")
        parser.add_argument("--language", choices=sorted(LANGUAGES),
                            help="The language of FILE (guessed when omitted).")
        parser.add_argument("--no-database", action="store_true",
                            help="Ignore editors' aliases and non-place names.")

    def handle(self, *args, file=None, jsonl=False, language=None, no_database=False, **options):
        if jsonl:
            geoparser = get_parser(use_database=not no_database)
            for line in sys.stdin:
                if not line.strip():
                    continue
                try:
                    answer = _answer(geoparser, line)
                except Exception as exc:  # noqa: BLE001 - one bad line must not stop the others
                    answer = {"id": None, "error": f"could not parse this line: {type(exc).__name__}"}
                self.stdout.write(_encode(answer))
                self.stdout.flush()
            return
        if not file:
            raise CommandError("Give a FILE to read, or --jsonl to read JSON lines on stdin.")
        try:
            with open(file, encoding="utf-8") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        geoparser = get_parser(use_database=not no_database)
        self._table(geoparser.parse(text, language=language or detect_language(text)))

    def _table(self, mentions):
        header = f"{'span':>11}  {'text':<22} {'place':<28} {'cc':<3} {'feature':<9} {'lat':>9} {'lon':>10}  conf"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for m in mentions:
            self.stdout.write(
                f"{m.start:>5}-{m.end:<5}  {m.text[:22]:<22} {m.name[:28]:<28} {m.country_code or '':<3} "
                f"{m.feature:<9} {m.lat:>9.4f} {m.lon:>10.4f}  {m.confidence:.2f}"
            )
        self.stdout.write(f"{len(mentions)} place mention(s).")
