"""Small phrase lexicons the parser consults: organisations, cues, nationality adjectives.

Each becomes an index of normalised keys, matched over tokens the same way as
place names (see PhraseIndex.match), so clitics and spelling variants are handled
once for all of them.
"""
import json
from collections import defaultdict
from functools import lru_cache

from events.geoparser.gazetteer import DATA_DIR
from events.geoparser.normalize import normalize_name

# Arabic proclitics that may stand before a name (و ف ب ل ك and their combinations).
_CLITICS = ["وبال", "فبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "وب", "فب", "ول", "فل", "وك", "فك",
            "و", "ف", "ب", "ل", "ك", "لل"]
MIN_STEM = 3


def clitic_variants(norm):
    """Forms of an Arabic token with proclitics removed, longest clitic first.

    لل+X is read as ال+X (للجزائر -> الجزائر) and a clitic before ال keeps the
    article (بالموصل -> الموصل); ال itself is never removed.
    """
    variants = []
    for clitic in _CLITICS:
        if norm.startswith(clitic) and len(norm) - len(clitic) >= MIN_STEM - (clitic.endswith("ال") * 0):
            rest = norm[len(clitic):]
            if clitic.endswith("ال"):
                rest = "ال" + rest
            elif clitic.endswith("لل"):
                rest = "ال" + rest
            if len(rest) >= MIN_STEM and rest not in variants:
                variants.append(rest)
    return variants


class PhraseIndex:
    """Normalised phrases -> values, with longest-match lookup over tokens."""

    def __init__(self, phrases=()):
        self.keys = {}
        self.prefix = {}
        for phrase, value in phrases:
            self.add(phrase, value)

    def add(self, phrase, value):
        key = phrase if " " in phrase and phrase == normalize_name(phrase) else normalize_name(phrase)
        if not key:
            return
        self.keys.setdefault(key, value)
        first, length = key.split(" ", 1)[0], key.count(" ") + 1
        self.prefix[first] = max(self.prefix.get(first, 0), length)

    def __contains__(self, key):
        return key in self.keys

    def match(self, tokens, i, masked=None):
        """The longest phrase starting at token i: (length, key, clitic_removed) or None."""
        return longest_match(tokens, i, (self,), masked)[:3] if longest_match(
            tokens, i, (self,), masked) else None


def longest_match(tokens, i, indexes, masked=None):
    """The longest key of any index starting at token i.

    Returns (length, key, stripped, index) or None. An earlier index wins ties, and
    an unstripped first token wins over a stripped one.
    """
    first = tokens[i].norm
    forms = [(first, False)] + [(v, True) for v in clitic_variants(first)]
    best = None
    for form, stripped in forms:
        for index in indexes:
            most = index.prefix.get(form)
            if not most:
                continue
            for length in range(min(most, len(tokens) - i), 0, -1):
                if best and length <= best[0]:
                    break
                span = tokens[i:i + length]
                if any(t.break_before for t in span[1:]):
                    continue
                if masked and any(masked[i:i + length]):
                    continue
                key = " ".join([form, *(t.norm for t in span[1:])])
                if key in index.keys:
                    best = (length, key, stripped, index)
                    break
    return best


def _read(name):
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def organisations():
    """Names of groups, media and institutions that contain place names."""
    index = PhraseIndex()
    for org in _read("organisations.json"):
        for names in org["names"].values():
            for name in names:
                index.add(name, org["key"])
    return index


def _arabic_demonym_forms(stem):
    stem = normalize_name(stem)
    forms = [stem, stem + "ه", stem + "ون", stem + "ين", stem + "ان", stem + "تين"]
    return forms + ["ال" + f for f in forms]


@lru_cache(maxsize=1)
def demonyms():
    """Nationality adjective (normalised) -> country code."""
    index = PhraseIndex()
    for code, languages in _read("demonyms.json").items():
        if code.startswith("_"):
            continue
        for stem in languages.get("ar", []):
            for form in _arabic_demonym_forms(stem):
                index.add(form, code)
        for word in languages.get("fr", []) + languages.get("en", []):
            index.add(word, code)
    return index


@lru_cache(maxsize=1)
def cues():
    """Cue word (normalised) -> 'city' | 'region' | 'capital' | 'direction'."""
    table = defaultdict(str)
    for kind, languages in _read("cues.json").items():
        if kind.startswith("_"):
            continue
        for words in languages.values():
            for word in words:
                table[normalize_name(word)] = kind
    return dict(table)


@lru_cache(maxsize=1)
def adjective_names():
    """Arabic place names that are also adjectives (القاهرة, الجديدة, البيضاء...)."""
    return frozenset(normalize_name(w) for w in _read("ambiguous.json")["adjectives"]["ar"])


# Prepositions that put the next word in a place: «في عدن», «إلى صور».
LOCATIVE_PREPOSITIONS = frozenset(normalize_name(w) for w in (
    "في", "إلى", "الى", "من", "نحو", "قرب", "داخل", "عند", "حول", "عبر", "بين", "تجاه",
    "in", "at", "to", "from", "near", "into", "en", "à", "au", "aux", "vers", "dans", "depuis",
))
