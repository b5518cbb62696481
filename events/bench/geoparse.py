"""Geoparser benchmark: warm throughput, cold start and peak memory, beside geotext.

    python manage.py bench geoparse [--baseline COMMIT] [--probes 3]

Two sets of news-length texts (about 2,500 characters each):
- "news": the seed article and the demo articles, joined per language - ordinary
  reporting, with the seed's density of about one place per 100 characters;
- "dense": the evaluation set's paragraphs joined per language, written to be full
  of places and traps (about three times the seed's density), a harder load.
Each figure is measured in a fresh process so
that building the gazetteer cache (a one-off) never counts as start-up, and the
peak memory is that of a process that loaded the gazetteer and parsed.

Throughput is given wall-clock (`articles_per_s`, what the target is about) and
per CPU-second of the process (`cpu_articles_per_s`, which other processes on a
busy machine disturb less).

`--baseline COMMIT` measures that commit too, in the same run: its tree is
extracted with `git archive` under var/bench-baseline/ (git-ignored) with its own
gazetteer cache, and its probes alternate with this tree's (A B A B ...), both
on this tree's texts and with this file's measuring code, so only the geoparser
differs. The JSON then has `baseline` (the same figures) and `speedup`: for each
figure, the median of the per-pair ratios this tree / baseline.
"""
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings

from events.demo import DEMO_FILE
from events.geoparser.evaluation import load_items

# The team's own Arabic article with the seed article's traps (inside the repository).
SEED_FILE = settings.BASE_DIR / "tests" / "data" / "trap_article_ar.txt"

TEXT_CHARS = 2500
ROUND_SECONDS = 1.0
ROUNDS = 3
PROBES = 3
BASELINE_DIR = "bench-baseline"  # under var/

# A probe runs this file's probe() inside a given tree (this one or a baseline's),
# so both are measured by the same code on the same texts.
_PROBE = """
import json, os, runpy, sys
sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
import django
django.setup()
print(json.dumps(runpy.run_path(sys.argv[1])["probe"](sys.argv[2])))
"""


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
    """Median articles per wall-clock second and per CPU-second, over ROUNDS
    rounds of about ROUND_SECONDS each."""
    rates, cpu_rates = [], []
    for _ in range(ROUNDS):
        done, started, cpu_started = 0, time.perf_counter(), time.process_time()
        while time.perf_counter() - started < ROUND_SECONDS:
            for text in texts:
                parse(text)
            done += len(texts)
        rates.append(done / (time.perf_counter() - started))
        cpu_rates.append(done / max(time.process_time() - cpu_started, 1e-9))
    return round(statistics.median(rates), 1), round(statistics.median(cpu_rates), 1)


def probe(texts_file=None, **options):
    """Runs in a fresh process: load, parse, measure; returns a dict. The texts
    come from `texts_file` (written by run()) or from this tree."""
    started = time.perf_counter()
    from events.geoparser import Geoparser
    from events.geoparsing import load

    parser = Geoparser(load())
    load_seconds = time.perf_counter() - started
    result = {"load_s": round(load_seconds, 3)}
    if texts_file:
        sets = json.loads(Path(texts_file).read_text(encoding="utf-8"))
    else:
        sets = {"news": news_texts(), "dense": dense_texts()}
    for texts in sets.values():  # warm: the caches' first fill is no part of a set's rate
        for items in texts.values():
            for text in items:
                parser.parse(text)
    for name, texts in sets.items():
        everything = [t for items in texts.values() for t in items]
        rate, cpu_rate = _throughput(parser.parse, everything)
        by_language = {lang: _throughput(parser.parse, items) for lang, items in texts.items()}
        result[name] = {
            "articles_per_s": rate,
            "cpu_articles_per_s": cpu_rate,
            "by_language": {lang: rates[0] for lang, rates in by_language.items()},
            "cpu_by_language": {lang: rates[1] for lang, rates in by_language.items()},
            "texts": {lang: len(items) for lang, items in texts.items()},
            "mean_chars": round(statistics.mean(len(t) for t in everything)),
            "places_per_text": round(statistics.mean(len(parser.parse(t)) for t in everything), 1),
        }
    result["peak_rss_mb"] = _peak_rss_mb()
    from geotext import GeoText

    for name, texts in sets.items():
        result[name]["geotext_en_articles_per_s"] = _throughput(GeoText, texts["en"])[0]
    return result


def _peak_rss_mb():
    """This process's peak resident memory. On Linux from /proc (VmHWM), which starts
    afresh at exec: getrusage's ru_maxrss survives exec, so a probe started by a
    parent that once held more (one that built a gazetteer cache) would report the
    parent's peak."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _run_probe(tree, cache_dir, texts_file):
    env = {**os.environ, "GAZETTEER_CACHE_DIR": str(cache_dir)}
    out = subprocess.run([sys.executable, "-c", _PROBE, str(Path(__file__).resolve()), str(texts_file)],
                         capture_output=True, text=True, check=True, cwd=tree, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _baseline_tree(base_dir, commit):
    """(tree, cache dir) of `commit`, extracted once under var/bench-baseline/."""
    sha = subprocess.run(["git", "rev-parse", "--verify", f"{commit}^{{commit}}"], capture_output=True,
                         text=True, check=True, cwd=base_dir).stdout.strip()
    tree = Path(base_dir) / "var" / BASELINE_DIR / sha[:12]
    if not (tree / "manage.py").exists():
        tree.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", sha], capture_output=True, check=True, cwd=base_dir).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    return sha, tree, tree / "var" / "gazetteer"


def _build_cache(tree, cache_dir, command):
    """Build a tree's gazetteer cache before measuring (a one-off, not counted)."""
    env = {**os.environ, "GAZETTEER_CACHE_DIR": str(cache_dir)}
    out = subprocess.run([sys.executable, "manage.py", "build_gazetteer"], capture_output=True, text=True,
                         check=True, cwd=tree, env=env)
    command.stdout.write(out.stdout.strip().splitlines()[-1])


def _summary(probes):
    figures = {"articles_per_s": statistics.median(p["news"]["articles_per_s"] for p in probes)}
    for name in ("news", "dense"):
        runs = [p[name] for p in probes]
        figures[name] = {
            "articles_per_s": statistics.median(r["articles_per_s"] for r in runs),
            "cpu_articles_per_s": statistics.median(r["cpu_articles_per_s"] for r in runs),
            "by_language": {lang: statistics.median(r["by_language"][lang] for r in runs)
                            for lang in runs[0]["by_language"]},
            "cpu_by_language": {lang: statistics.median(r["cpu_by_language"][lang] for r in runs)
                                for lang in runs[0]["cpu_by_language"]},
            "geotext_en_articles_per_s": statistics.median(r["geotext_en_articles_per_s"] for r in runs),
            "texts": runs[0]["texts"], "mean_chars": runs[0]["mean_chars"],
            "places_per_text": runs[0]["places_per_text"],
        }
        figures[name]["ours_en_vs_geotext_en"] = round(
            figures[name]["by_language"]["en"] / figures[name]["geotext_en_articles_per_s"], 3)
    figures.update({
        "cold_start_s": statistics.median(p["load_s"] for p in probes),
        "peak_rss_mb": max(p["peak_rss_mb"] for p in probes),
    })
    return figures


def _figures_of(probe_result):
    """The throughput figures of one probe, flat: {'news': ..., 'news_ar': ..., 'cpu_dense_ar': ...}."""
    flat = {}
    for name in ("news", "dense"):
        figures = probe_result[name]
        flat[name] = figures["articles_per_s"]
        flat[f"cpu_{name}"] = figures["cpu_articles_per_s"]
        for lang in figures["by_language"]:
            flat[f"{name}_{lang}"] = figures["by_language"][lang]
            flat[f"cpu_{name}_{lang}"] = figures["cpu_by_language"][lang]
    return flat


def speedups(pairs):
    """For each figure, the median over (ours, baseline) probe pairs of ours / baseline."""
    flats = [(_figures_of(ours), _figures_of(base)) for ours, base in pairs]
    return {key: round(statistics.median(ours[key] / base[key] for ours, base in flats), 3)
            for key in flats[0][0]}


def add_arguments(parser):
    parser.add_argument("--baseline", metavar="COMMIT",
                        help="Also measure this commit, alternating with this tree (e.g. main, 35bbe6f).")
    parser.add_argument("--probes", type=int, default=PROBES, help="Fresh processes per tree (default 3).")


def run(command, baseline=None, probes=PROBES, **options):
    from events.geoparser import build_cache
    from events.geoparsing import gazetteer_cache_path

    if not gazetteer_cache_path().exists():
        command.stdout.write("Building the gazetteer cache first (not counted)...")
        build_cache(gazetteer_cache_path())
    ours = (command.base_dir, Path(settings.GAZETTEER_CACHE_DIR))
    if baseline:
        sha, tree, cache_dir = _baseline_tree(command.base_dir, baseline)
        _build_cache(tree, cache_dir, command)
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as handle:
        json.dump({"news": news_texts(), "dense": dense_texts()}, handle, ensure_ascii=False)
    try:
        results, base_results = [], []
        for _ in range(probes):
            results.append(_run_probe(*ours, handle.name))
            if baseline:
                base_results.append(_run_probe(tree, cache_dir, handle.name))
    finally:
        os.unlink(handle.name)
    figures = _summary(results)
    figures["targets"] = {"articles_per_s": ">= 1000", "cold_start_s": "<= 2", "peak_rss_mb": "<= 400"}
    if baseline:
        figures["baseline"] = {"commit": sha, **_summary(base_results)}
        figures["speedup"] = speedups(list(zip(results, base_results)))
    return figures
