"""Optional: more places from a GeoNames dump the user downloaded themselves.

The default gazetteer is built from what pip installs. A newsroom that wants
quarters, villages below 500 people, border posts and other sites can download
a GeoNames dump (allCountries.zip, or one file per country such as LY.zip, from
the GeoNames export site, licence CC BY 4.0) and point the build at it:

    GEOPARSER_GEONAMES_DUMP=/data/geonames/LY.zip manage.py build_gazetteer --force

(several paths may be given, separated by the OS path separator). Only the
home region's populated places, sections of towns, administrative divisions,
water bodies, mountains and sites are read; each adds its name, ASCII name and
Arabic/French/English-looking alternate names.
"""
import csv
import io
import os
import zipfile

from events.geoparser import gazetteer as gz
from events.geoparser.data import HOME_COUNTRIES
from events.geoparser.names import usable_name
from events.geoparser.normalize import is_arabic

# GeoNames feature class/code -> our kind
_KIND_BY_CODE = {"ADM1": gz.ADMIN, "ADM2": gz.ADMIN, "ADM3": gz.ADMIN, "PPLX": gz.LOCALITY}
_KIND_BY_CLASS = {"P": gz.LOCALITY, "H": gz.REGION, "T": gz.REGION, "S": gz.POI, "L": gz.REGION}
_SITE_CODES = frozenset("AIRP AIRB AIRF MSQE CH SQR HTL PRT OILT BCN BDGQ INSM MILB CMP CMPRF PSTB".split())


def _rows(path):
    if str(path).endswith(".zip"):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.endswith(".txt") and not name.startswith("readme"):
                    with archive.open(name) as handle:
                        yield from csv.reader(io.TextIOWrapper(handle, encoding="utf-8"), delimiter="\t",
                                              quoting=csv.QUOTE_NONE)
    else:
        with open(path, encoding="utf-8") as handle:
            yield from csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)


def _kind(feature_class, code):
    if code in _KIND_BY_CODE:
        return _KIND_BY_CODE[code]
    if feature_class == "S" and code not in _SITE_CODES:
        return None
    if feature_class == "A":
        return None
    return _KIND_BY_CLASS.get(feature_class)


def add_dump(builder, paths):
    for path in str(paths).split(os.pathsep):
        for row in _rows(path):
            if len(row) < 15 or row[8] not in HOME_COUNTRIES:
                continue
            kind = _kind(row[6], row[7])
            if kind is None:
                continue
            population = int(row[14] or 0)
            pid = builder.add_place(row[1], float(row[4]), float(row[5]), row[8], kind, population, int(row[0]))
            for name in {row[1], row[2], *row[3].split(",")}:
                if name and usable_name(name) and (is_arabic(name) or name[:1].isupper()):
                    builder.add_name(name, pid)
