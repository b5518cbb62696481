"""Small phrase lexicons the parser consults: organisations, cues, nationality
adjectives, person titles and given names.

Each becomes an index of normalised keys, matched over tokens the same way as
place names (see phrases.longest_match), so clitics and spelling variants are
handled once for all of them. Non-place names the app passes in (editors' list)
are added per parser, not here.
"""
from collections import defaultdict
from functools import lru_cache

from events.geoparser.data import read_cached
from events.geoparser.normalize import normalize_name
from events.geoparser.phrases import PhraseIndex


@lru_cache(maxsize=1)
def organisations():
    """Names of groups, media and institutions that contain place names."""
    index = PhraseIndex()
    for org in read_cached("organisations.json"):
        for names in org["names"].values():
            for name in names:
                index.add(name, org["key"])
    return index


@lru_cache(maxsize=1)
def wire_acronyms():
    """News agencies' short names that are also towns or regions («قنا» Qena, «بترا»
    Petra, «الأناضول» Anatolia): the agency where a wire story names its source,
    in brackets or after the dateline's dash («الدوحة - قنا :»)."""
    return frozenset(normalize_name(w) for org in read_cached("organisations.json")
                     for w in org.get("wire_acronyms", ()))


@lru_cache(maxsize=1)
def quoted_media():
    """Newspapers named like a region («الشرق الأوسط»): the paper where the name
    stands alone in quotation marks."""
    return frozenset(normalize_name(w) for org in read_cached("organisations.json")
                     for w in org.get("quoted_names", ()))


def _arabic_demonym_forms(stem):
    stem = normalize_name(stem)
    forms = [stem, stem + "ه", stem + "ون", stem + "ين", stem + "ان", stem + "تين"]
    return forms + ["ال" + f for f in forms]


@lru_cache(maxsize=1)
def demonyms():
    """Nationality adjective (normalised) -> country code."""
    index = PhraseIndex()
    for code, languages in read_cached("demonyms.json").items():
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
    for kind, languages in read_cached("cues.json").items():
        if kind.startswith("_"):
            continue
        for words in languages.values():
            for word in words:
                table[normalize_name(word)] = kind
    return dict(table)


@lru_cache(maxsize=1)
def adjective_names():
    """Arabic place names that are also adjectives (القاهرة, الجديدة, البيضاء...)."""
    return frozenset(normalize_name(w) for w in read_cached("ambiguous.json")["adjectives"]["ar"])


@lru_cache(maxsize=1)
def directions():
    """Compass words (normalised) -> (north-south, west-east) offsets in [-1, 1].

    «شرق ليبيا», 'eastern Libya', 'le nord du Mali': the part of the country they name."""
    table = {}
    for entry in read_cached("directions.json")["words"]:
        for words in entry["names"].values():
            for word in words:
                table[normalize_name(word)] = (entry["ns"], entry["we"])
    return table


@lru_cache(maxsize=1)
def person_titles():
    """Words that put a person's name after them: President, M., «الرئيس», «السيد»
    (the royal titles among them)."""
    data = read_cached("persons.json")
    return frozenset(normalize_name(w) for kind in ("titles", "royal_titles")
                     for words in data.get(kind, {}).values() for w in words)


@lru_cache(maxsize=1)
def royal_titles():
    """Titles of royalty and nobility: King, la reine, «الملكة», «الأمير». A given
    name follows them, never the place a minister visits («زار الوزير القاهرة»)."""
    return frozenset(normalize_name(w) for words in read_cached("persons.json").get("royal_titles", {}).values()
                     for w in words)


@lru_cache(maxsize=1)
def given_names():
    """Given names that start a person's name («François Hollande», 'Ban Ki-moon')."""
    return frozenset(normalize_name(w) for words in read_cached("persons.json")["given_names"].values()
                     for w in words)


@lru_cache(maxsize=1)
def french_given_names():
    """The French list alone: a lone «César» or «Léon» is the person (recognise.py)."""
    return frozenset(normalize_name(w) for w in read_cached("persons.json")["given_names"]["fr"])


# Prepositions that put the next word in a place: «في عدن», «إلى صور»; the
# one-letter ones as a token of their own where a text splits clitics off («ب فاس»).
LOCATIVE_PREPOSITIONS = frozenset(normalize_name(w) for w in (
    "في", "إلى", "الى", "من", "ب", "ل", "نحو", "قرب", "داخل", "عند", "حول", "عبر", "بين", "تجاه",
    "in", "at", "to", "from", "near", "into", "en", "à", "au", "aux", "vers", "dans", "depuis",
))
