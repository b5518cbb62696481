"""The gazetteer as the parser sees it: compact place columns and a name index.

How it is made is in build.py (the sources) and cache.py (the pickle on disk);
this module is only the data model, so the parser can import it cheaply.
"""
from array import array
from dataclasses import dataclass, field

KINDS = ("country", "region", "admin", "city", "locality", "poi")
COUNTRY, REGION, ADMIN, CITY, LOCALITY, POI = range(len(KINDS))
BROAD = frozenset((COUNTRY, REGION, ADMIN))

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
    # country code -> (south, north, west, east) of where its towns are, for
    # "eastern Libya" and «شمال مالي»
    bounds: dict = field(default_factory=dict)
    acronyms: frozenset = frozenset()  # keys that count only when written in capitals (US, UAE)
    abbreviations: frozenset = frozenset()  # keys that count only as ', Ky.' (AP state abbreviations)
    dotted: frozenset = frozenset()  # acronyms written only with their dots: 'R.I.', not the 'RI' of a regiment
    whole_words: frozenset = frozenset()  # Arabic tokens never read as clitic + place («فرقة»)
    lowercase: frozenset = frozenset()  # keys that may start with a lower-case word ('lac Tchad')
    after_preposition: frozenset = frozenset()  # Arabic word-names taken after «في», «إلى» («مالي»)
    contracted: dict = field(default_factory=dict)  # 'mans' -> 'le': Le Mans, only after «au», «du», «le»
    compounds: frozenset = frozenset()  # word-like keys that are plain when written hyphenated (Bar-le-Duc)
    villages: frozenset = frozenset()  # one-word names of villages under 1,000 people only (Retzwiller)
    sites: frozenset = frozenset()  # the team's sites named in two words or more ('Mitiga airport')

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
