"""Geoparser benchmark: warm throughput, cold start and peak memory, beside geotext.

Two sets of news-length texts (about 2,500 characters each):
- "news": the seed article and the demo articles, joined per language - ordinary
  reporting, with the seed's density of about one place per 100 characters;
- "dense": the evaluation set's paragraphs joined per language, written to be full
  of places and traps (about three times the seed's density), a harder load.
Each figure is measured in a fresh process so
that building the gazetteer cache (a one-off) never counts as start-up, and the
peak memory is that of a process that loaded the gazetteer and parsed.
"""
import json
import resource
import statistics
import subprocess
import sys
import time

from django.conf import settings

from events.demo import DEMO_FILE
from events.geoparser.evaluation import load_items

# The team's own Arabic article with the seed article's traps (inside the repository).
SEED_FILE = settings.BASE_DIR / "tests" / "data" / "trap_article_ar.txt"

TEXT_CHARS = 2500
ROUND_SECONDS = 1.0
ROUNDS = 3


def _join(pieces):
    """{language: [text, ...]} from (language, text) pieces, about TEXT_CHARS each."""
    texts = {}
    for language in ("ar", "fr", "en"):
        current, out = "", []
        for piece_language, piece in pieces:
            if piece_language != language:
                continue
            current = f"{current}\n\n{piece}" if current else piece
            if len(current) >= TEXT_CHARS - 300:
                out.append(current[:TEXT_CHARS + 300])
                current = ""
        if current and not out:
            out.append(current)
        texts[language] = out
    return texts


def dense_texts():
    return _join([(item["language"], item["text"]) for item in load_items()])


def news_texts():
    demo = json.loads(DEMO_FILE.read_text(encoding="utf-8"))["articles"]
    pieces = [("ar", SEED_FILE.read_text(encoding="utf-8"))] if SEED_FILE.exists() else []
    pieces += [(a["language"], f"{a['title']}\n{a['body']}") for a in demo] * 3
    return _join(pieces)


def _throughput(parse, texts):
    """Median articles per second over ROUNDS rounds of about ROUND_SECONDS each."""
    rates = []
    for _ in range(ROUNDS):
        done, started = 0, time.perf_counter()
        while time.perf_counter() - started < ROUND_SECONDS:
            for text in texts:
                parse(text)
            done += len(texts)
        rates.append(done / (time.perf_counter() - started))
    return round(statistics.median(rates), 1)


def probe():
    """Runs in a fresh process: load, parse, measure; returns a dict."""
    started = time.perf_counter()
    from events.geoparser import Geoparser
    from events.geoparsing import load

    parser = Geoparser(load())
    load_seconds = time.perf_counter() - started
    result = {"load_s": round(load_seconds, 3)}
    for name, texts in (("news", news_texts()), ("dense", dense_texts())):
        everything = [t for items in texts.values() for t in items]
        result[name] = {
            "articles_per_s": _throughput(parser.parse, everything),
            "by_language": {lang: _throughput(parser.parse, items) for lang, items in texts.items()},
            "texts": {lang: len(items) for lang, items in texts.items()},
            "mean_chars": round(statistics.mean(len(t) for t in everything)),
            "places_per_text": round(statistics.mean(len(parser.parse(t)) for t in everything), 1),
        }
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    from geotext import GeoText

    for name, texts in (("news", news_texts()), ("dense", dense_texts())):
        result[name]["geotext_en_articles_per_s"] = _throughput(GeoText, texts["en"])
    return result


def _run_probe(command):
    out = subprocess.run([sys.executable, "manage.py", "bench", "geoparse", "--probe"],
                         capture_output=True, text=True, check=True, cwd=command.base_dir)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(command):
    from events.geoparser import build_cache
    from events.geoparsing import gazetteer_cache_path

    if not gazetteer_cache_path().exists():
        command.stdout.write("Building the gazetteer cache first (not counted)...")
        build_cache(gazetteer_cache_path())
    probes = [_run_probe(command) for _ in range(3)]
    figures = {"articles_per_s": statistics.median(p["news"]["articles_per_s"] for p in probes)}
    for name in ("news", "dense"):
        runs = [p[name] for p in probes]
        figures[name] = {
            "articles_per_s": statistics.median(r["articles_per_s"] for r in runs),
            "by_language": {lang: statistics.median(r["by_language"][lang] for r in runs)
                            for lang in runs[0]["by_language"]},
            "geotext_en_articles_per_s": statistics.median(r["geotext_en_articles_per_s"] for r in runs),
            "texts": runs[0]["texts"], "mean_chars": runs[0]["mean_chars"],
            "places_per_text": runs[0]["places_per_text"],
        }
        figures[name]["ours_en_vs_geotext_en"] = round(
            figures[name]["by_language"]["en"] / figures[name]["geotext_en_articles_per_s"], 3)
    figures.update({
        "cold_start_s": statistics.median(p["load_s"] for p in probes),
        "peak_rss_mb": max(p["peak_rss_mb"] for p in probes),
        "targets": {"articles_per_s": ">= 1000", "cold_start_s": "<= 2", "peak_rss_mb": "<= 400"},
    })
    return figures
