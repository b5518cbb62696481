"""Small phrase lexicons the parser consults: organisations, cues, nationality adjectives.

Each becomes an index of normalised keys, matched over tokens the same way as
place names (see PhraseIndex.match), so clitics and spelling variants are handled
once for all of them.
"""
import json
from collections import defaultdict
from functools import lru_cache

from events.geoparser.gazetteer import DATA_DIR, phrase_starts
from events.geoparser.normalize import normalize_name

# Arabic proclitics that may stand before a name (و ف ب ل ك and their combinations).
_CLITICS = ["وبال", "فبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "وب", "فب", "ول", "فل", "وك", "فك",
            "و", "ف", "ب", "ل", "ك", "لل"]
MIN_STEM = 3
_CLITIC_LETTERS = frozenset("وفبلك")


@lru_cache(maxsize=100_000)
def clitic_variants(norm):
    """Forms of an Arabic token with proclitics removed, longest clitic first.

    لل+X is read as ال+X (للجزائر -> الجزائر) and a clitic before ال keeps the
    article (بالموصل -> الموصل); ال itself is never removed.
    """
    variants = []
    if norm[:1] not in _CLITIC_LETTERS:
        return ()
    for clitic in _CLITICS:
        if norm.startswith(clitic):
            rest = norm[len(clitic):]
            if clitic.endswith(("ال", "لل")):
                rest = "ال" + rest
            if len(rest) >= MIN_STEM and rest not in variants:
                variants.append(rest)
    return tuple(variants)


class PhraseIndex:
    """Normalised phrases -> values, with longest-match lookup over tokens."""

    def __init__(self, phrases=()):
        self.keys = {}
        self.starts = set()
        for phrase, value in phrases:
            self.add(phrase, value)

    def add(self, phrase, value):
        key = normalize_name(phrase)
        if not key:
            return
        self.keys.setdefault(key, value)
        self.starts.update(phrase_starts(key))

    def __contains__(self, key):
        return key in self.keys



def longest_match(tokens, i, indexes, starts=None):
    """The longest key of any index starting at token i.

    Returns (length, key, stripped, index) or None. An earlier index wins ties, and
    an unstripped first token wins over a stripped one. The phrase grows a token at
    a time while it is the start of some key (`starts`, by default the union of
    the indexes' starts), so most tokens cost one set look-up.
    """
    if starts is None:
        starts = merged_starts(indexes)
    first = tokens[i].norm
    best = None
    for form, stripped in ((first, False), *((v, True) for v in clitic_variants(first))):
        phrase, length = form, 1
        while phrase in starts:
            if not best or length > best[0]:
                for index in indexes:
                    if phrase in index.keys:
                        best = (length, phrase, stripped, index)
                        break
            if i + length >= len(tokens) or tokens[i + length].break_before:
                break
            phrase = phrase + " " + tokens[i + length].norm
            length += 1
    return best


def merged_starts(indexes):
    merged = set()
    for index in indexes:
        merged |= index.starts
    return merged


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
