"""Converters from public annotated corpora to the evaluation format.

None of the corpora is committed: their licences either forbid it or ask for
terms (share-alike, attribution) that a source repository should not take on
for data it only measures with. Each converter reads the file the user
downloaded and writes JSON lines {"id", "language", "text", "split"} with gold
places marked inline as in data/eval_set.jsonl:
⟦surface|lat,lon|CC|feature⟧, or ⟦surface⟧ where the corpus gives no point
(recognition only). Run

    manage.py evaluate_geoparser --convert geovirus PATH/GeoVirus.xml

to write var/corpora/geovirus.jsonl (and so on), then
`manage.py evaluate_geoparser --corpora` to score every converted corpus.

Every item gets a split, "tuned" or "heldout", from a hash of its id: half of
each corpus may be looked at while tuning (`--errors` shows only that half),
the other half is only ever scored.
"""
import hashlib
import json
from pathlib import Path

CONVERTERS = {
    "geovirus": "events.geoparser.corpora.geovirus",
    "trnews": "events.geoparser.corpora.trnews",
    "newsfane": "events.geoparser.corpora.newsfane",
    "europeana_fr": "events.geoparser.corpora.europeana_fr",
    "anercorp_train": "events.geoparser.corpora.anercorp_train",
    "sequoia_er": "events.geoparser.corpora.sequoia_er",
}


def split_of(item_id):
    """'tuned' or 'heldout', fixed by the id alone (about half each)."""
    return "heldout" if hashlib.sha1(str(item_id).encode()).digest()[0] % 2 else "tuned"


def groups(iterable, size):
    """Lists of `size` consecutive items (the last one shorter): sentences per corpus item."""
    group = []
    for element in iterable:
        group.append(element)
        if len(group) == size:
            yield group
            group = []
    if group:
        yield group


def mark(text, golds):
    """Text with gold spans [(start, end, lat, lon, cc, feature)] marked inline."""
    out, cursor = [], 0
    for start, end, lat, lon, cc, feature in sorted(golds):
        if start < cursor:
            continue  # overlapping gold spans: keep the first
        surface = text[start:end]
        if "⟦" in surface or "|" in surface or "⟧" in surface:
            continue
        out.append(text[cursor:start])
        if lat is None:
            out.append(f"⟦{surface}⟧")
        else:
            out.append(f"⟦{surface}|{lat:.4f},{lon:.4f}|{cc or 'ZZ'}|{feature}⟧")
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def write(items, path):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        for item in items:
            item.setdefault("split", split_of(item["id"]))
            handle.write(json.dumps(item, ensure_ascii=False) + "\n")
    return path


def convert(name, source, destination):
    from importlib import import_module

    module = import_module(CONVERTERS[name])
    return write(module.items(source), destination)
